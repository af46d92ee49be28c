/**
 * core/sources/host.ts: a host's own Source whose plan leaves some of a view's filters to no
 * one gets them applied by the viewer, page by page, without losing or repeating a record.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEvent, ViewState } from '../../../core/model.js';
import { genericCapabilities } from '../../../core/sources/generic.js';
import { viewerFiltered } from '../../../core/sources/host.js';
import type { RejectedRecord, SearchResult, Source } from '../../../core/sources/types.js';

/** Event `i`: every third one a 500, the rest 200s. */
const ev = (i: number): AuditEvent => ({
  id: `e${i}`,
  timestamp: 1_700_000_000_000 - i * 1000,
  kind: 'api-call',
  actor: { type: 'user', email: `u${i % 2}@acme.example` },
  action: 'create ticket',
  status: i % 3 === 0 ? 'error' : 'success',
  http: { method: 'POST', url: 'https://x.example/api', statusCode: i % 3 === 0 ? 500 : 200 },
});

const ALL = Array.from({ length: 50 }, (_, i) => ev(i));

/**
 * A host source over ALL in pages of `size` (cursor: the next index), applying `actor` on
 * its backend and nothing else, and saying so (its plan leaves everything else to no one).
 */
function hostSource(size = 7, rejected: (page: number) => RejectedRecord[] = () => []) {
  const cursors: (string | null)[] = [];
  const source: Source = {
    name: 'acme',
    // The reference service's, but for what this one sends its backend, and no `filters` list.
    capabilities: (({ filters: _all, ...rest }) => ({
      ...rest,
      serverFilters: ['actor' as const],
      facets: false,
      histogram: false,
      stream: false,
    }))(genericCapabilities),
    planFilters: (view) => ({ server: view.filters.actor ? ['actor'] : [], client: [] }),
    search(view, cursor) {
      cursors.push(cursor);
      const from = cursor === null ? 0 : Number(cursor);
      const matching = ALL.filter(
        (e) => !view.filters.actor || e.actor.email === view.filters.actor,
      );
      const events = matching.slice(from, from + size);
      const next = from + size < matching.length ? String(from + size) : null;
      const result: SearchResult = {
        events,
        nextCursor: next,
        clientFiltered: [],
        scanned: events.length,
        requests: 1,
      };
      const bad = rejected(from / size);
      if (bad.length) result.rejected = bad;
      return Promise.resolve(result);
    },
    get: (id) => Promise.resolve(ALL.find((e) => e.id === id)!),
  };
  return { source, cursors };
}

const view = (filters: ViewState['filters']): ViewState => ({ v: 1, filters, sort: 'desc' });
const signal = new AbortController().signal;

/** Every event of `source` for `v`, page by page (`pageSize` each), and the pages' sizes. */
async function walk(source: Source, v: ViewState, pageSize: number) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const r = await source.search(v, cursor, signal, { pageSize });
    ids.push(...r.events.map((e) => e.id));
    sizes.push(r.events.length);
    expect(r.clientFiltered).toEqual(source.planFilters(v).client);
    cursor = r.nextCursor;
    if (cursor === null) break;
  }
  return { ids, sizes };
}

describe('viewerFiltered', () => {
  it('applies the filters the source leaves out, and its plan says they are the viewer’s', async () => {
    const { source } = hostSource();
    const wrapped = viewerFiltered(source);
    const v = view({ actor: 'u0@acme.example', status: '5xx' });
    expect(wrapped.planFilters(v)).toEqual({ server: ['actor'], client: ['status'] });
    const { ids } = await walk(wrapped, v, 4);
    // Even indexes (u0) that are multiples of 3: 0, 6, 12, …, 48.
    const expected = Array.from({ length: 50 }, (_, i) => i)
      .filter((i) => i % 2 === 0 && i % 3 === 0)
      .map((i) => `e${i}`);
    expect(ids).toEqual(expected);
  });

  it('fills each page across the source’s pages, resuming inside one: nothing lost or repeated', async () => {
    const { source } = hostSource(7);
    const v = view({ status: '2xx' });
    const { ids, sizes } = await walk(viewerFiltered(source), v, 5);
    const expected = ALL.filter((e) => e.http!.statusCode === 200).map((e) => e.id);
    expect(ids).toEqual(expected);
    // Full pages of 5 but the last (33 events with a 200).
    expect(sizes).toEqual([5, 5, 5, 5, 5, 5, 3]);
  });

  it('keeps the records the source rejected, where they were', async () => {
    const { source } = hostSource(10, (page) =>
      page === 0 ? [{ index: 2, path: 'items[2].timestamp', message: 'not a date' }] : [],
    );
    const r = await viewerFiltered(source).search(view({ status: '5xx' }), null, signal, {
      pageSize: 100,
    });
    expect(r.rejected).toEqual([{ index: 1, path: 'items[2].timestamp', message: 'not a date' }]);
    expect(r.events.map((e) => e.id)).toEqual([
      'e0',
      'e3',
      'e6',
      'e9',
      'e12',
      'e15',
      'e18',
      'e21',
      'e24',
      'e27',
      'e30',
      'e33',
      'e36',
      'e39',
      'e42',
      'e45',
      'e48',
    ]);
  });

  it('leaves a source that plans every filter alone (its own cursors, its own results)', async () => {
    const { source, cursors } = hostSource(7);
    const v = view({ actor: 'u1@acme.example' });
    const wrapped = viewerFiltered(source);
    expect(wrapped.planFilters(v)).toEqual(source.planFilters(v));
    const r = await wrapped.search(v, null, signal, { pageSize: 5 });
    expect(r.nextCursor).toBe('7');
    expect(r.events).toHaveLength(7);
    expect(cursors).toEqual([null]);
  });

  it('reads on past a page the source returned empty with a cursor (it filtered it itself)', async () => {
    // Pages of 2 of every event; the source keeps the 500s itself (its own client filter), so
    // [e4, e5] comes back empty, with a cursor. The user filter is left to the viewer.
    const { source, cursors } = hostSource(2);
    const filtering: Source = {
      ...source,
      planFilters: (view) => ({ server: [], client: view.filters.status ? ['status'] : [] }),
      async search(view, cursor, signal, options) {
        const all = { ...view, filters: { status: view.filters.status } };
        const r = await source.search(all, cursor, signal, options);
        const events = r.events.filter((e) => e.http!.statusCode === 500);
        return { ...r, events, clientFiltered: ['status'] };
      },
    };
    const r = await viewerFiltered(filtering).search(
      view({ status: '5xx', actor: 'u1@acme.example' }),
      null,
      signal,
      { pageSize: 100 },
    );
    // Odd multiples of 3: every page was read, the empty ones did not end the list.
    expect(r.events.map((e) => e.id)).toEqual([
      'e3',
      'e9',
      'e15',
      'e21',
      'e27',
      'e33',
      'e39',
      'e45',
    ]);
    expect(r.nextCursor).toBe(null);
    expect(cursors).toHaveLength(25);
  });

  it('says a filter on a field the source never carries matches nothing, asking nothing', async () => {
    const { source, cursors } = hostSource();
    const listing: Source = {
      ...source,
      capabilities: { ...source.capabilities, filters: ['actor', 'status', 'q', 'time'] },
    };
    const wrapped = viewerFiltered(listing);
    const v = view({ environment: 'prod', status: '5xx' });
    expect(wrapped.planFilters(v)).toEqual({
      server: [],
      client: ['status', 'environment'],
      never: ['environment'],
    });
    const r = await wrapped.search(v, null, signal);
    expect(r).toMatchObject({ events: [], nextCursor: null, requests: 0 });
    expect(cursors).toEqual([]);
  });

  it('refuses a cursor it did not make', async () => {
    const { source } = hostSource();
    await expect(
      viewerFiltered(source).search(view({ status: '5xx' }), '7', signal),
    ).rejects.toThrow(/Not a cursor of this source/);
  });

  it('filters a live tail the same way', async () => {
    const { source } = hostSource();
    const tailing: Source = {
      ...source,
      stream: (_view, onEvent) => {
        for (const e of ALL.slice(0, 7)) onEvent(e);
        return Promise.resolve();
      },
    };
    const seen: string[] = [];
    await viewerFiltered(tailing).stream!(view({ status: '5xx' }), (e) => seen.push(e.id), signal);
    expect(seen).toEqual(['e0', 'e3', 'e6']);
  });
});

describe('a host source returning events of the wrong shape', () => {
  /** A source whose one page holds `events` as given, and whose entries are `entry`. */
  const shaped = (events: unknown[], entry?: unknown): Source => ({
    name: 'acme',
    capabilities: genericCapabilities,
    planFilters: () => ({ server: [], client: [] }),
    search: () =>
      Promise.resolve({
        events: events as AuditEvent[],
        nextCursor: null,
        clientFiltered: [],
        scanned: events.length,
        requests: 1,
      }),
    get: () => Promise.resolve(entry as AuditEvent),
  });

  it('leaves out each one, naming its field, and keeps the rest in order', async () => {
    const isoTime = { ...ev(1), timestamp: '2026-12-01T19:40:00Z' };
    const { actor: _actor, ...noActor } = ev(3);
    const good = [ev(0), ev(2), ev(4)];
    const source = viewerFiltered(shaped([good[0], isoTime, good[1], noActor, good[2]]));
    const r = await source.search(view({}), null, signal);
    expect(r.rejected).toEqual([
      { index: 1, id: 'e1', path: 'events[1].timestamp', message: 'expected number' },
      { index: 2, id: 'e3', path: 'events[3].actor', message: 'expected object' },
    ]);
    // The events of the right shape are the source's own objects, in its order.
    expect(r.events).toHaveLength(3);
    r.events.forEach((e, i) => expect(e).toBe(good[i]));
  });

  it('fails a page that is not a list of events, and an entry of the wrong shape, naming why', async () => {
    const source = viewerFiltered({
      ...shaped([], { ...ev(5), kind: 'telegram' }),
      search: () => Promise.resolve({ items: [] } as unknown as SearchResult),
    });
    await expect(source.search(view({}), null, signal)).rejects.toThrow(
      'Unexpected response from acme.search(): events: expected an array of audit events',
    );
    await expect(source.get('e5', signal)).rejects.toThrow(
      /^Unexpected response from acme\.get\("e5"\): kind: expected one of "api-call"/,
    );
  });

  it('skips a live event of the wrong shape, and passes the rest on', async () => {
    const sent: unknown[] = [ev(6), { ...ev(7), status: 'ok' }, ev(8)];
    const source = viewerFiltered({
      ...shaped([]),
      capabilities: { ...genericCapabilities, stream: true },
      stream: (_view, onEvent) => {
        for (const e of sent) onEvent(e as AuditEvent);
        return Promise.resolve();
      },
    });
    const got: string[] = [];
    await source.stream!(view({}), (e) => got.push(e.id), signal);
    expect(got).toEqual(['e6', 'e8']);
  });
});

describe('a host source checked page after page', () => {
  const page = (events: unknown[], rejected?: RejectedRecord[]): SearchResult => ({
    events: events as AuditEvent[],
    nextCursor: null,
    clientFiltered: [],
    scanned: events.length,
    requests: 1,
    ...(rejected ? { rejected } : {}),
  });
  const over = (result: () => SearchResult): Source => ({
    name: 'acme',
    capabilities: genericCapabilities,
    planFilters: () => ({ server: [], client: [] }),
    search: () => Promise.resolve(result()),
    get: () => Promise.reject(new Error('unused')),
  });

  it("keeps the source's own rejected records where they were among the events left", async () => {
    const bad = { ...ev(1), timestamp: 'yesterday' };
    const own = { index: 3, id: 'x9', path: 'data[3]', message: 'its own' };
    const source = viewerFiltered(over(() => page([ev(0), bad, ev(2), ev(3)], [own])));
    const r = await source.search(view({}), null, signal);
    expect(r.events.map((e) => e.id)).toEqual(['e0', 'e2', 'e3']);
    // Before e3 in the source's list, which is now the third event (index 2).
    expect(r.rejected).toEqual([
      { index: 1, id: 'e1', path: 'events[1].timestamp', message: 'expected number' },
      { ...own, index: 2 },
    ]);
  });

  it('lists a record the source rejected after one left out before it, as the source had them', async () => {
    const bad = { ...ev(1), timestamp: 'yesterday' };
    const own = { index: 2, id: 'own', path: 'data[2]', message: 'its own' };
    const source = viewerFiltered(over(() => page([ev(0), bad, ev(2)], [own])));
    const r = await source.search(view({}), null, signal);
    expect(r.rejected?.map((x) => [x.id, x.index])).toEqual([
      ['e1', 1],
      ['own', 1],
    ]);
  });

  it('checks an event handed back again once', async () => {
    let reads = 0;
    const counted = { ...ev(5) };
    Object.defineProperty(counted, 'id', {
      enumerable: true,
      get: () => (reads++, 'e5'),
    });
    const source = viewerFiltered(over(() => page([counted, ev(6)])));
    await source.search(view({}), null, signal);
    const once = reads;
    expect(once).toBeGreaterThan(0);
    await source.search(view({}), null, signal);
    await source.search(view({}), null, signal);
    expect(reads).toBe(once);
  });
});
