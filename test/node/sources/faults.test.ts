/**
 * The adapters against the reference service in fault mode (`AUDIT_FAULTS=on`, faults
 * forced per request with `x-audit-fault`): retries that then succeed, Retry-After
 * honoured in real time, abort during latency, broken bodies as SchemaErrors, and
 * no retry of what a retry cannot fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      },
    });
    return { source, calls };
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

  it('429 with Retry-After: 1 → the retry comes at least a second later', async () => {
    const { source, calls } = faulty(generic, keyed('429=1;times=1'));
    const page = await source.search(view(), null, never(), { pageSize: 5 });
    expect(page.events).toHaveLength(5);
    expect(calls).toHaveLength(2);
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(1000);
  });

  it('an abort during 5 s of latency rejects at once with an AbortError, and nothing more is fetched', async () => {
    const { source, calls } = faulty(generic, 'latency=5000');
    const ctl = new AbortController();
    const pending = rejection(source.search(view(), null, ctl.signal));
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    ctl.abort();
    const e = await pending;
    expect(performance.now() - t0).toBeLessThan(200);
    expect((e as DOMException).name).toBe('AbortError');
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toHaveLength(1);
  });

  describe.each([
    ['generic', generic, 'data[0].id'],
    ['org-audit', orgAudit, 'items[0].id'],
  ] as const)('broken bodies from the %s API', (_name, create, nulledPath) => {
    it.each(['malformed', 'truncated', 'schema'])(
      '%s → SchemaError, not retried, nothing mapped',
      async (fault) => {
        const { source, calls } = faulty(create, keyed(`${fault};times=1`));
        let delivered: AuditEvent[] | undefined;
        const e = await rejection(
          source.search(view(), null, never(), { pageSize: 10 }).then((page) => {
            delivered = page.events;
          }),
        );
        expect(e).toBeInstanceOf(SchemaError);
        expect(delivered).toBeUndefined();
        expect(calls).toHaveLength(1);
        const err = e as SchemaError;
        if (fault === 'schema') {
          expect(err.path).toBe(nulledPath);
          expect(err.message).toContain(nulledPath);
        } else expect(err.path).toBe('');
        expect(err.message).not.toContain(KEYS.pii);
      },
    );
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
