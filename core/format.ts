/**
 * How the viewer writes durations and HTTP reasons, names an event's actor and plugin, and
 * compares a change's two sides: one rule each, shared by the table, the trace view, the entry,
 * the filters, the facets and exports.
 */
import type { Actor, AuditEvent } from './model.js';

/** Email, else name, else the actor's type (`api-key`, `system`): the Actor column. */
export function actorLabel(actor: Actor): string {
  return actor.email || actor.name || actor.type;
}

/**
 * The plugin, else the target's type (Kore's entity, Nected's record type, org-audit's
 * resource): the Plugin column, what `plugin:` filters and what the plugin facet counts.
 */
export function pluginOf(event: AuditEvent): string | undefined {
  return event.plugin ?? event.target?.type;
}

/**
 * `0 ms`, `<1 ms`, `840 ms`, `1.2 s`, `14 s`, `2 min 5 s`; `''` for no duration. Precision
 * follows the size: tenths of a second below 10 s, whole seconds above.
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms > 0 && ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 9_950) return `${Number((ms / 1000).toFixed(1))} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
}

/** Reason phrases of the status codes audit logs show most (RFC 9110). */
export const HTTP_REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** One row of a change's delta. */
export interface DeltaRow {
  /** The changed key, or undefined when the whole value is compared. */
  key: string | undefined;
  change: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/**
 * A change's `delta` as rows: for two objects (a missing side counts as `{}`), one row per
 * key whose value differs, was added or was removed, in the order of `from` then new keys of
 * `to`; otherwise one row comparing the values whole. Returns the unchanged-key count too.
 */
export function deltaRows(from: unknown, to: unknown): { rows: DeltaRow[]; unchanged: number } {
  const fromObj = from === undefined || from === null ? {} : from;
  const toObj = to === undefined || to === null ? {} : to;
  if (!isRecord(fromObj) || !isRecord(toObj)) {
    if (sameJson(from, to)) return { rows: [], unchanged: 1 };
    return { rows: [{ key: undefined, change: 'changed', from, to }], unchanged: 0 };
  }
  const rows: DeltaRow[] = [];
  let unchanged = 0;
  const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  for (const key of Object.keys(fromObj)) {
    if (!has(toObj, key)) rows.push({ key, change: 'removed', from: fromObj[key] });
    else if (sameJson(fromObj[key], toObj[key])) unchanged++;
    else rows.push({ key, change: 'changed', from: fromObj[key], to: toObj[key] });
  }
  for (const key of Object.keys(toObj)) {
    if (!has(fromObj, key)) rows.push({ key, change: 'added', to: toObj[key] });
  }
  return { rows, unchanged };
}
