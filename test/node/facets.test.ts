/** The facet panel's domain (core/facets.ts), with expectations written by hand. */
import { describe, expect, it } from 'vitest';
import {
  FacetCache,
  activeValues,
  countFacet,
  facetFields,
  facetKey,
  isErrorsOnly,
  isExcluded,
  isIncluded,
  setErrorsOnly,
  statusClassCounts,
  toggleExclude,
  toggleInclude,
  valuesToList,
} from '../../core/facets.js';
import { matchesFilters } from '../../core/filter.js';
import type { AuditEvent, Filters } from '../../core/model.js';
import { formatQuery, parseQuery } from '../../core/query-language.js';
import { genericCapabilities } from '../../core/sources/generic.js';

function ev(id: string, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id,
    timestamp: 1,
    kind: 'api-call',
    actor: { email: 'a@acme.example', type: 'user' },
    action: 'x',
    status: 'success',
    ...extra,
  };
}

const call = (id: string, plugin: string, method: string, statusCode: number, env?: string) =>
  ev(id, {
    plugin,
    http: { method, statusCode },
    status: statusCode >= 400 ? 'error' : 'success',
    ...(env ? { environment: env } : {}),
  });

describe('facetFields', () => {
  it('lists the panel fields a source has, in panel order', () => {
    expect(facetFields(genericCapabilities)).toEqual([
      'plugin',
      'actor',
      'status',
      'method',
      'skill',
      'environment',
    ]);
    expect(facetFields({ filters: ['status', 'environment', 'q', 'plugin'] })).toEqual([
      'plugin',
      'status',
      'environment',
    ]);
    // A source that lists no filters has the common ones, never a backend-specific one.
    expect(facetFields({})).toEqual(['plugin', 'actor', 'status', 'method', 'skill']);
  });
});

describe('countFacet', () => {
  const events = [
    call('1', 'create ticket', 'post', 201, 'production'),
    call('2', 'create ticket', 'POST', 500, 'production'),
    call('3', 'search', 'GET', 200, 'staging'),
    call('4', 'create ticket', 'GET', 404),
    ev('5', { target: { type: 'rule' }, status: 'error', actor: { name: 'Jo', type: 'user' } }),
  ];

  it('counts each value, most frequent first, ties by value', () => {
    expect(countFacet(events, 'plugin')).toEqual([
      { value: 'create ticket', count: 3 },
      { value: 'rule', count: 1 },
      { value: 'search', count: 1 },
    ]);
    expect(countFacet(events, 'method')).toEqual([
      { value: 'GET', count: 2 },
      { value: 'POST', count: 2 },
    ]);
    expect(countFacet(events, 'status')).toEqual([
      { value: 'error', count: 3 },
      { value: '2xx', count: 2 },
      { value: '4xx', count: 1 },
      { value: '5xx', count: 1 },
    ]);
    expect(countFacet(events, 'actor')).toEqual([
      { value: 'a@acme.example', count: 4 },
      { value: 'Jo', count: 1 },
    ]);
    expect(countFacet(events, 'environment')).toEqual([
      { value: 'production', count: 2 },
      { value: 'staging', count: 1 },
    ]);
    expect(countFacet(events, 'skill')).toEqual([]);
  });

  it('each value counted is one the filter of its field matches', () => {
    for (const field of ['plugin', 'method', 'status', 'actor', 'environment'] as const)
      for (const { value, count } of countFacet(events, field)) {
        const filters = toggleInclude({}, field, value);
        expect(events.filter((e) => matchesFilters(e, filters, 0))).toHaveLength(count);
      }
  });
});

describe('statusClassCounts', () => {
  it("folds a backend's status codes into classes", () => {
    expect(
      statusClassCounts([
        { value: '201', count: 10 },
        { value: '200', count: 5 },
        { value: '500', count: 3 },
        { value: '404', count: 4 },
        { value: 'error', count: 1 },
      ]),
    ).toEqual([
      { value: '2xx', count: 15 },
      { value: '4xx', count: 4 },
      { value: '5xx', count: 3 },
      { value: 'error', count: 1 },
    ]);
  });
});

describe('include and exclude', () => {
  it('include shows only that value; again removes it; another value replaces it', () => {
    const f: Filters = { actor: 'a@acme.example' };
    const one = toggleInclude(f, 'plugin', 'create ticket');
    expect(one).toEqual({ actor: 'a@acme.example', plugin: 'create ticket' });
    expect(isIncluded(one, 'plugin', 'Create Ticket')).toBe(true);
    expect(toggleInclude(one, 'plugin', 'search')).toEqual({
      actor: 'a@acme.example',
      plugin: 'search',
    });
    expect(toggleInclude(one, 'plugin', 'CREATE TICKET')).toEqual({ actor: 'a@acme.example' });
  });

  it('status takes several values at once: 4xx then 5xx is 4xx,5xx, read back by the query language', () => {
    const a = toggleInclude({}, 'status', '4xx');
    const b = toggleInclude(a, 'status', '5xx');
    expect(b).toEqual({ status: '4xx,5xx' });
    expect(formatQuery(b)).toBe('status:4xx,5xx');
    expect(parseQuery('status:4xx OR status:5xx').filters).toEqual(b);
    expect(activeValues(b, 'status')).toEqual({ include: ['4xx', '5xx'], exclude: [] });
    expect(toggleInclude(b, 'status', '4xx')).toEqual({ status: '5xx' });
    expect(toggleInclude({ status: '5xx' }, 'status', '5xx')).toEqual({});
  });

  it('status values are excluded one or several at once, as -status:', () => {
    const a = toggleExclude({ plugin: 'x' }, 'status', '2xx');
    expect(a).toEqual({ plugin: 'x', status: '!2xx' });
    expect(formatQuery(a)).toBe('plugin:x -status:2xx');
    const b = toggleExclude(a, 'status', '3xx');
    expect(b.status).toBe('!2xx,3xx');
    expect(isExcluded(b, 'status', '3xx')).toBe(true);
    expect(isIncluded(b, 'status', '3xx')).toBe(false);
    expect(parseQuery(formatQuery(b)).filters).toEqual(b);
    expect(toggleExclude(b, 'status', '2xx')).toEqual({ plugin: 'x', status: '!3xx' });
    expect(toggleExclude({ status: '!3xx' }, 'status', '3xx')).toEqual({});
    // Excluding replaces an inclusion; including replaces an exclusion.
    expect(toggleExclude({ status: '4xx,5xx' }, 'status', '2xx')).toEqual({ status: '!2xx' });
    expect(toggleInclude({ status: '!2xx' }, 'status', '5xx')).toEqual({ status: '5xx' });
    // The filter then means what it says.
    const events = [
      call('1', 'p', 'GET', 200),
      call('2', 'p', 'GET', 302),
      call('3', 'p', 'GET', 500),
    ];
    expect(events.filter((e) => matchesFilters(e, b, 0, ['status'])).map((e) => e.id)).toEqual([
      '3',
    ]);
  });

  it('a value of the other fields is excluded as !value (-plugin:x); include and exclude replace each other', () => {
    const a = toggleExclude({ status: '5xx' }, 'plugin', 'create ticket');
    expect(a).toEqual({ status: '5xx', plugin: '!create ticket' });
    expect(formatQuery(a)).toBe('-plugin:"create ticket" status:5xx');
    expect(activeValues(a, 'plugin')).toEqual({ include: [], exclude: ['create ticket'] });
    expect(isExcluded(a, 'plugin', 'Create Ticket')).toBe(true);
    expect(isIncluded(a, 'plugin', 'create ticket')).toBe(false);
    // Excluding another value replaces it (one value per field); again clears it.
    expect(toggleExclude(a, 'plugin', 'search')).toEqual({ status: '5xx', plugin: '!search' });
    expect(toggleExclude(a, 'plugin', 'create ticket')).toEqual({ status: '5xx' });
    expect(toggleInclude(a, 'plugin', 'create ticket')).toEqual({
      status: '5xx',
      plugin: 'create ticket',
    });
    expect(toggleExclude({ method: 'POST' }, 'method', 'POST')).toEqual({ method: '!POST' });
    expect(valuesToList([], { environment: '!staging' }, 'environment')).toEqual([
      { value: 'staging', count: 0, uncounted: true },
    ]);
    // The filter then means what it says.
    const events = [call('1', 'create ticket', 'GET', 200), call('2', 'search', 'GET', 200)];
    expect(events.filter((e) => matchesFilters(e, a, 0, ['plugin'])).map((e) => e.id)).toEqual([
      '2',
    ]);
    // Kind is not a panel field and has no exclusion.
    expect(() => toggleExclude({}, 'kind', 'change')).toThrow(RangeError);
  });

  it('reads other status expressions as their parts', () => {
    expect(activeValues({ status: '>=400' }, 'status')).toEqual({
      include: ['>=400'],
      exclude: [],
    });
    expect(activeValues({ status: '201,4XX' }, 'status')).toEqual({
      include: ['201', '4xx'],
      exclude: [],
    });
    expect(activeValues({ status: 'nonsense' }, 'status')).toEqual({ include: [], exclude: [] });
    expect(toggleInclude({ status: '201' }, 'status', '5xx')).toEqual({ status: '201,5xx' });
  });

  it('lists an active value that was not counted, so it can be unchecked, as not counted', () => {
    expect(
      valuesToList([{ value: 'search', count: 3 }], { plugin: 'create ticket' }, 'plugin'),
    ).toEqual([
      { value: 'search', count: 3 },
      { value: 'create ticket', count: 0, uncounted: true },
    ]);
    expect(
      valuesToList([{ value: '4xx', count: 3 }], { status: '>=400' }, 'status').at(-1),
    ).toEqual({ value: '>=400', count: 0, uncounted: true });
    expect(valuesToList([{ value: '4xx', count: 3 }], { status: '4XX' }, 'status')).toEqual([
      { value: '4xx', count: 3 },
    ]);
  });
});

describe('errors only', () => {
  it('is status 4xx,5xx both ways', () => {
    expect(setErrorsOnly({ plugin: 'x', status: '2xx' }, true)).toEqual({
      plugin: 'x',
      status: '4xx,5xx',
    });
    expect(isErrorsOnly({ status: '4xx,5xx' })).toBe(true);
    expect(isErrorsOnly({ status: '5xx,4xx' })).toBe(true);
    expect(isErrorsOnly(toggleInclude(toggleInclude({}, 'status', '5xx'), 'status', '4xx'))).toBe(
      true,
    );
    expect(isErrorsOnly({ status: '4xx' })).toBe(false);
    expect(isErrorsOnly({ status: '!4xx,5xx' })).toBe(false);
    expect(isErrorsOnly({ status: '4xx,5xx,2xx' })).toBe(false);
    expect(setErrorsOnly({ plugin: 'x', status: '4xx,5xx' }, false)).toEqual({ plugin: 'x' });
    // Off leaves another status filter alone.
    expect(setErrorsOnly({ status: '201' }, false)).toEqual({ status: '201' });
  });
});

describe('facetKey', () => {
  it("ignores the field's own filter, key order and blanks; keeps partition and field apart", () => {
    const k = facetKey('p1', { plugin: 'a', status: '4xx' }, 'status');
    expect(facetKey('p1', { status: '5xx', plugin: ' a ' }, 'status')).toBe(k);
    expect(facetKey('p1', { plugin: 'a' }, 'status')).toBe(k);
    expect(facetKey('p2', { plugin: 'a' }, 'status')).not.toBe(k);
    expect(facetKey('p1', { plugin: 'a' }, 'method')).not.toBe(k);
    expect(facetKey('p1', { plugin: 'b' }, 'status')).not.toBe(k);
  });
});

describe('FacetCache', () => {
  const deferred = <T>() => {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };

  it('shares one request between callers and reuses its answer while fresh', async () => {
    let clock = 0;
    const cache = new FacetCache<number>({ maxAgeMs: 1000, now: () => clock });
    const d = deferred<number>();
    let loads = 0;
    const load = () => {
      loads++;
      return d.promise;
    };
    const a = cache.get('k', load, new AbortController().signal);
    const b = cache.get('k', load, new AbortController().signal);
    d.resolve(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    expect(await cache.get('k', load, new AbortController().signal)).toBe(7);
    expect(cache.peek('k')).toBe(7);
    expect(loads).toBe(1);
    clock = 1001;
    expect(cache.peek('k')).toBeUndefined();
    await cache.get('k', () => Promise.resolve(8), new AbortController().signal);
    expect(cache.peek('k')).toBe(8);
  });

  it('aborts the request only when every caller has aborted', async () => {
    const cache = new FacetCache<number>();
    let signal!: AbortSignal;
    const d = deferred<number>();
    const load = (s: AbortSignal) => {
      signal = s;
      return d.promise;
    };
    const one = new AbortController();
    const two = new AbortController();
    const a = cache.get('k', load, one.signal);
    const b = cache.get('k', load, two.signal);
    one.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    expect(signal.aborted).toBe(false);
    two.abort();
    await expect(b).rejects.toMatchObject({ name: 'AbortError' });
    expect(signal.aborted).toBe(true);
    // A late answer of the aborted request is not kept.
    d.resolve(1);
    await Promise.resolve();
    expect(cache.peek('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not keep failures; clear() forgets answers', async () => {
    const cache = new FacetCache<number>();
    const s = new AbortController().signal;
    await expect(cache.get('k', () => Promise.reject(new Error('503')), s)).rejects.toThrow('503');
    expect(await cache.get('k', () => Promise.resolve(2), s)).toBe(2);
    cache.clear();
    expect(cache.peek('k')).toBeUndefined();
    expect(await cache.get('k', () => Promise.resolve(3), s)).toBe(3);
  });

  it('keeps at most maxEntries answers, dropping the least recently used', async () => {
    const cache = new FacetCache<string>({ maxEntries: 2 });
    const s = new AbortController().signal;
    const put = (k: string) => cache.get(k, () => Promise.resolve(k), s);
    await put('a');
    await put('b');
    await put('a'); // used again: b is now the oldest
    await put('c');
    expect(cache.peek('a')).toBe('a');
    expect(cache.peek('b')).toBeUndefined();
    expect(cache.peek('c')).toBe('c');
  });
});
