import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { Session } from '../../core/session.js';
import { CountdownController } from '../internal/countdown.js';
import type { AlvLogTable } from '../log-table/log-table.component.js';

/**
 * The live tail as the reader sees it: the Live switch saying how the connection really is
 * (connecting, live, reconnecting in N s, offline), and "N new events" while the reader is
 * scrolled away from the top or has an entry open — the session holds new events then
 * (`Session.holdLive`) instead of pushing the rows being read down. It follows the browser's
 * online/offline events.
 */
export class LiveTailController implements ReactiveController {
  private readonly countdown: CountdownController;
  /** Table shadow roots whose scrolling is followed. */
  private readonly followed = new WeakSet<ShadowRoot>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly session: () => Session,
    private readonly table: () => AlvLogTable | undefined,
  ) {
    host.addController(this);
    this.countdown = new CountdownController(host, () => this.session().liveRetryAt);
  }

  hostConnected(): void {
    globalThis.addEventListener?.('online', this.onNetwork);
    globalThis.addEventListener?.('offline', this.onNetwork);
    this.onNetwork();
  }

  hostDisconnected(): void {
    globalThis.removeEventListener?.('online', this.onNetwork);
    globalThis.removeEventListener?.('offline', this.onNetwork);
  }

  hostUpdated(): void {
    this.followTableScroll();
  }

  private readonly onNetwork = (): void => {
    this.session().setOnline(globalThis.navigator?.onLine ?? true);
  };

  /** The table's scroll events, caught on its shadow root (they do not leave it). */
  private followTableScroll(): void {
    const root = this.table()?.shadowRoot;
    if (!root || this.followed.has(root)) return;
    this.followed.add(root);
    root.addEventListener(
      'scroll',
      (e) => {
        const target = e.target;
        if (target instanceof Element) this.session().holdLive(target.scrollTop > 4);
      },
      { capture: true, passive: true },
    );
  }

  /** Shows the events that arrived while reading further down, and goes to the top. */
  private showNewEvents(): void {
    const s = this.session();
    const first = s.pendingLive[0];
    s.showPending();
    const table = this.table();
    if (first && table) void table.updateComplete.then(() => table.scrollToId(first.id));
  }

  /** The live-tail switch. */
  renderSwitch() {
    const s = this.session();
    const state = s.live ? s.liveState : 'off';
    const seconds = this.countdown.seconds;
    const label =
      state === 'connecting'
        ? 'Connecting…'
        : state === 'reconnecting'
          ? seconds !== undefined && (s.liveRetryAt ?? 0) > Date.now()
            ? `Reconnecting in ${seconds} s`
            : 'Reconnecting…'
          : state === 'offline'
            ? 'Offline'
            : 'Live';
    return html`<button
      class="link live is-${state}"
      type="button"
      aria-pressed=${s.live ? 'true' : 'false'}
      title="Add new matching events at the top as they are recorded"
      @click=${() => s.setLive(!s.live)}
    >
      <span class="dot" aria-hidden="true"></span>${label}
    </button>`;
  }

  /** "N new events", over the top of the list, while some are held. */
  renderNewEvents() {
    const pending = this.session().pendingLive.length;
    if (!pending) return nothing;
    return html`<button class="new-events" type="button" @click=${() => this.showNewEvents()}>
      <span aria-hidden="true">↑</span>
      ${pending === 1 ? '1 new event' : `${pending.toLocaleString()} new events`}
    </button>`;
  }
}
