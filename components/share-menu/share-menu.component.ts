import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { defaultViewState, type AuditEvent, type ViewState } from '../../core/model.js';
import {
  entryFragment,
  LEFT_OUT_NAMES,
  safeView,
  viewToFragment,
  type EntryTab,
} from '../../core/view-state.js';
import { AlvElement } from '../internal/alv-element.js';

import { writeClipboard } from '../internal/clipboard.js';
import { PopoverController, popoverStyles } from '../internal/popover.js';
import { tokens } from '../styles/tokens.js';
import { styles } from './share-menu.styles.js';

/** How long "Link copied" stays on screen. */
const CONFIRM_MS = 2500;

/**
 * "Share": copies a link to the current view, or to the open entry, that reproduces what is on
 * screen. A relative time range is pinned to absolute times unless the sharer keeps it relative.
 * Links carry only the view (filters, sort, columns, the entry's id), never a credential or
 * any payload value. When the clipboard is unavailable the link is shown, selected, to copy by hand.
 *
 * @tag alv-share-menu
 * @summary Copy a link to the view or to one entry, with visible confirmation.
 *
 * @fires alv-copy - A link (`what: 'link'`) or a ticket summary (`what: 'ticket'`) was copied; `text`.
 *
 * @csspart trigger - The "Share" button.
 * @csspart panel - The popover with the copy actions.
 *
 * @cssprop --alv-color-accent - The trigger's colour.
 * @csspart confirm - The "Link copied" confirmation (under the trigger, for a few seconds).
 * @cssprop --alv-color-success - The "Link copied" confirmation.
 */
export class AlvShareMenu extends AlvElement {
  static override styles = [tokens, popoverStyles, styles];

  /** The view to link to. */
  @property({ attribute: false }) view?: ViewState;
  /** The open entry, for "Copy link to the open entry" and "Copy for a ticket". */
  @property({ attribute: false }) entry?: AuditEvent;
  /** The open entry's section on screen: its link opens on it. */
  @property({ attribute: false }) entryTab?: EntryTab;
  /** Rows picked in the table: "Copy for a ticket" copies these (with the view's link) instead. */
  @property({ attribute: false }) picked: readonly AuditEvent[] = [];
  /** The loaded list: the people it names are masked in a ticket's entries too. */
  @property({ attribute: false }) among?: readonly AuditEvent[];
  /** IANA time zone of the times in a ticket summary. */
  @property({ attribute: 'time-zone' }) timeZone?: string;
  /** The page the link opens (default: this page's address without its fragment). */
  @property() base?: string;
  /**
   * "Safe to share" is on: its mask. Links then leave out the filters that name a person or
   * whose text it would mask (the menu says so).
   */
  @property({ attribute: false }) mask?: (text: string) => string;

  private readonly menu = new PopoverController(this, () => (this.fallback = undefined));
  @state() private keepRelative = false;
  @state() private copied?: string;
  @state() private fallback?: string;

  private timer?: ReturnType<typeof setTimeout>;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  /** The link to the view (`entry: false`) or the open entry. */
  link(entry = false): string | undefined {
    const safe = this.view && this.mask ? safeView(this.view, this.mask) : undefined;
    const view = safe?.view ?? this.view;
    if (!view) return undefined;
    const leftOut = safe?.dropped;
    const base = this.base ?? location.href.replace(/#.*$/, '');
    if (entry)
      return this.entry
        ? base + entryFragment(view, this.entry, this.entryTab, leftOut)
        : undefined;
    return base + viewToFragment(view, { keepRelative: this.keepRelative, leftOut });
  }

  /**
   * A masked Markdown summary, for a ticket: of the picked rows with the link to the view, else
   * of the open entry with its permalink.
   */
  private async copyForTicket(): Promise<void> {
    const picked = this.picked;
    const entry = this.entry;
    if (picked.length === 0 && !entry) return;
    const { ticketMarkdown, ticketView } = await import('../../core/ticket.js');
    // A ticket is masked whatever the switch says, and so is its link.
    const base = this.base ?? location.href.replace(/#.*$/, '');
    const { view, leftOut } = ticketView(this.view ?? defaultViewState(), this.among);
    if (picked.length > 0) {
      const text = ticketMarkdown(picked, {
        link: base + viewToFragment(view, { keepRelative: this.keepRelative, leftOut }),
        timeZone: this.timeZone ?? 'UTC',
        among: this.among,
      });
      const rows = picked.length === 1 ? '1 row' : `${picked.length} rows`;
      await this.copy(false, text, `Copied ${rows} (masked)`);
      return;
    }
    const text = ticketMarkdown([entry!], {
      link: base + entryFragment(view, entry!, undefined, leftOut),
      timeZone: this.timeZone ?? 'UTC',
      among: this.among,
    });
    await this.copy(true, text, 'Copied (masked)');
  }

  private async copy(entry: boolean, body?: string, confirmation?: string): Promise<void> {
    const text = body ?? this.link(entry);
    if (!text) return;
    this.emit('alv-copy', { what: body ? 'ticket' : 'link', text });
    const ok = await writeClipboard(text);
    clearTimeout(this.timer);
    if (ok) {
      this.copied = confirmation ?? (entry ? 'Entry link copied' : 'View link copied');
      this.fallback = undefined;
      this.menu.close();
      this.timer = setTimeout(() => (this.copied = undefined), CONFIRM_MS);
    } else {
      this.fallback = text;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('.fallback input')?.select();
    }
  }

  /** In safe-to-share mode, which filters the links leave out, and why. */
  private renderSafeNote() {
    if (!this.mask || !this.view) return nothing;
    const { dropped } = safeView(this.view, this.mask);
    if (dropped.length === 0) return nothing;
    const names = dropped.map((k) => LEFT_OUT_NAMES[k] ?? k).join(', ');
    return html`<p class="hint safe-note">
      Safe to share is on: links leave out ${names}, which could identify someone.
    </p>`;
  }

  override render() {
    const relative =
      this.view?.filters.time?.type === 'relative' ? this.view.filters.time : undefined;
    return html`<span @keydown=${this.menu.onKeydown}>
      <button
        part="trigger"
        class="trigger"
        type="button"
        aria-expanded=${this.menu.open ? 'true' : 'false'}
        aria-controls="panel"
        @click=${() => this.menu.toggle()}
      >
        Share
      </button>
      <span part="confirm" class="confirm" role="status">${this.copied ?? nothing}</span>
      ${
        this.menu.open
          ? html`<div id="panel" part="panel" class="panel" role="group" aria-label="Share">
              <button type="button" @click=${() => void this.copy(false)}>
                Copy link to this view
              </button>
              ${
                this.entry
                  ? html`<button type="button" @click=${() => void this.copy(true)}>
                      Copy link to the open entry
                    </button>`
                  : nothing
              }
              ${
                this.entry || this.picked.length > 0
                  ? html`<button type="button" @click=${() => void this.copyForTicket()}>
                      ${
                        this.picked.length === 1
                          ? 'Copy the selected row for a ticket (Markdown, masked)'
                          : this.picked.length > 1
                            ? `Copy the ${this.picked.length} selected rows for a ticket (Markdown, masked)`
                            : 'Copy for a ticket (Markdown, masked)'
                      }
                    </button>`
                  : nothing
              }
              ${
                relative
                  ? html`<label>
                      <input
                        type="checkbox"
                        .checked=${this.keepRelative}
                        @change=${(e: Event) =>
                          (this.keepRelative = (e.target as HTMLInputElement).checked)}
                      />
                      Keep "last ${relative.last}" relative (otherwise pinned to today's times)
                    </label>`
                  : nothing
              }
              <p class="hint">Links hold the filters and the entry's id — no keys, no payloads.</p>
              ${this.renderSafeNote()}
              ${
                this.fallback
                  ? html`<div class="fallback">
                      <span>The clipboard is not available here: copy the link.</span>
                      <input readonly aria-label="Link" .value=${this.fallback} />
                    </div>`
                  : nothing
              }
            </div>`
          : nothing
      }
    </span>`;
  }
}
