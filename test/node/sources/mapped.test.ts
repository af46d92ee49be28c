/**
 * The mapped adapter: the mapping's validation (one message per mistake), its converters and
 * paginations against a local stub, and the org-audit mapping file against the reference
 * service, where it must read the same events as the hand-written org-audit adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaError } from '../../../core/errors.js';
import type { AuditEvent, Filters, ViewState } from '../../../core/model.js';
import {
  createMappedSource,
  MappingError,
  nextLink,
  parsePath,
  validateMapping,
  type Mapping,
} from '../../../core/sources/mapped.js';
import orgAuditMapping from '../../../core/sources/mappings/org-audit.json';
import { createOrgAuditSource } from '../../../core/sources/org-audit.js';
import { KEYS, NOW, startHarness, type Harness } from '../server/harness.js';
import { pageThrough } from './paging.js';
import { startStub, type Stub, type StubReply, type StubRequest } from './stub.js';

const view = (filters: Filters = {}): ViewState => ({ v: 1, filters, sort: 'desc' });
const signal = () => new AbortController().signal;
const noRaw = ({ raw: _raw, ...e }: AuditEvent): AuditEvent => e;

describe('validateMapping', () => {
  it('accepts the org-audit mapping file', () => {
    expect(validateMapping(orgAuditMapping)).toMatchObject({ ok: true });
  });

  it('says what is wrong, one message per mistake', () => {
    const broken = {
      path: 'api/events',
      records: 'items[',
      fields: {
        timestamp: { path: 'created', convert: 'epoch-minutes' },
        'actor.mail': 'user.email',
        message: 42,
      },
      filters: { user: 'email', time: { from: 'since', format: 'unix' } },
      pagination: { type: 'page', page: 'p', maxPageSize: 0 },
      colour: 'blue',
    };
    const result = validateMapping(broken);
    expect(result.ok).toBe(false);
    expect((result as { problems: string[] }).problems.sort()).toEqual(
      [
        'colour: not part of a mapping',
        'fields.actor.mail: not part of a mapping; fields are id, timestamp, kind, action, status, message, actor.id, actor.email, actor.name, actor.type, target.type, target.id, target.name, plugin, skill, http.method, http.url, http.path, http.statusCode, http.durationMs, traceId, workspace, environment, ip',
        'fields.id: required',
        'fields.message: expected a JSON path, { "path", "convert"?, "values"? } or { "const" }',
        'fields.timestamp: expected a JSON path, { "path", "convert"?, "values"? } or { "const" }',
        'filters.time.format: expected one of "iso", "epoch-ms", "epoch-s"',
        'filters.user: not part of a mapping; filters are q, actor, plugin, skill, kind, method, status, traceId, time, action, environment, entityId, userId, workspace, authType',
        'pagination.maxPageSize: Too small: expected number to be >=1',
        'pagination.size: required (expected string)',
        'path: must start with /',
        'records: not a JSON path (use $.items, data.logs, a[0].b or ["odd key"])',
      ].sort(),
    );
  });

  it('createMappedSource refuses a broken mapping with every message', () => {
    expect(() => createMappedSource({ endpoint: 'http://x', mapping: { path: '/x' } })).toThrow(
      MappingError,
    );
    try {
      createMappedSource({ endpoint: 'http://x', mapping: { path: '/x' } });
    } catch (e) {
      expect((e as MappingError).problems).toEqual([
        'records: required (expected string)',
        'fields: required (expected object)',
        'pagination: required (expected object)',
      ]);
    }
  });

  it("names the fields its records never carry, from the mapping's fields", () => {
    const config = { endpoint: 'http://127.0.0.1:1' };
    const org = createMappedSource({ ...config, mapping: orgAuditMapping });
    // The org-audit mapping reads a status code, and no duration.
    expect(org.capabilities.absentFields).toEqual(['duration']);
    const { ['http.statusCode']: _code, ...fields } = (orgAuditMapping as Mapping).fields;
    const noCodes = createMappedSource({ ...config, mapping: { ...orgAuditMapping, fields } });
    expect(noCodes.capabilities.absentFields).toEqual(['statusCode', 'duration']);
    const all = createMappedSource({
      ...config,
      mapping: {
        ...orgAuditMapping,
        fields: { ...(orgAuditMapping as Mapping).fields, 'http.durationMs': 'latency' },
      },
    });
    expect(all.capabilities.absentFields).toBeUndefined();
  });

  it('says plainly that no mapping was given', () => {
    for (const mapping of [undefined, null]) {
      const result = validateMapping(mapping);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.problems).toEqual([
        'no mapping was given: the "mapped" source reads a backend through one (see core/sources/mappings/org-audit.json)',
      ]);
    }
    expect(() => createMappedSource({ endpoint: 'http://x' })).toThrow(/no mapping was given/);
  });

  it('reads JSON paths', () => {
    expect(parsePath('$')).toEqual([]);
    expect(parsePath('$.items')).toEqual(['items']);
    expect(parsePath('data.logs[2].id')).toEqual(['data', 'logs', 2, 'id']);
    expect(parsePath('$["odd key"].x')).toEqual(['odd key', 'x']);
    expect(typeof parsePath('a..b')).toBe('string');
  });

  it('finds the next link of a Link header', () => {
    expect(
      nextLink(
        '<https://a.example/e?page=1>; rel="prev", <https://a.example/e?page=3>; rel="next"',
      ),
    ).toBe('https://a.example/e?page=3');
    expect(nextLink('</e?c=x>; rel="next last"')).toBe('/e?c=x');
    expect(nextLink('<https://a.example/e?page=1>; rel="prev"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

describe('the mapped adapter against a local stub', () => {
  let stub: Stub;
  let reply: (req: StubRequest) => StubReply;
  beforeAll(async () => {
    stub = await startStub((req) => reply(req));
  });
  afterAll(() => stub?.close());
  const reset = (r: typeof reply) => {
    stub.requests.length = 0;
    reply = r;
  };
  const source = (mapping: Mapping) =>
    createMappedSource({
      endpoint: stub.url,
      credentials: () => 'tok',
      mapping,
      now: () => NOW,
      client: { retry: { attempts: 1 } },
    });

  /** A made-up audit API: epoch seconds, numeric codes, a cursor in `meta.next`. */
  const base: Mapping = {
    path: '/v2/audit',
    auth: { header: 'x-api-key' },
    records: 'data.events',
    fields: {
      id: 'uuid',
      timestamp: { path: 'ts', convert: 'epoch-s' },
      'actor.email': 'who.email',
      'actor.type': { path: 'who.kind', values: { bot: 'api-key', human: 'user' } },
      action: 'verb',
      'http.statusCode': { path: 'code', convert: 'number' },
      status: { path: 'code', convert: 'status-code' },
    },
    filters: { actor: 'user', time: { from: 'since', to: 'until', format: 'iso' } },
    pagination: { type: 'cursor', cursor: 'after', next: 'meta.next', size: 'n', maxPageSize: 3 },
  };
  const events = Array.from({ length: 7 }, (_, i) => ({
    uuid: `u${i}`,
    ts: 1_733_840_000 - i * 60,
    who: { email: `p${i}@x.example`, kind: i % 2 ? 'bot' : 'human' },
    verb: 'login',
    code: i === 3 ? 401 : 200,
  }));

  it('maps with converters, follows a cursor from a response field, sends the filters', async () => {
    reset((req) => {
      const start = req.query.after ? Number(req.query.after) : 0;
      const slice = events.slice(start, start + 3);
      return {
        body: { data: { events: slice }, meta: { next: start + 3 < 7 ? String(start + 3) : null } },
      };
    });
    const s = source(base);
    const walk = await pageThrough(s, view({ actor: 'p1@x.example' }), 100);
    // The stub ignores filters: what the backend answered is what is shown.
    expect(walk.events.map((e) => e.id)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    expect(noRaw(walk.events[3]!)).toEqual({
      id: 'u3',
      timestamp: 1_733_839_820_000,
      kind: 'request',
      actor: { email: 'p3@x.example', type: 'api-key' },
      action: 'login',
      status: 'error',
      http: { method: 'GET', statusCode: 401 },
    });
    expect(stub.requests.map((r) => r.query)).toEqual([
      { user: 'p1@x.example', n: '3' },
      { user: 'p1@x.example', n: '3', after: '3' },
      { user: 'p1@x.example', n: '3', after: '6' },
    ]);
    expect(stub.requests[0]!.headers['x-api-key']).toBe('tok');
    expect(walk.pages[0]!.clientFiltered).toEqual([]);
    expect(s.planFilters(view({ actor: 'a', skill: 's' }))).toEqual({
      server: ['actor'],
      client: ['skill'],
    });
  });

  it('a viewer page smaller than a backend page resumes mid-page: each record once', async () => {
    reset((req) => {
      const start = req.query.after ? Number(req.query.after) : 0;
      return {
        body: {
          data: { events: events.slice(start, start + 3) },
          meta: { next: start + 3 < 7 ? String(start + 3) : '' },
        },
      };
    });
    const walk = await pageThrough(source(base), view(), 2);
    expect(walk.events.map((e) => e.id)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
  });

  it('a record a converter cannot read is rejected with its JSON path', async () => {
    const bad = [events[0], { ...events[1], ts: 'yesterday' }, { ...events[2], code: 999 }];
    reset(() => ({ body: { data: { events: bad }, meta: {} } }));
    const page = await source(base).search(view(), null, signal());
    expect(page.events.map((e) => e.id)).toEqual(['u0']);
    expect(page.rejected).toEqual([
      { index: 1, id: 'u1', path: 'data.events[1].ts', message: 'expected epoch seconds' },
      { index: 1, id: 'u2', path: 'data.events[2].code', message: 'expected an HTTP status code' },
    ]);
  });

  it('pages by Link header, and never follows one to another host', async () => {
    const linked: Mapping = { ...base, pagination: { type: 'link', maxPageSize: 3 } };
    reset((req) => {
      const start = Number(req.query.from ?? 0);
      const next = start + 3 < 7 ? `<${stub.url}/v2/audit?from=${start + 3}>; rel="next"` : '';
      const headers: Record<string, string> = next ? { link: next } : {};
      return {
        headers,
        body: { data: { events: events.slice(start, start + 3) } },
      };
    });
    const walk = await pageThrough(source(linked), view(), 100);
    expect(walk.events.map((e) => e.id)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    expect(stub.requests.map((r) => r.query.from)).toEqual([undefined, '3', '6']);

    reset(() => ({
      headers: { link: '<https://elsewhere.example/v2/audit?from=3>; rel="next"' },
      body: { data: { events: events.slice(0, 3) } },
    }));
    const e = await source(linked)
      .search(view(), null, signal())
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(e).toBeInstanceOf(SchemaError);
    expect(stub.requests).toHaveLength(1);
  });

  it('pages by offset and epoch milliseconds', async () => {
    const offset: Mapping = {
      ...base,
      records: '$',
      fields: { ...base.fields, timestamp: { path: 'ms', convert: 'epoch-ms' } },
      pagination: { type: 'offset', offset: 'skip', size: 'take', maxPageSize: 4 },
    };
    const rows = events.map((e, i) => ({ ...e, ms: 1_733_840_000_000 - i }));
    reset((req) => ({
      body: rows.slice(Number(req.query.skip), Number(req.query.skip) + Number(req.query.take)),
    }));
    const walk = await pageThrough(source(offset), view(), 100);
    expect(walk.events.map((e) => e.timestamp)).toEqual(rows.map((r) => r.ms));
    expect(stub.requests.map((r) => [r.query.skip, r.query.take])).toEqual([
      ['0', '4'],
      ['4', '4'],
      ['7', '4'],
    ]);
  });
});

describe('the org-audit mapping file against the reference service', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.service.close());
  const config = () => ({ endpoint: h.url, credentials: () => KEYS.pii, now: () => NOW });

  it('reads the same events as the org-audit adapter, every one once', async () => {
    const mapped = createMappedSource({ ...config(), mapping: orgAuditMapping });
    const native = createOrgAuditSource(config());
    const a = await pageThrough(mapped, view(), 37);
    const b = await pageThrough(native, view(), 100);
    expect(a.events.length).toBeGreaterThan(100);
    expect(a.events.map((e) => e.id)).toEqual(b.events.map((e) => e.id));
    const pick = (e: AuditEvent) => ({
      id: e.id,
      timestamp: e.timestamp,
      action: e.action,
      status: e.status,
      email: e.actor.email,
      type: e.actor.type,
      target: e.target,
      http: e.http,
      workspace: e.workspace,
    });
    expect(a.events.map(pick)).toEqual(b.events.map(pick));
  });

  it('sends its filters as the API parameters and gets one record by id', async () => {
    const mapped = createMappedSource({ ...config(), mapping: orgAuditMapping });
    const f: Filters = { method: 'POST', plugin: 'UsersController' };
    expect(mapped.planFilters(view(f))).toEqual({ server: ['plugin', 'method'], client: [] });
    const { events } = await pageThrough(mapped, view(f));
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e.http!.method).toBe('POST');
      expect(e.target!.type).toBe('UsersController');
    }
    const one = await mapped.get(events[0]!.id, signal());
    expect(one.id).toBe(events[0]!.id);
  });
});
