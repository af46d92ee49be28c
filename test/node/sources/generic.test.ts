/**
 * The generic adapter against the real reference service: every filter server-side,
 * cursor paging equal to the ground truth in both orders, facets, histogram, the live
 * tail (with a dropped connection), governance, and the SSE parser on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  SchemaError,
  UnauthorizedError,
} from '../../../core/errors.js';
import { compareEvents } from '../../../core/filter.js';
import {
  REDACTION_MARKER,
  type AuditEvent,
  type Filters,
  type SortOrder,
  type ViewState,
} from '../../../core/model.js';
import { statusClass } from '../../../core/status.js';
import {
  createGenericSource,
  parseStreamEvent,
  type GenericSource,
} from '../../../core/sources/generic.js';
import { createSource, SOURCE_NAMES } from '../../../core/sources/index.js';
import orgAuditMapping from '../../../core/sources/mappings/org-audit.json';
import { SseParser, type SseMessage } from '../../../core/sources/sse.js';
import type { Source, SourceConfig } from '../../../core/sources/types.js';
import { withholdPii } from '../../../server/redaction.js';
import { DAY, KEYS, NOW, startHarness, type Harness } from '../server/harness.js';
import { expectedToMatch } from './oracle.js';
import { pageThrough } from './paging.js';

const view = (filters: Filters = {}, sort: SortOrder = 'desc'): ViewState => ({
  v: 1,
  filters,
  sort,
});
const noRaw = ({ raw: _raw, ...e }: AuditEvent): AuditEvent => e;
const ids = (events: { id: string }[]) => events.map((e) => e.id);
const never = () => new AbortController().signal;
const within = <T>(ms: number, p: Promise<T>): Promise<T> =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`nothing after ${ms} ms`)), ms),
    ),
  ]);

/** Every event of a view, following the adapter's cursor (a repeated cursor fails the walk). */
async function pageAll(source: Source, v: ViewState, pageSize = 97): Promise<AuditEvent[]> {
  const { events, pages } = await pageThrough(source, v, pageSize);
  for (const page of pages) {
    expect(page.events.length).toBeLessThanOrEqual(pageSize);
    expect(page.clientFiltered).toEqual([]);
    expect(page.requests).toBe(1);
  }
  return events;
}

describe('generic source against the reference service', () => {
  let h: Harness;
  let source: GenericSource;
  const config = (key: string, extra: Partial<SourceConfig> = {}): SourceConfig => ({
    endpoint: h.url,
    credentials: () => key,
    now: () => NOW,
    ...extra,
  });
  const truth = (filters: Filters, order: SortOrder = 'desc') =>
    h.truth
      .filter((e) => expectedToMatch(e, filters, NOW))
      .sort((a, b) => compareEvents(a, b, order));

  beforeAll(async () => {
    h = await startHarness();
    source = createGenericSource(config(KEYS.pii));
  });
  afterAll(() => h?.service.close());

  const sample = () =>
    h.truth.find(
      (e) => e.kind === 'api-call' && e.traceId && e.skill && e.http?.statusCode === 201,
    )!;
  const traceWithSiblings = () => {
    const counts = new Map<string, number>();
    for (const e of h.truth) if (e.traceId) counts.set(e.traceId, (counts.get(e.traceId) ?? 0) + 1);
    return [...counts].find(([, n]) => n >= 3)![0];
  };
  const urlTerm = () => {
    const url = h.truth.find((e) => e.http?.url?.includes('/api/now/table/'))!.http!.url!;
    return new URL(url).pathname.split('/').at(-1)!;
  };

  const FILTERS: [string, () => Filters][] = [
    ['no filter', () => ({})],
    ['actor (any case)', () => ({ actor: sample().actor.email!.toUpperCase() })],
    ['plugin', () => ({ plugin: sample().plugin!.toUpperCase() })],
    ['plugin as an org-audit resource', () => ({ plugin: 'PathwaysController' })],
    [
      'plugin as a Kore entity',
      () => ({ plugin: h.truth.find((e) => e.kind === 'change')!.target!.type }),
    ],
    ['skill', () => ({ skill: sample().skill! })],
    ['kind api-call', () => ({ kind: 'api-call' })],
    ['kind change', () => ({ kind: 'change' })],
    ['kind request', () => ({ kind: 'request' })],
    ['method', () => ({ method: 'post' })],
    ['status code', () => ({ status: '201' })],
    ['status class', () => ({ status: '4xx' })],
    ['status range', () => ({ status: '>=400' })],
    ['status below', () => ({ status: '<300' })],
    ['negated status', () => ({ status: '!2xx' })],
    ['outcome', () => ({ status: 'error' })],
    ['negated outcome', () => ({ status: '!success' })],
    ['trace id', () => ({ traceId: traceWithSiblings() })],
    ['free text from a URL', () => ({ q: urlTerm() })],
    ['free text, two terms', () => ({ q: `${urlTerm()} ${sample().actor.email!.split('@')[0]!}` })],
    ['relative time 24h', () => ({ time: { type: 'relative', last: '24h' } })],
    ['relative time 1h', () => ({ time: { type: 'relative', last: '1h' } })],
    [
      'absolute time',
      () => ({ time: { type: 'absolute', from: NOW - 3 * DAY, to: NOW - 2 * DAY } }),
    ],
    ['open-ended time', () => ({ time: { type: 'absolute', from: NOW - 5 * DAY } })],
    [
      'combined',
      () => ({
        kind: 'api-call',
        status: '>=400',
        method: 'POST',
        time: { type: 'absolute', to: NOW - DAY },
      }),
    ],
    ['nothing matches', () => ({ actor: 'nobody@nowhere.example' })],
  ];

  it.each(FILTERS)('%s: all pages equal the ground truth, in both orders', async (_name, make) => {
    const filters = make();
    for (const order of ['desc', 'asc'] as const) {
      const want = truth(filters, order);
      if (_name !== 'nothing matches') expect(want.length).toBeGreaterThan(0);
      const got = await pageAll(source, view(filters, order));
      expect(new Set(ids(got)).size).toBe(got.length);
      expect(ids(got)).toEqual(ids(want));
      expect(got.map(noRaw)).toEqual(want);
    }
  });

  it('keeps the record as received in raw, including fields it does not know', async () => {
    const page = await source.search(view(), null, never(), { pageSize: 20 });
    for (const [i, e] of page.events.entries()) expect(e.raw).toEqual(truth({})[i]);
    const res = await h.json<{ data: unknown[] }>('/api/v1/audit/events?limit=20');
    expect(page.events.map((e) => e.raw)).toEqual(res.data);
  });

  it('page sizes: default 50, capped at 500', async () => {
    expect((await source.search(view(), null, never())).events).toHaveLength(50);
    expect((await source.search(view(), null, never(), { pageSize: 10_000 })).events).toHaveLength(
      500,
    );
    expect((await source.search(view(), null, never(), { pageSize: 0 })).events).toHaveLength(1);
  });

  it('resolves relative time with the configured clock', async () => {
    const later = createGenericSource(config(KEYS.pii, { now: () => NOW + 2 * 3_600_000 }));
    const got = await pageAll(later, view({ time: { type: 'relative', last: '24h' } }), 500);
    const want = h.truth
      .filter((e) => e.timestamp >= NOW + 2 * 3_600_000 - DAY)
      .sort((a, b) => compareEvents(a, b));
    expect(ids(got)).toEqual(ids(want));
  });

  it('gets one event by id, and NotFoundError for an unknown one', async () => {
    const one = sample();
    const got = await source.get(one.id, never());
    expect(noRaw(got)).toEqual(one);
    expect(got.raw).toEqual(one);
    await expect(source.get('evt_nope', never())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('facets count values under the other filters, ignoring the facet’s own', async () => {
    const check = async (
      field: 'actor' | 'plugin' | 'skill' | 'kind' | 'method' | 'status' | 'environment',
      filters: Filters,
      own: keyof Filters | undefined,
      valueOf: (e: AuditEvent) => string | number | undefined,
    ) => {
      const rest = { ...filters };
      if (own) delete rest[own];
      const counts = new Map<string, number>();
      for (const e of truth(rest)) {
        const v = valueOf(e);
        if (v !== undefined) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
      }
      const got = await source.facets(field, view(filters), never());
      expect(got.length).toBe(Math.min(100, counts.size));
      expect(Object.fromEntries(got.map((f) => [f.value, f.count]))).toEqual(
        Object.fromEntries(counts),
      );
      for (let i = 1; i < got.length; i++)
        expect(got[i - 1]!.count).toBeGreaterThanOrEqual(got[i]!.count);
    };
    const recent = { time: { type: 'relative', last: '7d' } } as const;
    await check(
      'plugin',
      { kind: 'api-call', plugin: 'ignored' },
      'plugin',
      (e) => e.plugin ?? e.target?.type,
    );
    await check('status', { kind: 'api-call', ...recent }, 'status', (e) => e.http?.statusCode);
    await check('method', { status: '>=400' }, 'method', (e) => e.http?.method?.toUpperCase());
    await check('kind', {}, 'kind', (e) => e.kind);
    await check('skill', { status: 'error' }, 'skill', (e) => e.skill);
    await check('environment', {}, undefined, (e) => e.environment?.toLowerCase());
    await check('actor', { kind: 'request' }, 'actor', (e) => e.actor.email);
  });

  it('histogram buckets equal the ground truth per status class', async () => {
    const from = NOW - 2 * DAY;
    const to = NOW - 1;
    const filters: Filters = { kind: 'api-call', time: { type: 'absolute', from, to } };
    const hist = await source.histogram(view(filters), 48, never());
    expect(hist.from).toBe(from);
    expect(hist.to).toBe(to);
    expect(hist.buckets).toHaveLength(Math.ceil((to - from + 1) / hist.interval));
    const want: { total: number; counts: Record<string, number> }[] = hist.buckets.map(() => ({
      total: 0,
      counts: {},
    }));
    for (const e of truth(filters)) {
      const b = want[Math.floor((e.timestamp - from) / hist.interval)]!;
      const cls = statusClass(e.http?.statusCode) ?? e.status;
      b.total++;
      b.counts[cls] = (b.counts[cls] ?? 0) + 1;
    }
    expect(hist.buckets.map(({ total, counts }) => ({ total, counts }))).toEqual(want);
    expect(hist.buckets.reduce((n, b) => n + b.total, 0)).toBe(truth(filters).length);
  });

  it('a restricted principal gets markers and `redacted`, exactly as the server withholds', async () => {
    const restricted = createGenericSource(config(KEYS.restricted));
    const filters: Filters = { time: { type: 'absolute', from: NOW - DAY } };
    const got = await pageAll(restricted, view(filters), 500);
    expect(got.map(noRaw)).toEqual(truth(filters).map(withholdPii));
    const marked = got.filter((e) => e.redacted?.length);
    expect(marked.length).toBeGreaterThan(0);
    for (const e of marked)
      for (const part of e.redacted!) {
        if (part === 'http.url.query') expect(e.http!.url).not.toContain('?');
        else {
          const [where, key] = part.split('.') as ['request' | 'response', 'body'];
          expect(e[where]![key]).toBe(REDACTION_MARKER);
        }
      }
  });

  it('a restricted principal cannot find events by what was withheld from it', async () => {
    const restricted = createGenericSource(config(KEYS.restricted));
    // An email: it occurs in URLs and messages, and in bodies and query strings that are withheld.
    const term = sample().actor.email!;
    const all = await pageAll(source, view({ q: term }), 500);
    const visible = await pageAll(restricted, view({ q: term }), 500);
    const want = h.truth
      .map(withholdPii)
      .filter((e) => expectedToMatch(e, { q: term }, NOW))
      .sort((a, b) => compareEvents(a, b));
    expect(ids(visible)).toEqual(ids(want));
    expect(visible.length).toBeLessThan(all.length);
  });

  it('a principal without audit access gets ForbiddenError from every call', async () => {
    const none = createGenericSource(config(KEYS.none));
    await expect(none.search(view(), null, never())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(none.get(sample().id, never())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(none.facets('plugin', view(), never())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(none.histogram(view(), 10, never())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(none.stream(view(), () => undefined, never())).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('an unknown key gets UnauthorizedError after one refresh', async () => {
    const refreshes: boolean[] = [];
    const wrong = createGenericSource({
      ...config('wrong'),
      credentials: ({ refresh }) => (refreshes.push(refresh), 'still-wrong'),
    });
    await expect(wrong.search(view(), null, never())).rejects.toBeInstanceOf(UnauthorizedError);
    expect(refreshes).toEqual([false, true]);
  });

  it('a refused query is a BadRequestError that does not repeat the value', async () => {
    const email = 'pat.secret@acme.example';
    const e = (await source
      .search(view({ status: email }), null, never())
      .catch((x: unknown) => x)) as Error;
    expect(e).toBeInstanceOf(BadRequestError);
    expect(e.message).toContain("'status'");
    expect(e.message).not.toContain('pat.secret');
  });

  it('createSource knows the five adapters and names them for an unknown one', () => {
    expect(SOURCE_NAMES).toEqual(['generic', 'nected', 'kore', 'org-audit', 'mapped']);
    for (const name of ['generic', 'nected', 'kore', 'org-audit'])
      expect(createSource(name, config(KEYS.pii)).name).toBe(name);
    expect(createSource('mapped', { ...config(KEYS.pii), mapping: orgAuditMapping }).name).toBe(
      'org-audit (mapped)',
    );
    expect(() => createSource('mapped', config(KEYS.pii))).toThrow(/Invalid mapping/);
    expect(() => createSource('splunk', config(KEYS.pii))).toThrow(
      /generic, nected, kore, org-audit, mapped/,
    );
  });

  it("planFilters: what the API takes as parameters is the server's, the rest the viewer's", () => {
    const s = createGenericSource(config(KEYS.pii));
    const plan = (filters: Filters) => s.planFilters({ v: 1, filters, sort: 'desc' });
    expect(
      plan({ q: 'x', actor: 'a@b.example', status: '4xx', time: { type: 'relative', last: '1h' } }),
    ).toEqual({
      server: ['q', 'actor', 'status', 'time'],
      client: [],
    });
    expect(plan({ actor: 'Kwame Mensah', environment: 'staging', authType: 'jwt' })).toEqual({
      server: [],
      client: ['actor', 'environment', 'authType'],
    });
    expect(plan({ q: '   ' })).toEqual({ server: [], client: [] });
  });

  describe('live tail', () => {
    let n = 0;
    const fresh = (over: Partial<AuditEvent>): AuditEvent => ({
      ...h.truth.find((e) => e.kind === 'api-call')!,
      id: `live-${++n}-${Date.now()}`,
      timestamp: NOW - 1000,
      ...over,
    });
    const ingest = (...events: AuditEvent[]) =>
      h.service.store.ingest(events.map((event) => ({ origin: 'api-logs' as const, event })));

    it('delivers a matching event ingested after subscribing, and nothing that does not match', async () => {
      const ctl = new AbortController();
      const got: AuditEvent[] = [];
      let opened!: () => void;
      const open = new Promise<void>((resolve) => (opened = resolve));
      let arrived!: () => void;
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      const match = fresh({
        plugin: 'live tail plugin',
        status: 'error',
        http: { method: 'POST', statusCode: 503 },
      });
      const done = source.stream(
        view({ plugin: 'Live Tail Plugin', status: '5xx' }),
        (e) => {
          got.push(e);
          if (e.id === match.id) arrived();
        },
        ctl.signal,
        { onOpen: opened },
      );
      try {
        await within(10_000, open);
      } catch (e) {
        ctl.abort();
        throw e;
      }
      // Ingested first, so it would arrive first if the server let it through.
      await ingest(
        fresh({ plugin: 'some other plugin', http: { method: 'POST', statusCode: 503 } }),
        fresh({ plugin: 'live tail plugin', http: { method: 'POST', statusCode: 201 } }),
      );
      await ingest(match);
      try {
        await within(10_000, arrival);
      } catch (e) {
        ctl.abort();
        throw e;
      }
      expect(ids(got)).toEqual([match.id]);
      expect(noRaw(got[0]!)).toEqual(match);
      // The stream resolves once aborted (a stream that kept going would time the test out).
      ctl.abort();
      await done;
    });

    it('reconnects after a dropped connection with Last-Event-ID and misses nothing', async () => {
      const ctl = new AbortController();
      const lastEventIds: (string | undefined)[] = [];
      const missed = fresh({ plugin: 'reconnect plugin' });
      const got: AuditEvent[] = [];
      const drops: number[] = [];
      let arrived!: () => void;
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      let readyId = '';
      const wrapped: typeof fetch = async (input, init) => {
        const headers = init?.headers as Record<string, string>;
        lastEventIds.push(headers['last-event-id']);
        const res = await fetch(input, init);
        if (lastEventIds.length > 1 || !res.body) return res;
        // The first connection drops right after `ready`, and the event is stored while it is down.
        const reader = res.body.getReader();
        let drop = false;
        const body = new ReadableStream<Uint8Array>({
          async pull(c) {
            if (drop) {
              await ingest(missed);
              await reader.cancel();
              c.error(new TypeError('terminated'));
              return;
            }
            const { done, value } = await reader.read();
            if (done) return c.close();
            const text = new TextDecoder().decode(value);
            const m = /event: ready\n(?:data: .*\n)*id: (\d+)/.exec(text);
            if (m) {
              readyId = m[1]!;
              drop = true;
            }
            c.enqueue(value);
          },
        });
        return new Response(body, { status: res.status, headers: res.headers });
      };
      const live = createGenericSource(
        config(KEYS.pii, {
          client: { fetch: wrapped, retry: { baseDelayMs: 200, maxDelayMs: 200 } },
        }),
      );
      const done = live.stream(
        view({ plugin: 'reconnect plugin' }),
        (e) => {
          got.push(e);
          if (e.id === missed.id) arrived();
        },
        ctl.signal,
        { onDrop: (retryInMs) => drops.push(retryInMs) },
      );
      try {
        await within(10_000, arrival);
      } finally {
        ctl.abort();
        await done;
      }
      expect(ids(got)).toEqual([missed.id]);
      // The drop was said, with when the tail would try again (the 200 ms backoff at most).
      expect(drops).toHaveLength(1);
      expect(drops[0]).toBeLessThanOrEqual(200);
      expect(readyId).toMatch(/^\d+$/);
      expect(lastEventIds).toEqual([undefined, readyId]);
    });

    it('stops at once on abort, also while waiting to reconnect, and fetches nothing more', async () => {
      let calls = 0;
      const failing: typeof fetch = () => {
        calls++;
        return Promise.reject(new TypeError('fetch failed'));
      };
      const live = createGenericSource(
        config(KEYS.pii, {
          client: { fetch: failing, retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } },
        }),
      );
      const ctl = new AbortController();
      const done = live.stream(view(), () => undefined, ctl.signal);
      await new Promise((r) => setTimeout(r, 20));
      // The stream resolves once aborted (a stream that kept going would time the test out).
      ctl.abort();
      await done;
      expect(calls).toBe(1);
    });

    it('an event that does not validate ends the tail with a SchemaError naming the field', () => {
      const e = (() => {
        try {
          parseStreamEvent(
            JSON.stringify({ ...sample(), timestamp: 'yesterday' }),
            'GET /api/v1/audit/stream',
          );
        } catch (x) {
          return x;
        }
      })();
      expect(e).toBeInstanceOf(SchemaError);
      expect((e as SchemaError).path).toBe('timestamp');
      expect(() => parseStreamEvent('{"id":', 'GET /api/v1/audit/stream')).toThrow(SchemaError);
    });
  });
});

describe('SseParser', () => {
  const feedAll = (chunks: string[]) => {
    const p = new SseParser();
    const out: SseMessage[] = [];
    for (const c of chunks) out.push(...p.feed(c));
    return { p, out };
  };

  it('reads events, ids, comments and multi-line data', () => {
    const { p, out } = feedAll([
      ': hello\n\nevent: ready\nid: 7\ndata: {"since":7}\n\n',
      'data: a\ndata: b\n\n',
    ]);
    expect(out).toEqual([
      { event: 'ready', data: '{"since":7}', lastEventId: '7' },
      { event: 'message', data: 'a\nb', lastEventId: '7' },
    ]);
    expect(p.lastEventId).toBe('7');
  });

  it('the same messages however the bytes are split, with LF, CRLF or CR line ends', () => {
    const text =
      'event: audit-event\nid: 1\ndata: {"x": 1}\n\n: keep-alive\n\nevent: audit-event\nid: 2\ndata:{"x": 2}\n\n';
    const want = feedAll([text]).out;
    expect(want).toHaveLength(2);
    for (const ending of ['\n', '\r\n', '\r']) {
      const t = text.replace(/\n/g, ending);
      for (let size = 1; size <= 7; size++) {
        const chunks = Array.from({ length: Math.ceil(t.length / size) }, (_, i) =>
          t.slice(i * size, i * size + size),
        );
        expect(feedAll(chunks).out, `${JSON.stringify(ending)} / ${size}`).toEqual(want);
      }
    }
  });

  it('keeps an incomplete message until its blank line, and reads retry', () => {
    const p = new SseParser();
    expect(p.feed('retry: 1500\nid: 3\ndata: x')).toEqual([]);
    expect(p.retryMs).toBe(1500);
    expect(p.feed('yz\n')).toEqual([]);
    expect(p.feed('\n')).toEqual([{ event: 'message', data: 'xyz', lastEventId: '3' }]);
  });
});
