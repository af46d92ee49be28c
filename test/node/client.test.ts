/**
 * HttpClient with a fake fetch, a fake clock and a fake sleep: retries, backoff,
 * Retry-After, abort, timeouts, credential refresh, and what error messages may say.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  abortableSleep,
  cutOff,
  formatPath,
  HttpClient,
  parseRetryAfter,
  type ClientOptions,
  type CredentialsProvider,
  type Query,
} from '../../core/client.js';
import {
  BadRequestError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  SchemaError,
  ServerError,
  SourceError,
  TimeoutError,
  UnauthorizedError,
} from '../../core/errors.js';

const Body = z.object({ data: z.array(z.object({ id: z.string(), timestamp: z.int() })) });
const OK_BODY = { data: [{ id: 'a', timestamp: 1 }] };
const SECRET = 'sk-SECRET';
/** Whole seconds, so HTTP dates (second resolution) are exact. */
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

type Reply = Response | Error | ((signal: AbortSignal) => Promise<Response>);
const json = (status: number, body: unknown = {}, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
const ok = () => json(200, OK_BODY);
/** A fetch that never answers; rejects with the signal's reason when it aborts, as fetch does. */
const hang = (signal: AbortSignal) =>
  new Promise<Response>((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });

interface Rig {
  client: HttpClient;
  calls: { url: string; headers: Record<string, string> }[];
  sleeps: number[];
  refreshes: boolean[];
  clock: { now: number };
}

function rig(replies: Reply[], options: Partial<ClientOptions> = {}): Rig {
  const calls: Rig['calls'] = [];
  const sleeps: number[] = [];
  const refreshes: boolean[] = [];
  const clock = { now: T0 };
  const queue = [...replies];
  const credentials: CredentialsProvider = ({ refresh }) => {
    refreshes.push(refresh);
    return refresh ? 'sk-REFRESHED' : SECRET;
  };
  const client = new HttpClient({
    baseUrl: 'https://audit.example/base',
    auth: { header: 'authorization', scheme: 'Bearer' },
    credentials,
    random: () => 0.5,
    now: () => clock.now,
    sleep: (ms) => {
      sleeps.push(ms);
      clock.now += ms;
      return Promise.resolve();
    },
    fetch: (input, init) => {
      calls.push({
        url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
        headers: { ...(init?.headers as Record<string, string>) },
      });
      const next = queue.shift();
      if (next === undefined) throw new Error('no more replies');
      if (next instanceof Error) return Promise.reject(next);
      if (typeof next === 'function') return next(init!.signal!);
      return Promise.resolve(next);
    },
    ...options,
  });
  return { client, calls, sleeps, refreshes, clock };
}

const get = (r: Rig, signal = new AbortController().signal, query: Query = {}) =>
  r.client.getJson('/api/v1/audit/events', query, Body, signal);

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('HttpClient retries', () => {
  it('retries a network error, then succeeds', async () => {
    const r = rig([new TypeError('fetch failed'), ok()]);
    expect(await get(r)).toEqual(OK_BODY);
    expect(r.calls).toHaveLength(2);
    expect(r.sleeps).toHaveLength(1);
  });

  it.each([500, 502, 503, 504, 408, 429])('retries HTTP %i', async (status) => {
    const r = rig([json(status), json(status), ok()]);
    expect(await get(r)).toEqual(OK_BODY);
    expect(r.calls).toHaveLength(3);
    expect(r.sleeps).toHaveLength(2);
  });

  it.each([
    [400, BadRequestError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [422, BadRequestError],
    [501, ServerError],
    [505, ServerError],
  ] as const)('does not retry HTTP %i', async (status, type) => {
    const r = rig([json(status), ok()]);
    const e = await failure(get(r));
    expect(e).toBeInstanceOf(type);
    expect((e as SourceError).status).toBe(status);
    expect(r.calls).toHaveLength(1);
    expect(r.sleeps).toEqual([]);
  });

  it("adds the service's message to the error, unless it only says the same", async () => {
    const said = async (message: string) =>
      ((await failure(get(rig([json(403, { error: { message } })])))) as Error).message;
    expect(await said('This principal may not read audit logs.')).toMatch(
      /: this principal may not read audit logs$/,
    );
    expect(await said('Missing permission: viewAuditLog')).toMatch(
      /: this principal may not read audit logs \(Missing permission: viewAuditLog\)$/,
    );
  });

  it('does not retry 401 without a credentials provider', async () => {
    const r = rig([json(401), ok()], { credentials: undefined });
    expect(await failure(get(r))).toBeInstanceOf(UnauthorizedError);
    expect(r.calls).toHaveLength(1);
  });

  it('backs off exponentially with jitter inside [ceiling/2, ceiling]', async () => {
    const draws = [0, 0.999999, 0.25, 0.5, 0.75, 0.1];
    const r = rig(
      Array.from({ length: 7 }, () => json(503)),
      {
        retry: { attempts: 7, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 1e9 },
        random: () => draws.shift() ?? 0,
      },
    );
    expect(await failure(get(r))).toBeInstanceOf(ServerError);
    expect(r.calls).toHaveLength(7);
    const ceilings = [100, 200, 400, 800, 1000, 1000];
    expect(r.sleeps).toHaveLength(6);
    for (const [i, ms] of r.sleeps.entries()) {
      expect(ms).toBeGreaterThanOrEqual(ceilings[i]! / 2);
      expect(ms).toBeLessThanOrEqual(ceilings[i]!);
    }
    expect(r.sleeps[0]).toBe(50); // random 0: half the ceiling
    expect(r.sleeps[1]).toBe(200); // random ~1: the ceiling
  });

  it('jitter spreads delays: many clients do not retry in lockstep', () => {
    let seed = 42;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const client = new HttpClient({ baseUrl: 'https://x.example', auth: { header: 'a' }, random });
    const delays = Array.from({ length: 200 }, () => client.backoff(3));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(600);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1200);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });

  it('stops after the attempts cap with the last failure', async () => {
    const r = rig([json(503), json(502), json(500), ok()], { retry: { attempts: 3 } });
    const e = await failure(get(r));
    expect(e).toBeInstanceOf(ServerError);
    expect((e as ServerError).status).toBe(500);
    expect(r.calls).toHaveLength(3);
    expect(r.sleeps).toHaveLength(2);
  });

  it('starts no retry that would end past the total-time cap', async () => {
    const starts: number[] = [];
    const slow = (status: number) => (): Promise<Response> => {
      starts.push(r.clock.now - T0);
      r.clock.now += 400; // each request takes 400 ms
      return Promise.resolve(json(status));
    };
    const r: Rig = rig([slow(503), slow(503), slow(503), slow(503), slow(503), ok()], {
      retry: { attempts: 10, baseDelayMs: 200, maxDelayMs: 200, maxTotalMs: 2000 },
      random: () => 1,
    });
    expect(await failure(get(r))).toBeInstanceOf(ServerError);
    // Requests start at 0, 600, 1200 and 1800 ms; one more would start at 2400 > 2000.
    expect(starts).toEqual([0, 600, 1200, 1800]);
    expect(r.sleeps).toEqual([200, 200, 200]);
  });

  it('honours Retry-After in seconds (the sleep is at least that)', async () => {
    const r = rig([json(429, {}, { 'retry-after': '7' }), ok()]);
    expect(await get(r)).toEqual(OK_BODY);
    expect(r.sleeps).toHaveLength(1);
    expect(r.sleeps[0]).toBeGreaterThanOrEqual(7000);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(T0 + 12_000).toUTCString();
    const r = rig([json(503, {}, { 'retry-after': at }), ok()]);
    expect(await get(r)).toEqual(OK_BODY);
    expect(r.sleeps[0]).toBeGreaterThanOrEqual(12_000);
  });

  it('gives up at once when Retry-After is beyond the total-time cap', async () => {
    const r = rig([json(429, {}, { 'retry-after': '120' }), ok()]);
    const e = await failure(get(r));
    expect(e).toBeInstanceOf(RateLimitedError);
    expect((e as RateLimitedError).retryAfterMs).toBe(120_000);
    expect(r.sleeps).toEqual([]);
  });

  it('reads Retry-After values', () => {
    expect(parseRetryAfter('3', T0)).toBe(3000);
    expect(parseRetryAfter('1.5', T0)).toBe(1500);
    expect(parseRetryAfter(new Date(T0 + 5000).toUTCString(), T0)).toBe(5000);
    expect(parseRetryAfter(new Date(T0 - 5000).toUTCString(), T0)).toBe(0);
    expect(parseRetryAfter('soon', T0)).toBeUndefined();
    expect(parseRetryAfter(null, T0)).toBeUndefined();
  });
});

describe('HttpClient abort and timeout', () => {
  it('an abort during a request rejects at once with the AbortError and fetches nothing more', async () => {
    const r = rig([hang, ok()]);
    const ctl = new AbortController();
    const p = failure(get(r, ctl.signal));
    await Promise.resolve();
    ctl.abort();
    const e = await p;
    expect(e).toBeInstanceOf(DOMException);
    expect((e as DOMException).name).toBe('AbortError');
    expect(r.calls).toHaveLength(1);
  });

  it('an abort during a backoff sleep rejects at once and fetches nothing more', async () => {
    let sleeping!: () => void;
    const started = new Promise<void>((resolve) => (sleeping = resolve));
    const r = rig([json(503), ok()], {
      sleep: (_ms, signal) => {
        sleeping();
        return hang(signal).then(() => undefined);
      },
    });
    const ctl = new AbortController();
    const p = failure(get(r, ctl.signal));
    await started;
    ctl.abort();
    const e = await p;
    expect((e as DOMException).name).toBe('AbortError');
    expect(r.calls).toHaveLength(1);
  });

  it('the real sleep is abortable too', async () => {
    const r = rig([json(503), ok()], {
      sleep: abortableSleep,
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, maxTotalMs: 1e9 },
    });
    const ctl = new AbortController();
    const p = failure(get(r, ctl.signal));
    setTimeout(() => ctl.abort(), 5);
    // The backoff is a minute: settling at all (within the test's timeout) is the abort's doing.
    const e = await p;
    expect((e as DOMException).name).toBe('AbortError');
    expect(r.calls).toHaveLength(1);
  });

  it('an already aborted signal fetches nothing', async () => {
    const r = rig([ok()]);
    const e = await failure(get(r, AbortSignal.abort()));
    expect((e as DOMException).name).toBe('AbortError');
    expect(r.calls).toHaveLength(0);
  });

  it('a request past the per-request timeout fails with TimeoutError', async () => {
    const r = rig([hang], { timeoutMs: 5, retry: { attempts: 1 } });
    const e = await failure(get(r));
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as TimeoutError).retryable).toBe(true);
  });

  it('a timeout is retried like a network error', async () => {
    const r = rig([hang, ok()], { timeoutMs: 5 });
    expect(await get(r)).toEqual(OK_BODY);
    expect(r.calls).toHaveLength(2);
  });
});

describe('HttpClient credentials', () => {
  it('sends the credential in the auth header', async () => {
    const r = rig([ok()]);
    await get(r);
    expect(r.calls[0]!.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('on 401 asks the provider again with refresh: true and retries once', async () => {
    const r = rig([json(401), ok()]);
    expect(await get(r)).toEqual(OK_BODY);
    expect(r.refreshes).toEqual([false, true]);
    expect(r.calls.map((c) => c.headers.authorization)).toEqual([
      `Bearer ${SECRET}`,
      'Bearer sk-REFRESHED',
    ]);
    expect(r.sleeps).toEqual([]);
  });

  it('a second 401 is final', async () => {
    const r = rig([json(401), json(401), ok()]);
    expect(await failure(get(r))).toBeInstanceOf(UnauthorizedError);
    expect(r.calls).toHaveLength(2);
    expect(r.refreshes).toEqual([false, true]);
  });

  it('refreshes only once: later retries use the credential as usual', async () => {
    const r = rig([json(401), json(503), ok()]);
    expect(await get(r)).toEqual(OK_BODY);
    expect(r.refreshes).toEqual([false, true, false]);
  });

  it("a provider's own failure is reported as itself, not as a network error, and not retried", async () => {
    const signedOut = new Error('signed out');
    let calls = 0;
    const r = rig([ok(), ok()], {
      credentials: () => {
        calls++;
        throw signedOut;
      },
    });
    expect(await failure(get(r))).toBe(signedOut);
    expect(calls).toBe(1);
    expect(r.calls).toHaveLength(0);
  });
});

describe('HttpClient errors say nothing secret', () => {
  const query = { actor: 'alice.private@example.com', q: 'payroll-term', limit: 50 };
  const secretBits = [
    SECRET,
    'sk-REFRESHED',
    'alice.private',
    'payroll-term',
    '?',
    'audit.example',
  ];
  const cases: [string, Reply[], Partial<ClientOptions>?][] = [
    [
      'network',
      [new TypeError('fetch failed: https://audit.example/base?actor=alice.private@example.com')],
    ],
    ['timeout', [hang], { timeoutMs: 5 }],
    ['400', [json(400, { error: { code: 'bad_request', message: 'The query was refused.' } })]],
    ['401', [json(401, { error: { message: 'Missing or unknown API key.' } }), json(401)]],
    [
      '403',
      [
        json(403, {
          statusCode: 403,
          message: 'Missing permission: viewAuditLog',
          error: 'Forbidden',
        }),
      ],
    ],
    ['404', [json(404, { errors: [{ msg: 'Not found', code: 404 }] })]],
    ['429', [json(429, {}, { 'retry-after': '99' })]],
    ['500', [json(500, { error: 'Internal error' })]],
    ['schema', [json(200, { data: [{ id: 1, timestamp: 2 }] })]],
    ['malformed', [new Response('{"data": [ alice.private@example.com', { status: 200 })]],
    // Servers that echo what they were sent: the reference service quotes a refused
    // parameter's value (`got "..."`), cut at 80 characters.
    [
      'echoed query value',
      [
        json(400, {
          error: {
            code: 'bad_request',
            message: `Invalid query parameter 'actor': expected text, got ${JSON.stringify('alice.private@example.com')}.`,
          },
        }),
      ],
    ],
    [
      'echoed long value, cut short',
      [
        json(400, {
          error: {
            message: `Invalid query parameter 'q': got ${JSON.stringify(`payroll-term ${'x'.repeat(100)}`.slice(0, 80))}.`,
          },
        }),
      ],
    ],
    [
      'echoed credential',
      [
        json(401, { error: `Unknown key ${SECRET}` }),
        json(401, { error: 'Unknown key sk-REFRESHED' }),
      ],
    ],
  ];
  it.each(cases)('%s', async (_name, replies, options = {}) => {
    const q =
      _name === 'echoed long value, cut short'
        ? { ...query, q: `payroll-term ${'x'.repeat(100)}` }
        : query;
    const r = rig(replies, { retry: { attempts: 1 }, ...options });
    const e = await failure(get(r, undefined, q));
    expect(e).toBeInstanceOf(SourceError);
    const texts = [(e as Error).message, String(e), JSON.stringify(e), (e as SourceError).request];
    for (const text of texts)
      for (const bit of secretBits) expect(text, `${bit} in ${text}`).not.toContain(bit);
    expect((e as SourceError).request).toBe('GET /api/v1/audit/events');
    // The query string did reach the server:
    if (r.calls[0]) expect(r.calls[0].url).toContain('actor=alice.private%40example.com');
  });

  it('keeps the useful part of the server message', async () => {
    const r = rig([
      json(400, {
        error: {
          message: `Invalid query parameter 'actor': expected text of at most 320 characters, got ${JSON.stringify('alice.private@example.com')}.`,
        },
      }),
    ]);
    const e = await failure(get(r, undefined, query));
    expect((e as Error).message).toContain(
      "Invalid query parameter 'actor': expected text of at most 320 characters",
    );
  });
});

describe('HttpClient schema validation', () => {
  it('names the JSON path of the first offending value', async () => {
    const r = rig([
      json(200, {
        data: [
          { id: 'a', timestamp: 1 },
          { id: 'b', timestamp: 2 },
          { id: 'c', timestamp: 'x' },
        ],
      }),
    ]);
    const e = await failure(get(r));
    expect(e).toBeInstanceOf(SchemaError);
    expect((e as SchemaError).path).toBe('data[2].timestamp');
    expect((e as SchemaError).message).toContain('data[2].timestamp');
    expect(r.calls).toHaveLength(1);
  });

  it('complete but invalid JSON is a SchemaError with an empty path, not retried', async () => {
    for (const body of [
      '{"data": [1,,2]}',
      '<html><body>Service Unavailable</body></html>',
      '{"a":1,}',
    ]) {
      const r = rig([new Response(body, { status: 200 }), ok()]);
      const e = await failure(get(r));
      expect(e, body).toBeInstanceOf(SchemaError);
      expect((e as SchemaError).path).toBe('');
      expect(r.calls).toHaveLength(1);
    }
  });

  it('JSON cut off mid-transfer is a NetworkError, and retried (issue 12 item 9)', async () => {
    for (const body of ['{"data": [', '{"data": [{"id": "e1"', '{"data": [{"id": "e', '']) {
      const r = rig([new Response(body, { status: 200 }), ok()]);
      await get(r);
      expect(r.calls, JSON.stringify(body)).toHaveLength(2);
      const only = rig([new Response(body, { status: 200 })], { retry: { attempts: 1 } });
      const e = await failure(get(only));
      expect(e, body).toBeInstanceOf(NetworkError);
      expect((e as NetworkError).message).toBe(
        `GET /api/v1/audit/events: the response was cut off (${body.length} characters received)`,
      );
    }
    // Fewer bytes than the Content-Length announced, even if the part received happens to parse.
    expect(cutOff('{"a":1}', '40', undefined)).toBe(true);
    expect(cutOff('{"a":1}', '7', new SyntaxError('x'))).toBe(false);
  });

  it('formats zod paths', () => {
    expect(formatPath(['data', 2, 'timestamp'])).toBe('data[2].timestamp');
    expect(formatPath([0, 'id'])).toBe('[0].id');
    expect(formatPath(['items', 0, 'account', 'id'])).toBe('items[0].account.id');
  });

  it('builds URLs under the base path, skipping empty parameters', () => {
    const r = rig([]);
    expect(
      r.client.url('/api/v1/audit/events', { a: 'x y', b: undefined, c: null, d: '', e: 0 }),
    ).toBe('https://audit.example/base/api/v1/audit/events?a=x+y&e=0');
  });
});
