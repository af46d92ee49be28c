/**
 * Per-key limits: requests per second (429 + Retry-After), open streams, stream replay; and
 * requests without a valid key, per client address.
 * The service runs with deliberately low limits here; the defaults are generous.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../core/model.js';
import { Limits, type LimitsConfig } from '../../../server/limits.js';
import { KEYS, NOW, startHarness, type Harness } from './harness.js';

const config = (over: Partial<LimitsConfig>): LimitsConfig => ({
  ratePerSecond: 1,
  burst: 3,
  streamsPerKey: 2,
  replayMax: 10,
  unauthenticatedPerSecond: 1,
  unauthenticatedBurst: 3,
  ...over,
});

describe('Limits', () => {
  it('a token bucket per key: the burst, then the sustained rate', () => {
    let now = 0;
    const limits = new Limits(config({ ratePerSecond: 0.5, burst: 3 }), () => now);
    expect([1, 2, 3].map(() => limits.take('a').ok)).toEqual([true, true, true]);
    expect(limits.take('a')).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect(limits.take('b').ok).toBe(true); // another key has its own bucket
    now += 1000; // half a token back
    expect(limits.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(limits.take('a').ok).toBe(true);
    expect(limits.take('a').ok).toBe(false);
    now += 3_600_000; // never more than the burst
    expect([1, 2, 3, 4].map(() => limits.take('a').ok)).toEqual([true, true, true, false]);
  });

  it('rate 0 turns the limit off', () => {
    const limits = new Limits(config({ ratePerSecond: 0, burst: 1 }), () => 0);
    for (let i = 0; i < 100; i++) expect(limits.take('a').ok).toBe(true);
  });

  it('counts open streams per key; a release is counted once', () => {
    const limits = new Limits(config({ streamsPerKey: 2 }));
    const s1 = limits.openStream('a');
    const s2 = limits.openStream('a');
    expect([s1.ok, s2.ok, limits.openStream('a').ok, limits.openStream('b').ok]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    if (s1.ok) {
      s1.release();
      s1.release();
    }
    expect(limits.openStreams('a')).toBe(1);
    expect(limits.openStream('a').ok).toBe(true);
    expect(limits.openStream('a').ok).toBe(false);
  });
});

describe('the service under a low rate limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      events: 100,
      env: { AUDIT_RATE_LIMIT: '0.01', AUDIT_RATE_BURST: '4' },
    });
  });
  afterAll(() => h?.service.close());

  it('429 with Retry-After once a key has used its burst, in each API envelope', async () => {
    const bearer = { authorization: `Bearer ${KEYS.pii}` };
    const ok = await Promise.all([
      h.get('/api/v1/audit/events?limit=1', bearer),
      h.get('/dev/audit/audit/search', { 'nected-api-key': KEYS.pii }),
      h.get('/api/public/auditlogs', { auth: KEYS.pii }),
      h.get('/api/v1/org/audit-logs', bearer),
    ]);
    expect(ok.map((r) => r.status)).toEqual([200, 200, 200, 200]);

    const generic = await h.get('/api/v1/audit/events?limit=1', bearer);
    expect(generic.status).toBe(429);
    // 1 token at 0.01 per second: 100 s.
    expect(generic.headers.get('retry-after')).toBe('100');
    expect(await generic.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: 'Too many requests for this key: try again in 100 s.',
      },
    });
    const nected = await h.get('/dev/audit/audit/search', { 'nected-api-key': KEYS.pii });
    expect([nected.status, nected.headers.get('retry-after')]).toEqual([429, '100']);
    expect(await nected.json()).toEqual({
      error: 'Too many requests for this key: try again in 100 s.',
    });
    const kore = await h.get('/api/public/auditlogs', { auth: KEYS.pii });
    expect([kore.status, kore.headers.get('retry-after')]).toEqual([429, '100']);
    const org = await h.get('/api/v1/org/audit-logs', bearer);
    expect([org.status, org.headers.get('retry-after')]).toEqual([429, '100']);
    expect(((await org.json()) as { statusCode: number }).statusCode).toBe(429);

    // Another key is not affected.
    const other = await h.get('/api/v1/audit/events?limit=1', {
      authorization: `Bearer ${KEYS.restricted}`,
    });
    expect(other.status).toBe(200);
  });
});

describe('requests without a valid key', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      events: 10,
      env: { AUDIT_UNAUTH_RATE_LIMIT: '0.01', AUDIT_UNAUTH_RATE_BURST: '3' },
    });
  });
  afterAll(() => h?.service.close());

  it('are limited per client address: 401 for the burst, then 429 with Retry-After', async () => {
    const wrong = { authorization: 'Bearer guess-1' };
    const first = await Promise.all([
      h.get('/api/v1/audit/events?limit=1', wrong),
      h.get('/api/v1/audit/events?limit=1'), // no key at all counts too
      h.get('/dev/audit/audit/search', { 'nected-api-key': 'guess-2' }),
    ]);
    expect(first.map((r) => r.status)).toEqual([401, 401, 401]);
    const limited = await h.get('/api/public/auditlogs', { auth: 'guess-3' });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '100']);
    const generic = await h.get('/api/v1/audit/events?limit=1', wrong);
    expect(generic.status).toBe(429);
    expect(await generic.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: 'Too many requests without a valid key: try again in 100 s.',
      },
    });
    // A valid key is counted in its own bucket, not the address's.
    const ok = await h.get('/api/v1/audit/events?limit=1', {
      authorization: `Bearer ${KEYS.pii}`,
    });
    expect(ok.status).toBe(200);
  });
});

/** Reads server-sent events from a response, one `{ event, id, data }` at a time. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<{ event?: string; id?: string; data?: string }> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) continue; // a comment (keep-alive)
          const msg: Record<string, string> = {};
          for (const line of block.split('\n')) {
            const i = line.indexOf(':');
            msg[line.slice(0, i)] = line.slice(i + 1).trimStart();
          }
          return msg;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe('streams: at most N per key, a bounded replay', () => {
  let h: Harness;
  const stream = (headers: Record<string, string> = {}, qs = '') =>
    h.get(`/api/v1/audit/stream${qs}`, { authorization: `Bearer ${KEYS.pii}`, ...headers });
  beforeAll(async () => {
    h = await startHarness({
      events: 100,
      env: { AUDIT_STREAMS_PER_KEY: '2', AUDIT_STREAM_REPLAY: '5' },
    });
  });
  afterAll(() => h?.service.close());

  it('a third stream for the same key is a 429; closing one makes room', async () => {
    const a = await stream();
    const b = await stream();
    expect([a.status, b.status]).toEqual([200, 200]);
    const ra = sseReader(a);
    const rb = sseReader(b);
    expect((await ra.next()).event).toBe('ready');
    expect((await rb.next()).event).toBe('ready');
    const c = await stream();
    expect(c.status).toBe(429);
    expect(c.headers.get('retry-after')).toBe('5');
    const other = await h.get('/api/v1/audit/stream', {
      authorization: `Bearer ${KEYS.restricted}`,
    });
    expect(other.status).toBe(200);
    await other.body?.cancel();

    await ra.cancel();
    // The server notices the closed connection; wait for that, not for a fixed time.
    await expect
      .poll(async () => {
        const d = await stream();
        await d.body?.cancel();
        return d.status;
      })
      .toBe(200);
    await rb.cancel();
  });

  it('Last-Event-ID: 1 replays at most the configured 5 stored events', async () => {
    // Free slots: wait until the previous test's streams are released.
    await expect
      .poll(async () => {
        const d = await stream();
        await d.body?.cancel();
        return d.status;
      })
      .toBe(200);
    const events: AuditEvent[] = Array.from({ length: 12 }, (_, i) => ({
      id: `replay-${i}`,
      timestamp: NOW - 1000 + i,
      kind: 'change',
      actor: { type: 'system' },
      action: 'update',
      status: 'success',
      traceId: 'replay-trace',
    }));
    const results = await h.service.store.ingestEach(
      events.map((event) => ({ origin: 'api-logs' as const, event })),
    );
    expect(results.every((r) => r.status === 'stored')).toBe(true);

    const res = await stream({ 'last-event-id': '1' }, '?traceId=replay-trace');
    expect(res.status).toBe(200);
    const r = sseReader(res);
    expect((await r.next()).event).toBe('ready');
    const got: string[] = [];
    for (let i = 0; i < 5; i++) got.push((JSON.parse((await r.next()).data!) as AuditEvent).id);
    // The five most recently stored, in the order they were stored.
    expect(got).toEqual(['replay-7', 'replay-8', 'replay-9', 'replay-10', 'replay-11']);
    // Nothing older follows: the next event is the next one stored.
    await h.service.store.ingestEach([
      { origin: 'api-logs', event: { ...events[0]!, id: 'replay-next' } },
    ]);
    expect((JSON.parse((await r.next()).data!) as AuditEvent).id).toBe('replay-next');
    await r.cancel();
  });
});
