/**
 * What enters the store: records validated one by one, authentication calls refused
 * whatever their kind, secrets scrubbed before storage; and what a restricted principal
 * receives of what was stored (an allowlist).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTION_MARKER, type AuditEvent } from '../../../core/model.js';
import { admitRecord, isAuthenticationCall, type IngestRecord } from '../../../server/ingest.js';
import { publicUrl } from '../../../server/redaction.js';
import { SCRUBBED_MARKER } from '../../../server/scrub.js';
import { KEYS, NOW, startHarness, type Harness } from './harness.js';

const GONE = '[secret removed at ingest]';

let n = 0;
/** A valid api-call event, `over` applied on top. */
function event(over: Partial<AuditEvent> & Record<string, unknown> = {}): AuditEvent {
  return {
    id: `ingest-test-${++n}`,
    timestamp: NOW - 60_000,
    kind: 'api-call',
    actor: { type: 'user', email: 'jane@acme.example' },
    action: 'update user',
    status: 'success',
    http: { method: 'POST', url: 'https://idp.example/api/v1/users/1', statusCode: 200 },
    ...over,
  };
}
const record = (e: unknown, native?: Record<string, unknown>): IngestRecord => ({
  origin: 'api-logs',
  event: e as AuditEvent,
  native,
});

/** The stored event (as admitted), or the refusal's reason. */
function admitted(e: unknown, native?: Record<string, unknown>): IngestRecord {
  const a = admitRecord(record(e, native));
  if (!a.ok) throw new Error(`refused: ${a.reason}`);
  return a.record;
}
const reason = (e: unknown): string => {
  const a = admitRecord(record(e));
  return a.ok ? 'admitted' : a.reason;
};

describe('secrets are scrubbed at ingest', () => {
  it('uses the marker this test expects', () => {
    expect(SCRUBBED_MARKER).toBe(GONE);
  });

  it('Okta change_password: old and new passwords', () => {
    const e = admitted(
      event({
        request: {
          body: { oldPassword: { value: 'Tr0ub4dor&3' }, newPassword: { value: 'c0rrect-h0rse' } },
        },
      }),
    ).event;
    expect(e.request?.body).toEqual({ oldPassword: { value: GONE }, newPassword: { value: GONE } });
  });

  it('Entra passwordProfile: the password, not the flags', () => {
    const e = admitted(
      event({
        request: {
          body: {
            passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Winter2026!' },
          },
        },
      }),
    ).event;
    expect(e.request?.body).toEqual({
      passwordProfile: { forceChangePasswordNextSignIn: true, password: GONE },
    });
  });

  it('secret-like keys at any depth, and what only describes a key stays', () => {
    const e = admitted(
      event({
        request: {
          body: {
            a: [
              { client_secret: 's3cr3t-value' },
              { apiKey: { id: 'key_1', name: 'CI', value: 'k-123' } },
            ],
            db_password: 'pw',
            cvv: 123,
            token_type: 'Bearer',
            max_tokens: 5,
            note: 'nothing here',
          },
        },
      }),
    ).event;
    expect(e.request?.body).toEqual({
      a: [{ client_secret: GONE }, { apiKey: { id: 'key_1', name: 'CI', value: GONE } }],
      db_password: GONE,
      cvv: GONE,
      token_type: 'Bearer',
      max_tokens: 5,
      note: 'nothing here',
    });
  });

  it('bearer tokens, JWTs, card numbers and key=value secrets inside text', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const e = admitted(
      event({
        message: 'retried with Bearer abcDEF123456789xyz',
        response: {
          body: {
            log: `token ${jwt} used`,
            payment: 'card 4111 1111 1111 1111 charged',
            number: 4111111111111111,
            form: 'user=jane&password=hunter2&x=1',
          },
        },
      }),
    ).event;
    expect(e.message).toBe(`retried with Bearer ${GONE}`);
    expect(e.response?.body).toEqual({
      log: `token ${GONE} used`,
      payment: `card ${GONE} charged`,
      number: GONE,
      form: `user=jane&password=${GONE}&x=1`,
    });
  });

  it('a URL with a password in its userinfo or a token in its query', () => {
    const e = admitted(
      event({
        http: {
          method: 'GET',
          url: 'https://svc:pa55word@api.example/v1/items?access_token=abc123def&page=2',
          statusCode: 200,
        },
      }),
    ).event;
    expect(e.http?.url).toBe(
      `https://svc:${GONE}@api.example/v1/items?access_token=${GONE}&page=2`,
    );
  });

  it('credential headers, whatever their name, are dropped', () => {
    const headers = {
      Authorization: 'Bearer x',
      'Proxy-Authorization': 'Basic y',
      Cookie: 'sid=1',
      'x-api-key': 'k1',
      auth: 'k2',
      'nected-api-key': 'k3',
      'X-Auth-Token': 'k4',
      'PRIVATE-TOKEN': 'k5',
      'x-csrf-token': 'k6',
      accept: 'application/json',
      'x-request-id': 'req-1',
    };
    const e = admitted(
      event({ request: { headers }, response: { headers: { 'set-cookie': 'a=b', etag: 'W/1' } } }),
    ).event;
    expect(e.request?.headers).toEqual({ accept: 'application/json', 'x-request-id': 'req-1' });
    expect(e.response?.headers).toEqual({ etag: 'W/1' });
  });

  it('headers inside a native record (Nected input), as objects or arrays of pairs', () => {
    const { native } = admitted(event(), {
      input: {
        headers: { 'nected-api-key': 'k', 'content-type': 'application/json' },
        request: {
          headers: [
            ['x-api-key', 'k'],
            ['accept', '*/*'],
            { name: 'Authorization', value: 'Bearer z' },
            { name: 'user-agent', value: 'n' },
          ],
        },
      },
      details: { headers: { auth: 'k', 'x-forwarded-for': '10.0.0.1' } },
    });
    expect(native).toEqual({
      input: {
        headers: { 'content-type': 'application/json' },
        request: {
          headers: [['accept', '*/*'], { name: 'user-agent', value: 'n' }],
        },
      },
      details: { headers: { 'x-forwarded-for': '10.0.0.1' } },
    });
  });

  it('a writer cannot say what is redacted', () => {
    const e = admitted(event({ redacted: ['request.body'] })).event;
    expect(e.redacted).toBeUndefined();
  });
});

describe('authentication calls are never stored, whatever the kind of event', () => {
  it.each([
    '/oauth2/v1/authorize',
    '/oauth2/default/v1/token',
    '/idp/idx/identify',
    '/api/authenticate',
    '/login.php',
    '/api/v1/auth/login',
    '/api/v1/authn',
    '/oauth_token.do',
    '/saml2/sso',
    '/api/v1/sessions/me',
  ])('%s', (path) => {
    for (const kind of ['api-call', 'request', 'change'] as const) {
      expect(reason(event({ kind, http: { method: 'POST', path } }))).toMatch(
        /^an authentication call/,
      );
      expect(
        reason(event({ kind, http: { method: 'POST', url: `https://x.example${path}?a=1` } })),
      ).toMatch(/^an authentication call/);
    }
  });

  it('a token URL whose path says something else', () => {
    const e = event({
      http: { method: 'POST', url: 'https://login.example/oauth2/v2.0/token', path: '/users' },
    });
    expect(isAuthenticationCall(e)).toBe(true);
  });

  it('ordinary calls are stored', () => {
    for (const path of [
      '/api/v1/users/00u1/lifecycle/unlock',
      '/api/now/table/incident',
      '/api/v1/workspaces/1/documents',
      '/rest/api/3/issue/TOKEN-12',
    ])
      expect(reason(event({ http: { method: 'POST', path } })), path).toBe('admitted');
  });
});

describe('each record is validated on its own', () => {
  it.each([
    ['a numeric message', { message: 42 }, 'message'],
    ['an object as actor name', { actor: { type: 'user', name: { first: 'a' } } }, 'actor.name'],
    ['status code 999', { http: { method: 'GET', statusCode: 999 } }, 'http.statusCode'],
    ['array headers', { request: { headers: [['accept', 'x']] } }, 'request.headers'],
    ['an empty id', { id: '' }, 'id'],
    ['a numeric method', { http: { method: 7 } }, 'http.method'],
    ['an unknown kind', { kind: 'login' }, 'kind'],
    ['a NUL', { message: 'a\u0000b' }, 'message: contains a NUL character'],
    ['a lone surrogate', { request: { body: { x: 'a\uD800' } } }, 'request.body.x'],
    ['a NUL in a key', { request: { body: { 'a\u0000': 1 } } }, 'request.body: a key contains'],
  ])('refuses %s, naming where', (_, over, where) => {
    const r = reason(event(over as Partial<AuditEvent>));
    expect(r).not.toBe('admitted');
    expect(r).toContain(where);
  });

  it('refuses a body nested 10,000 deep without overflowing the stack', () => {
    let body: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) body = { a: body };
    // `request` is level 0, `body` 1, and the 99th `a` below it is the 100th level.
    expect(reason(event({ request: { body } }))).toBe(
      `request.body${'.a'.repeat(99)}: nested deeper than 100 levels`,
    );
  });

  it('refuses what is not an object', () => {
    for (const bad of [null, 'x', 3, []]) expect(reason(bad)).toBe('event: not an object');
  });
});

describe('the store, record by record', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ events: 300 });
  });
  afterAll(() => h?.service.close());

  it('[good, bad, good, duplicate]: stores the good ones and says what became of each', async () => {
    const good1 = event();
    const good2 = event();
    const nul = event({ message: 'nul \u0000' });
    const numericMethod = event({ http: { method: 3 } } as unknown as Partial<AuditEvent>);
    const results = await h.service.store.ingestEach([
      record(good1),
      record(nul),
      record(numericMethod),
      record(good2),
      record(good1),
    ]);
    expect(results).toEqual([
      { index: 0, id: good1.id, status: 'stored' },
      {
        index: 1,
        id: nul.id,
        status: 'refused',
        reason: 'message: contains a NUL character',
      },
      {
        index: 2,
        id: numericMethod.id,
        status: 'refused',
        reason: expect.stringMatching(/^http\.method: /) as unknown,
      },
      { index: 3, id: good2.id, status: 'stored' },
      { index: 4, id: good1.id, status: 'duplicate' },
    ]);
    const got = await h.json<{ data: AuditEvent }>(`/api/v1/audit/events/${good2.id}`);
    expect(got.data.id).toBe(good2.id);
  });
});

describe('a restricted principal receives an allowlist', () => {
  let h: Harness;
  const SECRET_PARTS = {
    query: 'qsecret77',
    fragment: 'fragsecret77',
    user: 'usersecret77',
    matrix: 'matrixsecret77',
    raw: 'rawsecret77',
    extra: 'extrasecret77',
    body: 'bodysecret77',
  };
  const leaky = event({
    id: 'leaky-1',
    message: 'Updated the user',
    http: {
      method: 'GET',
      url: `https://${SECRET_PARTS.user}:pw@api.example/v1/users;jsessionid=${SECRET_PARTS.matrix}/7?q=${SECRET_PARTS.query}#frag=${SECRET_PARTS.fragment}`,
      path: `/v1/users;jsessionid=${SECRET_PARTS.matrix}/7?q=${SECRET_PARTS.query}#frag=${SECRET_PARTS.fragment}`,
      statusCode: 200,
    },
    request: { body: { note: SECRET_PARTS.body } },
    raw: { anything: SECRET_PARTS.raw },
    unknownField: SECRET_PARTS.extra,
  });

  beforeAll(async () => {
    h = await startHarness({ events: 300 });
    const [r] = await h.service.store.ingestEach([record(leaky)]);
    expect(r!.status).toBe('stored');
  });
  afterAll(() => h?.service.close());

  it('publicUrl keeps scheme, host, port and path only', () => {
    expect(publicUrl('https://u:p@h.example:8443/a;x=1/b;jsessionid=2?q=1#f')).toBe(
      'https://h.example:8443/a/b',
    );
    expect(publicUrl('/a/b;c=d?e=f#g')).toBe('/a/b');
    expect(publicUrl('//u@h/p')).toBe('//h/p');
    expect(publicUrl('not a url ? really # no')).toBe('not a url ');
  });

  it('detail and list: no query, fragment, userinfo, matrix part, raw or unknown field', async () => {
    const detail = await h.json<{ data: AuditEvent }>(
      `/api/v1/audit/events/leaky-1`,
      KEYS.restricted,
    );
    const list = await h.json<{ data: AuditEvent[] }>(
      `/api/v1/audit/events?traceId=&limit=500&from=${NOW - 120_000}`,
      KEYS.restricted,
    );
    const inList = list.data.find((e) => e.id === 'leaky-1');
    for (const got of [detail.data, inList]) {
      expect(got).toEqual({
        id: 'leaky-1',
        timestamp: NOW - 60_000,
        kind: 'api-call',
        actor: { type: 'user', email: 'jane@acme.example' },
        action: 'update user',
        status: 'success',
        message: 'Updated the user',
        http: {
          method: 'GET',
          url: 'https://api.example/v1/users/7',
          path: '/v1/users/7',
          statusCode: 200,
        },
        request: { body: REDACTION_MARKER },
        redacted: ['http.url.query', 'request.body'],
      });
    }
    const pii = await h.json<{ data: AuditEvent }>(`/api/v1/audit/events/leaky-1`, KEYS.pii);
    expect(pii.data.http?.path).toContain(SECRET_PARTS.query);
  });

  it('free text never matches what is withheld', async () => {
    for (const secret of Object.values(SECRET_PARTS)) {
      const res = await h.json<{ data: AuditEvent[] }>(
        `/api/v1/audit/events?q=${secret}`,
        KEYS.restricted,
      );
      expect(res.data, secret).toEqual([]);
    }
    const pii = await h.json<{ data: AuditEvent[] }>(
      `/api/v1/audit/events?q=${SECRET_PARTS.query}`,
      KEYS.pii,
    );
    expect(pii.data.map((e) => e.id)).toEqual(['leaky-1']);
  });
});

describe('the backend-shaped APIs give a restricted principal an allowlist too', () => {
  let h: Harness;
  const base = (id: string, kind: AuditEvent['kind']) =>
    event({ id, kind, http: { method: 'GET', path: '/api/v1/users', statusCode: 200 } });
  beforeAll(async () => {
    h = await startHarness({ events: 300 });
    const results = await h.service.store.ingestEach([
      {
        origin: 'org-audit',
        event: base('org-leak', 'request'),
        native: {
          id: 'org-leak',
          method: 'GET',
          path: '/api/v1/users;jsessionid=matrixleak9?email=queryleak9#fragleak9',
          statusCode: 200,
          createdAt: new Date(NOW - 60_000).toISOString(),
          internalNote: 'extraleak9',
          details: { body: null, query: { email: 'queryleak9' }, params: {}, headers: {} },
        },
      },
      {
        origin: 'nected',
        event: base('nected-leak', 'change'),
        native: {
          logId: 'nected-leak',
          name: 'rule',
          input: { a: 'inputleak9' },
          output: null,
          debugDump: 'extraleak9',
        },
      },
      {
        origin: 'kore',
        event: base('kore-leak', 'change'),
        native: { _id: 'kore-leak', entity: 'bot', action: 'update', sessionDump: 'extraleak9' },
      },
    ]);
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored']);
  });
  afterAll(() => h?.service.close());

  it('org-audit: the path without query, fragment or matrix part; unknown fields left out', async () => {
    const res = await h.get('/api/v1/org/audit-logs?limit=100', {
      authorization: `Bearer ${KEYS.restricted}`,
    });
    const body = (await res.json()) as { items: Record<string, unknown>[] };
    const item = body.items.find((i) => i.id === 'org-leak');
    expect(item).toEqual({
      id: 'org-leak',
      method: 'GET',
      path: '/api/v1/users',
      statusCode: 200,
      createdAt: new Date(NOW - 60_000).toISOString(),
    });
    const detail = await h.get('/api/v1/org/audit-logs/org-leak', {
      authorization: `Bearer ${KEYS.restricted}`,
    });
    const text = await detail.text();
    for (const leak of ['matrixleak9', 'queryleak9', 'fragleak9', 'extraleak9'])
      expect(text).not.toContain(leak);
  });

  it('nected and kore: unknown fields left out, input withheld', async () => {
    const nected = await h.get('/dev/audit/audit/nected-leak', {
      'nected-api-key': KEYS.restricted,
    });
    const kore = await h.get('/api/public/auditlogs?limit=100', { auth: KEYS.restricted });
    for (const res of [nected, kore]) {
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain('extraleak9');
      expect(text).not.toContain('inputleak9');
    }
  });
});
