/**
 * The bench's synthetic stress page: `<alv-log-table>` with many generated events and
 * `<alv-json-tree>` with a multi-megabyte value, driven through `window.alvBench`.
 */
import '../../components/audit-log-viewer/audit-log-viewer.js';
import '../../components/log-table/log-table.js';
import '../../components/payload-viewer/payload-viewer.js';
import { IdbPageStore } from '../../core/cache/idb-store.js';
import { listSafe } from '../../core/cache/cached-source.js';
import type { AuditEvent } from '../../core/model.js';
import type { Source } from '../../core/sources/types.js';
import { genericCapabilities } from '../../core/sources/generic.js';
import { afterPaint, makeEvents, passesFilter, rng, scrollThrough, until } from './events.js';
import type { CacheWrite, JsonRender, StressApi, TableBench, TableRender } from './protocol.js';

const stage = document.querySelector<HTMLElement>('#stage')!;

/** A value of about 100 bytes per item: `{ meta, items: [...] }`. */
function makeJson(items: number): unknown {
  const r = rng(items);
  const list = new Array<unknown>(items);
  for (let i = 0; i < items; i++) {
    list[i] = {
      id: i,
      sys_id: Math.floor(r() * 2 ** 52).toString(16),
      email: `user${i % 997}@acme.example`,
      score: Math.round(r() * 1e6) / 1e3,
      tags: [i % 2 ? 'incident' : 'change'],
    };
  }
  return { meta: { generated: new Date().toISOString(), count: items }, items: list };
}

let table: HTMLElementTagNameMap['alv-log-table'] | undefined;
let tree: HTMLElementTagNameMap['alv-json-tree'] | undefined;

const bodyRows = () => table?.shadowRoot?.querySelectorAll('[role="row"][data-index]').length ?? 0;

let cacheStore: IdbPageStore | undefined;

/** Collects long main-thread tasks while \`fn\` runs. */
async function withLongTasks<T>(fn: () => Promise<T>): Promise<{ value: T; longest: number }> {
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  try {
    const value = await fn();
    await afterPaint();
    return { value, longest };
  } finally {
    observer.disconnect();
  }
}

/** A source whose network never answers: only the cache can paint. */
function silentSource(events: AuditEvent[]): Source {
  return {
    name: 'bench',
    capabilities: genericCapabilities,
    planFilters: () => ({ server: [], client: [] }),
    search: (_view, _cursor, signal) =>
      events.length
        ? Promise.resolve({
            events,
            nextCursor: null,
            clientFiltered: [],
            scanned: 100,
            requests: 1,
          })
        : new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () =>
              reject(new DOMException('aborted', 'AbortError')),
            ),
          ),
    get: () => Promise.reject(new Error('no detail in the bench')),
  };
}

const viewerRows = (el: Element) =>
  el.shadowRoot
    ?.querySelector('alv-log-table')
    ?.shadowRoot?.querySelectorAll('[role="row"][data-index]').length ?? 0;

const api: StressApi = {
  async cacheWrite(count: number, perPage: number): Promise<CacheWrite> {
    cacheStore?.close();
    cacheStore = new IdbPageStore({ name: `bench-${Date.now()}-${Math.random()}` });
    await cacheStore.open();
    const events = makeEvents(count).map(listSafe);
    const pages = Math.ceil(count / perPage);
    await afterPaint();
    const t0 = performance.now();
    let t1 = t0;
    const { longest } = await withLongTasks(async () => {
      // One page at a time, as the viewer writes them: each write is its own short task.
      for (let p = 0; p < pages; p++) {
        const slice = events.slice(p * perPage, (p + 1) * perPage);
        const page = {
          events: slice,
          nextCursor: `c${p + 1}`,
          clientFiltered: [],
          scanned: slice.length,
          requests: 1,
        };
        await cacheStore!.put({
          partition: 'bench',
          query: 'all',
          position: p ? `c${p}` : '',
          savedAt: Date.now(),
          usedAt: Date.now(),
          newest: slice[0]!.timestamp,
          bytes: 0,
          page,
        });
      }
      t1 = performance.now();
    });
    return { events: count, pages, totalMs: t1 - t0, longestTaskMs: longest };
  },

  async cacheRead(times: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < times; i++) {
      const t0 = performance.now();
      const hit = await cacheStore!.get('bench', 'all', i % 2 ? 'c1' : '');
      if (!hit) throw new Error('no page record to read');
      out.push(performance.now() - t0);
    }
    return out;
  },

  async cachedFirstRows(): Promise<number> {
    const partition = `bench-first-rows-${Math.random()}`;
    const mount = (events: AuditEvent[]) => {
      stage.replaceChildren();
      const el = document.createElement('audit-log-viewer');
      el.style.setProperty('--alv-height', '600px');
      el.cachePartition = partition;
      el.dataSource = silentSource(events);
      return el;
    };
    // An earlier visit fetched the first page (and cached it).
    const first = mount(makeEvents(100));
    stage.append(first);
    await until(() => viewerRows(first) > 0);
    const store = new IdbPageStore();
    for (let i = 0; i < 200; i++) {
      if ((await store.pagesOf(`host:${partition}`)).length) break;
      await afterPaint();
    }
    store.close();
    // This visit: the network never answers.
    const again = mount([]);
    await afterPaint();
    const t0 = performance.now();
    stage.append(again);
    await until(() => viewerRows(again) > 0);
    await afterPaint();
    return performance.now() - t0;
  },

  async mountTable(count: number): Promise<TableRender> {
    stage.replaceChildren();
    table = document.createElement('alv-log-table');
    table.label = 'Stress';
    stage.append(table);
    await table.updateComplete;
    await afterPaint();

    const g = performance.now();
    const events = makeEvents(count);
    const generateMs = performance.now() - g;

    const t0 = performance.now();
    table.events = events;
    await table.updateComplete;
    await until(() => bodyRows() > 0);
    await afterPaint();
    return { events: count, generateMs, renderMs: performance.now() - t0, domRows: bodyRows() };
  },

  async focusFirstRow(): Promise<void> {
    await table?.focusRow(0);
  },

  rowFocusedAt(index: number): number {
    const active = table?.shadowRoot?.activeElement;
    const row = active instanceof HTMLElement ? active.closest<HTMLElement>('[data-index]') : null;
    return row?.dataset.index === String(index) ? performance.now() : 0;
  },

  domRows: bodyRows,

  async mountJson(items: number): Promise<JsonRender> {
    stage.replaceChildren();
    tree = document.createElement('alv-json-tree');
    tree.label = 'Stress body';
    stage.append(tree);
    await tree.updateComplete;
    await afterPaint();

    const g = performance.now();
    const value = makeJson(items);
    const generateMs = performance.now() - g;
    const bytes = JSON.stringify(value).length;

    // The generating task must be over before long tasks are observed.
    await afterPaint();
    let renderMs = 0;
    const { longest } = await withLongTasks(async () => {
      const t0 = performance.now();
      tree!.value = value;
      await tree!.updateComplete;
      await afterPaint();
      renderMs = performance.now() - t0;
    });
    return {
      items,
      bytes,
      generateMs,
      renderMs,
      longestTaskMs: longest,
      treeItems: api.treeItems(),
    };
  },

  renderedAt(key: string): number {
    const found = tree?.shadowRoot?.querySelector(`[data-key="${CSS.escape(key)}"]`);
    return found ? performance.now() : 0;
  },

  treeItems(): number {
    return tree?.shadowRoot?.querySelectorAll('[role="treeitem"]').length ?? 0;
  },
};

const tableBench: TableBench = {
  async mount(count) {
    const r = await api.mountTable(count);
    return { generateMs: r.generateMs, renderMs: r.renderMs };
  },

  domNodes: () => table?.shadowRoot?.querySelectorAll('*').length ?? 0,

  scroll: (steps) => scrollThrough(table!.shadowRoot!.querySelector<HTMLElement>('.body')!, steps),

  async filter() {
    const all = table!.events;
    const firstActor = () =>
      table!
        .shadowRoot!.querySelector('[role="row"][data-index="0"] .c-actor')
        ?.textContent?.trim() ?? '';
    const t0 = performance.now();
    table!.events = all.filter(passesFilter);
    await table!.updateComplete;
    await until(() => /^user[78]@/.test(firstActor()));
    await afterPaint();
    return { ms: performance.now() - t0, rows: table!.events.length };
  },
};

window.alvBench = api;
window.alvTable = tableBench;
