/**
 * The org-audit adapter (seed 004) against the real reference service: the mapping
 * equals the service's normalized events, paging with server- and client-side filters
 * equals the ground truth, details and governance through `get`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../core/errors.js';
import { compareEvents } from '../../../core/filter.js';
import {
  REDACTION_MARKER,
  type AuditEvent,
  type FilterKey,
  type Filters,
  type SortOrder,
  type ViewState,
} from '../../../core/model.js';
import {
  createOrgAuditSource,
  mapOrgAuditItem,
  OrgAuditItem,
  translateOrgAudit,
} from '../../../core/sources/org-audit.js';
import type { Source, SourceConfig } from '../../../core/sources/types.js';
import { withholdPii } from '../../../server/redaction.js';
import { DAY, KEYS, NOW, startHarness, type Harness } from '../server/harness.js';
import { pageThrough } from './paging.js';
import { parse } from './parse.js';
import { startStub } from './stub.js';

const view = (filters: Filters = {}, sort: SortOrder = 'desc'): ViewState => ({
  v: 1,
  filters,
  sort,
});
const noRaw = ({ raw: _raw, ...e }: AuditEvent): AuditEvent => e;
/** What a list item can tell: everything but the request details. */
const listed = ({ request: _request, ...e }: AuditEvent): AuditEvent => e;
const ids = (events: { id: string }[]) => events.map((e) => e.id);
const never = () => new AbortController().signal;

async function pageAll(
  source: Source,
  v: ViewState,
  pageSize: number,
  clientFiltered: FilterKey[],
): Promise<{ events: AuditEvent[]; requests: number }> {
  const { events, requests, pages } = await pageThrough(source, v, pageSize);
  for (const page of pages) {
    expect(page.clientFiltered).toEqual(clientFiltered);
    expect(page.events.length).toBeLessThanOrEqual(pageSize);
    expect(page.scanned).toBeGreaterThanOrEqual(page.events.length);
    if (page.nextCursor !== null && clientFiltered.length === 0)
      expect(page.events).toHaveLength(pageSize);
  }
  return { events, requests };
}

describe('org-audit source against the reference service', () => {
  let h: Harness;
  let source: Source;
  const config = (key: string, extra: Partial<SourceConfig> = {}): SourceConfig => ({
    endpoint: h.url,
    credentials: () => key,
    now: () => NOW,
    ...extra,
  });
  const orgTruth = () => h.truth.filter((e) => e.kind === 'request');
  type Oracle = (e: AuditEvent) => boolean;
  const all: Oracle = () => true;
  /** The listed events the oracle (written out by hand per case) selects, newest first. */
  const truth = (oracle: Oracle) =>
    orgTruth()
      .map(listed)
      .filter(oracle)
      .sort((a, b) => compareEvents(a, b));
  const code = (e: AuditEvent) => e.http!.statusCode!;
  const since =
    (from: number, to = Infinity): Oracle =>
    (e) =>
      e.timestamp >= from && e.timestamp <= to;
  /** The service's org-audit search, restated: the path (partially), an account or workspace id. */
  const searchHit =
    (text: string): Oracle =>
    (e) =>
      e.http!.path!.toLowerCase().includes(text.toLowerCase()) ||
      (e.actor.type === 'user' && e.actor.id === text) ||
      e.workspace === text;
  const native = (id: string) => h.records.find((r) => r.event.id === id)!.native!;

  beforeAll(async () => {
    h = await startHarness();
    source = createOrgAuditSource(config(KEYS.pii));
  });
  afterAll(() => h?.service.close());

  const someAccount = () => orgTruth().find((e) => e.actor.type === 'user')!;
  const pathTerm = () => someAccount().http!.path!.split('/').slice(0, 4).join('/').toUpperCase();
  const someWorkspace = () => orgTruth().find((e) => e.workspace)!.workspace!;

  const CASES: [string, () => Filters, () => Oracle, FilterKey[]][] = [
    ['no filter', () => ({}), () => all, []],
    ['method', () => ({ method: 'post' }), () => (e) => e.http!.method === 'POST', []],
    ['exact status code', () => ({ status: '404' }), () => (e) => code(e) === 404, []],
    [
      'resource (plugin), any case',
      () => ({ plugin: 'userscontroller' }),
      () => (e) => e.target!.type === 'UsersController',
      [],
    ],
    ['kind request', () => ({ kind: 'request' }), () => all, []],
    [
      'relative time',
      () => ({ time: { type: 'relative', last: '24h' } }),
      () => since(NOW - DAY),
      [],
    ],
    [
      'absolute time',
      () => ({ time: { type: 'absolute', from: NOW - 4 * DAY, to: NOW - 2 * DAY } }),
      () => since(NOW - 4 * DAY, NOW - 2 * DAY),
      [],
    ],
    [
      'status class',
      () => ({ status: '4xx' }),
      () => (e) => code(e) >= 400 && code(e) < 500,
      ['status'],
    ],
    ['status range', () => ({ status: '>=400' }), () => (e) => code(e) >= 400, ['status']],
    ['negated code', () => ({ status: '!200' }), () => (e) => code(e) !== 200, ['status']],
    ['outcome', () => ({ status: 'error' }), () => (e) => code(e) >= 400, ['status']],
    [
      'actor email',
      () => ({ actor: someAccount().actor.email!.toUpperCase() }),
      () => (e) => e.actor.email === someAccount().actor.email,
      ['actor'],
    ],
    [
      'free text over the path (the API searches)',
      () => ({ q: pathTerm() }),
      () => searchHit(pathTerm()),
      [],
    ],
    [
      'free text: an account id (issue 11 item 2)',
      () => ({ q: someAccount().actor.id }),
      () => searchHit(someAccount().actor.id!),
      [],
    ],
    [
      'free text: a workspace id (issue 11 item 2)',
      () => ({ q: someWorkspace() }),
      () => searchHit(someWorkspace()),
      [],
    ],
    [
      'workspace (client-side, narrowed by search)',
      () => ({ workspace: someWorkspace() }),
      () => (e) => e.workspace === someWorkspace(),
      ['workspace'],
    ],
    [
      'userId (client-side, narrowed by search)',
      () => ({ userId: someAccount().actor.id }),
      () => (e) => e.actor.id === someAccount().actor.id,
      ['userId'],
    ],
    [
      'auth type: API key',
      () => ({ authType: 'api-key' }),
      () => (e) => e.actor.type === 'api-key',
      [],
    ],
    ['auth type: JWT', () => ({ authType: 'jwt' }), () => (e) => e.actor.type !== 'api-key', []],
    ['skill (never set on requests)', () => ({ skill: 'Ticketing' }), () => () => false, ['skill']],
    [
      'trace id (never set on requests)',
      () => ({ traceId: 'abc' }),
      () => () => false,
      ['traceId'],
    ],
    [
      'server and client filters together',
      () => ({
        method: 'GET',
        status: '2xx',
        actor: someAccount().actor.email!,
        time: { type: 'absolute', from: NOW - 6 * DAY },
      }),
      () => (e) =>
        e.http!.method === 'GET' &&
        code(e) >= 200 &&
        code(e) < 300 &&
        e.actor.email === someAccount().actor.email &&
        since(NOW - 6 * DAY)(e),
      ['actor', 'status'],
    ],
  ];

  it.each(CASES)(
    '%s: all pages equal the ground truth',
    async (name, make, oracle, clientFiltered) => {
      const filters = make();
      const want = truth(oracle());
      if (!name.includes('never set')) expect(want.length, name).toBeGreaterThan(0);
      expect(source.planFilters(view(filters)).client).toEqual(clientFiltered);
      for (const pageSize of [100, 7]) {
        const { events } = await pageAll(source, view(filters), pageSize, clientFiltered);
        expect(new Set(ids(events)).size).toBe(events.length);
        expect(ids(events)).toEqual(ids(want));
        expect(events.map(noRaw)).toEqual(want);
      }
    },
  );

  it('other kinds: an empty result without a request', async () => {
    let calls = 0;
    const counting = createOrgAuditSource(
      config(KEYS.pii, { client: { fetch: (...args) => (calls++, fetch(...args)) } }),
    );
    for (const kind of ['api-call', 'change'] as const) {
      const page = await counting.search(view({ kind, actor: 'x@y.example' }), null, never());
      expect(page).toEqual({
        events: [],
        nextCursor: null,
        clientFiltered: ['actor', 'kind'],
        scanned: 0,
        requests: 0,
      });
    }
    expect(calls).toBe(0);
  });

  it('client-side filtering scans several backend pages to fill one viewer page', async () => {
    const email = someAccount().actor.email!;
    const page = await source.search(view({ actor: email }), null, never(), { pageSize: 5 });
    expect(page.events).toHaveLength(Math.min(5, truth((e) => e.actor.email === email).length));
    expect(page.scanned).toBeGreaterThan(page.events.length);
    expect(page.clientFiltered).toEqual(['actor']);
  });

  it('list items map to the normalized events without request details; raw is the item', async () => {
    const { events } = await pageAll(source, view(), 100, []);
    expect(events).toHaveLength(orgTruth().length);
    for (const e of events) {
      const { details: _details, ...item } = native(e.id);
      expect(e.raw).toEqual(item);
      expect(e.request).toBeUndefined();
      expect(e.redacted).toBeUndefined();
    }
    const users = events.filter((e) => e.actor.type === 'user');
    const keys = events.filter((e) => e.actor.type === 'api-key');
    expect(users.length).toBeGreaterThan(0);
    expect(keys.length).toBeGreaterThan(0);
    for (const e of keys) expect(Object.keys(e.actor).sort()).toEqual(['id', 'name', 'type']);
    expect(events.some((e) => e.workspace === undefined && !('workspace' in e))).toBe(true);
  });

  it('get(id) maps the detail exactly as the service normalizes it', async () => {
    const all = orgTruth().sort((a, b) => compareEvents(a, b));
    const picks = [
      all.find((e) => e.request?.body !== undefined)!,
      all.find((e) => e.request?.query !== undefined)!,
      all.find((e) => e.request?.params === undefined)!,
      all.find((e) => e.actor.type === 'api-key')!,
      all.find((e) => e.workspace === undefined)!,
      ...all.filter((_, i) => i % 15 === 0),
    ];
    for (const want of picks) {
      const got = await source.get(want.id, never());
      expect(noRaw(got)).toEqual(want);
      expect(got.raw).toEqual(native(want.id));
    }
    await expect(source.get('000000000000000000000000', never())).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('a restricted principal: same list, details replaced by markers and listed in `redacted`', async () => {
    const restricted = createOrgAuditSource(config(KEYS.restricted));
    const { events } = await pageAll(
      restricted,
      view({ time: { type: 'relative', last: '24h' } }),
      100,
      [],
    );
    expect(events.map(noRaw)).toEqual(truth(since(NOW - DAY)));
    const withBody = orgTruth().find(
      (e) => e.request?.body !== undefined && e.request.query === undefined,
    )!;
    const withQuery = orgTruth().find((e) => e.request?.query !== undefined)!;
    for (const want of [withBody, withQuery]) {
      const got = await restricted.get(want.id, never());
      expect(noRaw(got)).toEqual(withholdPii(want));
      expect(got.redacted).toContain('request.headers');
      for (const part of got.redacted!)
        expect(got.request![part.split('.')[1] as 'body']).toBe(REDACTION_MARKER);
      expect(JSON.stringify(got)).not.toMatch(/user-agent|x-request-id/i);
    }
    expect((await restricted.get(withBody.id, never())).redacted).toContain('request.body');
    expect((await restricted.get(withQuery.id, never())).redacted).toContain('request.query');
  });

  it('a principal without viewAuditLog gets ForbiddenError', async () => {
    const none = createOrgAuditSource(config(KEYS.none));
    await expect(none.search(view(), null, never())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(none.get(someAccount().id, never())).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('the API has one order: newest first', async () => {
    const asc = await source.search(view({}, 'asc'), null, never(), { pageSize: 10 });
    expect(ids(asc.events)).toEqual(ids(truth(all).slice(0, 10)));
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(source.search(view(), 'not-a-cursor', never())).rejects.toThrow(RangeError);
  });
});

describe('org-audit mapping and planning (no service)', () => {
  const item = {
    id: '6af7303c51f02ad0c5f63366',
    account: null,
    apiKey: { id: 'k1', name: 'CI deploy key' },
    workspace: null,
    authType: 'apiKey',
    resource: 'UsersController',
    method: 'DELETE',
    path: '/api/v1/users/42',
    statusCode: 404,
    createdAt: '2026-11-13T15:43:56.998Z',
    hasPayload: false,
    somethingNew: { nested: true },
  };

  it('maps an API-key request and keeps unknown fields only in raw', () => {
    const parsed = parse(OrgAuditItem, item);
    expect(mapOrgAuditItem(parsed)).toEqual({
      id: item.id,
      timestamp: Date.parse(item.createdAt),
      kind: 'request',
      actor: { id: 'k1', name: 'CI deploy key', type: 'api-key' },
      action: 'DELETE UsersController',
      status: 'error',
      target: { type: 'UsersController' },
      http: { method: 'DELETE', path: '/api/v1/users/42', statusCode: 404 },
      raw: item,
    });
  });

  it('details: empty maps and a null body are left out, markers kept and listed', () => {
    const parsed = parse(OrgAuditItem, item);
    const e = mapOrgAuditItem(parsed, {
      body: null,
      query: {},
      params: REDACTION_MARKER,
      headers: { a: 'b' },
    });
    expect(e.request).toEqual({ params: REDACTION_MARKER, headers: { a: 'b' } });
    expect(e.redacted).toEqual(['request.params']);
    expect(
      mapOrgAuditItem(parsed, { body: null, query: {}, params: {}, headers: {} }).request,
    ).toEqual({});
  });

  it('a page with a bad record shows the others and names the bad one (issue 12 item 4)', async () => {
    const list = {
      items: [
        item,
        { ...item, id: 'b' },
        { ...item, id: 'c', createdAt: 'yesterday' },
        { ...item, id: null },
      ],
      page: 1,
      limit: 4,
      total: 4,
      totalPages: 1,
    };
    const stub = await startStub(() => ({ body: list }));
    try {
      const s = createOrgAuditSource({
        endpoint: stub.url,
        credentials: () => 'k',
        now: () => NOW,
      });
      const page = await s.search(view(), null, never());
      expect(ids(page.events)).toEqual([item.id, 'b']);
      expect(page.rejected).toEqual([
        {
          index: 2,
          id: 'c',
          path: 'items[2].createdAt',
          message: 'expected an ISO 8601 date-time',
        },
        { index: 2, path: 'items[3].id', message: 'expected string' },
      ]);
      expect(stub.requests[0]!.query).toEqual({ page: '1', limit: '50' });
      expect(stub.requests[0]!.headers.authorization).toBe('Bearer k');
    } finally {
      await stub.close();
    }
  });

  it('sends search, auth type and the other parameters the view asks for', async () => {
    const stub = await startStub(() => ({
      body: { items: [], page: 1, limit: 100, total: 0, totalPages: 0 },
    }));
    try {
      const s = createOrgAuditSource({
        endpoint: stub.url,
        credentials: () => 'k',
        now: () => NOW,
      });
      await s.search(
        view({
          q: '/api/v1/pathways',
          authType: 'jwt',
          method: 'get',
          status: '201',
          plugin: 'PathwaysController',
          time: { type: 'absolute', from: 1000, to: 2000 },
        }),
        null,
        never(),
      );
      expect(stub.requests[0]!.query).toEqual({
        search: '/api/v1/pathways',
        method: 'GET',
        statusCode: '201',
        resource: 'PathwaysController',
        authType: 'jwt',
        from: '1000',
        to: '2000',
        page: '1',
        limit: '50',
      });
    } finally {
      await stub.close();
    }
  });

  it("translates the view into the API query and the viewer's filters", () => {
    const plan = (f: Filters) => translateOrgAudit(f, NOW);
    expect(plan({ status: '201', method: 'post', plugin: 'UsersController' })).toEqual({
      query: { statusCode: 201, method: 'POST', resource: 'UsersController' },
      server: ['plugin', 'method', 'status'],
      client: [],
      empty: false,
    });
    expect(plan({ status: '2xx', actor: 'a@b', q: ' 6885c7aa9debb6f321855c2d ' })).toEqual({
      query: { search: '6885c7aa9debb6f321855c2d' },
      server: ['q'],
      client: ['actor', 'status'],
      empty: false,
    });
    expect(plan({ authType: 'api-key' }).query).toEqual({ authType: 'apiKey' });
    expect(plan({ authType: 'jwt' }).query).toEqual({ authType: 'jwt' });
    // An exact id the API can only search for narrows the scan; the match is the viewer's.
    expect(plan({ workspace: '68987795c090f4ae5e94abc2' })).toEqual({
      query: { search: '68987795c090f4ae5e94abc2' },
      server: [],
      client: ['workspace'],
      empty: false,
    });
    expect(plan({ userId: 'u1', q: 'x' }).query).toEqual({ search: 'x' });
    expect(plan({ method: 'M-SEARCH' }).client).toEqual(['method']);
    expect(plan({ time: { type: 'relative', last: '1h' } }).query).toEqual({
      from: NOW - 3_600_000,
      to: undefined,
    });
    expect(plan({ kind: 'change' }).empty).toBe(true);
    expect(plan({ kind: 'request' }).empty).toBe(false);
    for (const f of [{ skill: 's' }, { traceId: 't' }, { environment: 'e' }, { entityId: 'i' }])
      expect(plan(f).empty, JSON.stringify(f)).toBe(true);
  });
});
