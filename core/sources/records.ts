/**
 * Validating backend records one by one: a record of the wrong shape is reported (with the
 * JSON path of the offending value) and skipped, and the rest of its page is still shown.
 */
import * as z from 'zod/mini';
import { formatPath } from '../client.js';
import type { AuditEvent } from '../model.js';
import type { RejectedRecord } from './types.js';

/**
 * `schema`, with the input record kept as `raw`: the parsed value drops fields the
 * viewer does not know, the raw one keeps everything the backend sent. Issues keep
 * their paths, so a failure inside an array reads `data[2].timestamp`.
 */
export function withRaw<S extends z.ZodMiniType<object>>(schema: S) {
  return z.pipe(
    z.unknown(),
    z.transform((input: unknown, ctx): z.output<S> & { raw: unknown } => {
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.issues.push({
            code: 'custom',
            message: describeIssue(issue),
            path: issue.path,
            input,
          });
        return z.NEVER;
      }
      return { ...parsed.data, raw: input };
    }),
  );
}

/** zod/mini ships no messages ("Invalid input"); say what was expected where zod knows. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'invalid_value')
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
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
export function validateRows<S extends z.ZodMiniType>(
  records: readonly unknown[],
  schema: S,
  map: (record: z.output<S>) => AuditEvent,
  base: string,
  id?: (record: unknown) => unknown,
): Row[] {
  return records.map((record, i): Row => {
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
