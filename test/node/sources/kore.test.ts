/**
 * The Kore adapter (seed 003): schema and mapping over the seed's sample log, query
 * translation and offset paging against a fake backend, and the contract against the
 * reference service (results equal the seed's ground truth, event for event).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  ServerError,
  UnauthorizedError,
} from '../../../core/errors.js';
import { compareEvents } from '../../../core/filter.js';
import {
  defaultViewState,
  type AuditEvent,
  type Filters,
  type ViewState,
} from '../../../core/model.js';
import {
  KoreResponse,
  createKoreSource,
  koreCapabilities,
  koreText,
  mapKoreLog,
  parseKoreDate,
} from '../../../core/sources/kore.js';
import type { Source, SourceConfig } from '../../../core/sources/types.js';
import { stripTags } from '../../../server/seed/kore.js';
import { DAY, KEYS, NOW, startHarness, type Harness } from '../server/harness.js';
import { pageThrough } from './paging.js';
import { parse } from './parse.js';
import { startStub, type Stub, type StubReply, type StubRequest } from './stub.js';

/** Seed 003's sample response, verbatim but for its missing outer braces and closing bracket. */
const SAMPLE_JSON = String.raw`{
     "logs": [
       {
           "parentIds": [],
           "_id": "67584fc8a16721a7bb876d3b",
           "entity": "nlprules",
           "action": "update",
           "userId": "u-6fd26567-2b99-5265-9b69-54fba448d26f",
           "accountId": "ac-a16b8603-4c4d-57b7-a6e2-ddf53fee4efb",
           "entityId": "66a389b40e9b336c5e6edb19",
           "delta": {
               "from": {},
               "to": {
                   "name": "Answer rule - 67"
               }
           },
           "htmlText": "Update business rule <b>Answer rule - 67</b>",
           "userName": "John jackob",
           "emailId": "john.jackob@kore.com",
           "keywords": "",
           "cOn": "2024-12-10T14:27:20.286Z",
           "__v": 0
       }
     ]
}`;

type Json = Record<string, unknown>;
const sample = (): Json & { logs: Json[] } => JSON.parse(SAMPLE_JSON) as Json & { logs: Json[] };
const log = (): Json => sample().logs[0]!;
const noRaw = ({ raw: _raw, ...e }: AuditEvent): AuditEvent => e;
const signal = () => new AbortController().signal;

// ---------------------------------------------------------------------------------------------
// A fake backend

interface Call {
  url: URL;
  headers: Record<string, string>;
}

function fakeFetch(reply: (url: URL) => { status?: number; body: unknown }) {
  const calls: Call[] = [];
  const fetchImpl = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    calls.push({ url, headers: { ...(init?.headers as Record<string, string>) } });
    const { status = 200, body } = reply(url);
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  };
  return { fetch: fetchImpl, calls };
}

/** `n` logs, newest first, one second apart, ids `K0000`, `K0001`, ... */
function logs(n: number): Json[] {
  return Array.from({ length: n }, (_, i) => ({
    ...log(),
    _id: `K${String(i).padStart(4, '0')}`,
    cOn: new Date(NOW - i * 1000).toISOString(),
  }));
}

/** Serves `all` with skip/limit; only `logs` (as seed 003 documents) unless `extras`. */
function koreBackend(all: Json[], extras = false) {
  return fakeFetch((url) => {
    const skip = Number(url.searchParams.get('skip') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const page = all.slice(skip, skip + limit);
    return {
      body: extras
        ? { logs: page, total: all.length, skip, limit, hasMore: skip + page.length < all.length }
        : { logs: page },
    };
  });
}

const config = (f: typeof fetch): SourceConfig => ({
  endpoint: 'http://kore.test',
  credentials: () => 'personal-key',
  client: { fetch: f, retry: { attempts: 1 } },
  now: () => NOW,
});
const view = (filters: Filters, sort: ViewState['sort'] = 'desc'): ViewState => ({
  ...defaultViewState(),
  filters,
  sort,
});
const params = (c: Call): Record<string, string> => Object.fromEntries(c.url.searchParams);

// ---------------------------------------------------------------------------------------------

describe('Kore schema and mapping (seed 003 sample)', () => {
  it("parses the seed's sample envelope, which has nothing but logs", () => {
    expect(parse(KoreResponse, sample())).toStrictEqual(sample());
    const withExtras = { ...sample(), total: 1, skip: 0, limit: 50, hasMore: false };
    expect(parse(KoreResponse, withExtras)).toStrictEqual(withExtras);
  });

  it('maps every field of the sample log', () => {
    expect(mapKoreLog(parse(KoreResponse, sample()).logs[0]!)).toStrictEqual({
      id: '67584fc8a16721a7bb876d3b',
      timestamp: Date.UTC(2024, 11, 10, 14, 27, 20, 286),
      kind: 'change',
      actor: {
        id: 'u-6fd26567-2b99-5265-9b69-54fba448d26f',
        email: 'john.jackob@kore.com',
        name: 'John jackob',
        type: 'user',
      },
      action: 'update',
      status: 'success',
      message: 'Update business rule Answer rule - 67',
      messageHtml: 'Update business rule <b>Answer rule - 67</b>',
      workspace: 'ac-a16b8603-4c4d-57b7-a6e2-ddf53fee4efb',
      target: { type: 'nlprules', id: '66a389b40e9b336c5e6edb19' },
      delta: { from: {}, to: { name: 'Answer rule - 67' } },
      raw: log(),
    });
  });

  it('takes the first parent id, keeps unknown fields in raw, tolerates absent unmapped fields', () => {
    const child = { ...log(), parentIds: ['67584fc8a16721a7bb876d00', 'x'], tenant: 't-1' };
    const { parentIds: _p, delta: _d, keywords: _k, __v: _v, ...slim } = log();
    const [a, b] = parse(KoreResponse, { logs: [child, slim] }).logs.map(mapKoreLog);
    expect(a!.parentId).toBe('67584fc8a16721a7bb876d00');
    expect(a!.raw).toStrictEqual(child);
    expect(b).not.toHaveProperty('parentId');
    expect(b).not.toHaveProperty('delta');
    expect(b!.message).toBe('Update business rule Answer rule - 67');
  });

  it('reads cOn with a zone, to the millisecond', () => {
    expect(parseKoreDate('2024-12-10T14:27:20.286Z')).toBe(Date.UTC(2024, 11, 10, 14, 27, 20, 286));
    expect(parseKoreDate('2024-12-10T14:27:20.286999Z')).toBe(
      Date.UTC(2024, 11, 10, 14, 27, 20, 286),
    );
    expect(parseKoreDate('2024-12-10T15:27:20+01:00')).toBe(Date.UTC(2024, 11, 10, 14, 27, 20));
    for (const bad of ['2024-12-10T14:27:20.286', '2024-12-10', '1733840840286', ''])
      expect(parseKoreDate(bad), bad).toBeNaN();
  });

  it('makes plain text of htmlText: tags stripped, entities decoded, never markup', () => {
    const cases: [string, string][] = [
      ['Update business rule <b>Answer rule - 67</b>', 'Update business rule Answer rule - 67'],
      [
        'Rename <b>R&amp;D &lt;core&gt;</b> to &quot;Lab&quot; &#39;v2&#39;',
        'Rename R&D <core> to "Lab" \'v2\'',
      ],
      ['&amp;lt;b&amp;gt; stays text', '&lt;b&gt; stays text'],
      ['&#x41;&#66;&nbsp;&apos;&bogus; &#0; &#xD800;', "AB '&bogus; &#0; &#xD800;"],
      ['  Update\n  <i>enrollment</i>\tof <b>Ann</b>  ', 'Update enrollment of Ann'],
      ['a <b', 'a'],
      ['1 < 2 > 0, a<-b', '1 < 2 > 0, a<-b'],
      ['<!-- note -->x<?pi?>y</ b>', 'xy'],
    ];
    for (const [html, text] of cases) expect(koreText(html), html).toBe(text);
  });

  it("gives the reference service's text for the seed's hostile names", () => {
    const hostile = [
      'Update role <b>Master Admin <img src=x onerror=alert(1)></b>',
      'Update enrollment of <b><script>alert(1)</script>Henry Nguyen</b> to <i>suspended</i>',
      'Create agent <b>Billing Assistant"><svg onload=alert(document.cookie)></b>',
      'Delete domain <b><a href="javascript:alert(1)">acme.example</a></b>',
      'Update user group <b>EMEA Sales<iframe src="https://evil.example/"></iframe></b>',
    ];
    for (const html of hostile) {
      expect(koreText(html), html).toBe(stripTags(html));
      expect(koreText(html)).not.toMatch(/<[a-z/]/i);
    }
  });

  describe('a log of the wrong shape is rejected naming the field; the other is shown (issue 12 item 4)', () => {
    const cases: [string, (logs: Json[]) => void, number, string, string][] = [
      [
        'cOn a number',
        (l) => void (l[0]!.cOn = 1733840840286),
        0,
        'logs[0].cOn',
        'expected string',
      ],
      [
        'cOn not a date',
        (l) => void (l[1]!.cOn = 'Tuesday'),
        1,
        'logs[1].cOn',
        'expected an ISO 8601 date-time with a zone (2024-12-10T14:27:20.286Z)',
      ],
      [
        'cOn without a zone',
        (l) => void (l[1]!.cOn = '2024-12-10T14:27:20.286'),
        1,
        'logs[1].cOn',
        'expected an ISO 8601 date-time with a zone (2024-12-10T14:27:20.286Z)',
      ],
      ['missing _id', (l) => void delete l[1]!._id, 1, 'logs[1]._id', 'expected string'],
      [
        'delta a string',
        (l) => void (l[0]!.delta = 'changed'),
        0,
        'logs[0].delta',
        'expected object',
      ],
      [
        'parentIds of numbers',
        (l) => void (l[1]!.parentIds = [1]),
        1,
        'logs[1].parentIds[0]',
        'expected string',
      ],
      ['emailId null', (l) => void (l[0]!.emailId = null), 0, 'logs[0].emailId', 'expected string'],
      ['__v a string', (l) => void (l[1]!.__v = '0'), 1, 'logs[1].__v', 'expected number'],
    ];
    for (const [name, breakIt, bad, path, message] of cases)
      it(name, async () => {
        const body = { logs: [log(), { ...log(), _id: 'second' }] };
        breakIt(body.logs);
        const { fetch } = fakeFetch((url) => ({
          body: url.searchParams.get('skip') === '0' ? body : { logs: [] },
        }));
        const page = await createKoreSource(config(fetch)).search(view({}), null, signal());
        const good = ['67584fc8a16721a7bb876d3b', 'second'].filter((_, i) => i !== bad);
        expect(page.events.map((e) => e.id)).toStrictEqual(good);
        const id = body.logs[bad]!._id as string | undefined;
        expect(page.rejected).toStrictEqual([{ index: bad, path, message, ...(id ? { id } : {}) }]);
      });

    it('an envelope without logs', async () => {
      const { fetch } = fakeFetch(() => ({ body: { data: [] } }));
      await expect(
        createKoreSource(config(fetch)).search(view({}), null, signal()),
      ).rejects.toMatchObject({ kind: 'schema', path: 'logs' });
    });
  });
});

describe('Kore query translation and paging (fake backend)', () => {
  const one = async (filters: Filters, pageSize?: number) => {
    const { fetch, calls } = koreBackend(logs(3));
    const result = await createKoreSource(config(fetch)).search(
      view(filters),
      null,
      signal(),
      pageSize ? { pageSize } : undefined,
    );
    return { result, calls, query: calls[0] ? params(calls[0]) : undefined };
  };

  it('declares its capabilities', () => {
    expect(koreCapabilities).toStrictEqual({
      examples: { plugin: 'role' },
      filters: [
        'q',
        'actor',
        'plugin',
        'kind',
        'time',
        'action',
        'entityId',
        'userId',
        'workspace',
      ],
      // No HTTP status code, no duration in its records.
      absentFields: ['statusCode', 'duration'],
      serverFilters: ['actor', 'plugin', 'time', 'kind', 'action', 'entityId', 'userId'],
      pagination: 'offset',
      maxPageSize: 100,
      auth: { header: 'auth' },
      sortOrders: ['desc'],
      detail: false,
      facets: false,
      histogram: false,
      stream: false,
    });
  });

  it('sends the key in the auth header and only skip/limit for an empty view', async () => {
    const r = await one({});
    expect(r.calls[0]!.url.pathname).toBe('/api/public/auditlogs');
    expect(r.calls[0]!.headers.auth).toBe('personal-key');
    // Seed 003 marks every parameter mandatory: a time window is always sent.
    expect(r.query).toStrictEqual({
      startTime: '1970-01-01T00:00:00.000Z',
      endTime: '2026-11-20T15:30:00.000Z',
      skip: '0',
      limit: '100',
    });
    expect(r.result.events.map((e) => e.id)).toStrictEqual(['K0000', 'K0001', 'K0002']);
    expect(r.result.nextCursor).toBeNull();
  });

  it('sends actor as emailId, plugin as entity, time as ISO startTime/endTime', async () => {
    const r = await one({
      actor: 'John.Jackob@kore.com',
      plugin: 'nlprules',
      time: { type: 'absolute', from: NOW - 2 * DAY, to: NOW - DAY },
      kind: 'change',
    });
    expect(r.query).toStrictEqual({
      emailId: 'John.Jackob@kore.com',
      entity: 'nlprules',
      startTime: new Date(NOW - 2 * DAY).toISOString(),
      endTime: new Date(NOW - DAY).toISOString(),
      skip: '0',
      limit: '100',
    });
    expect(r.result.clientFiltered).toStrictEqual([]);
    const rel = await one({ time: { type: 'relative', last: '1h' } });
    expect(rel.query).toStrictEqual({
      startTime: '2026-11-20T14:30:00.000Z',
      endTime: '2026-11-20T15:30:00.000Z',
      skip: '0',
      limit: '100',
    });
  });

  it('applies q and status client-side; filters no Kore log can match take no request', async () => {
    const q = await one({ q: 'answer RULE' });
    expect(q.query).toStrictEqual({
      startTime: '1970-01-01T00:00:00.000Z',
      endTime: '2026-11-20T15:30:00.000Z',
      skip: '0',
      limit: '100',
    });
    expect(q.result.clientFiltered).toStrictEqual(['q']);
    expect(q.result.events).toHaveLength(3);
    expect((await one({ q: 'answer nothing' })).result.events).toHaveLength(0);

    for (const status of ['success', '!2xx', '!error']) {
      const r = await one({ status });
      expect(r.result.clientFiltered, status).toStrictEqual(['status']);
      expect(r.result.events, status).toHaveLength(3);
    }
    const none: Filters[] = [
      { status: 'error' },
      { status: '!success' },
      { status: '2xx' },
      { traceId: 't' },
      { skill: 's' },
      { method: 'GET' },
      { kind: 'request' },
    ];
    for (const filters of none) {
      const r = await one(filters);
      expect(r.calls, JSON.stringify(filters)).toHaveLength(0);
      expect(r.result.events).toStrictEqual([]);
      expect(r.result.nextCursor).toBeNull();
    }
  });

  it('asks for just the page when nothing is filtered client-side, else for 100 at a time', async () => {
    expect((await one({}, 30)).query).toMatchObject({ limit: '30' });
    expect((await one({ q: 'rule' }, 30)).query).toMatchObject({ limit: '100' });
    expect((await one({}, 500)).query).toMatchObject({ limit: '100' });
  });

  it('pages with skip/limit when the response has only logs (an empty page ends it)', async () => {
    const all = logs(140);
    const { fetch, calls } = koreBackend(all);
    const source = createKoreSource(config(fetch));
    const first = await source.search(view({}), null, signal());
    expect(first.events.map((e) => e.id)).toStrictEqual(all.slice(0, 100).map((l) => l._id));
    expect(first.nextCursor).not.toBeNull();
    const second = await source.search(view({}), first.nextCursor, signal());
    expect(second.events.map((e) => e.id)).toStrictEqual(all.slice(100).map((l) => l._id));
    expect(second.nextCursor).toBeNull();
    // A short page may be the server's own cap (seed 003 documents no total): one more asks.
    expect(calls.map(params)).toStrictEqual([
      {
        startTime: '1970-01-01T00:00:00.000Z',
        endTime: '2026-11-20T15:30:00.000Z',
        skip: '0',
        limit: '100',
      },
      {
        startTime: '1970-01-01T00:00:00.000Z',
        endTime: '2026-11-20T15:30:00.000Z',
        skip: '100',
        limit: '100',
      },
      {
        startTime: '1970-01-01T00:00:00.000Z',
        endTime: '2026-11-20T15:30:00.000Z',
        skip: '140',
        limit: '100',
      },
    ]);

    // Exactly a full last page: one more (empty) request says it is over.
    const exact = koreBackend(logs(100));
    const s2 = createKoreSource(config(exact.fetch));
    const p1 = await s2.search(view({}), null, signal());
    expect(p1.nextCursor).not.toBeNull();
    const p2 = await s2.search(view({}), p1.nextCursor, signal());
    expect(p2).toMatchObject({ events: [], nextCursor: null, requests: 1 });
  });

  it('uses hasMore when the service sends it', async () => {
    const { fetch, calls } = koreBackend(logs(100), true);
    const page = await createKoreSource(config(fetch)).search(view({}), null, signal());
    expect(page.events).toHaveLength(100);
    expect(page.nextCursor).toBeNull();
    expect(calls).toHaveLength(1);
  });

  it('scans on through client-side filters, in skip order, without gaps', async () => {
    const all = logs(250).map((l, i) =>
      i % 50 === 7 ? { ...l, htmlText: 'Delete role <b>Auditor</b>' } : l,
    );
    const { fetch, calls } = koreBackend(all);
    const page = await createKoreSource(config(fetch)).search(
      view({ q: 'auditor' }),
      null,
      signal(),
      {
        pageSize: 3,
      },
    );
    expect(page.events.map((e) => e.id)).toStrictEqual(['K0007', 'K0057', 'K0107']);
    expect(calls.map((c) => params(c).skip)).toStrictEqual(['0', '100']);
    expect(page.scanned).toBe(108);
    expect(page.nextCursor).toBe('o108');
  });

  it('returns newest first even when the view asks for ascending order', async () => {
    const { fetch } = koreBackend(logs(5));
    const s = createKoreSource(config(fetch));
    const asc = await s.search(view({}, 'asc'), null, signal());
    expect(asc.events.map((e) => e.id)).toStrictEqual([
      'K0000',
      'K0001',
      'K0002',
      'K0003',
      'K0004',
    ]);
  });

  it('get answers from the events it returned, up to the last 2000, without a request', async () => {
    const all = logs(2100);
    const { fetch, calls } = koreBackend(all);
    const s = createKoreSource(config(fetch));
    await expect(s.get('K0000', signal())).rejects.toBeInstanceOf(NotFoundError);
    let cursor: string | null = null;
    do {
      const page = await s.search(view({}), cursor, signal(), { pageSize: 700 });
      cursor = page.nextCursor;
    } while (cursor);
    const before = calls.length;
    const last = await s.get('K2099', signal());
    expect(noRaw(last)).toStrictEqual(
      noRaw(mapKoreLog(parse(KoreResponse, { logs: [all[2099]] }).logs[0]!)),
    );
    expect((await s.get('K0100', signal())).id).toBe('K0100');
    await expect(s.get('K0099', signal())).rejects.toBeInstanceOf(NotFoundError); // evicted
    expect(calls.length).toBe(before);
    // Returning events again makes them the most recent: the oldest others go instead.
    await s.search(view({}), null, signal(), { pageSize: 700 });
    expect((await s.get('K0050', signal())).id).toBe('K0050');
    expect((await s.get('K0150', signal())).id).toBe('K0150');
    await expect(s.get('K0750', signal())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('turns the API errors into typed errors', async () => {
    const reply = (status: number) =>
      fakeFetch(() => ({ status, body: { errors: [{ msg: 'no', code: status }] } })).fetch;
    const search = (f: typeof fetch) =>
      createKoreSource(config(f)).search(view({}), null, signal());
    await expect(search(reply(401))).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(search(reply(403))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

// ---------------------------------------------------------------------------------------------

describe('Kore adapter against the reference service', () => {
  let h: Harness;
  /** The seed's Kore events within retention, newest first: the ground truth. */
  let truth: AuditEvent[];
  beforeAll(async () => {
    h = await startHarness();
    truth = h.records
      .filter((r) => r.origin === 'kore' && r.event.timestamp >= NOW - 7 * DAY)
      .map((r) => r.event)
      .sort((a, b) => compareEvents(a, b, 'desc'));
  });
  afterAll(() => h?.service.close());

  const source = (key: string = KEYS.pii): Source =>
    createKoreSource({ endpoint: h.url, credentials: () => key, now: () => NOW });

  /** Every page of a query, following the cursor. */
  async function pageAll(s: Source, filters: Filters, pageSize?: number) {
    const { events, requests, pages } = await pageThrough(s, view(filters), pageSize);
    return { events, requests, clientFiltered: pages.at(-1)!.clientFiltered as string[] };
  }

  it('has a ground truth worth testing against', () => {
    expect(truth.length).toBeGreaterThan(150);
    expect(truth.some((e) => e.parentId)).toBe(true);
    // Some seeded names carry hostile HTML: the messages must still come out as text.
    expect(truth.some((e) => /<(script|img|iframe|svg|a)\b/i.test(e.messageHtml ?? ''))).toBe(true);
  });

  it('pages through everything with no duplicates and no gaps, each event equal to the seed', async () => {
    const { events } = await pageAll(source(), {}, 37);
    expect(events.map((e) => e.id)).toStrictEqual(truth.map((e) => e.id));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.map(noRaw)).toStrictEqual(truth);
    const byId = new Map(h.records.map((r) => [r.event.id, r.native]));
    for (const e of events) {
      expect(e.raw).toStrictEqual(byId.get(e.id));
      expect(e.message).not.toMatch(/<[a-z/!]/i);
    }
  });

  type Oracle = (e: AuditEvent) => boolean;
  const since =
    (from: number, to = Infinity): Oracle =>
    (e) =>
      e.timestamp >= from && e.timestamp <= to;
  /** Every term (lower-cased) somewhere in the fields a person sees. */
  const allTerms =
    (...terms: string[]): Oracle =>
    (e) => {
      const text = [e.action, e.actor.email, e.actor.name, e.target?.type, e.target?.id, e.message]
        .filter(Boolean)
        .join('\n')
        .toLowerCase();
      return terms.every((t) => text.includes(t));
    };
  const cases: [string, () => Filters, () => Oracle, string[]][] = [
    [
      'actor',
      () => ({ actor: truth[3]!.actor.email }),
      () => (e) => e.actor.email === truth[3]!.actor.email,
      [],
    ],
    [
      'actor, other case',
      () => ({ actor: truth[3]!.actor.email!.toUpperCase() }),
      () => (e) => e.actor.email === truth[3]!.actor.email,
      [],
    ],
    [
      'actor by display name (client-side)',
      () => ({ actor: truth[3]!.actor.name }),
      () => (e) => e.actor.name === truth[3]!.actor.name,
      ['actor'],
    ],
    [
      'plugin nlprules',
      () => ({ plugin: 'nlprules' }),
      () => (e) => e.target?.type === 'nlprules',
      [],
    ],
    [
      'plugin agent (any case)',
      () => ({ plugin: 'agent' }),
      () => (e) => e.target?.type.toLowerCase() === 'agent',
      [],
    ],
    ['action delete', () => ({ action: 'DELETE' }), () => (e) => e.action === 'delete', []],
    [
      'entityId',
      () => ({ entityId: truth[5]!.target!.id }),
      () => (e) => e.target?.id === truth[5]!.target!.id,
      [],
    ],
    [
      'userId',
      () => ({ userId: truth[7]!.actor.id }),
      () => (e) => e.actor.id === truth[7]!.actor.id,
      [],
    ],
    [
      'workspace (client-side)',
      () => ({ workspace: truth[9]!.workspace }),
      () => (e) => e.workspace === truth[9]!.workspace,
      ['workspace'],
    ],
    [
      'time: last 24h',
      () => ({ time: { type: 'relative', last: '24h' } }),
      () => since(NOW - DAY),
      [],
    ],
    [
      'time: absolute',
      () => ({ time: { type: 'absolute', from: NOW - 4 * DAY, to: NOW - 3 * DAY } }),
      () => since(NOW - 4 * DAY, NOW - 3 * DAY),
      [],
    ],
    ['kind change', () => ({ kind: 'change' }), () => () => true, []],
    [
      'q (client-side)',
      () => ({ q: 'Update business rule' }),
      () => allTerms('update', 'business', 'rule'),
      ['q'],
    ],
    ['status success (client-side)', () => ({ status: 'success' }), () => () => true, ['status']],
    ["status '!2xx' (client-side)", () => ({ status: '!2xx' }), () => () => true, ['status']],
    [
      'actor + plugin + time + q',
      () => ({
        actor: truth.find((e) => e.target?.type === 'nlprules')!.actor.email,
        plugin: 'NLPRULES',
        time: { type: 'relative', last: '7d' },
        q: 'answer rule',
      }),
      () => (e) =>
        e.actor.email === truth.find((t) => t.target?.type === 'nlprules')!.actor.email &&
        e.target?.type === 'nlprules' &&
        since(NOW - 7 * DAY)(e) &&
        allTerms('answer', 'rule')(e),
      ['q'],
    ],
  ];
  for (const [name, filters, oracle, clientSide] of cases)
    it(`filter: ${name}`, async () => {
      const f = filters();
      const want = truth.filter(oracle());
      expect(want.length, 'a case that selects nothing proves little').toBeGreaterThan(0);
      const got = await pageAll(source(), f);
      expect(got.events.map((e) => e.id)).toStrictEqual(want.map((e) => e.id));
      expect(got.events.map(noRaw)).toStrictEqual(want);
      expect(got.clientFiltered).toStrictEqual(clientSide);
      expect(source().planFilters(view(f)).client).toStrictEqual(clientSide);
    });

  it('filters no Kore log can match take no request', async () => {
    const none: Filters[] = [
      { kind: 'api-call' },
      { status: 'error' },
      { traceId: 'x' },
      { method: 'GET' },
      { environment: 'production' },
      { authType: 'api-key' },
    ];
    for (const f of none) {
      const got = await pageAll(source(), f);
      expect(got).toMatchObject({ events: [], requests: 0 });
    }
  });

  it('get answers for events it returned, equal to the seed', async () => {
    const s = source();
    const wanted = truth[42]!;
    await expect(s.get(wanted.id, signal())).rejects.toBeInstanceOf(NotFoundError);
    await s.search(view({}), null, signal());
    expect(noRaw(await s.get(wanted.id, signal()))).toStrictEqual(wanted);
  });

  it('a wrong key is an UnauthorizedError, a key without audit access a ForbiddenError', async () => {
    await expect(source('wrong').search(view({}), null, signal())).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await expect(source(KEYS.none).search(view({}), null, signal())).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe("Kore adapter against a local stub serving seed 003's sample (issue 11 acceptance)", () => {
  let stub: Stub;
  let reply: (req: StubRequest) => StubReply;
  beforeAll(async () => {
    stub = await startStub((req) => reply(req));
  });
  afterAll(() => stub?.close());
  const source = () =>
    createKoreSource({
      endpoint: stub.url,
      credentials: () => 'personal-key',
      client: { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } },
      now: () => NOW,
    });
  const reset = (r: typeof reply) => {
    stub.requests.length = 0;
    reply = r;
  };
  const WINDOW = { startTime: '1970-01-01T00:00:00.000Z', endTime: '2026-11-20T15:30:00.000Z' };

  it('the sample verbatim: one event with its non-empty delta, the window and key sent', async () => {
    reset((req) => ({ body: req.query.skip === '0' ? SAMPLE_JSON : { logs: [] } }));
    const page = await source().search(view({}), null, signal());
    expect(page.events.map(noRaw)).toStrictEqual([
      {
        id: '67584fc8a16721a7bb876d3b',
        timestamp: Date.UTC(2024, 11, 10, 14, 27, 20, 286),
        kind: 'change',
        actor: {
          id: 'u-6fd26567-2b99-5265-9b69-54fba448d26f',
          email: 'john.jackob@kore.com',
          name: 'John jackob',
          type: 'user',
        },
        action: 'update',
        status: 'success',
        target: { type: 'nlprules', id: '66a389b40e9b336c5e6edb19' },
        message: 'Update business rule Answer rule - 67',
        messageHtml: 'Update business rule <b>Answer rule - 67</b>',
        workspace: 'ac-a16b8603-4c4d-57b7-a6e2-ddf53fee4efb',
        delta: { from: {}, to: { name: 'Answer rule - 67' } },
      },
    ]);
    expect(stub.requests[0]!.headers.auth).toBe('personal-key');
    expect(stub.requests.map((r) => r.query)).toStrictEqual([
      { ...WINDOW, skip: '0', limit: '100' },
      { ...WINDOW, skip: '1', limit: '100' },
    ]);
  });

  it('a non-empty delta.from and an unknown extra field', async () => {
    const changed = {
      ...log(),
      delta: {
        from: { name: 'Answer rule - 66', enabled: false },
        to: { name: 'Answer rule - 67' },
      },
      region: 'eu-1',
    };
    reset((req) => ({ body: { logs: req.query.skip === '0' ? [changed] : [] } }));
    const [event] = (await source().search(view({}), null, signal())).events;
    expect(event!.delta).toStrictEqual({
      from: { name: 'Answer rule - 66', enabled: false },
      to: { name: 'Answer rule - 67' },
    });
    expect((event!.raw as Json).region).toBe('eu-1');
  });

  it('a backend that returns 5 at a time whatever is asked: every log exactly once', async () => {
    const all = logs(23);
    reset((req) => ({
      body: { logs: all.slice(Number(req.query.skip), Number(req.query.skip) + 5) },
    }));
    const walk = await pageThrough(source(), view({}), 10);
    expect(walk.events.map((e) => e.id)).toStrictEqual(all.map((l) => l._id));
    expect(stub.requests.map((r) => r.query.skip)).toStrictEqual([
      '0',
      '5',
      '10',
      '15',
      '20',
      '23',
    ]);
  });

  it('sends the documented parameters the view asks for', async () => {
    reset(() => ({ body: { logs: [] } }));
    await source().search(
      view({
        actor: 'john.jackob@kore.com',
        plugin: 'nlprules',
        action: 'Update',
        entityId: '66a389b40e9b336c5e6edb19',
        userId: 'u-6fd26567-2b99-5265-9b69-54fba448d26f',
        time: {
          type: 'absolute',
          from: Date.UTC(2024, 11, 1),
          to: Date.UTC(2024, 11, 12, 23, 59, 59),
        },
      }),
      null,
      signal(),
    );
    expect(stub.requests[0]!.query).toStrictEqual({
      emailId: 'john.jackob@kore.com',
      entity: 'nlprules',
      startTime: '2024-12-01T00:00:00.000Z',
      endTime: '2024-12-12T23:59:59.000Z',
      action: 'update',
      entityId: '66a389b40e9b336c5e6edb19',
      userId: 'u-6fd26567-2b99-5265-9b69-54fba448d26f',
      skip: '0',
      limit: '100',
    });
  });

  it('a server that insists on an entity: each documented entity, merged newest first, each once', async () => {
    // Two entities hold logs, interleaved in time; the others are empty.
    const all: Json[] = logs(12).map((l, i) => ({
      ...l,
      entity: i % 3 === 0 ? 'role' : 'nlprules',
    }));
    reset((req) => {
      if (!req.query.entity)
        return { status: 400, body: { errors: [{ msg: 'entity is required', code: 400 }] } };
      const mine = all.filter((l) => l.entity === req.query.entity);
      const skip = Number(req.query.skip);
      return { body: { logs: mine.slice(skip, skip + Number(req.query.limit)) } };
    });
    const s = source();
    const walk = await pageThrough(s, view({}), 5);
    expect(walk.events.map((e) => e.id)).toStrictEqual(all.map((l) => l._id));
    expect(stub.requests[0]!.query.entity).toBeUndefined();
    expect(new Set(stub.requests.slice(1).map((r) => r.query.entity)).size).toBe(11);
    // Decided once: the next query goes to the entities at once.
    stub.requests.length = 0;
    await s.search(view({}), null, signal(), { pageSize: 5 });
    expect(stub.requests.every((r) => r.query.entity !== undefined)).toBe(true);
    // A 400 about something else is not an entity problem.
    reset(() => ({ status: 400, body: { errors: [{ msg: 'bad startTime', code: 400 }] } }));
    await expect(source().search(view({}), null, signal())).rejects.toBeInstanceOf(BadRequestError);
    expect(stub.requests).toHaveLength(1);
  });

  it('typed errors: 401, 403, 404, a wrong type naming its path, an HTML 502', async () => {
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      );
    const search = () => failure(source().search(view({}), null, signal()));
    reset(() => ({ status: 401, body: { errors: [{ msg: 'Invalid or missing auth token' }] } }));
    expect(await search()).toBeInstanceOf(UnauthorizedError);
    reset(() => ({ status: 403, body: { errors: [{ msg: 'no' }] } }));
    expect(await search()).toBeInstanceOf(ForbiddenError);
    reset(() => ({ status: 404, body: { errors: [{ msg: 'Not found' }] } }));
    expect(await search()).toBeInstanceOf(NotFoundError);
    reset(() => ({ body: { logs: 'none' } }));
    expect(await search()).toMatchObject({ kind: 'schema', path: 'logs' });
    reset(() => ({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    }));
    expect(await search()).toBeInstanceOf(ServerError);
    expect(stub.requests).toHaveLength(2);
  });
});
