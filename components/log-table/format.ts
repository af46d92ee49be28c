/**
 * Cell text for the log table: pure functions, no DOM, so they are cheap per visible row.
 */
import type { AuditEvent } from '../../core/model.js';
import { statusClass } from '../../core/status.js';
import { dateFormat } from '../internal/dates.js';

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const ABSOLUTE: Intl.DateTimeFormatOptions = {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
};

/** `{ date: 'Nov 20', time: '15:29:58.123' }` in the given IANA time zone. */
export function formatAbsolute(
  timestamp: number,
  timeZone: string,
): { date: string; time: string } {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of dateFormat(ABSOLUTE, timeZone).formatToParts(timestamp)) parts[p.type] = p.value;
  return {
    date: `${parts.month} ${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}.${parts.fractionalSecond}`,
  };
}

/** `just now`, `42 s ago`, `3 min ago`, `5 h ago`, `2 d ago` (`in 3 min` under clock skew). */
export function formatRelative(timestamp: number, now: number): string {
  const seconds = Math.round((now - timestamp) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 5) return 'just now';
  let amount: string;
  if (abs < 60) amount = `${abs} s`;
  else if (abs < 3600) amount = `${Math.round(abs / 60)} min`;
  else if (abs < 86_400) amount = `${Math.round(abs / 3600)} h`;
  else amount = `${Math.round(abs / 86_400)} d`;
  return seconds > 0 ? `${amount} ago` : `in ${amount}`;
}

/**
 * A trace id short enough for a column, by the part that tells traces apart: an AWS X-Ray id
 * (`Root=1-6746b398-53e5e901…`) by its random part, not the `Root=1-<time>` prefix that traces
 * started close together share; a W3C `traceparent` by its trace id; anything else by its start.
 */
export function shortTraceId(id: string): string {
  const distinct =
    /^(?:Root=)?1-[0-9a-f]{8}-([0-9a-f]{24})\b/i.exec(id)?.[1] ??
    /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/i.exec(id)?.[1] ??
    id;
  return distinct.length > 10 ? `${distinct.slice(0, 8)}…` : distinct;
}

/** What the URL column shows: the host muted, the path emphasised, the whole in a title. */
export function urlParts(event: AuditEvent): {
  host: string;
  path: string;
  full: string;
  /** No URL or path: `path` is the event's action. */
  fallback: boolean;
} {
  const url = event.http?.url;
  const path = event.http?.path;
  if (url) {
    try {
      const u = new URL(url);
      return {
        host: u.host,
        path: `${u.pathname}${u.search}${u.hash}`,
        full: url,
        fallback: false,
      };
    } catch {
      return { host: '', path: url, full: url, fallback: false };
    }
  }
  if (path) return { host: '', path, full: path, fallback: false };
  // Changes and other events without HTTP: their action is what happened.
  return { host: '', path: event.action, full: event.action, fallback: true };
}

export type StatusTone = 'info' | 'success' | 'redirect' | 'warning' | 'danger';

export interface StatusView {
  /** Visible text: the code, or `success` / `error`. */
  text: string;
  /** `2xx`..`5xx`, or the outcome for events without a code. */
  kind: string;
  tone: StatusTone;
  /** The class in words, so colour is never the only cue. */
  description: string;
  /** A glyph per tone, a second non-colour cue for sighted users. */
  glyph: string;
}

const TONES: Record<string, { tone: StatusTone; description: string; glyph: string }> = {
  '1xx': { tone: 'info', description: 'informational', glyph: '•' },
  '2xx': { tone: 'success', description: 'success', glyph: '✓' },
  '3xx': { tone: 'redirect', description: 'redirect', glyph: '↪' },
  '4xx': { tone: 'warning', description: 'client error', glyph: '!' },
  '5xx': { tone: 'danger', description: 'server error', glyph: '✕' },
  success: { tone: 'success', description: 'success', glyph: '✓' },
  error: { tone: 'danger', description: 'error', glyph: '✕' },
};

export function statusView(event: AuditEvent): StatusView {
  const code = event.http?.statusCode;
  const kind = statusClass(code) ?? event.status;
  const t = TONES[kind] ?? TONES.error!;
  return { text: code === undefined ? event.status : String(code), kind, ...t };
}
