/**
 * What a host's own `Source` returns, checked as the built-in adapters check their backends'
 * records (`host.ts` loads it beside a host source's first request).
 */
import { SchemaError } from '../errors.js';
import type { AuditEvent } from '../model.js';
import { AuditEventGuard } from './event-guard.js';
import { formatPath } from '../client.js';
import { describeIssue, validateRows } from './rows.js';
import type { RejectedRecord, SearchResult } from './types.js';

/**
 * Events found of the right shape, not checked again: a source that hands the same objects
 * back (a page of 100,000 in memory, asked again for each viewer page the viewer fills from
 * it) costs the check once.
 */
const checked = new WeakSet<object>();

/**
 * A host source's page with each event checked, as the built-in adapters check theirs: one of
 * the wrong shape (a `timestamp` as an ISO string, no `actor`) is left out and named in
 * `rejected` (`events[3].timestamp: expected number`), and the rest is shown. The source's own
 * `rejected` keep their places among the events left.
 */
export function checkPage(result: SearchResult, name: string): SearchResult {
  if (!Array.isArray(result?.events))
    throw new SchemaError(`${name}.search()`, 'events', 'expected an array of audit events');
  const all = result.events as unknown[];
  const known = (e: unknown) => typeof e === 'object' && e !== null && checked.has(e);
  if (all.every(known)) return result;
  const rows = validateRows(all, AuditEventGuard, (e) => e, 'events', undefined, known);
  const events: AuditEvent[] = [];
  const dropped: number[] = [];
  const found: RejectedRecord[] = [];
  rows.forEach((row, i) => {
    if ('event' in row) {
      checked.add(all[i] as object);
      events.push(result.events[i]!);
    } else {
      dropped.push(i);
      found.push({ index: events.length, ...row.rejected });
    }
  });
  if (!dropped.length) return result;
  // An index of the source's counts its events, those left out included: in the source's
  // order (its own record at `index` came before the event there), then at their new places.
  const own = (result.rejected ?? []).map((r) => ({
    at: r.index - 0.5,
    record: { ...r, index: r.index - dropped.filter((i) => i < r.index).length },
  }));
  const left = found.map((record, n) => ({ at: dropped[n]!, record }));
  const rejected = [...own, ...left].sort((a, b) => a.at - b.at).map((r) => r.record);
  return { ...result, events, rejected };
}

/** A host source's entry, checked: one of the wrong shape fails naming the field. */
export function checkEntry(event: unknown, name: string, id: string): AuditEvent {
  const parsed = AuditEventGuard.safeParse(event);
  if (parsed.success) return event as AuditEvent;
  const issue = parsed.error.issues[0];
  throw new SchemaError(
    `${name}.get(${JSON.stringify(id)})`,
    issue ? formatPath(issue.path) : '',
    issue ? describeIssue(issue) : 'expected an audit event',
  );
}

/** Whether a live event has the shape of an audit event. */
export const isEvent = (e: unknown): e is AuditEvent => AuditEventGuard.safeParse(e).success;
