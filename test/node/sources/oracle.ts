/**
 * The filters' meaning, written out again for the tests, independently of
 * `core/filter.ts` (which the adapters use): a test's expectation must not be computed by
 * the code under test. Where this and `matchesFilters` disagree, a test fails.
 */
import type { AuditEvent, Filters } from '../../../core/model.js';

const DAY = 86_400_000;
const RELATIVE: Record<string, number> = {
  '15m': 900_000,
  '1h': 3_600_000,
  '24h': DAY,
  '7d': 7 * DAY,
};

const same = (a: string | undefined, b: string) =>
  a !== undefined && a.toLowerCase() === b.toLowerCase();

function bodyWords(v: unknown, out: string[]): void {
  if (v === null || v === undefined) return;
  if (typeof v === 'string') out.push(v);
  else if (typeof v === 'number' || typeof v === 'boolean') out.push(`${v}`);
  else if (typeof v === 'object') for (const x of Object.values(v)) bodyWords(x, out);
}

/** What a person sees of an event, lower-cased, one field a line. */
export function visibleText(e: AuditEvent): string {
  const parts = [
    e.action,
    e.actor.email,
    e.actor.name,
    e.target?.type,
    e.target?.name,
    e.target?.id,
    e.plugin,
    e.skill,
    e.http?.method,
    e.http?.url ?? e.http?.path,
    e.traceId,
    e.message,
  ].filter((p): p is string => !!p);
  if (!e.redacted?.includes('request.body')) bodyWords(e.request?.body, parts);
  if (!e.redacted?.includes('response.body')) bodyWords(e.response?.body, parts);
  return parts.join('\n').toLowerCase();
}

function statusHolds(expr: string, code: number | undefined, outcome: string): boolean {
  let s = expr.trim().toLowerCase();
  const not = s.startsWith('!');
  if (not) s = s.slice(1).trim();
  let holds: boolean;
  if (s === 'success' || s === 'error') holds = outcome === s;
  else if (/^[1-5]\d\d$/.test(s)) holds = code === Number(s);
  else if (/^[1-5]xx$/.test(s)) holds = code !== undefined && `${code}`[0] === s[0];
  else {
    const m = /^(>=|<=|>|<)\s*(\d{3})$/.exec(s);
    if (!m) throw new Error(`the oracle does not read status ${expr}`);
    const n = Number(m[2]);
    holds =
      code !== undefined &&
      (m[1] === '>=' ? code >= n : m[1] === '<=' ? code <= n : m[1] === '>' ? code > n : code < n);
  }
  return holds !== not;
}

/** Whether `e` passes every filter of `f`, as the README and the issue describe them. */
export function expectedToMatch(e: AuditEvent, f: Filters, now: number): boolean {
  if (f.q) {
    const text = visibleText(e);
    if (
      !f.q
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean)
        .every((t) => text.includes(t))
    )
      return false;
  }
  if (f.actor && !same(e.actor.email, f.actor) && !same(e.actor.name, f.actor)) return false;
  if (f.plugin && !same(e.plugin ?? e.target?.type, f.plugin)) return false;
  if (f.skill && !same(e.skill, f.skill)) return false;
  if (f.kind && e.kind !== f.kind) return false;
  if (f.method && !same(e.http?.method, f.method)) return false;
  if (f.status && !statusHolds(f.status, e.http?.statusCode, e.status)) return false;
  if (f.traceId && e.traceId !== f.traceId) return false;
  if (f.action && !same(e.action, f.action)) return false;
  if (f.environment && !same(e.environment, f.environment)) return false;
  if (f.entityId && e.target?.id !== f.entityId) return false;
  if (f.userId && e.actor.id !== f.userId) return false;
  if (f.workspace && e.workspace !== f.workspace) return false;
  if (f.authType && (f.authType === 'api-key') !== (e.actor.type === 'api-key')) return false;
  if (f.time) {
    const from = f.time.type === 'relative' ? now - RELATIVE[f.time.last]! : f.time.from;
    const to = f.time.type === 'relative' ? undefined : f.time.to;
    if (from !== undefined && e.timestamp < from) return false;
    if (to !== undefined && e.timestamp > to) return false;
  }
  return true;
}
