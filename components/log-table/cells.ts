/**
 * The table's cells: what each column shows for an event, with the text that is costly to
 * compute (Intl dates, URL parsing) worked out once per event and time zone.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { AuditEvent } from '../../core/model.js';
import { actorLabel, formatDuration, pluginOf } from '../../core/format.js';
import { clip } from '../../core/text.js';
import type { ColumnId } from '../../core/view-state.js';
import { formatAbsolute, formatRelative, shortTraceId, statusView, urlParts } from './format.js';

/** The most characters a cell shows (it has room for a line; its title has more). */
export const CELL_LIMIT = 300;

/** Text of a row's cells that is costly to compute: once per event. */
interface RowText {
  iso: string;
  date: string;
  time: string;
  url: ReturnType<typeof urlParts>;
}

/** How cells are shown right now (the table's properties). */
export interface CellOptions {
  timeFormat: 'relative' | 'absolute';
  /** The clock relative times are measured from. */
  now: number;
  /** The trace button's handler. */
  onTraceClick: (ev: MouseEvent) => void;
}

export class CellRenderer {
  private rowText = new WeakMap<AuditEvent, RowText>();
  private zone: string;

  constructor(timeZone: string) {
    this.zone = timeZone;
  }

  /** Absolute times are written in this IANA zone; changing it drops the cached text. */
  set timeZone(zone: string) {
    if (zone === this.zone) return;
    this.zone = zone;
    this.rowText = new WeakMap();
  }

  /** The cell's `title`, where its content has none of its own. */
  title(event: AuditEvent, col: ColumnId): string | undefined {
    switch (col) {
      case 'actor':
        return clip(actorLabel(event.actor));
      case 'action':
        return clip(event.action);
      default:
        return undefined;
    }
  }

  /** What column `col` shows for `event`; `focused`: the cell holds the tab stop. */
  content(
    event: AuditEvent,
    col: ColumnId,
    focused: boolean,
    o: CellOptions,
  ): TemplateResult | string | typeof nothing {
    switch (col) {
      case 'time': {
        const t = this.text(event);
        if (o.timeFormat === 'relative') {
          return html`<time datetime=${t.iso} title=${t.iso}
            >${formatRelative(event.timestamp, o.now)}</time
          >`;
        }
        return html`<time datetime=${t.iso} title=${t.iso}
          ><span class="date">${t.date} </span>${t.time.slice(0, 8)}<span class="ms"
            >${t.time.slice(8)}</span
          ></time
        >`;
      }
      case 'actor':
        return clip(actorLabel(event.actor), CELL_LIMIT);
      case 'plugin': {
        const primary = pluginOf(event) ?? '';
        // For an API call, the step within the plugin ("add work note") says most; else the skill.
        const step =
          event.kind === 'api-call' && event.action && event.action !== primary
            ? event.action
            : undefined;
        const secondary = step ?? event.skill;
        const title = clip([primary, step, event.skill].filter(Boolean).join(' · '));
        return html`<span class="primary" title=${title}>${clip(primary, CELL_LIMIT)}</span>${
            secondary
              ? html`<span class="secondary ${step ? 'step' : ''}" title=${title}
                  >${clip(secondary, CELL_LIMIT)}</span
                >`
              : nothing
          }`;
      }
      case 'action':
        // What the call did within its plugin ("add work note"): tells a trace's calls apart.
        return clip(event.action, CELL_LIMIT);
      case 'method':
        return event.http?.method ?? '';
      case 'url': {
        const { host, path, full, fallback } = this.text(event).url;
        return html`<span class="path ${fallback ? 'fallback' : ''}" title=${full}>${path}</span
          ><span class="host" title=${full}>${host}</span>`;
      }
      case 'status': {
        const s = statusView(event);
        // The glyph is CSS content (a second, non-colour cue); the class is in words.
        return html`<span
          part="status"
          class="status"
          data-tone=${s.tone}
          data-class=${s.kind}
          data-glyph=${s.glyph}
          title=${s.description}
          >${s.text}${
            s.text === s.description
              ? nothing
              : html`<span class="visually-hidden"> ${s.description}</span>`
          }</span
        >`;
      }
      case 'duration':
        return formatDuration(event.http?.durationMs);
      case 'trace':
        return event.traceId
          ? html`<button
              type="button"
              class="trace"
              tabindex=${focused ? '0' : '-1'}
              title=${event.traceId}
              data-trace=${event.traceId}
              @click=${o.onTraceClick}
            >
              ${shortTraceId(event.traceId)}
            </button>`
          : nothing;
    }
  }

  private text(event: AuditEvent): RowText {
    let t = this.rowText.get(event);
    if (!t) {
      const { date, time } = formatAbsolute(event.timestamp, this.zone);
      const iso = new Date(event.timestamp).toISOString();
      const url = urlParts(event);
      // A cell shows a line: a 100,000-character URL is not laid out whole.
      t = {
        iso,
        date,
        time,
        url: { ...url, path: clip(url.path, CELL_LIMIT), full: clip(url.full) },
      };
      this.rowText.set(event, t);
    }
    return t;
  }
}
