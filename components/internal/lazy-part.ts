import { html, nothing, type ReactiveControllerHost } from 'lit';

/**
 * A part of the viewer whose module loads on first use (what is not needed to paint the first
 * rows). The host renders the part's element as usual, and `renderState()` beside it: a
 * visible note while the module is on its way, and a clear message with Try again if it could
 * not be loaded, never a blank.
 */
export class LazyPart {
  status: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  error?: unknown;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** What the part is, for the notes: "the chart of events over time". */
    readonly what: string,
    /** Imports the part's define module (the module loader keeps it: one load per page). */
    private readonly load: () => Promise<unknown>,
    /**
     * The element it defines: once defined (by any viewer), the part is ready at once. Or a
     * test of its own, where the module brings more than an element (`deferred-parts.ts`).
     */
    private readonly tag: string | (() => boolean),
  ) {}

  /** Starts loading the module (once); true once it is there. */
  ensure(): boolean {
    const there = typeof this.tag === 'string' ? !!customElements.get(this.tag) : this.tag();
    if (this.status === 'ready' || there) {
      this.status = 'ready';
      return true;
    }
    if (this.status !== 'idle') return false;
    this.status = 'loading';
    this.load().then(
      () => {
        this.status = 'ready';
        this.host.requestUpdate();
      },
      (error: unknown) => {
        this.status = 'error';
        this.error = error;
        this.host.requestUpdate();
      },
    );
    return false;
  }

  /**
   * While loading, a note in place of the part; after a failure, the error; otherwise
   * `nothing` (the element itself is rendered by the host).
   */
  renderState(className = '') {
    if (this.status === 'loading')
      return html`<div class="lazy-part muted ${className}" role="status">
        <span class="spinner" aria-hidden="true"></span> Loading ${this.what}…
      </div>`;
    if (this.status === 'error') {
      const why = whyFailed(this.error);
      return html`<div class="notice lazy-part ${className}" role="alert">
        <p><strong>${capitalized(this.what)} could not be loaded</strong> (${why}).</p>
        <button class="link" type="button" @click=${() => this.retry()}>Try again</button>
      </div>`;
    }
    return nothing;
  }

  retry(): void {
    this.status = 'idle';
    this.error = undefined;
    this.ensure();
    this.host.requestUpdate();
  }
}

/**
 * Why a load failed, for people: a module that could not be fetched (Chromium, Firefox and
 * Safari each word it their own way, with the file's address) is said plainly; anything else
 * as it was thrown.
 */
export const whyFailed = (error: unknown): string => {
  const message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
  return /dynamically imported module|Importing a module script failed/i.test(message)
    ? 'its code could not be downloaded: the network or the site may be down'
    : message;
};

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
