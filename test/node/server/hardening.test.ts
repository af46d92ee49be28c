/**
 * Hostile requests: a NUL in any text parameter or id, values that must not be echoed,
 * a stream whose query fails, log forging, and the headers every API response carries.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../server/app.js';
import { escapeForLog } from '../../../server/log.js';
import { Principals } from '../../../server/principals.js';
import { KEYS, NOW, startHarness, type Harness } from './harness.js';

/** A value no response may ever echo. */
const MARK = 'zq-echo-marker-7731';

type Api = { name: string; auth: (key: string) => Record<string, string> };
const BEARER: Api['auth'] = (key) => ({ authorization: `Bearer ${key}` });
const GENERIC: Api = { name: 'generic', auth: BEARER };
const NECTED: Api = { name: 'nected', auth: (key) => ({ 'nected-api-key': key }) };
const KORE: Api = { name: 'kore', auth: (key) => ({ auth: key }) };
const ORG: Api = { name: 'org-audit', auth: BEARER };

/** [api, path, parameter]: every text parameter and id of the four APIs. */
const TEXT_PARAMS: [Api, string, string][] = [
  ...['q', 'actor', 'plugin', 'skill', 'traceId', 'cursor', 'method', 'status', 'from', 'to'].map(
    (p): [Api, string, string] => [GENERIC, '/api/v1/audit/events', p],
  ),
  [GENERIC, '/api/v1/audit/facets?field=actor', 'q'],
  [GENERIC, '/api/v1/audit/histogram', 'actor'],
  [GENERIC, '/api/v1/audit/stream', 'q'],
  [GENERIC, '/api/v1/audit/stream', 'traceId'],
  ...['search', 'type', 'event', 'status', 'environment', 'startDate'].map(
    (p): [Api, string, string] => [NECTED, '/dev/audit/audit/search', p],
  ),
  ...['entity', 'entityId', 'userId', 'emailId', 'startTime', 'action'].map(
    (p): [Api, string, string] => [KORE, '/api/public/auditlogs', p],
  ),
  ...['search', 'method', 'resource', 'authType', 'from'].map((p): [Api, string, string] => [
    ORG,
    '/api/v1/org/audit-logs',
    p,
  ]),
];

/** The 400 body's text naming the parameter, in each API's envelope. */
async function errorMessage(res: Response): Promise<string> {
  const body = (await res.json()) as {
    error?: string | { message: string; param?: string };
    errors?: { msg: string }[];
    message?: string;
    statusCode?: number;
  };
  if (body.statusCode !== undefined) return body.message ?? ''; // org-audit (NestJS)
  if (typeof body.error === 'string') return body.error;
  if (body.error) return body.error.message;
  if (body.errors) return body.errors[0]!.msg;
  return body.message ?? '';
}

describe('hostile requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ events: 600 });
  });
  afterAll(() => h?.service.close());
  afterEach(() => vi.restoreAllMocks());

  it.each(TEXT_PARAMS.map(([api, path, p]) => [api.name, path, p, api] as const))(
    '%s %s: a NUL in %s is a 400 naming it, without echoing the value',
    async (_, path, param, api) => {
      const sep = path.includes('?') ? '&' : '?';
      const res = await h.get(`${path}${sep}${param}=${MARK}%00`, api.auth(KEYS.pii));
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/json');
      const text = await errorMessage(res.clone());
      expect(text).toContain(`'${param}'`);
      expect(await res.text()).not.toContain(MARK);
    },
  );

  it.each([
    [GENERIC, '/api/v1/audit/events/', 'id'],
    [NECTED, '/dev/audit/audit/', 'logId'],
    [ORG, '/api/v1/org/audit-logs/', 'id'],
  ] as const)('a NUL in the id of %o is a 400 naming the id', async (api, path, param) => {
    const res = await h.get(`${path}${MARK}%00`, api.auth(KEYS.pii));
    expect(res.status).toBe(400);
    expect(await errorMessage(res.clone())).toContain(`'${param}'`);
    expect(await res.text()).not.toContain(MARK);
  });

  it.each([
    [GENERIC, `/api/v1/audit/events/${MARK}`],
    [NECTED, `/dev/audit/audit/${MARK}`],
    [ORG, `/api/v1/org/audit-logs/${MARK}`],
  ] as const)('404s of %o do not echo the id', async (api, path) => {
    const res = await h.get(path, api.auth(KEYS.pii));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(MARK);
  });

  it('400s for invalid values and unknown parameters do not echo the value', async () => {
    for (const qs of [
      `?status=${MARK}`,
      `?limit=${MARK}`,
      `?cursor=${MARK}`,
      `?from=${MARK}`,
      // An unknown parameter is named only when its name is plain (`colour`), never this:
      `?${MARK}%3Cscript%3E=1`,
      `?x%0Ay=1`,
    ]) {
      const res = await h.get(`/api/v1/audit/events${qs}`, BEARER(KEYS.pii));
      expect(res.status, qs).toBe(400);
      const text = await res.text();
      expect(text, qs).not.toContain(MARK);
      expect(text, qs).not.toContain('x\\ny');
    }
  });

  it.each([
    ['/api/v1/audit/events', GENERIC],
    ['/api/v1/audit/facets', GENERIC],
    ['/dev/audit/audit/search', NECTED],
    ['/api/public/auditlogs', KORE],
    ['/api/v1/org/audit-logs', ORG],
  ] as const)(
    '%s: a parameter named like an Object member is unknown (400), not a crash',
    async (path, api) => {
      for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        const res = await h.get(`${path}?${name}=1`, api.auth(KEYS.pii));
        expect(res.status, name).toBe(400);
      }
    },
  );

  it('GET /stream?q=%00 is a 400, and the service keeps serving', async () => {
    const res = await h.get('/api/v1/audit/stream?q=%00', BEARER(KEYS.restricted));
    expect(res.status).toBe(400);
    const after = await h.get('/api/v1/audit/events?limit=1', BEARER(KEYS.pii));
    expect(after.status).toBe(200);
  });

  it('a stream whose query fails ends that stream; nothing escapes unhandled', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const store = h.service.store;
    const res = await h.get('/api/v1/audit/stream', BEARER(KEYS.pii));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read(); // the `ready` event
    expect(new TextDecoder().decode(first.value)).toContain('event: ready');
    vi.spyOn(store, 'since').mockRejectedValue(new Error('connection to the database lost'));
    store.events.emit('ingest');
    // The stream ends (no fixed wait: the read resolves when the server closes it).
    for (;;) if ((await reader.read()).done) break;
    expect(errors).toHaveBeenCalledWith(
      'generic api: stream ended:',
      'connection to the database lost',
    );
    const after = await h.get('/api/v1/audit/events?limit=1', BEARER(KEYS.pii));
    expect(after.status).toBe(200);
  });

  it.each([
    [GENERIC, '/api/v1/audit/events?limit=1', 200],
    [GENERIC, '/api/v1/audit/events/nope', 404],
    [GENERIC, '/api/v1/audit/events?limit=0', 400],
    [NECTED, '/dev/audit/audit/search', 200],
    [KORE, '/api/public/auditlogs', 200],
    [ORG, '/api/v1/org/audit-logs', 200],
  ] as const)('%o %s: Cache-Control no-store, nosniff', async (api, path, status) => {
    const res = await h.get(path, api.auth(KEYS.pii));
    expect(res.status).toBe(status);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    await res.body?.cancel();
  });

  it('401s and the stream carry the same headers', async () => {
    const unauthorized = await h.get('/api/v1/audit/events');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('cache-control')).toBe('no-store');
    expect(unauthorized.headers.get('x-content-type-options')).toBe('nosniff');
    const stream = await h.get('/api/v1/audit/stream', BEARER(KEYS.pii));
    expect(stream.headers.get('cache-control')).toBe('no-store');
    expect(stream.headers.get('x-content-type-options')).toBe('nosniff');
    await stream.body?.cancel();
  });

  it('a request log line escapes CR, LF, ESC and other control characters', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '));
    });
    const app = createApp(
      { store: h.service.store, principals: new Principals(), now: () => NOW },
      { log: true },
    );
    await app.request('/api/v1/audit/x%0AGET%20/api/v1/audit/events%20200%203ms');
    await app.request('/api/v1/audit/y%0D%1B[31mred%E2%80%A8');
    // The request time at the end varies; everything before it is exact.
    expect(lines.map((l) => l.replace(/ \d+ms$/, ' <t>ms'))).toEqual([
      'GET /api/v1/audit/x\\x0aGET /api/v1/audit/events 200 3ms 401 <t>ms',
      'GET /api/v1/audit/y\\x0d\\x1b[31mred\\u2028 401 <t>ms',
    ]);
    for (const line of lines) expect(line).not.toMatch(/[\r\n\u001b\u2028]/);
  });
});

describe('escapeForLog', () => {
  it('escapes control characters and backslashes, keeps printable text', () => {
    expect(escapeForLog('a\nb\rc\u001bd\u0000e\u007f\u0085 ü € \\')).toBe(
      'a\\x0ab\\x0dc\\x1bd\\x00e\\x7f\\x85 ü € \\\\',
    );
  });

  it('cuts long text', () => {
    expect(escapeForLog('x'.repeat(10), 4)).toBe('xxxx…');
  });
});
