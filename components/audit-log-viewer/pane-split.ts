import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';

/** Remembers, per browser, how much of the width the list keeps beside an open entry. */
const SPLIT_KEY = 'alv-list-share';
export const MIN_LIST_SHARE = 25;
export const MAX_LIST_SHARE = 75;
const DEFAULT_LIST_SHARE = 55;
const STEP = 5;

const clamp = (n: number) => Math.min(MAX_LIST_SHARE, Math.max(MIN_LIST_SHARE, Math.round(n)));

function readShare(): number {
  try {
    const stored = Number(globalThis.localStorage?.getItem(SPLIT_KEY));
    return stored ? clamp(stored) : DEFAULT_LIST_SHARE;
  } catch {
    return DEFAULT_LIST_SHARE;
  }
}

/**
 * The split between the list and the open entry: a separator (`role="separator"`) moved by
 * arrow keys, Home/End or a pointer drag, whose position (the list's share of the width, in
 * percent) is remembered per browser.
 */
export class PaneSplitController implements ReactiveController {
  /** The list's share of the width, in percent (`aria-valuenow`). */
  listShare = readShare();
  private dragging = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The element both panes share: a drag is measured against its box. */
    private readonly container: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.listShare = readShare();
  }

  /** Moves the split to `share` percent (clamped) and remembers it. */
  set(share: number): void {
    const next = clamp(share);
    if (next === this.listShare) return;
    this.listShare = next;
    try {
      globalThis.localStorage?.setItem(SPLIT_KEY, String(next));
    } catch {
      // Storage refused (private mode, quota): the split still moves, it is just not kept.
    }
    this.host.requestUpdate();
  }

  render(label: string, controls: string) {
    return html`<div
      class="separator"
      part="separator"
      role="separator"
      tabindex="0"
      aria-orientation="vertical"
      aria-label=${label}
      aria-controls=${controls}
      aria-valuemin=${MIN_LIST_SHARE}
      aria-valuemax=${MAX_LIST_SHARE}
      aria-valuenow=${this.listShare}
      aria-valuetext=${`List ${this.listShare}%, entry ${100 - this.listShare}%`}
      title="Drag, or use the arrow keys, to resize the entry"
      @keydown=${this.onKeyDown}
      @pointerdown=${this.onPointerDown}
      @pointermove=${this.onPointerMove}
      @pointerup=${this.onPointerUp}
      @pointercancel=${this.onPointerUp}
      @dblclick=${() => this.set(DEFAULT_LIST_SHARE)}
    ></div>`;
  }

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    const moves: Record<string, number> = {
      ArrowLeft: this.listShare - STEP,
      ArrowUp: this.listShare - STEP,
      ArrowRight: this.listShare + STEP,
      ArrowDown: this.listShare + STEP,
      Home: MIN_LIST_SHARE,
      End: MAX_LIST_SHARE,
    };
    const next = moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    this.set(next);
  };

  private readonly onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    try {
      (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    } catch {
      // Not an active pointer (a synthetic event): the drag still follows the separator's moves.
    }
    this.dragging = true;
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    if (!this.dragging) return;
    const box = this.container()?.getBoundingClientRect();
    if (!box?.width) return;
    this.set(((e.clientX - box.left) / box.width) * 100);
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    if (!this.dragging) return;
    this.dragging = false;
    const handle = e.currentTarget as HTMLElement;
    if (handle.hasPointerCapture(e.pointerId)) handle.releasePointerCapture(e.pointerId);
  };
}
