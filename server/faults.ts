/**
 * Opt-in fault injection for tests (`AUDIT_FAULTS`), off by default.
 *
 *   AUDIT_FAULTS="latency=300@0.5,500@0.05,503@0.05,429=2@0.05,malformed@0.02,truncated@0.02,schema@0.02"
 *
 * Each entry is `fault[=arg]@probability`: `latency=MS`, `500`, `503`, `429=RETRY_AFTER_SECONDS`,
 * `malformed` (invalid JSON), `truncated` (the body cut short), `schema` (valid JSON, an id
 * field nulled). `AUDIT_FAULTS=on` enables the mode with no random faults. While the mode is
 * on, a request may force a fault with `x-audit-fault: 503` (optionally `;times=2;key=abc`:
 * only the first two requests carrying key abc get it).
 */
import type { MiddlewareHandler } from 'hono';
import { Rng } from './seed/random.js';

export type FaultKind = 'latency' | '500' | '503' | '429' | 'malformed' | 'truncated' | 'schema';
export interface Fault {
  kind: FaultKind;
  arg?: number;
  p: number;
}
const KINDS: readonly FaultKind[] = [
  'latency',
  '500',
  '503',
  '429',
  'malformed',
  'truncated',
  'schema',
];

export function parseFaults(spec: string | undefined): Fault[] | undefined {
  if (!spec || spec === 'off' || spec === '0') return undefined;
  if (spec === 'on') return [];
  return spec.split(',').map((entry) => {
    const m = /^\s*([a-z0-9]+)(?:=(\d+))?(?:@([\d.]+))?\s*$/.exec(entry);
    const kind = m?.[1] as FaultKind | undefined;
    const p = m?.[3] === undefined ? 1 : Number(m[3]);
    if (!m || !kind || !KINDS.includes(kind) || !(p >= 0 && p <= 1))
      throw new Error(
        `AUDIT_FAULTS: cannot read "${entry}"; expected fault[=arg]@probability with fault one of ${KINDS.join(', ')}`,
      );
    return { kind, arg: m[2] === undefined ? undefined : Number(m[2]), p };
  });
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** Nulls the first id-like field in the first record found, so schema validation must catch it. */
function breakSchema(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(breakSchema);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of ['id', 'logId', '_id'])
      if (key in obj) {
        obj[key] = null;
        return true;
      }
    return Object.values(obj).some(breakSchema);
  }
  return false;
}

export function faultMiddleware(faults: Fault[], seed = Date.now()): MiddlewareHandler {
  const rng = new Rng(seed);
  const random = () => rng.next();
  const forcedCounts = new Map<string, number>();

  function forced(header: string | undefined): Fault[] {
    if (!header) return [];
    const [head = '', ...opts] = header.split(';').map((s) => s.trim());
    const o = Object.fromEntries(opts.map((s) => s.split('=') as [string, string]));
    if (o.key !== undefined) {
      const n = (forcedCounts.get(o.key) ?? 0) + 1;
      forcedCounts.set(o.key, n);
      if (n > Number(o.times ?? Infinity)) return [];
    }
    return parseFaults(head) ?? [];
  }

  return async (c, next) => {
    const chosen = [
      ...forced(c.req.header('x-audit-fault')),
      ...faults.filter((f) => random() < f.p),
    ];
    const latency = chosen.find((f) => f.kind === 'latency');
    if (latency) await sleep(latency.arg ?? 500, c.req.raw.signal);
    const fault = chosen.find((f) => f.kind !== 'latency');
    if (!fault) return next();
    if (fault.kind === '500' || fault.kind === '503' || fault.kind === '429') {
      const status = Number(fault.kind) as 500 | 503 | 429;
      if (status === 429) c.header('Retry-After', String(fault.arg ?? 1));
      return c.json(
        { error: { code: 'injected_fault', message: `Injected fault: ${status}` } },
        status,
      );
    }
    await next();
    const body = await c.res.text();
    const headers = new Headers(c.res.headers);
    headers.delete('content-length');
    let out = body;
    if (fault.kind === 'truncated') out = body.slice(0, Math.floor(body.length / 2));
    else if (fault.kind === 'malformed') out = `${body.slice(0, 40)},,}{"oops"`;
    else {
      try {
        const json: unknown = JSON.parse(body);
        breakSchema(json);
        out = JSON.stringify(json);
      } catch {
        /* not JSON: leave it */
      }
    }
    c.res = new Response(out, { status: c.res.status, headers });
  };
}
