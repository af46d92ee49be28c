import { html, nothing, type ReactiveControllerHost } from 'lit';
import { NotFoundError } from '../../core/errors.js';
import type { Session } from '../../core/session.js';
import { formatRelative } from '../log-table/format.js';
import { describeError } from './describe-error.js';

/**
 * The notices above the list, in one region that never takes more than a few lines: past
 * that it scrolls, and it folds to one line on request, so the panes keep their room.
 *
 * - offline: cached pages stand in for a failing backend (with Retry now);
 * - what a link (or a history entry) asked for that could not be applied, why the cache
 *   lives in memory only, and a linked entry that is gone or not in the list (dismissable);
 * - records of the loaded pages that failed validation, named (the rest is listed).
 *
 * Its own state (the link's notices, the cache's, folded) asks the host to update.
 */
export class NoticesController {
  /** What a link (or history entry) asked for that could not be applied. */
  private linkNotices: string[] = [];
  /** Why the cache lives in memory only, said once. */
  private cacheNotice?: string;
  /** The region is folded to one line. */
  private folded = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly session: () => Session,
    /** Loads the first page again (Retry now). */
    private readonly refresh: () => void,
  ) {}

  /** Says what of a link was ignored (none: the last link's notices go). */
  setLinkNotices(notices: string[]): void {
    this.linkNotices = notices;
    this.host.requestUpdate();
  }

  /** Says why the cache lives in memory only. */
  setCacheNotice(text: string): void {
    this.cacheNotice = text;
    this.host.requestUpdate();
  }

  render() {
    const parts = [this.renderOffline(), this.renderNotices(), this.renderRejected()].filter(
      (p) => p !== nothing,
    );
    if (!parts.length) return nothing;
    const folded = this.folded;
    return html`<div class="notices ${folded ? 'folded' : ''}">
      <button
        class="link fold"
        type="button"
        aria-expanded=${folded ? 'false' : 'true'}
        aria-controls="alv-notices"
        @click=${() => {
          this.folded = !folded;
          this.host.requestUpdate();
        }}
      >
        ${folded ? `Show notices (${parts.length})` : 'Hide notices'}
      </button>
      <div id="alv-notices" class="notice-list" ?hidden=${folded}>${parts}</div>
    </div>`;
  }

  /** The banner while cached data stands in for a failing backend. */
  private renderOffline() {
    const s = this.session();
    const list = s.list;
    if (!list?.offline || list.cachedAt === undefined) return nothing;
    const d = describeError(list.offline);
    const since = s.offlineSince ?? Date.now();
    return html`<div part="notice" class="notice offline" role="alert">
      <p>
        <strong>${d.title}</strong> (since ${new Date(since).toLocaleTimeString()}). Showing events
        cached ${formatRelative(list.cachedAt, Date.now())}; trying again by itself.
      </p>
      <button class="link" type="button" @click=${() => this.refresh()}>Retry now</button>
    </div>`;
  }

  /** Records of the loaded pages that failed validation: the rest is shown, these are named. */
  private renderRejected() {
    const rejected = this.session().list?.rejected ?? [];
    if (!rejected.length) return nothing;
    const shown = rejected.slice(0, 3);
    return html`<div part="notice" class="notice rejected" role="alert">
      <p>
        <strong
          >${
            rejected.length === 1
              ? 'One record could not be shown'
              : `${rejected.length} records could not be shown`
          }</strong
        >: the audit service sent ${rejected.length === 1 ? 'it' : 'them'} with a field the viewer
        does not understand; the other events are listed.
      </p>
      <ul>
        ${shown.map(
          (r) =>
            html`<li>
              ${r.id ? html`<code>${r.id}</code>: ` : nothing}<code>${r.path}</code> — ${r.message}
            </li>`,
        )}
        ${rejected.length > shown.length ? html`<li>and ${rejected.length - shown.length} more</li>` : nothing}
      </ul>
    </div>`;
  }

  private renderNotices() {
    const notices = [...this.linkNotices];
    if (this.cacheNotice) notices.push(this.cacheNotice);
    const s = this.session();
    const locate = s.locate;
    const detail = s.detail;
    if (locate?.status === 'missing' && detail?.id === locate.id) {
      if (detail.status === 'error' && detail.error instanceof NotFoundError)
        notices.push(
          'The linked entry is no longer available: it may be past the retention window, or your key may not be allowed to see it.',
        );
      else if (detail.status === 'ready')
        notices.push(
          `The linked entry is open, but it is not in this list (${locate.pages} pages searched).`,
        );
    }
    if (!notices.length) return nothing;
    return html`<div part="notice" class="notice" role="alert">
      <ul>
        ${notices.map((n) => html`<li>${n}</li>`)}
      </ul>
      ${
        this.linkNotices.length || this.cacheNotice
          ? html`<button class="link" type="button" @click=${this.dismiss}>Dismiss</button>`
          : nothing
      }
    </div>`;
  }

  private readonly dismiss = (): void => {
    this.linkNotices = [];
    this.cacheNotice = undefined;
    this.host.requestUpdate();
  };
}
