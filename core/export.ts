/**
 * Export of a whole filtered view: every page of it, as CSV or NDJSON, written page by page
 * (complete rows only) with progress, a row cap and cancellation. What the principal cannot
 * see is never in it: rows come from the backend (which redacts), never from the cache, and
 * with `safeToShare` every row is masked as on screen. CSV cells that a spreadsheet would run
 * as a formula are neutralised.
 */
import { isAbort, messageOf } from './errors.js';
import { actorLabel, pluginOf } from './format.js';
import type { AuditEvent, ViewState } from './model.js';
import type { SearchResult, Source } from './sources/types.js';
import type { ColumnId } from './view-state.js';

export type ExportFormat = 'csv' | 'ndjson';

export interface ExportProgress {
  rows: number;
  pages: number;
  /** Backend records looked at (more than `rows` when filters are applied in the viewer). */
  scanned: number;
  /** Filters applied in the viewer over what was fetched (empty when the backend did all). */
  clientFiltered: readonly string[];
}

export interface ExportOptions {
  format: ExportFormat;
  /**
   * The visible columns, or every field. NDJSON: an object per row with the columns' values
   * as the CSV has them (times as ISO 8601 in `timeZone`), or with every field the whole
   * event (nested, times in epoch milliseconds; the backend's own record left out).
   */
  columns: readonly ColumnId[] | 'all';
  /** The most rows written. */
  cap: number;
  /** Mask emails, phones, names, tokens… as "Safe to share" does on screen. */
  mask?: (e: AuditEvent) => AuditEvent;
  /** IANA time zone of the timestamps (default UTC). */
  timeZone?: string;
  pageSize?: number;
  /** Receives the text: the header, then one chunk of complete rows per page. */
  write: (chunk: string) => Promise<void> | void;
  onProgress?: (p: ExportProgress) => void;
  signal?: AbortSignal;
}

export interface ExportResult extends ExportProgress {
  /** Why it stopped before the end: the cap, a cancel. */
  stopped?: 'cap' | 'cancelled';
}

/** A failure mid-export: what was written so far is complete rows. */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly progress: ExportProgress,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

// ---------------------------------------------------------------------------------------------
// Cells

/** `2026-11-30T10:00:00.000+01:00` in `timeZone` (UTC: `…Z`). */
export function isoInZone(ms: number, timeZone = 'UTC'): string {
  if (timeZone === 'UTC') return new Date(ms).toISOString();
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const local = Date.UTC(
    +parts.year!,
    +parts.month! - 1,
    +parts.day!,
    +parts.hour!,
    +parts.minute!,
    +parts.second!,
  );
  const offset = Math.round((local - (ms - (ms % 1000))) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const msPart = pad(((ms % 1000) + 1000) % 1000, 3);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${msPart}${offset === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`}`;
}

type Field = { header: string; value: (e: AuditEvent, tz: string) => string | number | undefined };

const VISIBLE: Record<ColumnId, Field> = {
  time: { header: 'time', value: (e, tz) => isoInZone(e.timestamp, tz) },
  actor: { header: 'actor', value: (e) => actorLabel(e.actor) },
  plugin: { header: 'plugin', value: pluginOf },
  action: { header: 'action', value: (e) => e.action },
  method: { header: 'method', value: (e) => e.http?.method },
  url: { header: 'url', value: (e) => e.http?.url ?? e.http?.path },
  status: { header: 'status', value: (e) => e.http?.statusCode ?? e.status },
  duration: { header: 'duration_ms', value: (e) => e.http?.durationMs },
  trace: { header: 'trace_id', value: (e) => e.traceId },
};

const ALL: Field[] = [
  { header: 'id', value: (e) => e.id },
  VISIBLE.time,
  { header: 'kind', value: (e) => e.kind },
  { header: 'actor_email', value: (e) => e.actor.email },
  { header: 'actor_name', value: (e) => e.actor.name },
  { header: 'actor_type', value: (e) => e.actor.type },
  { header: 'action', value: (e) => e.action },
  { header: 'outcome', value: (e) => e.status },
  { header: 'status_code', value: (e) => e.http?.statusCode },
  VISIBLE.method,
  VISIBLE.url,
  { header: 'plugin', value: (e) => e.plugin },
  { header: 'skill', value: (e) => e.skill },
  { header: 'target_type', value: (e) => e.target?.type },
  { header: 'target_name', value: (e) => e.target?.name },
  { header: 'message', value: (e) => e.message },
  { header: 'environment', value: (e) => e.environment },
  { header: 'workspace', value: (e) => e.workspace },
  { header: 'ip', value: (e) => e.ip },
  VISIBLE.duration,
  { header: 'attempt', value: (e) => e.http?.attempt },
  VISIBLE.trace,
  { header: 'execution_id', value: (e) => e.executionId },
];

/** A CSV cell: quoted when needed; a leading `= + - @` (or tab, CR) cannot start a formula. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The event as one NDJSON line: every field but the backend's raw record. */
const jsonLine = (e: AuditEvent): string => {
  const { raw: _raw, ...rest } = e;
  return JSON.stringify(rest);
};

// ---------------------------------------------------------------------------------------------
// The export

export async function exportView(
  source: Source,
  view: ViewState,
  options: ExportOptions,
): Promise<ExportResult> {
  const tz = options.timeZone ?? 'UTC';
  const fields = options.columns === 'all' ? ALL : options.columns.map((c) => VISIBLE[c]);
  const progress: ExportProgress = { rows: 0, pages: 0, scanned: 0, clientFiltered: [] };
  const signal = options.signal ?? new AbortController().signal;
  const seen = new Set<string>();
  if (options.format === 'csv') {
    const header = fields.map((f) => (f === VISIBLE.time ? `time (${tz})` : f.header));
    await options.write(`${header.map(csvCell).join(',')}\r\n`);
  }
  let cursor: string | null = null;
  const search = { ...view, selected: undefined };
  for (;;) {
    if (signal.aborted) return { ...progress, stopped: 'cancelled' };
    let page: SearchResult & { offline?: Error };
    try {
      page = await source.search(search, cursor, signal, { pageSize: options.pageSize ?? 500 });
      // A page the cache answered for a failing backend is not the backend's answer.
      if (page.offline) throw page.offline;
      if (signal.aborted) return { ...progress, stopped: 'cancelled' };
    } catch (e) {
      if (signal.aborted || isAbort(e)) return { ...progress, stopped: 'cancelled' };
      const message = messageOf(e);
      throw new ExportError(
        `The export stopped after ${progress.rows} rows: ${message}`,
        { ...progress },
        e,
      );
    }
    const rows: string[] = [];
    let capped = false;
    for (const raw of page.events) {
      if (seen.has(raw.id)) continue;
      if (progress.rows + rows.length >= options.cap) {
        capped = true;
        break;
      }
      seen.add(raw.id);
      const e = options.mask ? options.mask(raw) : raw;
      rows.push(
        options.format === 'csv'
          ? fields.map((f) => csvCell(f.value(e, tz))).join(',')
          : options.columns === 'all'
            ? jsonLine(e)
            : JSON.stringify(Object.fromEntries(fields.map((f) => [f.header, f.value(e, tz)]))),
      );
    }
    if (rows.length)
      await options.write(
        `${rows.join(options.format === 'csv' ? '\r\n' : '\n')}${options.format === 'csv' ? '\r\n' : '\n'}`,
      );
    progress.rows += rows.length;
    progress.pages += 1;
    progress.scanned += page.scanned;
    progress.clientFiltered = page.clientFiltered;
    options.onProgress?.({ ...progress });
    if (capped) return { ...progress, stopped: 'cap' };
    if (!page.nextCursor) return { ...progress };
    cursor = page.nextCursor;
  }
}

/** A file name for an export: `audit-log-2026-11-30T09-41.csv`. */
export const exportFileName = (format: ExportFormat, now = Date.now()): string =>
  `audit-log-${new Date(now).toISOString().slice(0, 16).replace(/:/g, '-')}.${format}`;
