/**
 * The adapters against the reference service in fault mode (`AUDIT_FAULTS=on`, faults
 * forced per request with `x-audit-fault`): retries that then succeed, Retry-After
 * honoured, abort during latency, truncated bodies retried, malformed ones as SchemaErrors,
 * a bad record rejected on its own, and no retry of what a retry cannot fix.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { abortableSleep } from '../../../core/client.js';
import {
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  SchemaError,
  ServerError,
} from '../../../core/errors.js';
import type { AuditEvent, ViewState } from '../../../core/model.js';
import { createGenericSource } from '../../../core/sources/generic.js';
import { createOrgAuditSource } from '../../../core/sources/org-audit.js';
import type { Source, SourceConfig } from '../../../core/sources/types.js';
import { KEYS, NOW, startHarness, type Harness } from '../server/harness.js';

const view = (filters: ViewState['filters'] = {}): ViewState => ({ v: 1, filters, sort: 'desc' });
const never = () => new AbortController().signal;
let unique = 0;
const keyed = (fault: string) => `${fault};key=${++unique}-${Date.now()}`;

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('adapters under injected faults', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ events: 1000, env: { AUDIT_FAULTS: 'on' } });
  });
  afterAll(() => h?.service.close());

  /** A source whose every request carries `fault`, with its requests' start times recorded. */
  function faulty(
    create: (config: SourceConfig) => Source,
    fault: string,
    options: { key?: string; retry?: NonNullable<SourceConfig['client']>['retry'] } = {},
  ) {
    const calls: number[] = [];
    /** The delays the client waited before each retry. */
    const waits: number[] = [];
    const source = create({
      endpoint: h.url,
      now: () => NOW,
      credentials: () => ({
        headers: { authorization: `Bearer ${options.key ?? KEYS.pii}`, 'x-audit-fault': fault },
      }),
      client: {
        fetch: (input, init) => {
          calls.push(performance.now());
          return fetch(input, init);
        },
        retry: options.retry,
        sleep: (ms, signal) => {
          waits.push(ms);
          return abortableSleep(ms, signal);
        },
      },
    });
    return { source, calls, waits };
  }
  const generic = createGenericSource;
  const orgAudit = createOrgAuditSource;
  const clean = () =>
    createGenericSource({ endpoint: h.url, now: () => NOW, credentials: () => KEYS.pii });

  it('503 twice, then success: the client retried and the result is complete', async () => {
    const { source, calls } = faulty(generic, keyed('503;times=2'));
    const page = await source.search(view(), null, never(), { pageSize: 20 });
    expect(calls).toHaveLength(3);
    expect(page.events).toEqual(
      (await clean().search(view(), null, never(), { pageSize: 20 })).events,
    );
  });

  it('500 twice on the org-audit API, then success', async () => {
    const { source, calls } = faulty(orgAudit, keyed('500;times=2'));
    const page = await source.search(view(), null, never(), { pageSize: 10 });
    expect(calls).toHaveLength(3);
    expect(page.events).toHaveLength(10);
  });

  it('gives up after the attempts cap with a ServerError', async () => {
    const { source, calls } = faulty(generic, keyed('503;times=10'), {
      retry: { baseDelayMs: 20, maxDelayMs: 40 },
    });
    expect(await rejection(source.search(view(), null, never()))).toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(4);
  });

  it('429 with Retry-After: 1 → the client waits at least the second asked for', async () => {
    const { source, calls, waits } = faulty(generic, keyed('429=1;times=1'));
    const page = await source.search(view(), null, never(), { pageSize: 5 });
    expect(page.events).toHaveLength(5);
    expect(calls).toHaveLength(2);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
  });

  it('an abort during 5 s of latency rejects with an AbortError, and nothing more is fetched', async () => {
    const { source, calls } = faulty(generic, 'latency=5000');
    const ctl = new AbortController();
    const pending = rejection(source.search(view(), null, ctl.signal));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    ctl.abort();
    const e = await pending;
    expect((e as DOMException).name).toBe('AbortError');
    expect(calls).toHaveLength(1);
  });

  describe.each([
    ['generic', generic, 'data[0].id'],
    ['org-audit', orgAudit, 'items[0].id'],
  ] as const)('broken bodies from the %s API', (_name, create, nulledPath) => {
    it('malformed → SchemaError, not retried, nothing mapped', async () => {
      const { source, calls } = faulty(create, keyed('malformed;times=1'));
      let delivered: AuditEvent[] | undefined;
      const e = await rejection(
        source.search(view(), null, never(), { pageSize: 10 }).then((page) => {
          delivered = page.events;
        }),
      );
      expect(e).toBeInstanceOf(SchemaError);
      expect(delivered).toBeUndefined();
      expect(calls).toHaveLength(1);
      expect((e as SchemaError).path).toBe('');
      expect((e as SchemaError).message).not.toContain(KEYS.pii);
    });

    it('truncated → retried as a transient failure, then the whole page (issue 12 item 9)', async () => {
      const { source, calls } = faulty(create, keyed('truncated;times=1'));
      const page = await source.search(view(), null, never(), { pageSize: 10 });
      expect(calls).toHaveLength(2);
      expect(page.events).toHaveLength(10);
    });

    it('schema (a nulled id) → that record rejected by path, the rest shown, not retried', async () => {
      const { source } = faulty(create, keyed('schema;times=1'));
      const page = await source.search(view(), null, never(), { pageSize: 10 });
      const all = (await source.search(view(), null, never(), { pageSize: 11 })).events;
      expect(page.rejected).toHaveLength(1);
      expect(page.rejected![0]).toMatchObject({ index: 0, path: nulledPath });
      // The first record is the rejected one; the page holds the records after it.
      expect(page.events.map((e) => e.id)).toEqual(
        all.slice(1, 1 + page.events.length).map((e) => e.id),
      );
      expect(page.events.length).toBeGreaterThanOrEqual(9);
    });
  });

  it('a schema fault on a detail names the nulled id', async () => {
    const id = h.truth.find((e) => e.kind === 'request')!.id;
    const g = faulty(generic, keyed('schema;times=1'));
    expect(((await rejection(g.source.get(id, never()))) as SchemaError).path).toBe('data.id');
    const o = faulty(orgAudit, keyed('schema;times=1'));
    expect(((await rejection(o.source.get(id, never()))) as SchemaError).path).toBe('id');
  });

  it('a non-retryable 4xx is not retried', async () => {
    const bad = faulty(generic, 'latency=1');
    expect(
      await rejection(bad.source.search(view({ status: 'sometimes' }), null, never())),
    ).toBeInstanceOf(BadRequestError);
    expect(bad.calls).toHaveLength(1);
    const missing = faulty(generic, 'latency=1');
    expect(await rejection(missing.source.get('evt_missing', never()))).toBeInstanceOf(
      NotFoundError,
    );
    expect(missing.calls).toHaveLength(1);
    const forbidden = faulty(orgAudit, 'latency=1', { key: KEYS.none });
    expect(await rejection(forbidden.source.search(view(), null, never()))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(forbidden.calls).toHaveLength(1);
  });
});
