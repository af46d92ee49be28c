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
 * A host source's page with each event checked, as the built-in adapters check theirs: one of
 * the wrong shape (a `timestamp` as an ISO string, no `actor`) is left out and named in
 * `rejected` (`events[3].timestamp: expected number`), and the rest is shown.
 */
export function checkPage(result: SearchResult, name: string): SearchResult {
  if (!Array.isArray(result?.events))
    throw new SchemaError(`${name}.search()`, 'events', 'expected an array of audit events');
  const rows = validateRows(result.events as unknown[], AuditEventGuard, (e) => e, 'events');
  if (rows.every((row) => 'event' in row)) return result;
  const events: AuditEvent[] = [];
  const rejected: RejectedRecord[] = [...(result.rejected ?? [])];
  rows.forEach((row, i) => {
    if ('event' in row) events.push(result.events[i]!);
    else rejected.push({ index: events.length, ...row.rejected });
  });
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
