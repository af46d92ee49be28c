/**
 * "Copy for ticket": a short Markdown summary of entries (time, actor, action, method + path,
 * status, duration, trace) and the permalink, ready to paste into ServiceNow, Jira or Zendesk.
 * Always masked as in safe-to-share mode: a ticket is read by more people than the audit log.
 */
import type { AuditEvent, FilterKey, ViewState } from './model.js';
import { maskEvent, maskText, peopleOf } from './redaction.js';
import { isoInZone } from './export.js';
import { safeView } from './view-state.js';

/**
 * The view a ticket's link may carry: masked like the ticket, so without the user and user-ID
 * filters and any filter whose text holds an address, a phone number, a token or the name of
 * someone `among` names (the list the entries come from). The link still opens the entry (by
 * id) or the same kind of view; `leftOut` is what it left out, for the link to say so.
 */
export function ticketView(
  view: ViewState,
  among: readonly AuditEvent[] = [],
): { view: ViewState; leftOut: FilterKey[] } {
  const people = peopleOf(among);
  const { view: safe, dropped } = safeView(view, (text) => maskText(text, { people }));
  return { view: safe, leftOut: dropped };
}

const cell = (s: string | number | undefined) =>
  s === undefined || s === '' ? '—' : String(s).replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/** The path of a URL, without host, query, fragment or matrix parameters. */
function pathOf(e: AuditEvent): string | undefined {
  const raw = e.http?.path ?? e.http?.url;
  if (!raw) return undefined;
  let path = raw;
  try {
    path = new URL(raw).pathname;
  } catch {
    // Already a path.
  }
  return path.replace(/[?#;].*$/, '');
}

export interface TicketOptions {
  /** The permalink to the view or the entry. */
  link?: string;
  timeZone?: string;
  /**
   * The list the entries were picked from: the people it names (`peopleOf`) are masked in
   * the entries too. Default: the entries themselves.
   */
  among?: readonly AuditEvent[];
}

export function ticketMarkdown(events: readonly AuditEvent[], options: TicketOptions = {}): string {
  const tz = options.timeZone ?? 'UTC';
  const people = peopleOf(options.among ?? events);
  const masked = events.map((e) => maskEvent(e, people));
  const title = `**Audit log: ${masked.length} ${masked.length === 1 ? 'entry' : 'entries'}**`;
  const lines = [options.link ? `${title} — [open in the audit log](${options.link})` : title, ''];
  lines.push(`| Time (${tz}) | Actor | Action | Request | Status | Duration | Trace |`);
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const e of masked) {
    const request = [e.http?.method, pathOf(e)].filter(Boolean).join(' ');
    lines.push(
      `| ${[
        isoInZone(e.timestamp, tz),
        e.actor.email ?? e.actor.name ?? e.actor.type,
        e.action,
        request,
        e.http?.statusCode ?? e.status,
        e.http?.durationMs === undefined ? undefined : `${Math.round(e.http.durationMs)} ms`,
        e.traceId,
      ]
        .map(cell)
        .join(' | ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
