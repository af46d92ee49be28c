import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTION_MARKER, type AuditEvent } from '../../../core/model.js';
import { isAuthenticationCall } from '../../../server/ingest.js';
import { KEYS, ids, pageAll, startHarness, type Harness } from './harness.js';

/** Every string and number value inside a value, as text. */
function leaves(v: unknown, out: string[] = []): string[] {
  if (v === null || v === undefined) return out;
  if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
  else if (Array.isArray(v)) v.forEach((x) => leaves(x, out));
  else if (typeof v === 'object')
    Object.values(v as Record<string, unknown>).forEach((x) => leaves(x, out));
  return out;
}

const empty = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'object' && Object.keys(v).length === 0);

/** What a restricted principal must never receive of this event. */
function withheld(e: AuditEvent): string[] {
  const parts = [
    e.request?.headers,
    e.request?.query,
    e.request?.params,
    e.request?.body,
    e.response?.headers,
    e.response?.body,
  ];
  const out = parts.flatMap((p) => leaves(p));
  const query = e.http?.url?.split('?')[1];
  if (query) out.push(query, ...query.split('&'));
  return out;
}

describe('governance', () => {
  let h: Harness;
  let full: AuditEvent[];
  let restricted: AuditEvent[];
  beforeAll(async () => {
    h = await startHarness();
    [full, restricted] = await Promise.all([pageAll(h, ''), pageAll(h, '', KEYS.restricted)]);
  });
  afterAll(() => h?.service.close());

  it('a restricted principal sees every event, but none of its withheld bytes (whole data set)', () => {
    expect(ids(restricted)).toEqual(ids(full));
    let checked = 0;
    for (const [i, r] of restricted.entries()) {
      const f = full[i]!;
      const text = JSON.stringify(r);
      // Public parts of the event may legitimately repeat a withheld value (a ticket
      // number in the message, say); only values that exist nowhere public are secrets.
      const publicText = JSON.stringify({
        ...r,
        request: undefined,
        response: undefined,
        redacted: undefined,
      });
      for (const secret of withheld(f)) {
        if (secret.length < 4 || publicText.includes(JSON.stringify(secret).slice(1, -1))) continue;
        if (secret === REDACTION_MARKER) continue;
        expect(text.includes(secret), `${r.id} leaks ${secret}`).toBe(false);
        checked++;
      }
      for (const part of ['headers', 'query', 'params', 'body'] as const)
        if (!empty(f.request?.[part])) {
          expect(r.request?.[part]).toBe(REDACTION_MARKER);
          expect(r.redacted).toContain(`request.${part}`);
        }
      for (const part of ['headers', 'body'] as const)
        if (!empty(f.response?.[part])) {
          expect(r.response?.[part]).toBe(REDACTION_MARKER);
          expect(r.redacted).toContain(`response.${part}`);
        }
      expect(r.http?.url ?? '').not.toContain('?');
      if (f.http?.url?.includes('?')) expect(r.redacted).toContain('http.url.query');
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('the PII viewer sees bodies unredacted', () => {
    const withBody = full.filter((e) => e.request?.body !== undefined);
    expect(withBody.length).toBeGreaterThan(100);
    expect(full.every((e) => e.redacted === undefined)).toBe(true);
    expect(withBody.some((e) => JSON.stringify(e.request?.body).includes('@'))).toBe(true);
  });

  it('free-text search cannot probe withheld bodies', async () => {
    // A value that only occurs inside a request body.
    const e = full.find((x) => x.kind === 'api-call' && typeof x.request?.body === 'object')!;
    const term = leaves(e.request!.body).find(
      (s) =>
        s.length > 8 &&
        !/\s/.test(s) &&
        !(e.message ?? '').includes(s) &&
        !(e.http?.url ?? '').includes(s),
    )!;
    expect(term).toBeDefined();
    const q = `q=${encodeURIComponent(term)}`;
    expect(ids(await pageAll(h, q))).toContain(e.id);
    expect(ids(await pageAll(h, q, KEYS.restricted))).not.toContain(e.id);
  });

  it('never stores authentication calls or credential headers', async () => {
    const authCalls = h.records.filter(
      (r) => r.event.kind === 'api-call' && isAuthenticationCall(r.event),
    );
    expect(authCalls.length).toBeGreaterThan(0);
    const stored = new Set(ids(full));
    expect(authCalls.some((r) => stored.has(r.event.id))).toBe(false);
    // Credentials existed in the input...
    expect(
      h.records.some((r) =>
        JSON.stringify(r.event.request?.headers ?? {}).match(/"authorization"/i),
      ),
    ).toBe(true);
    // ...and none reached the database, in any column.
    const rows = await h.service.store.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events
       WHERE event::text ~* '"(authorization|cookie|set-cookie)"\\s*:' OR coalesce(native::text, '') ~* '"(authorization|cookie|set-cookie)"\\s*:'`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('Nected input/output and org-audit details are withheld too', async () => {
    const nected = async (key: string) => {
      const res = await h.get('/dev/audit/audit/search?pageSize=10&event=test', {
        'nected-api-key': key,
      });
      return ((await res.json()) as { data: { logId: string; input: unknown; output: unknown }[] })
        .data;
    };
    const [nf, nr] = await Promise.all([nected(KEYS.pii), nected(KEYS.restricted)]);
    expect(nf.some((d) => d.input !== null && d.input !== REDACTION_MARKER)).toBe(true);
    for (const [i, d] of nr.entries()) {
      if (nf[i]!.input !== null) expect(d.input).toBe(REDACTION_MARKER);
      if (nf[i]!.output !== null) expect(d.output).toBe(REDACTION_MARKER);
    }
    const list = (
      await h.json<{ items: { id: string; hasPayload: boolean }[] }>(
        '/api/v1/org/audit-logs?limit=50',
      )
    ).items;
    const withPayload = list.find((i) => i.hasPayload)!;
    const detail = async (key: string) =>
      (await (
        await h.get(`/api/v1/org/audit-logs/${withPayload.id}`, { authorization: `Bearer ${key}` })
      ).json()) as {
        details: Record<string, unknown>;
      };
    const [df, dr] = await Promise.all([detail(KEYS.pii), detail(KEYS.restricted)]);
    expect(Object.values(df.details).some((v) => v !== null && v !== REDACTION_MARKER)).toBe(true);
    for (const [k, v] of Object.entries(dr.details))
      if (!empty(df.details[k])) expect(v, k).toBe(REDACTION_MARKER);
    expect(JSON.stringify(dr)).not.toMatch(/user-agent|x-request-id/i);
  });
});
