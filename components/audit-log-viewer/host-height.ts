import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Below this height (the viewer's own) the filters give way to the list. */
export const SHORT_PX = 560;

/**
 * The viewer fills the height its host gives it (`height: 100%` of a sized parent, a flex or
 * grid cell). When the parent's height only follows its content, a percentage means nothing:
 * then the element gets the `fallback-height` attribute, and `--alv-height` (600px) applies.
 *
 * The test: a parent whose height is given does not grow when the viewer asks for more room.
 */
export class HostHeightController implements ReactiveController {
  /**
   * The host gives less height than the filters, the status line and the chart need beside a
   * useful list (below `SHORT_PX`): the filters then scroll within what the list leaves them.
   */
  short = false;
  private observer?: ResizeObserver;
  /** The last test ran while the viewer was not laid out (hidden): run it again when it is. */
  private pending = true;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.pending = true;
    // The test changes the viewer's size: never inside the observer's own callback. Until it
    // has run, the height is not the one the host gives (a parent whose height follows its
    // content gets 600px then): short or not is decided after it, never flashed before.
    this.observer = new ResizeObserver((entries) => {
      if (this.pending) {
        requestAnimationFrame(() => {
          if (this.pending) this.check();
          if (!this.pending) this.setShort(this.host.getBoundingClientRect().height);
        });
        return;
      }
      // The border box: the height the host gave (`--alv-height`), borders included.
      const entry = entries.at(-1);
      this.setShort(entry?.borderBoxSize?.[0]?.blockSize ?? entry?.contentRect.height ?? 0);
    });
    this.observer.observe(this.host);
  }

  /**
   * The first render, laid out: the test runs now, before the first frame is painted, so a
   * short host's filters are folded in it (not one frame later).
   */
  hostUpdated(): void {
    if (!this.pending) return;
    this.check();
    if (!this.pending) this.setShort(this.host.getBoundingClientRect().height);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }

  private setShort(height: number): void {
    const short = height > 0 && height < SHORT_PX;
    if (short === this.short) return;
    this.short = short;
    this.host.requestUpdate();
  }

  private check(): void {
    const el = this.host;
    const parent = el.parentElement ?? (el.getRootNode() as ShadowRoot).host;
    if (!parent || !el.getClientRects().length) return;
    this.pending = false;
    // A height set for the viewer itself (`--alv-height`) is the host's answer already.
    if (getComputedStyle(el).getPropertyValue('--alv-height').trim()) {
      el.removeAttribute('fallback-height');
      return;
    }
    el.removeAttribute('fallback-height');
    const before = parent.getBoundingClientRect().height;
    const minHeight = el.style.minHeight;
    el.style.minHeight = `${Math.ceil(before) + 64}px`;
    const after = parent.getBoundingClientRect().height;
    el.style.minHeight = minHeight;
    el.toggleAttribute('fallback-height', after > before + 1);
  }
}
