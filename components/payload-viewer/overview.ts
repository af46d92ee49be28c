/**
 * The entry's heading and its Overview tab: what an audit entry says, field by field, as text
 * (Kore's `messageHtml` through `sanitizeHtml`), long values cut where they are shown.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { formatDuration, HTTP_REASONS } from '../../core/format.js';
import type { AuditEvent, RedactablePart } from '../../core/model.js';
import { clip } from '../../core/text.js';
import { dateFormat } from '../internal/dates.js';
import { sanitizeHtml } from '../internal/sanitize.js';
import { REDACTED_TEXT } from '../json-tree/json-tree.component.js';

/** What each withheld part is called on screen. */
export const PART_LABELS: Readonly<Record<RedactablePart, string>> = {
  'request.headers': 'Request headers',
  'request.query': 'Query parameters',
  'request.params': 'Path parameters',
  'request.body': 'Request body',
  'response.headers': 'Response headers',
  'response.body': 'Response body',
  'http.url.query': 'URL query string',
};

const KIND_LABELS: Readonly<Record<AuditEvent['kind'], string>> = {
  'api-call': 'API call',
  change: 'Change',
  request: 'Request',
};

const TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
  timeZoneName: 'short',
};
export const formatTime = (ms: number, timeZone: string | undefined): string =>
  dateFormat(TIME, timeZone).format(ms);

function statusClass(code: number): string {
  return code >= 500 ? 'danger' : code >= 400 ? 'warning' : code >= 300 ? 'redirect' : 'success';
}

/** The entry's heading and subtitle: call or change, status badge, time, actor. */
export function renderTitle(e: AuditEvent, timeZone: string | undefined): TemplateResult {
  const http = e.http;
  const title = http
    ? `${http.method.toUpperCase()} ${http.path ?? http.url ?? ''}`
    : `${e.action}${e.target ? ` · ${e.target.name ?? e.target.type}` : ''}`;
  const code = http?.statusCode;
  const shown = clip(title);
  return html`<h2 class="heading" title=${shown}>${shown}</h2>
    <p class="subtitle">
      <span class="badge ${code ? statusClass(code) : e.status === 'error' ? 'danger' : 'success'}"
        >${code ?? (e.status === 'error' ? 'Error' : 'Success')}</span
      >
      <span class="when">${formatTime(e.timestamp, timeZone)}</span>
      ${
        e.actor.email || e.actor.name
          ? html`<span class="muted">${clip(e.actor.email ?? e.actor.name ?? '')}</span>`
          : nothing
      }
    </p>`;
}

/** The Overview tab: every field of the entry, labelled; the trace ID is a button. */
export function renderOverview(
  e: AuditEvent,
  o: { timeZone: string | undefined; onTrace: () => void },
): TemplateResult {
  const http = e.http;
  const redacted = e.redacted ?? [];
  const iso = new Date(e.timestamp).toISOString();
  const field = (label: string, value: unknown, content?: unknown) =>
    value === undefined || value === null || value === ''
      ? nothing
      : html`<div class="field">
          <dt>${label}</dt>
          <dd>
            ${
              content ??
              (typeof value === 'string' ? clip(value) : typeof value === 'number' ? value : '')
            }
          </dd>
        </div>`;
  const actor = e.actor;
  const actorName =
    actor.name && actor.email ? `${actor.name} <${actor.email}>` : (actor.name ?? actor.email);
  const target = e.target;
  return html`<dl class="overview">
    ${field(
      'Time',
      e.timestamp,
      html`<time datetime=${iso}>${formatTime(e.timestamp, o.timeZone)}</time>
        <span class="mono muted">${iso}</span>`,
    )}
    ${field('Kind', KIND_LABELS[e.kind])}
    ${field(
      'Actor',
      actor.type,
      html`${actorName ? html`<span>${clip(actorName)}</span> ` : nothing}<span class="muted"
          >${actor.type}${actor.id ? html` · <span class="mono">${actor.id}</span>` : nothing}</span
        >`,
    )}
    ${field('Action', e.action)}
    ${field(
      'Status',
      e.status,
      html`<span class="status ${e.status === 'error' ? 'danger' : 'success'}"
        ><span class="dot" aria-hidden="true"></span>${
          e.status === 'error' ? 'Error' : 'Success'
        }</span
      >`,
    )}
    ${
      e.messageHtml
        ? field(
            'Message',
            e.messageHtml,
            html`<span class="message"
              >${guard([e.messageHtml], () => sanitizeHtml(e.messageHtml!))}</span
            >`,
          )
        : field('Message', e.message)
    }
    ${field('Environment', e.environment)} ${field('Workspace', e.workspace)}
    ${field('IP address', e.ip, html`<span class="mono">${e.ip}</span>`)}
    ${field(
      'Target',
      target?.type,
      target
        ? html`${target.type}${target.name ? html` · ${clip(target.name)}` : nothing}${
            target.id ? html` · <span class="mono">${target.id}</span>` : nothing
          }`
        : nothing,
    )}
    ${field('Plugin', e.plugin)} ${field('Skill', e.skill)} ${field('Method', http?.method)}
    ${field(
      http?.url ? 'URL' : 'Path',
      http?.url ?? http?.path,
      html`<span class="mono url">${clip(http?.url ?? http?.path ?? '')}</span>${
          redacted.includes('http.url.query')
            ? html`<span class="note">Query string redacted — requires the PII viewer role</span>`
            : nothing
        }`,
    )}
    ${field(
      'Status code',
      http?.statusCode,
      http?.statusCode
        ? html`<span class="status ${statusClass(http.statusCode)}"
            ><span class="dot" aria-hidden="true"></span>${http.statusCode}
            ${HTTP_REASONS[http.statusCode] ?? ''}</span
          >`
        : nothing,
    )}
    ${field(
      'Duration',
      http?.durationMs,
      http?.durationMs !== undefined ? formatDuration(http.durationMs) : nothing,
    )}
    ${field(
      'Attempt',
      http?.attempt,
      http?.attempt !== undefined
        ? `${http.attempt}${http.attempt > 1 ? ' (retry)' : ''}`
        : nothing,
    )}
    ${field(
      'Trace ID',
      e.traceId,
      html`<button type="button" class="link mono" @click=${o.onTrace}>
        <span class="visually-hidden">Show trace </span>${e.traceId}
      </button>`,
    )}
    ${field('Execution ID', e.executionId, html`<span class="mono">${e.executionId}</span>`)}
    ${field('Parent ID', e.parentId, html`<span class="mono">${e.parentId}</span>`)}
    ${field(
      'Redacted',
      redacted.length ? redacted : undefined,
      html`${redacted.map((p) => PART_LABELS[p]).join(', ')}
        <span class="note">${REDACTED_TEXT}</span>`,
    )}
  </dl>`;
}
