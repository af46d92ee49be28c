/**
 * core/session.ts in Node, over a Source whose answers the test releases by hand, so every
 * interleaving (late pages, aborted requests, cursors) is chosen by the test.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
} from '../../core/errors.js';
import { FILTER_KEYS, type AuditEvent, type ViewState } from '../../core/model.js';
import { Session } from '../../core/session.js';
import type { SearchResult, Source } from '../../core/sources/types.js';

interface Call {
  view: ViewState;
  cursor: string | null;
  signal: AbortSignal;
  resolve: (r: SearchResult) => void;
  reject: (e: unknown) => void;
}

const ev = (id: string): AuditEvent => ({
  id,
  timestamp: 1_700_000_000_000,
  kind: 'api-call',
  actor: { type: 'user', email: `${id}@acme.example` },
  action: 'create ticket',
  status: 'success',
});

const page = (ids: string[], nextCursor: string | null = null): SearchResult => ({
  events: ids.map(ev),
  nextCursor,
  clientFiltered: [],
  scanned: ids.length,
  requests: 1,
});

/** A source that records each search and answers only when the test says so (ignoring aborts). */
function manualSource(detail = true) {
  const calls: Call[] = [];
  const gets: { id: string; resolve: (e: AuditEvent) => void; reject: (e: unknown) => void }[] = [];
  const source: Source = {
    name: 'manual',
    capabilities: {
      filters: FILTER_KEYS,
      serverFilters: FILTER_KEYS,
      pagination: 'cursor',
      maxPageSize: 100,
      auth: { header: 'authorization', scheme: 'Bearer' },
      sortOrders: ['desc', 'asc'],
      detail,
      facets: false,
      histogram: false,
      stream: false,
    },
    planFilters: (view) => ({
      server: FILTER_KEYS.filter((k) => view.filters[k] !== undefined),
      client: [],
    }),
    search: (view, cursor, signal) =>
      new Promise((resolve, reject) => calls.push({ view, cursor, signal, resolve, reject })),
    get: (id) => new Promise((resolve, reject) => gets.push({ id, resolve, reject })),
  };
  return { source, calls, gets };
}

const view = (q?: string, selected?: string): ViewState => ({
  v: 1,
  filters: q ? { q } : {},
  sort: 'desc',
  ...(selected ? { selected } : {}),
});

const flush = () => new Promise((r) => setImmediate(r));

describe('Session', () => {
  it('searches when it gets a source and shows the first page', async () => {
    const { source, calls } = manualSource();
    const s = new Session({ view: view('alpha') });
    expect(s.status).toBe('idle');
    s.setSource(source);
    expect(s.status).toBe('loading');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.view.filters).toEqual({ q: 'alpha' });
    expect(calls[0]!.cursor).toBeNull();
    calls[0]!.resolve(page(['a', 'b'], 'c1'));
    await flush();
    expect(s.status).toBe('ready');
    expect(s.list?.events.map((e) => e.id)).toEqual(['a', 'b']);
    expect(s.list?.nextCursor).toBe('c1');
  });

  it("drops an older query's page that arrives after a newer query's", async () => {
    const { source, calls } = manualSource();
    const s = new Session({ source, view: view('old') });
    s.setSource(source); // same source: no new search
    expect(calls).toHaveLength(0);
    s.refresh();
    s.setView(view('new'));
    expect(calls).toHaveLength(2);
    expect(calls[0]!.signal.aborted).toBe(true);
    calls[1]!.resolve(page(['n1']));
    await flush();
    calls[0]!.resolve(page(['o1', 'o2']));
    await flush();
    expect(s.list?.events.map((e) => e.id)).toEqual(['n1']);
    expect(s.list?.view.filters).toEqual({ q: 'new' });
  });

  it('drops a late page even from a source that ignores the abort', async () => {
    const { source, calls } = manualSource();
    const s = new Session({ view: view('one') });
    s.setSource(source);
    s.setView(view('two'));
    calls[0]!.resolve(page(['stale']));
    await flush();
    expect(s.list).toBeUndefined();
    expect(s.status).toBe('loading');
    calls[1]!.resolve(page(['fresh']));
    await flush();
    expect(s.list?.events.map((e) => e.id)).toEqual(['fresh']);
  });

  it('never uses a cursor with another query', async () => {
    const { source, calls } = manualSource();
    const s = new Session({ source, view: view('one') });
    s.refresh();
    calls[0]!.resolve(page(['a'], 'cursor-of-one'));
    await flush();
    s.setView(view('two'));
    // The list on screen still belongs to "one" until "two" answers: no load-more with its cursor.
    expect(s.isCurrent).toBe(false);
    await s.loadMore();
    expect(calls.map((c) => c.cursor)).toEqual([null, null]);
    calls[1]!.resolve(page(['b'], 'cursor-of-two'));
    await flush();
    const more = s.loadMore();
    expect(calls[2]!.cursor).toBe('cursor-of-two');
    expect(calls[2]!.view.filters).toEqual({ q: 'two' });
    calls[2]!.resolve(page(['c']));
    await more;
    expect(s.list?.events.map((e) => e.id)).toEqual(['b', 'c']);
    expect(s.list?.pages).toBe(2);
  });

  it('drops a next page that arrives after the query changed', async () => {
    const { source, calls } = manualSource();
    const s = new Session({ source, view: view('one') });
    s.refresh();
    calls[0]!.resolve(page(['a'], 'c1'));
    await flush();
    const more = s.loadMore();
    s.setView(view('two'));
    calls[1]!.resolve(page(['from-one']));
    await more;
    calls[2]!.resolve(page(['x']));
    await flush();
    expect(s.list?.events.map((e) => e.id)).toEqual(['x']);
    expect(s.loadingMore).toBe(false);
  });

  it('does not search again for an equivalent view (key order, blanks, case of method)', () => {
    const { source, calls } = manualSource();
    const s = new Session({
      source,
      view: { v: 1, filters: { method: 'post', q: 'a  b' }, sort: 'desc' },
    });
    s.refresh();
    expect(calls).toHaveLength(1);
    const changed = s.setView({
      sort: 'desc',
      v: 1,
      filters: { q: ' a b ', actor: '  ', method: 'POST' },
    });
    expect(changed).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('changing only the selection or columns loads the entry, not the list', async () => {
    const { source, calls, gets } = manualSource();
    const s = new Session({ source, view: view() });
    s.refresh();
    calls[0]!.resolve(page(['a', 'b']));
    await flush();
    s.setView({ ...view(), selected: 'b', columns: ['time'] });
    expect(calls).toHaveLength(1);
    expect(gets.map((g) => g.id)).toEqual(['b']);
    // The listed entry shows while the full one loads.
    expect(s.detail).toMatchObject({ id: 'b', status: 'loading', event: { id: 'b' } });
    gets[0]!.resolve({ ...ev('b'), message: 'full' });
    await flush();
    expect(s.detail).toMatchObject({ id: 'b', status: 'ready', event: { message: 'full' } });
  });

  it('a linked entry several pages deep is found by paging, with progress', async () => {
    const { source, calls } = manualSource();
    const seen: string[] = [];
    const s: Session = new Session({
      source,
      view: view(undefined, 'deep'),
      // What a UI would read on each change: the progress of the search.
      onChange: () => {
        if (s.locate) seen.push(`${s.locate.status}:${s.locate.pages}`);
      },
    });
    s.refresh();
    calls[0]!.resolve(page(['a'], 'c1'));
    await flush();
    expect(calls[1]!.cursor).toBe('c1');
    calls[1]!.resolve(page(['b'], 'c2'));
    await flush();
    expect(calls[2]!.cursor).toBe('c2');
    calls[2]!.resolve(page(['deep', 'c'], 'c3'));
    await flush();
    expect(calls).toHaveLength(3);
    expect(s.locate).toMatchObject({ id: 'deep', status: 'found', pages: 3 });
    expect(seen).toContain('searching:2');
  });

  it('a linked entry that is not in the view is reported missing once the list ends', async () => {
    const { source, calls, gets } = manualSource();
    const s = new Session({ source, view: view(undefined, 'gone') });
    s.refresh();
    calls[0]!.resolve(page(['a'], 'c1'));
    await flush();
    calls[1]!.resolve(page(['b']));
    await flush();
    expect(s.locate).toMatchObject({ status: 'missing', pages: 2 });
    gets[0]!.reject(new NotFoundError('gone', 'GET /x', 404));
    await flush();
    expect(s.detail?.status).toBe('error');
    expect(s.detail?.error).toBeInstanceOf(NotFoundError);
  });

  it("stops paging for a linked entry once the backend's detail endpoint says it does not exist", async () => {
    const { source, calls, gets } = manualSource();
    const s = new Session({ source, view: view(undefined, 'gone') });
    s.refresh();
    calls[0]!.resolve(page(['a'], 'c1'));
    await flush();
    expect(s.locate).toMatchObject({ status: 'searching' });
    gets[0]!.reject(new NotFoundError('gone', 'GET /x', 404));
    await flush();
    expect(s.locate).toMatchObject({ status: 'missing', pages: 1 });
    // The page already asked for is the last.
    calls[1]!.resolve(page(['b'], 'c2'));
    await flush();
    expect(calls).toHaveLength(2);
    expect(s.locate).toMatchObject({ status: 'missing' });
  });

  it("pages on for a linked entry an adapter's own 'not found' (no 404 from the backend) names", async () => {
    const { source, calls, gets } = manualSource();
    const s = new Session({ source, view: view(undefined, 'deep') });
    s.refresh();
    calls[0]!.resolve(page(['a'], 'c1'));
    await flush();
    gets[0]!.reject(new NotFoundError('refused without asking', 'GET /x'));
    await flush();
    calls[1]!.resolve(page(['deep']));
    await flush();
    expect(s.locate).toMatchObject({ status: 'found', pages: 2 });
  });

  it('pages on for a linked entry a backend without a detail endpoint did not find', async () => {
    // (Its "not found" says only that the entry was not among those it has seen.)
    const { source, calls, gets } = manualSource(false);
    const s = new Session({ source, view: view(undefined, 'deep') });
    s.refresh();
    calls[0]!.resolve(page(['a'], 'c1'));
    await flush();
    gets[0]!.reject(new NotFoundError('not among the recent ones', 'GET /x'));
    await flush();
    calls[1]!.resolve(page(['b'], 'c2'));
    await flush();
    expect(calls).toHaveLength(3);
    calls[2]!.resolve(page(['deep']));
    await flush();
    expect(s.locate).toMatchObject({ status: 'found', pages: 3 });
  });

  it('stops paging for a linked entry at the page cap', async () => {
    const { source, calls } = manualSource();
    const s = new Session({ source, view: view(undefined, 'never'), maxLocatePages: 3 });
    s.refresh();
    for (let i = 0; i < 3; i++) {
      calls[i]!.resolve(page([`p${i}`], `c${i + 1}`));
      await flush();
    }
    expect(calls).toHaveLength(3);
    expect(s.locate).toMatchObject({ status: 'missing', pages: 3 });
  });

  it('reports a failed search and keeps no list; a retry recovers', async () => {
    const errors: Error[] = [];
    const { source, calls } = manualSource();
    const s = new Session({ source, view: view(), onError: (e) => errors.push(e) });
    s.refresh();
    calls[0]!.reject(new Error('boom'));
    await flush();
    expect(s.status).toBe('error');
    expect(errors.map((e) => e.message)).toEqual(['boom']);
    s.refresh();
    calls[1]!.resolve(page(['a']));
    await flush();
    expect(s.status).toBe('ready');
  });

  it('a new source drops everything the old one loaded', async () => {
    const one = manualSource();
    const two = manualSource();
    const s = new Session({ source: one.source, view: view() });
    s.refresh();
    one.calls[0]!.resolve(page(['from-one'], 'c'));
    await flush();
    s.setSource(two.source);
    expect(s.list).toBeUndefined();
    expect(two.calls).toHaveLength(1);
    two.calls[0]!.resolve(page(['from-two']));
    await flush();
    expect(s.list?.events.map((e) => e.id)).toEqual(['from-two']);
  });

  it('the live tail adds new events at the top of the current query only', async () => {
    const { source, calls } = manualSource();
    let push: ((e: AuditEvent) => void) | undefined;
    let streamSignal: AbortSignal | undefined;
    source.stream = (_v, onEvent, signal, options) => {
      push = onEvent;
      streamSignal = signal;
      options?.onOpen?.();
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
    };
    const s = new Session({ source, view: view() });
    s.refresh();
    calls[0]!.resolve(page(['a']));
    await flush();
    s.setLive(true);
    expect(s.liveOpen).toBe(true);
    push!(ev('new'));
    push!(ev('new'));
    expect(s.list?.events.map((e) => e.id)).toEqual(['new', 'a']);
    s.setView(view('other'));
    expect(streamSignal?.aborted).toBe(true);
    push!(ev('late'));
    expect(s.list?.events.map((e) => e.id)).toEqual(['new', 'a']);
    s.dispose();
  });
});

describe('Session retrying a failed search by itself', () => {
  it('retries a 5xx with backoff, says when, and stops once it works', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const { source, calls } = manualSource();
      const s = new Session({ source, view: view(), retryDelayMs: 1000 });
      s.refresh();
      calls[0]!.reject(new ServerError('GET /x: failed with HTTP 503', 'GET /x', 503));
      await vi.advanceTimersByTimeAsync(0);
      expect(s.status).toBe('error');
      expect(s.retryAt).toBe(1_001_000);
      await vi.advanceTimersByTimeAsync(999);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toHaveLength(2);
      expect(s.retryAt).toBeUndefined();
      // Failing again: twice as long.
      calls[1]!.reject(new ServerError('GET /x: failed with HTTP 502', 'GET /x', 502));
      await vi.advanceTimersByTimeAsync(0);
      expect(s.retryAt).toBe(1_003_000);
      await vi.advanceTimersByTimeAsync(2000);
      expect(calls).toHaveLength(3);
      calls[2]!.resolve(page(['a']));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(s.status).toBe('ready');
      expect(s.retryAt).toBeUndefined();
      expect(calls).toHaveLength(3);
      s.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('tries a failed next page and a failed open entry again by itself, as the first page', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const { source, calls, gets } = manualSource();
      const s = new Session({ source, view: view(undefined, 'a'), retryDelayMs: 1000 });
      s.refresh();
      calls[0]!.resolve(page(['a', 'b'], 'c2'));
      await vi.advanceTimersByTimeAsync(0);
      // The entry fails while the service is away: it is asked for again, later each time.
      gets[0]!.reject(new NetworkError('GET /x: the service could not be reached', 'GET /x'));
      await vi.advanceTimersByTimeAsync(0);
      expect(s.detail?.status).toBe('error');
      await vi.advanceTimersByTimeAsync(999);
      expect(gets).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(gets).toHaveLength(2);
      gets[1]!.reject(new NetworkError('GET /x: the service could not be reached', 'GET /x'));
      await vi.advanceTimersByTimeAsync(1999);
      expect(gets).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(gets).toHaveLength(3);
      gets[2]!.resolve({ ...ev('a'), message: 'the whole entry' });
      await vi.advanceTimersByTimeAsync(0);
      expect(s.detail).toMatchObject({ status: 'ready', event: { message: 'the whole entry' } });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(gets).toHaveLength(3);

      // The next page fails: it says when it will be tried again, and is.
      const more = s.loadMore();
      calls[1]!.reject(new ServerError('GET /x: failed with HTTP 503', 'GET /x', 503));
      await more;
      expect(s.moreError).toBeInstanceOf(ServerError);
      expect(s.moreRetryAt).toBe(Date.now() + 1000);
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls).toHaveLength(3);
      expect(calls[2]!.cursor).toBe('c2');
      expect(s.moreRetryAt).toBeUndefined();
      calls[2]!.resolve(page(['c']));
      await vi.advanceTimersByTimeAsync(0);
      expect(s.list?.events.map((e) => e.id)).toEqual(['a', 'b', 'c']);
      expect(s.moreError).toBeUndefined();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(calls).toHaveLength(3);

      // A refused key is not tried again.
      const { source: other, gets: otherGets } = manualSource();
      const t = new Session({ source: other, view: view(undefined, 'a'), retryDelayMs: 1000 });
      t.refresh();
      otherGets[0]!.reject(new ForbiddenError('GET /x: forbidden', 'GET /x'));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(otherGets).toHaveLength(1);
      s.dispose();
      t.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits as long as a 429 asks; never retries a refused permission', async () => {
    vi.useFakeTimers({ now: 2_000_000 });
    try {
      const { source, calls } = manualSource();
      const s = new Session({ source, view: view(), retryDelayMs: 1000 });
      s.refresh();
      calls[0]!.reject(new RateLimitedError('GET /x: rate limited', 'GET /x', 5000));
      await vi.advanceTimersByTimeAsync(0);
      expect(s.retryAt).toBe(2_005_000);
      await vi.advanceTimersByTimeAsync(5000);
      expect(calls).toHaveLength(2);
      calls[1]!.reject(new ForbiddenError('GET /x: forbidden', 'GET /x', 403));
      await vi.advanceTimersByTimeAsync(0);
      expect(s.status).toBe('error');
      expect(s.retryAt).toBeUndefined();
      await vi.advanceTimersByTimeAsync(120_000);
      expect(calls).toHaveLength(2);
      s.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Session over a cached source', () => {
  it('paints the cached page first, then the fresh one; retries with backoff while offline', async () => {
    vi.useFakeTimers();
    try {
      const { source, calls } = manualSource();
      const cached: Source & { peek: Source['search'] } = {
        ...source,
        peek: () => Promise.resolve({ ...page(['cached']), cachedAt: 1 }),
      };
      const s = new Session({ source: cached, view: view(), retryDelayMs: 1000 });
      s.refresh();
      await vi.advanceTimersByTimeAsync(0);
      expect(s.status).toBe('ready');
      expect(s.revalidating).toBe(true);
      expect(s.list).toMatchObject({ cachedAt: 1, events: [{ id: 'cached' }] });
      // The backend failed; the cache answered in its place.
      calls[0]!.resolve({
        ...page(['cached']),
        cachedAt: 1,
        offline: new Error('down'),
      } as SearchResult);
      await vi.advanceTimersByTimeAsync(0);
      expect(s.offlineSince).toBeTypeOf('number');
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls).toHaveLength(2);
      // Still failing: the next try waits twice as long.
      calls[1]!.resolve({
        ...page(['cached']),
        cachedAt: 1,
        offline: new Error('down'),
      } as SearchResult);
      await vi.advanceTimersByTimeAsync(1999);
      expect(calls).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toHaveLength(3);
      // Back: the fresh page replaces the cached one, and the retries stop.
      calls[2]!.resolve(page(['fresh']));
      await vi.advanceTimersByTimeAsync(0);
      expect(s.list?.events.map((e) => e.id)).toEqual(['fresh']);
      expect(s.list?.cachedAt).toBeUndefined();
      expect(s.offlineSince).toBeUndefined();
      expect(s.revalidating).toBe(false);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(calls).toHaveLength(3);
      s.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
