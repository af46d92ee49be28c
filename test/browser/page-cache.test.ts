/**
 * The IndexedDB page cache in real Chromium: cached first paint before the network answers,
 * then the fresh page in place; offline reading with filters and recovery; partitions per
 * principal and role; nothing sensitive at rest; quota, upgrades and version changes.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { openDB } from 'idb';
import { afterEach, describe, it, inject, vi } from 'vitest';
import '../../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../../components/audit-log-viewer/audit-log-viewer.component.js';
import { openOrFallBack } from '../../components/internal/page-cache.js';
import { cachedSource } from '../../core/cache/cached-source.js';
import { DB_NAME, IdbPageStore } from '../../core/cache/idb-store.js';
import { NetworkError, UnauthorizedError } from '../../core/errors.js';
import type { AuditEvent } from '../../core/model.js';
import type { Source } from '../../core/sources/types.js';
import { deepAll, deepText, event, fakeSource, page, rows } from './support/viewer.js';

const url = inject('serviceUrl');

/** A source whose answers wait until the test lets them through, and that can go offline. */
function controlledSource(events: () => AuditEvent[]) {
  const held: (() => void)[] = [];
  const state = { hold: false, offline: false, calls: 0 };
  const source = fakeSource(async (view) => {
    state.calls++;
    if (state.hold) await new Promise<void>((r) => held.push(r));
    if (state.offline) throw new NetworkError('connection refused', 'GET /events');
    const actor = view.filters.actor;
    return page(events().filter((e) => !actor || e.actor.email === actor));
  });
  const release = () => held.splice(0).forEach((r) => r());
  return { source, state, release, held };
}

const many = (prefix: string, n: number, extra: Partial<AuditEvent> = {}) =>
  Array.from({ length: n }, (_, i) => event(`${prefix}${i + 1}`, extra));

async function viewer(source: Source, partition: string, style = '--alv-height: 420px') {
  return fixture<AuditLogViewer>(
    html`<audit-log-viewer
      style=${style}
      cache-partition=${partition}
      .dataSource=${source}
    ></audit-log-viewer>`,
  );
}

const rowIds = (el: Element) =>
  rows(el).map((r) => /(\w+)@acme\.example/.exec(r.textContent ?? '')?.[1]);

/** Everything stored in the cache database, as text. */
async function dumpDatabase(): Promise<string> {
  const db = await openDB(DB_NAME);
  const out: unknown[] = [];
  for (const name of db.objectStoreNames)
    for (const value of (await db.getAll(name)) as Record<string, unknown>[])
      // Page records keep their page as JSON text: read it as the objects it holds.
      out.push(
        typeof value.page === 'string'
          ? { ...value, page: JSON.parse(value.page) as unknown }
          : value,
      );
  db.close();
  return JSON.stringify(out);
}

afterEach(() => vi.restoreAllMocks());

const frames = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
};

describe('stale-while-revalidate', () => {
  it('paints cached rows before the network answers, then swaps in place keeping scroll and selection', async () => {
    const partition = `swr-${Math.random()}`;
    let version = 'first';
    const c = controlledSource(() => many('e', 60, { message: version }));
    const first = await viewer(c.source, partition);
    await waitUntil(() => rows(first).length > 5, 'first load');
    await waitUntil(async () => (await dumpDatabase()).includes(partition), 'not written');
    first.remove();

    // Reopen with the network held back: the cached page is on screen at once.
    version = 'fresh';
    c.state.hold = true;
    const el = await viewer(c.source, partition);
    await waitUntil(() => rows(el).length > 5, 'no cached rows');
    expect(c.held.length).to.equal(1);
    expect(deepText(el.shadowRoot!)).to.match(/cached (just now|\d+ s ago) · refreshing…/);
    await expect(el).to.be.accessible();

    const table = deepAll(el, 'alv-log-table')[0]!;
    const scroller = table.shadowRoot!.querySelector<HTMLElement>('.body')!;
    scroller.scrollTop = 400;
    await waitUntil(() => rowIds(el).includes('e20'), 'did not scroll');
    (rows(el).find((r) => r.textContent?.includes('e20@'))! as HTMLElement).click();
    await waitUntil(() => el.view.selected === 'e20');
    // Focusing the clicked row may scroll it fully into view: measure once that settled.
    await frames(3);
    const top = scroller.scrollTop;

    c.release();
    await waitUntil(
      () => !deepText(el.shadowRoot!).includes('cached'),
      'fresh page not swapped in',
    );
    await frames(3);
    expect(scroller.scrollTop).to.equal(top);
    expect(el.view.selected).to.equal('e20');
    expect(deepAll(el, '[role="row"][aria-current="true"]')[0]?.textContent).to.include('e20@');
  });
});

describe('offline', () => {
  it('keeps reading cached rows with filters applied in the viewer, and recovers by itself', async () => {
    const partition = `offline-${Math.random()}`;
    const c = controlledSource(() => many('o', 12));
    const el = await viewer(c.source, partition);
    await waitUntil(() => rows(el).length === 12);
    await waitUntil(async () => (await dumpDatabase()).includes(partition), 'not written');

    c.state.offline = true;
    el.view = { ...el.view, filters: { actor: 'o3@acme.example' } };
    await waitUntil(
      () => deepText(el.shadowRoot!).includes('trying again by itself'),
      'no offline banner',
    );
    expect(rowIds(el)).to.deep.equal(['o3']);
    const text = deepText(el.shadowRoot!);
    expect(text).to.include('Filtered in the viewer: actor');
    expect(text).to.include('over the cached events');
    await expect(el).to.be.accessible();

    c.state.offline = false;
    await waitUntil(
      () => !deepText(el.shadowRoot!).includes('could not be reached'),
      'did not recover',
      { timeout: 10_000 },
    );
    expect(rowIds(el)).to.deep.equal(['o3']);
    expect(deepText(el.shadowRoot!)).not.to.include('Filtered in the viewer');
  });
});

describe('partitions', () => {
  it("never shows one principal's cached rows to another", async () => {
    const a = controlledSource(() => many('alice', 5));
    const b = controlledSource(() => many('bob', 5));
    const ka = `pa-${Math.random()}`;
    const kb = `pb-${Math.random()}`;
    const el = await viewer(a.source, ka);
    await waitUntil(() => rows(el).length === 5);
    b.state.hold = true;
    el.dataSource = b.source;
    el.cachePartition = kb;
    await waitUntil(() => b.held.length === 1, 'b was not asked');
    expect(rowIds(el).some((id) => id?.startsWith('alice'))).to.equal(false);
    b.release();
    await waitUntil(() => rowIds(el)[0] === 'bob1');
    // Back to A with its network held: A's own cached rows, never B's.
    a.state.hold = true;
    el.dataSource = a.source;
    el.cachePartition = ka;
    await waitUntil(() => rowIds(el)[0] === 'alice1', "a's cached rows");
    expect(rowIds(el).some((id) => id?.startsWith('bob'))).to.equal(false);
    a.release();
  });

  it('drops the partition when the same key starts or stops receiving redactions', async () => {
    const store = new IdbPageStore();
    const partition = `role-${Math.random()}`;
    let events = [event('r1', { request: { body: { note: 'hello' } } })];
    const source = cachedSource(
      fakeSource(() => Promise.resolve(page(events))),
      store,
      partition,
    );
    const signal = new AbortController().signal;
    const q1 = { v: 1 as const, filters: { q: 'one' }, sort: 'desc' as const };
    const q2 = { v: 1 as const, filters: { q: 'two' }, sort: 'desc' as const };
    await source.search(q1, null, signal, { pageSize: 50 });
    await waitUntil(async () => (await source.peek(q1, null, { pageSize: 50 })) !== undefined);
    // The same key now gets redacted events: what it cached as a PII viewer must go.
    events = [event('r2', { redacted: ['request.body'] })];
    await source.search(q2, null, signal, { pageSize: 50 });
    await waitUntil(async () => (await source.peek(q2, null, { pageSize: 50 })) !== undefined);
    expect(await source.peek(q1, null, { pageSize: 50 })).to.equal(undefined);
    // And a refused key drops all of it.
    const refused = cachedSource(
      {
        ...fakeSource(() => Promise.resolve(page([]))),
        search: () => Promise.reject(new UnauthorizedError('key refused', 'GET /events', 401)),
      },
      store,
      partition,
    );
    let error: unknown;
    await refused.search(q2, null, signal, { pageSize: 50 }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(UnauthorizedError);
    expect(await source.peek(q2, null, { pageSize: 50 })).to.equal(undefined);
    store.close();
  });
});

describe('nothing sensitive at rest', () => {
  it('after browsing as the PII viewer, no body, header, parameter or URL query is stored', async () => {
    const store = new IdbPageStore();
    await store.clear();
    store.close();
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        style="--alv-height: 500px"
        endpoint=${url}
        .credentials=${() => 'demo-pii-viewer'}
      ></audit-log-viewer>`,
    );
    el.view = { ...el.view, filters: { plugin: 'create ticket' } };
    await waitUntil(() => rows(el).length > 5, 'rows', { timeout: 10_000 });
    for (const row of rows(el).slice(0, 3)) {
      (row as HTMLElement).click();
      await waitUntil(() => deepAll(el, 'alv-payload-viewer').length === 1);
    }
    // What the PII viewer was shown: every event of the page, with its payloads.
    const res = await fetch(`${url}/api/v1/audit/events?plugin=create%20ticket&limit=100`, {
      headers: { authorization: 'Bearer demo-pii-viewer' },
    });
    const shown = ((await res.json()) as { data: AuditEvent[] }).data;
    await waitUntil(async () => (await dumpDatabase()).includes(shown[0]!.id), 'nothing cached');
    const dump = await dumpDatabase();
    const publicText = JSON.stringify(
      shown.map(({ request: _q, response: _r, raw: _raw, delta: _d, ...rest }) => rest),
    );
    const secrets = new Set<string>();
    for (const e of shown) {
      for (const part of [
        e.request?.body,
        e.response?.body,
        e.request?.headers,
        e.response?.headers,
        e.request?.query,
        e.request?.params,
      ])
        for (const m of JSON.stringify(part ?? '').match(/"[^"]{10,}"/g) ?? [])
          if (!publicText.includes(m.slice(1, -1))) secrets.add(m.slice(1, -1));
      const query = e.http?.url?.split('?')[1];
      if (query) secrets.add(query);
    }
    expect(secrets.size).to.be.greaterThan(20);
    for (const secret of secrets)
      expect(dump.includes(secret), `stored: ${secret}`).to.equal(false);
    expect(dump).not.to.match(/"url":"[^"]*\?/);
  });
});

describe('IndexedDB trouble', () => {
  it('survives a full disk: evicts and retries once, and the page is still shown', async () => {
    const store = new IdbPageStore({ name: `quota-${Math.random()}` });
    const partition = 'quota';
    for (let i = 0; i < 8; i++)
      await store.put({
        partition,
        query: `q${i}`,
        position: '',
        savedAt: i,
        usedAt: i,
        newest: Date.now(),
        bytes: 10,
        page: page([event(`k${i}`)]),
      });
    const put = IDBObjectStore.prototype.put;
    let refused = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'pages' && refused === 0) {
        refused++;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    });
    await store.put({
      partition,
      query: 'new',
      position: '',
      savedAt: 99,
      usedAt: 99,
      newest: Date.now(),
      bytes: 10,
      page: page([event('k99')]),
    });
    expect(refused).to.equal(1);
    expect(await store.get(partition, 'new', '')).to.have.nested.property(
      'page.events[0].id',
      'k99',
    );
    // The least recently used quarter went to make room.
    expect(await store.get(partition, 'q0', '')).to.equal(undefined);
    expect(await store.get(partition, 'q1', '')).to.equal(undefined);
    expect(await store.get(partition, 'q7', '')).not.to.equal(undefined);
    store.close();
  });

  it('an upgrade cleanly drops an older layout', async () => {
    const name = `upgrade-${Math.random()}`;
    const old = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('events', { keyPath: 'id' });
      },
    });
    await old.put('events', { id: 'legacy', body: 'secret from an old layout' });
    old.close();
    const store = new IdbPageStore({ name, version: 2 });
    await store.put({
      partition: 'p',
      query: 'q',
      position: '',
      savedAt: 1,
      usedAt: 1,
      newest: 1,
      bytes: 1,
      page: page([event('n1')]),
    });
    const db = await store.open();
    expect([...db.objectStoreNames].sort()).to.deep.equal(['meta', 'pages', 'partitions']);
    store.close();
  });

  it('two connections and a version change never deadlock', async () => {
    const name = `versions-${Math.random()}`;
    const older = new IdbPageStore({ name, version: 1 });
    await older.open();
    const newer = new IdbPageStore({ name, version: 2 });
    // The older connection steps aside on versionchange; the newer one opens.
    await newer.open();
    // The older code then cannot reopen a newer database: it fails, and does not hang.
    let failure: unknown;
    await older.get('p', 'q', '').catch((e: unknown) => (failure = e));
    expect((failure as DOMException).name).to.equal('VersionError');
    newer.close();
  });

  it('falls back to memory, saying why, where IndexedDB cannot be opened', async () => {
    const broken = new IdbPageStore({ name: `broken-${Math.random()}` });
    vi.spyOn(broken, 'open').mockRejectedValue(
      new DOMException('The user denied permission to access the database.', 'UnknownError'),
    );
    const opened = await openOrFallBack(broken, 1_000_000);
    expect(opened.store.kind).to.equal('memory');
    expect(opened.fallback).to.include('UnknownError');
  });
});

describe('the cache attribute', () => {
  it('cache="none" writes nothing; clearCache() empties the database', async () => {
    const c = controlledSource(() => many('n', 3));
    const partition = `none-${Math.random()}`;
    const el = await fixture<AuditLogViewer>(
      html`<audit-log-viewer
        cache="none"
        cache-partition=${partition}
        .dataSource=${c.source}
      ></audit-log-viewer>`,
    );
    await waitUntil(() => rows(el).length === 3);
    expect(await dumpDatabase()).not.to.include(partition);
    el.cache = 'indexeddb';
    await waitUntil(async () => (await dumpDatabase()).includes(partition), 'not cached');
    await el.clearCache();
    expect(await dumpDatabase()).not.to.include(partition);
  });
});
