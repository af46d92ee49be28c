/**
 * The bench's synthetic stress page: `<alv-log-table>` with many generated events and
 * `<alv-json-tree>` with a multi-megabyte value, driven through `window.alvBench`.
 */
import '../../components/log-table/log-table.js';
import '../../components/payload-viewer/payload-viewer.js';
import type { AuditEvent } from '../../core/model.js';
import { Rng } from '../../server/seed/random.js';
import type { JsonRender, StressApi, TableRender } from './protocol.js';

const stage = document.querySelector<HTMLElement>('#stage')!;

/** Deterministic PRNG: the seed generator's. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

const PLUGINS = ['create ticket', 'ticket lookup', 'resolve ticket', 'add group member'];
const ACTIONS = ['create ticket', 'add comment', 'add work note', 'get ticket', 'list users'];
const HOSTS = ['acme.service-now.com', 'acme.atlassian.net', 'acme.zendesk.com', 'acme.okta.com'];
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
const STATUSES = [200, 200, 200, 201, 201, 204, 400, 404, 422, 500, 503];

function makeEvents(count: number): AuditEvent[] {
  const r = rng(count);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const now = Date.now();
  const events: AuditEvent[] = new Array<AuditEvent>(count);
  for (let i = 0; i < count; i++) {
    const user = Math.floor(r() * 200);
    const statusCode = pick(STATUSES);
    events[i] = {
      id: `evt_${i.toString(36)}_${hex(8)}`,
      timestamp: now - i * 997,
      kind: 'api-call',
      actor: {
        id: `usr_${user}`,
        email: `user${user}@acme.example`,
        name: `User ${user}`,
        type: 'user',
      },
      action: pick(ACTIONS),
      status: statusCode < 400 ? 'success' : 'error',
      message: `Request ${i}`,
      plugin: pick(PLUGINS),
      skill: 'ITSM assistant',
      http: {
        method: pick(METHODS),
        url: `https://${pick(HOSTS)}/api/now/table/incident/${hex(32)}?sysparm_limit=10`,
        statusCode,
        durationMs: Math.round(r() * 2000),
        attempt: 1,
      },
      traceId: hex(32),
    };
  }
  return events;
}

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

/** Resolves once the frame after the current one is painted. */
const afterPaint = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

async function until(test: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() > end) throw new Error('timed out waiting for the page');
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

let table: HTMLElementTagNameMap['alv-log-table'] | undefined;
let tree: HTMLElementTagNameMap['alv-json-tree'] | undefined;

const bodyRows = () => table?.shadowRoot?.querySelectorAll('[role="row"][data-index]').length ?? 0;

const api: StressApi = {
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

    const t0 = performance.now();
    tree.value = value;
    await tree.updateComplete;
    await afterPaint();
    return {
      items,
      bytes,
      generateMs,
      renderMs: performance.now() - t0,
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

window.alvBench = api;
