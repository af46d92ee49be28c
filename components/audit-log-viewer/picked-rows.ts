import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { AuditEvent, ViewState } from '../../core/model.js';
import { viewToFragment } from '../../core/view-state.js';
import { writeClipboard } from '../internal/clipboard.js';

/** What the viewer lends the rows picked in its list. */
export interface PickedRowsOptions {
  /** The events of the list on screen, in list order. */
  listEvents(): readonly AuditEvent[];
  /** The view a ticket's link reproduces (its personal filters are left out). */
  view(): ViewState;
  /** The page a ticket's link points at (default: this page without its fragment). */
  shareBase(): string | undefined;
  timeZone(): string | undefined;
  /** Puts the focus back on the list's active row. */
  focusList(): void;
  /** Says what was copied (`alv-copy`). */
  copied(text: string): void;
}

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };

/**
 * The rows picked in the list (checkboxes or Shift/Ctrl-click): "N selected · Copy for ticket
 * · Clear" in the status line, and the copy itself, a masked Markdown summary with the link to
 * the view (or, where the clipboard is refused, a text box holding it, selected).
 */
export class PickedRowsController implements ReactiveController {
  /** The picked events' ids (`<alv-log-table>`'s `selection`). */
  ids: string[] = [];
  private note?: { said: string } | { fallback: string };
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: Host,
    private readonly options: PickedRowsOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  /** Takes the table's new selection. */
  set(ids: string[]): void {
    this.ids = ids;
    this.host.requestUpdate();
  }

  /** The picked rows' events that are in the list, in list order. */
  events(): AuditEvent[] {
    if (this.ids.length === 0) return [];
    const ids = new Set(this.ids);
    return this.options.listEvents().filter((e) => ids.has(e.id));
  }

  /** "N selected · Copy for ticket · Clear" while rows are picked, and what a copy did. */
  render() {
    const n = this.events().length;
    const note = this.note;
    return html`${
      n > 0
        ? html`<span class="picked">
            ${n.toLocaleString()} selected ·
            <button class="link" type="button" @click=${() => void this.copy()}>
              Copy for ticket
            </button>
            ·
            <button class="link" type="button" @click=${this.clear}>Clear</button>
          </span>`
        : nothing
    }
    ${
      note && 'said' in note
        ? html`<span class="ticket-said">${note.said}</span>`
        : note
          ? html`<span class="ticket-fallback">
              The clipboard is not available here: copy the summary.
              <textarea
                readonly
                rows="2"
                aria-label="Ticket summary (Markdown, masked)"
                .value=${note.fallback}
              ></textarea>
            </span>`
          : nothing
    }`;
  }

  private readonly clear = (): void => {
    this.ids = [];
    this.note = undefined;
    this.host.requestUpdate();
    // The Clear button goes with the picks: the focus goes back to where the list was left.
    void this.host.updateComplete.then(() => this.options.focusList());
  };

  /** Copies the picked rows as a masked Markdown summary with the link to this view. */
  private async copy(): Promise<void> {
    const events = this.events();
    if (events.length === 0) return;
    const { ticketMarkdown, ticketView } = await import('../../core/ticket.js');
    const { host, options } = this;
    const base = options.shareBase() ?? location.href.replace(/#.*$/, '');
    // Masked like the summary: no filter that names someone (and the link says so).
    const { view, leftOut } = ticketView(options.view(), options.listEvents());
    const text = ticketMarkdown(events, {
      link: base + viewToFragment({ ...view, selected: undefined }, { leftOut }),
      timeZone: options.timeZone() ?? 'UTC',
      among: options.listEvents(),
    });
    options.copied(text);
    const ok = await writeClipboard(text);
    clearTimeout(this.timer);
    if (ok) {
      const rows = events.length === 1 ? '1 row' : `${events.length.toLocaleString()} rows`;
      this.note = { said: `Copied ${rows} for a ticket` };
      this.timer = setTimeout(() => {
        this.note = undefined;
        host.requestUpdate();
      }, 4000);
      host.requestUpdate();
    } else {
      this.note = { fallback: text };
      host.requestUpdate();
      await host.updateComplete;
      host.renderRoot.querySelector<HTMLTextAreaElement>('.ticket-fallback textarea')?.select();
    }
  }
}
