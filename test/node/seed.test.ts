/**
 * Properties of the seed-data generator (server/seed/): determinism, the time window, schema
 * validity, id uniqueness, the native <-> normalized mapping of each backend, trace and retry
 * structure, and the walkthrough user's data.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../core/model.js';
import * as S from '../../core/schema.js';
import { DEMO_END_USER, generateSeed, type SeedRecord } from '../../server/seed/generate.js';

const NOW = Date.UTC(2025, 5, 12, 15, 30, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const N = 20_000;

let cached: SeedRecord[] | undefined;
function all(): SeedRecord[] {
  cached ??= generateSeed({ seed: 1, events: N, now: NOW });
  return cached;
}
const byOrigin = (origin: SeedRecord['origin']): SeedRecord[] =>
  all().filter((r) => r.origin === origin);
const apiEvents = (): AuditEvent[] => byOrigin('api-logs').map((r) => r.event);

/** The skills and plugins of seed 001 (the spec, not the generator's own table). */
const SKILL_PLUGINS: Record<string, string[]> = {
  Ticketing: ['create ticket', 'resolve ticket', 'reopen ticket', 'comment on ticket'],
  'Live Agent': ['connect to live agent', 'end live agent session'],
  Approvals: ['update approval'],
  'Group Operations': ['create group', 'add group member', 'remove group member'],
  'Account Operations': ['update password', 'unlock account'],
  'Software Operations': ['provision software'],
  System: ['System'],
  'Enterprise Search & Forms': ['ticket lookup'],
};

const AUTH_URLS = [
  /^https:\/\/login\.microsoftonline\.com\/[^/]+\/oauth2\/v2\.0\/token$/,
  /^https:\/\/[^/]+\.okta(preview)?\.com\/oauth2\/v1\/token$/,
  /^https:\/\/[^/]+\.service-now\.com\/oauth_token\.do$/,
  /^https:\/\/[^/]+\.atlassian\.net\/oauth\/token$/,
];
const isAuthCall = (e: AuditEvent): boolean => AUTH_URLS.some((re) => re.test(e.http?.url ?? ''));

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

function traces(events: AuditEvent[]): Map<string, AuditEvent[]> {
  const m = groupBy(events, (e) => e.traceId ?? '');
  for (const list of m.values()) list.sort((a, b) => a.timestamp - b.timestamp);
  return m;
}

function headersOf(h: unknown): Record<string, string> {
  expect(typeof h).toBe('object');
  return h as Record<string, string>;
}

/** Keys whose value is `undefined` (they must be omitted instead), recursively through plain objects. */
function undefinedKeys(v: unknown, path = ''): string[] {
  if (v === null || typeof v !== 'object') return [];
  if (Array.isArray(v)) return v.flatMap((x, i) => undefinedKeys(x, `${path}[${i}]`));
  return Object.entries(v).flatMap(([k, x]) =>
    x === undefined ? [`${path}.${k}`] : undefinedKeys(x, `${path}.${k}`),
  );
}

function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>?/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('generateSeed: determinism, size and time window', () => {
  it('is deterministic for the same options and differs for another seed', () => {
    const a = generateSeed({ seed: 42, events: 4000, now: NOW });
    const b = generateSeed({ seed: 42, events: 4000, now: NOW });
    expect(b).toEqual(a);
    const c = generateSeed({ seed: 43, events: 4000, now: NOW });
    expect(c).not.toEqual(a);
    expect(c.map((r) => r.event.id)).not.toEqual(a.map((r) => r.event.id));
    // Also across a large set (stringified: fast and exact).
    expect(JSON.stringify(generateSeed({ seed: 1, events: N, now: NOW }))).toBe(
      JSON.stringify(all()),
    );
  });

  // (How long it takes is measured by `npm run bench`, not asserted here.)
  it('generates 20,000 records', () => {
    const r = generateSeed({ seed: 9, events: N, now: NOW });
    expect(r).toHaveLength(N);
  });

  it('returns exactly `events` records, sorted, inside [now - days, now]', () => {
    const recs = all();
    expect(recs).toHaveLength(N);
    for (let i = 1; i < recs.length; i++) {
      expect(recs[i]!.event.timestamp).toBeGreaterThanOrEqual(recs[i - 1]!.event.timestamp);
    }
    expect(recs[0]!.event.timestamp).toBeGreaterThanOrEqual(NOW - 7 * DAY);
    expect(recs[recs.length - 1]!.event.timestamp).toBeLessThanOrEqual(NOW);
    // Spread over the whole week, not bunched.
    const perDay = new Array<number>(7).fill(0);
    for (const r of recs) perDay[Math.min(6, Math.floor((NOW - r.event.timestamp) / DAY))]!++;
    for (const n of perDay) expect(n).toBeGreaterThan(N / 7 / 5);
  });

  it('respects `days` and small sizes (e.g. a live feed of a few events over seconds)', () => {
    const two = generateSeed({ seed: 3, events: 2000, now: NOW, days: 2 });
    expect(two).toHaveLength(2000);
    for (const r of two) expect(r.event.timestamp).toBeGreaterThanOrEqual(NOW - 2 * DAY);
    expect(generateSeed({ seed: 3, events: 0, now: NOW })).toEqual([]);
    for (const events of [1, 4, 25]) {
      const live = generateSeed({ seed: 5, events, now: NOW, days: 5000 / DAY });
      expect(live).toHaveLength(events);
      for (const r of live) {
        expect(r.event.timestamp).toBeGreaterThanOrEqual(NOW - 5000);
        expect(r.event.timestamp).toBeLessThanOrEqual(NOW);
        expect(() => S.AuditEvent.parse(r.event)).not.toThrow();
      }
    }
  });

  it('has activity in the last 15 minutes and the last hour, and a working-hours pattern', () => {
    const recs = all();
    expect(
      recs.filter((r) => r.event.timestamp >= NOW - 15 * MINUTE).length,
    ).toBeGreaterThanOrEqual(5);
    const lastHour = recs.filter((r) => r.event.timestamp >= NOW - HOUR);
    expect(lastHour.length).toBeGreaterThanOrEqual(30);
    expect(new Set(lastHour.map((r) => r.origin)).size).toBe(4);
    const perHour = new Array<number>(24).fill(0);
    for (const r of recs) perHour[new Date(r.event.timestamp).getUTCHours()]!++;
    expect(Math.max(...perHour)).toBeGreaterThan(3 * Math.min(...perHour));
  });

  it('mixes the origins roughly 75 / 8 / 7 / 10', () => {
    const share = (o: SeedRecord['origin']) => byOrigin(o).length / N;
    expect(share('api-logs')).toBeGreaterThan(0.7);
    expect(share('api-logs')).toBeLessThan(0.8);
    expect(share('nected')).toBeGreaterThan(0.06);
    expect(share('nected')).toBeLessThan(0.1);
    expect(share('kore')).toBeGreaterThan(0.05);
    expect(share('kore')).toBeLessThan(0.09);
    expect(share('org-audit')).toBeGreaterThan(0.08);
    expect(share('org-audit')).toBeLessThan(0.12);
  });
});

describe('generateSeed: every event', () => {
  it('passes AuditEvent.parse, has no raw/redacted and no undefined-valued keys', () => {
    for (const r of all()) {
      expect(() => S.AuditEvent.parse(r.event)).not.toThrow();
      expect(r.event).not.toHaveProperty('raw');
      expect(r.event).not.toHaveProperty('redacted');
      expect(undefinedKeys(r.event)).toEqual([]);
      if (r.origin === 'api-logs') expect(r.native).toBeUndefined();
      else expect(r.native).toBeTypeOf('object');
    }
  });

  it('has ids unique across all records', () => {
    const ids = all().map((r) => r.event.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has the kind of its origin', () => {
    const kinds = {
      'api-logs': 'api-call',
      nected: 'change',
      kore: 'change',
      'org-audit': 'request',
    } as const;
    for (const r of all()) expect(r.event.kind).toBe(kinds[r.origin]);
  });
});

describe('api-logs', () => {
  it('describes outbound HTTP calls consistently', () => {
    for (const e of apiEvents()) {
      const http = e.http!;
      expect(e.actor.type).toBe('user');
      expect(e.actor.email).toMatch(/^[a-z.]+@[a-z.-]+\.example$/);
      expect(e.actor.name).toBeTruthy();
      expect(e.status).toBe(http.statusCode! < 400 ? 'success' : 'error');
      expect(e.message).toBeTruthy();
      expect(e.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(e.executionId).toBeTruthy();
      expect(e.id).toMatch(/^evt_[0-9a-z]{20}$/);
      expect(['production', 'staging']).toContain(e.environment);
      expect([
        'ServiceNow',
        'Jira Service Management',
        'Zendesk',
        'Okta',
        'Microsoft Entra ID',
      ]).toContain(e.target?.type);
      expect(http.durationMs).toBeGreaterThanOrEqual(40);
      expect(http.durationMs).toBeLessThanOrEqual(2500);
      expect(http.attempt).toBeGreaterThanOrEqual(1);
      const url = new URL(http.url!);
      expect(url.protocol).toBe('https:');
      expect(decodeURIComponent(url.pathname)).toBe(http.path);
      // PII goes in query strings and bodies, never in the path.
      expect(http.path).not.toContain('@');
      expect(url.pathname).not.toContain('%40');
      // `request.query` is the URL's query, as an object.
      const q = Object.fromEntries(url.searchParams);
      if (Object.keys(q).length === 0) expect(e.request?.query).toBeUndefined();
      else expect(e.request?.query).toEqual(q);
      const h = headersOf(e.request?.headers);
      expect(h['user-agent']).toBe('Moveworks-Connector/3.4');
      expect(h['x-request-id']).toBeTruthy();
      expect(h.accept).toBeTruthy();
      if (e.request?.body !== undefined) expect(h['content-type']).toBeTruthy();
    }
  });

  it('covers all eight skills and their plugins', () => {
    const events = apiEvents();
    const seen = new Map<string, Set<string>>();
    for (const e of events) {
      expect(Object.keys(SKILL_PLUGINS)).toContain(e.skill);
      expect(SKILL_PLUGINS[e.skill!]).toContain(e.plugin);
      const set = seen.get(e.skill!) ?? new Set<string>();
      set.add(e.plugin!);
      seen.set(e.skill!, set);
    }
    expect([...seen.keys()].sort()).toEqual(Object.keys(SKILL_PLUGINS).sort());
    for (const [skill, plugins] of Object.entries(SKILL_PLUGINS)) {
      expect([...(seen.get(skill) ?? [])].sort()).toEqual([...plugins].sort());
    }
    // Group and account operations go to identity providers, ticketing to ITSM tools.
    for (const e of events) {
      if (e.skill === 'Group Operations' || e.skill === 'Account Operations') {
        expect(['Okta', 'Microsoft Entra ID']).toContain(e.target?.type);
      }
      if (e.skill === 'Ticketing' || e.skill === 'Enterprise Search & Forms') {
        expect(['ServiceNow', 'Jira Service Management', 'Zendesk']).toContain(e.target?.type);
      }
    }
  });

  it('carries credentials the ingest layer must strip: bearer tokens, cookies, token calls', () => {
    const events = apiEvents();
    const nonAuth = events.filter((e) => !isAuthCall(e));
    const withBearer = nonAuth.filter((e) =>
      /^Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(headersOf(e.request?.headers).authorization ?? ''),
    );
    expect(withBearer.length / nonAuth.length).toBeGreaterThan(0.95);
    expect(nonAuth.some((e) => headersOf(e.request?.headers).cookie)).toBe(true);
    expect(events.some((e) => headersOf(e.response?.headers)['set-cookie'])).toBe(true);
    const auth = events.filter(isAuthCall);
    expect(auth.length).toBeGreaterThan(0);
    for (const e of auth) {
      expect(e.http?.method).toBe('POST');
      expect(JSON.stringify(e.request?.body)).toContain('client_secret');
    }
    // About one token call per trace, always at its start.
    for (const list of traces(events).values()) {
      const authIdx = list.flatMap((e, i) => (isAuthCall(e) ? [i] : []));
      for (const i of authIdx) expect(list.slice(0, i).every(isAuthCall)).toBe(true);
    }
    const traceCount = traces(events).size;
    expect(auth.length).toBeGreaterThan(traceCount * 0.5);
  });

  it('has sequential traces whose retries follow a 5xx (or 429) with consecutive attempts', () => {
    let retries = 0;
    let thirdAttempts = 0;
    for (const list of traces(apiEvents()).values()) {
      const first = list[0]!;
      for (let i = 0; i < list.length; i++) {
        const e = list[i]!;
        expect(e.actor).toEqual(first.actor);
        expect(e.plugin).toBe(first.plugin);
        expect(e.executionId).toBe(first.executionId);
        if (i > 0) expect(e.timestamp).toBeGreaterThan(list[i - 1]!.timestamp);
        const attempt = e.http!.attempt!;
        if (attempt > 1) {
          retries++;
          if (attempt === 3) thirdAttempts++;
          const prev = list[i - 1]!;
          expect(prev.http?.method).toBe(e.http?.method);
          expect(prev.http?.url).toBe(e.http?.url);
          expect(prev.http?.attempt).toBe(attempt - 1);
          const s = prev.http!.statusCode!;
          expect(s >= 500 || s === 429).toBe(true);
        }
      }
    }
    expect(retries).toBeGreaterThan(100);
    expect(thirdAttempts).toBeGreaterThan(5);
  });

  it('has intermittent 5xx, payload errors and the other error statuses in realistic shares', () => {
    const events = apiEvents();
    const share = (f: (s: number) => boolean) =>
      events.filter((e) => f(e.http!.statusCode!)).length / events.length;
    expect(share((s) => s >= 500)).toBeGreaterThan(0.025);
    expect(share((s) => s >= 500)).toBeLessThan(0.08);
    expect(share((s) => s === 400 || s === 422)).toBeGreaterThan(0.015);
    expect(share((s) => s === 400 || s === 422)).toBeLessThan(0.05);
    const codes = new Set(events.map((e) => e.http!.statusCode!));
    for (const c of [200, 201, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504])
      expect(codes).toContain(c);
  });

  it("returns each connector's real error-body shape for payload errors", () => {
    const seen = new Set<string>();
    for (const e of apiEvents()) {
      const s = e.http!.statusCode!;
      if ((s !== 400 && s !== 422) || isAuthCall(e)) continue;
      const body = e.response?.body as Record<string, unknown>;
      const connector = e.target!.type;
      seen.add(connector);
      const types = (o: unknown, keys: string[]): string[] =>
        keys.map((k) => typeof (o as Record<string, unknown> | undefined)?.[k]);
      switch (connector) {
        case 'ServiceNow':
          expect(body.status).toBe('failure');
          expect(types(body.error, ['message', 'detail'])).toEqual(['string', 'string']);
          break;
        case 'Jira Service Management':
          expect(types(body, ['errorMessage', 'errors'])).toEqual(['string', 'object']);
          break;
        case 'Zendesk':
          if (e.http!.path!.startsWith('/sc/')) expect(Array.isArray(body.errors)).toBe(true);
          else {
            expect(body.error).toBe('RecordInvalid');
            expect(types(body, ['description', 'details'])).toEqual(['string', 'object']);
          }
          break;
        case 'Okta':
          expect(body.errorCode).toBe('E0000001');
          expect(types(body, ['errorSummary', 'errorLink', 'errorId'])).toEqual([
            'string',
            'string',
            'string',
          ]);
          expect((body.errorCauses as unknown[]).length).toBeGreaterThan(0);
          break;
        case 'Microsoft Entra ID': {
          const err = body.error as Record<string, unknown>;
          expect(err.code).toBe('Request_BadRequest');
          expect(typeof err.message).toBe('string');
          expect(types(err.innerError, ['date', 'request-id'])).toEqual(['string', 'string']);
          break;
        }
      }
    }
    expect(seen.size).toBe(5);
  });

  it('files tickets like seed 000: create, comment, work note (201s), then follow-up GETs', () => {
    let complete = 0;
    for (const list of traces(apiEvents()).values()) {
      if (list[0]!.plugin !== 'create ticket' || list[0]!.target?.type === 'Zendesk') continue;
      if (list.some((e) => e.status === 'error')) continue;
      const calls = list.filter((e) => !isAuthCall(e) && e.action !== 'get user');
      expect(calls.slice(0, 3).map((e) => [e.action, e.http?.method, e.http?.statusCode])).toEqual([
        ['create ticket', 'POST', 201],
        ['add comment', 'POST', 201],
        ['add work note', 'POST', 201],
      ]);
      for (const e of calls.slice(3))
        expect([e.http?.method, e.http?.statusCode]).toEqual(['GET', 200]);
      complete++;
    }
    expect(complete).toBeGreaterThan(100);
  });

  it('JSM comments are public and work notes are not; ServiceNow journal entries use comments/work_notes', () => {
    for (const e of apiEvents()) {
      if (e.status !== 'success') continue;
      const body = e.request?.body as Record<string, unknown> | undefined;
      if (e.target?.type === 'Jira Service Management' && /\/comment$/.test(e.http!.path!)) {
        expect(body?.public).toBe(e.action === 'add comment');
      }
      if (
        e.target?.type === 'ServiceNow' &&
        e.http?.path === '/api/now/table/sys_journal_field' &&
        e.http.method === 'POST'
      ) {
        expect(body?.element).toBe(e.action === 'add comment' ? 'comments' : 'work_notes');
      }
    }
  });

  it('gives the walkthrough user create-ticket traces to find', () => {
    const mine = apiEvents().filter(
      (e) => e.actor.email === DEMO_END_USER.email && e.plugin === 'create ticket',
    );
    expect(mine.every((e) => e.actor.name === DEMO_END_USER.name)).toBe(true);
    const all201Triples: AuditEvent[][] = [];
    let failedCreate = 0;
    for (const list of traces(mine).values()) {
      const created = list.filter((e) => e.http?.statusCode === 201);
      if (
        created.length >= 3 &&
        created
          .slice(0, 3)
          .map((e) => e.action)
          .join(',') === 'create ticket,add comment,add work note' &&
        created.slice(0, 3).every((e) => e.http?.method === 'POST')
      ) {
        all201Triples.push(list);
      }
      const creates = list.filter((e) => e.action === 'create ticket');
      if (creates.length > 0 && creates.every((e) => e.status === 'error')) failedCreate++;
    }
    expect(all201Triples.length).toBeGreaterThanOrEqual(6);
    expect(all201Triples.some((l) => l[0]!.timestamp >= NOW - HOUR)).toBe(true);
    expect(all201Triples.some((l) => l[0]!.target?.type === 'Jira Service Management')).toBe(true);
    // Spread over the window, not bunched on one day.
    const days = new Set(all201Triples.map((l) => Math.floor((NOW - l[0]!.timestamp) / DAY)));
    expect(days.size).toBeGreaterThanOrEqual(4);
    expect(failedCreate).toBeGreaterThanOrEqual(1);
  });
});

describe('nected', () => {
  const KEYS = [
    'entityId',
    'executionId',
    'type',
    'name',
    'event',
    'status',
    'environment',
    'user',
    'workspaceId',
    'ip',
    'logId',
    'statusTimeMs',
    'date',
    'rootNode',
    'traceId',
    'message',
    'input',
    'output',
    'path',
    'version',
  ];
  const TYPES = [
    'Ruleset',
    'Simplerule',
    'Dataset',
    'Connector',
    'Globalvar',
    'Decisiontable',
    'Systemapikey',
    'Authconfig',
    'Cron',
    'Workflow',
    'Api',
    'Delay',
    'Webhook',
  ];
  const EVENTS = [
    'Create',
    'Update',
    'Delete',
    'Publish',
    'Test Via Console',
    'Call Via API',
    'Role Revoke',
    'Role Update',
    'Cron Test',
    'Cron',
    'Webhook',
    'Delayed Test',
    'Delay',
  ];

  it('has the fields of seed 002 and maps them to the event', () => {
    const recs = byOrigin('nected');
    expect(recs.length).toBeGreaterThan(0);
    for (const { native, event } of recs) {
      const n = native as Record<string, unknown> & {
        rootNode: { id: string; name: string; logId: string };
      };
      expect(Object.keys(n).sort()).toEqual([...KEYS].sort());
      expect(TYPES).toContain(n.type);
      expect(EVENTS).toContain(n.event);
      expect(['Success', 'Error']).toContain(n.status);
      expect(['Staging', 'Production']).toContain(n.environment);
      expect(n.logId).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(n.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      const ms = Date.parse(`${String(n.date).slice(0, 23)}Z`);
      expect(ms).toBe(event.timestamp);
      expect(Object.keys(n.rootNode).sort()).toEqual(['id', 'logId', 'name']);
      expect(n.path === null || (Array.isArray(n.path) && n.path.length === 0)).toBe(true);
      expect(n.input === null || typeof n.input === 'object').toBe(true);
      expect(n.output === null || typeof n.output === 'object').toBe(true);

      expect(event.id).toBe(n.logId);
      expect(event.kind).toBe('change');
      expect(event.actor).toEqual(n.user ? { name: n.user, type: 'user' } : { type: 'system' });
      expect(event.action).toBe(n.event);
      expect(event.status).toBe(String(n.status).toLowerCase());
      if (n.message) expect(event.message).toBe(n.message);
      else expect(event).not.toHaveProperty('message');
      expect(event.environment).toBe(String(n.environment).toLowerCase());
      expect(event.workspace).toBe(n.workspaceId);
      expect(event.ip).toBe(n.ip);
      const target: Record<string, unknown> = { type: n.type, name: n.name };
      if (n.entityId) target.id = n.entityId;
      expect(event.target).toEqual(target);
      expect(event.traceId).toBe(n.traceId);
      expect(event.executionId).toBe(n.executionId);
      if (n.rootNode.logId && n.rootNode.logId !== n.logId)
        expect(event.parentId).toBe(n.rootNode.logId);
      else expect(event).not.toHaveProperty('parentId');
      if (n.input != null) expect(event.request).toEqual({ body: n.input });
      else expect(event).not.toHaveProperty('request');
      if (n.output != null) expect(event.response).toEqual({ body: n.output });
      else expect(event).not.toHaveProperty('response');
    }
  });

  it('has editor changes, console tests and API executions with child nodes', () => {
    const recs = byOrigin('nected');
    const events = new Set(recs.map((r) => r.event.action));
    for (const e of ['Create', 'Update', 'Publish', 'Test Via Console', 'Call Via API'])
      expect(events).toContain(e);
    expect(recs.some((r) => (r.native as { entityId: string }).entityId === '')).toBe(true);
    expect(recs.some((r) => r.event.status === 'error')).toBe(true);
    // Children point at a root record of the same trace.
    const byId = new Map(recs.map((r) => [r.event.id, r.event]));
    const children = recs.filter((r) => r.event.parentId);
    expect(children.length).toBeGreaterThan(0);
    for (const c of children) {
      const root = byId.get(c.event.parentId!);
      if (!root) continue; // the root may have been cut off by the count
      expect(root.traceId).toBe(c.event.traceId);
      expect(root.timestamp).toBeLessThanOrEqual(c.event.timestamp);
    }
    // Test and API inputs carry some PII for the redaction layer.
    expect(recs.some((r) => JSON.stringify(r.event.request?.body ?? null).includes('@'))).toBe(
      true,
    );
  });
});

describe('kore', () => {
  const ALLOWED: Record<string, string[]> = {
    usergroup: ['create', 'update', 'delete'],
    Agent: ['create', 'update', 'delete'],
    role: ['create', 'update', 'delete'],
    ssostatus: ['update'],
    serviceaccount: ['create', 'update', 'delete'],
    llmintegrations: ['create', 'update', 'delete'],
    domains: ['create', 'update', 'delete'],
    ratelimits: ['update'],
    emailnotificationpreferences: ['update'],
    nlprules: ['create', 'update', 'delete'],
    userenrollment: ['update'],
  };
  const KEYS = [
    'parentIds',
    '_id',
    'entity',
    'action',
    'userId',
    'accountId',
    'entityId',
    'delta',
    'htmlText',
    'userName',
    'emailId',
    'keywords',
    'cOn',
    '__v',
  ];
  const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

  it("has the fields of seed 003's sample and maps them to the event", () => {
    const recs = byOrigin('kore');
    expect(recs.length).toBeGreaterThan(0);
    const accounts = new Set<string>();
    for (const { native, event } of recs) {
      const n = native as Record<string, unknown> & {
        delta: { from: Record<string, unknown>; to: Record<string, unknown> };
        parentIds: string[];
      };
      expect(Object.keys(n).sort()).toEqual([...KEYS].sort());
      expect(Object.keys(ALLOWED)).toContain(n.entity);
      expect(ALLOWED[n.entity as string]).toContain(n.action);
      expect(n._id).toMatch(/^[0-9a-f]{24}$/);
      expect(n.entityId).toMatch(/^[0-9a-f]{24}$/);
      expect(n.userId).toMatch(new RegExp(`^u-${UUID}$`));
      expect(n.accountId).toMatch(new RegExp(`^ac-${UUID}$`));
      expect(n.cOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(n.keywords).toBe('');
      expect(n.__v).toBe(0);
      if (n.action === 'create') expect(n.delta.from).toEqual({});
      if (n.action === 'delete') expect(n.delta.to).toEqual({});
      accounts.add(String(n.accountId));

      expect(event.id).toBe(n._id);
      expect(event.timestamp).toBe(Date.parse(String(n.cOn)));
      expect(event.kind).toBe('change');
      expect(event.actor).toEqual({
        id: n.userId,
        email: n.emailId,
        name: n.userName,
        type: 'user',
      });
      expect(event.action).toBe(n.action);
      expect(event.status).toBe('success');
      expect(event.messageHtml).toBe(n.htmlText);
      expect(event.message).not.toContain('<');
      expect(event.message).toBe(stripTags(String(n.htmlText)).replace(/</g, ''));
      expect(event.workspace).toBe(n.accountId);
      expect(event.target).toEqual({ type: n.entity, id: n.entityId });
      expect(event.delta).toEqual(n.delta);
      if (n.parentIds.length > 0) expect(event.parentId).toBe(n.parentIds[0]);
      else expect(event).not.toHaveProperty('parentId');
    }
    expect(accounts.size).toBeGreaterThanOrEqual(1);
    expect(accounts.size).toBeLessThanOrEqual(2);
  });

  it('includes some hostile HTML for the sanitizer, and some cascaded (parented) changes', () => {
    const recs = byOrigin('kore');
    const hostile = recs.filter((r) =>
      /<script|onerror=|onload=|javascript:|<iframe/i.test(r.event.messageHtml ?? ''),
    );
    expect(hostile.length).toBeGreaterThan(0);
    expect(hostile.length / recs.length).toBeLessThan(0.05);
    expect(recs.filter((r) => r.event.parentId).length).toBeGreaterThan(0);
    const ids = new Set(recs.map((r) => r.event.id));
    for (const r of recs) if (r.event.parentId) expect(ids.has(r.event.parentId)).toBe(true);
  });
});

describe('org-audit', () => {
  const KEYS = [
    'id',
    'account',
    'apiKey',
    'workspace',
    'authType',
    'resource',
    'method',
    'path',
    'statusCode',
    'createdAt',
    'hasPayload',
    'details',
  ];

  it('has the fields of seed 004 and maps them to the event', () => {
    const recs = byOrigin('org-audit');
    expect(recs.length).toBeGreaterThan(0);
    for (const { native, event } of recs) {
      type D = {
        body: Record<string, unknown> | null;
        query: Record<string, string>;
        params: Record<string, string>;
        headers: Record<string, string>;
      };
      const n = native as {
        id: string;
        account: { id: string; email: string } | null;
        apiKey: { id: string; name: string } | null;
        workspace: { id: string; name: string } | null;
        authType: string;
        resource: string;
        method: string;
        path: string;
        statusCode: number;
        createdAt: string;
        hasPayload: boolean;
        details: D;
      };
      expect(Object.keys(n).sort()).toEqual([...KEYS].sort());
      expect(n.id).toMatch(/^[0-9a-f]{24}$/);
      expect(n.resource).toMatch(/Controller$/);
      expect(n.path.startsWith('/api/')).toBe(true);
      expect(n.path).not.toContain('@');
      expect(n.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // API key xor account, matching the auth type.
      if (n.authType === 'apiKey') {
        expect(n.account).toBeNull();
        expect(n.apiKey?.id).toMatch(/^[0-9a-f]{24}$/);
      } else {
        expect(n.authType).toBe('jwt');
        expect(n.apiKey).toBeNull();
        expect(n.account?.id).toMatch(/^[0-9a-f]{24}$/);
      }
      expect(Object.keys(n.details).sort()).toEqual(['body', 'headers', 'params', 'query']);
      const headerNames = Object.keys(n.details.headers);
      expect(headerNames).not.toContain('authorization');
      expect(headerNames).not.toContain('cookie');
      for (const h of headerNames)
        expect(['user-agent', 'content-type', 'x-request-id', 'x-forwarded-for']).toContain(h);
      expect(n.hasPayload).toBe(n.details.body !== null);
      for (const v of Object.values(n.details.params)) expect(n.path).toContain(v);

      expect(event.id).toBe(n.id);
      expect(event.timestamp).toBe(Date.parse(n.createdAt));
      expect(event.kind).toBe('request');
      expect(event.actor).toEqual(
        n.account
          ? { id: n.account.id, email: n.account.email, type: 'user' }
          : { id: n.apiKey!.id, name: n.apiKey!.name, type: 'api-key' },
      );
      expect(event.action).toBe(`${n.method} ${n.resource}`);
      expect(event.status).toBe(n.statusCode < 400 ? 'success' : 'error');
      if (n.workspace) expect(event.workspace).toBe(n.workspace.id);
      else expect(event).not.toHaveProperty('workspace');
      expect(event.target).toEqual({ type: n.resource });
      expect(event.http).toEqual({ method: n.method, path: n.path, statusCode: n.statusCode });
      const req: Record<string, unknown> = {};
      if (Object.keys(n.details.headers).length) req.headers = n.details.headers;
      if (Object.keys(n.details.query).length) req.query = n.details.query;
      if (Object.keys(n.details.params).length) req.params = n.details.params;
      if (n.details.body !== null) req.body = n.details.body;
      expect(event.request).toEqual(req);
    }
  });

  it('covers the controllers, both auth types, errors and some PII in bodies', () => {
    const recs = byOrigin('org-audit');
    const resources = new Set(recs.map((r) => r.event.target?.type));
    for (const c of [
      'PathwaysController',
      'UsersController',
      'WorkspacesController',
      'DocumentsController',
      'WebhooksController',
      'BillingController',
    ]) {
      expect(resources).toContain(c);
    }
    expect(new Set(recs.map((r) => r.event.actor.type))).toEqual(new Set(['user', 'api-key']));
    expect(recs.some((r) => r.event.status === 'error')).toBe(true);
    expect(
      recs.some((r) => /@[a-z.-]+\.example/.test(JSON.stringify(r.event.request?.body ?? null))),
    ).toBe(true);
  });
});
