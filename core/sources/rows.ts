/**
 * Validating backend records one by one: a record of the wrong shape is reported (with the
 * JSON path of the offending value) and skipped, and the rest of its page is still shown.
 * The adapters validate with their guards (`guard.ts`); this reads zod's issues the same way.
 */
import { formatPath, type ValidationIssue, type Validator } from '../client.js';
import type { AuditEvent } from '../model.js';
import type { RejectedRecord } from './types.js';

/** A validation issue as zod (and the guard) report it. */
export interface DescribedIssue extends ValidationIssue {
  readonly code?: string;
  readonly expected?: string;
  readonly values?: readonly unknown[];
}

/** What was expected, where the issue knows (zod/mini alone says "Invalid input"). */
export function describeIssue(issue: ValidationIssue): string {
  const { code, expected, values } = issue as DescribedIssue;
  if (code === 'invalid_type') return `expected ${expected}`;
  if (code === 'invalid_value')
    return `expected one of ${(values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

/** One record of a backend page: an event, or a record that failed validation. */
export type Row = { event: AuditEvent } | { rejected: Omit<RejectedRecord, 'index'> };

const ID_FIELDS = ['id', 'logId', '_id', 'eventId', 'uuid'];

/** A record's id, if it has one readable under a usual name. */
function idOf(record: unknown, idPath?: (r: unknown) => unknown): string | undefined {
  if (idPath) {
    const v = idPath(record);
    return typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined;
  }
  if (typeof record !== 'object' || record === null) return undefined;
  for (const k of ID_FIELDS) {
    const v = (record as Record<string, unknown>)[k];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

/**
 * Each record validated with `schema` and mapped with `map`; a record that fails becomes a
 * rejected row naming `base[i].field` (`base` is where the array is in the response).
 */
export function validateRows<T>(
  records: readonly unknown[],
  schema: Validator<T>,
  map: (record: T) => AuditEvent,
  base: string,
  id?: (record: unknown) => unknown,
  /** Records already found valid, passed without a check. */
  known?: (record: unknown) => boolean,
): Row[] {
  return records.map((record, i): Row => {
    if (known?.(record)) return { event: map(record as T) };
    const parsed = schema.safeParse(record);
    if (parsed.success) return { event: map(parsed.data) };
    const issue = parsed.error.issues[0];
    const rest = issue ? formatPath(issue.path) : '';
    const path = `${base}[${i}]${rest && !rest.startsWith('[') ? '.' : ''}${rest}`;
    const rejected: Omit<RejectedRecord, 'index'> = {
      path,
      message: issue ? describeIssue(issue) : 'invalid',
    };
    const recordId = idOf(record, id);
    if (recordId !== undefined) rejected.id = recordId;
    return { rejected };
  });
}
