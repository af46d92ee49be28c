import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { css } from 'lit';

/**
 * Keeps a popover panel inside the viewport: it hangs from its trigger's right edge, moved the
 * least that keeps it 4 px inside both edges (a trigger in the middle of a narrow status line,
 * a side panel); a panel wider than the viewport starts at its left edge.
 */
export function placePanel(host: HTMLElement, panel: HTMLElement | null | undefined): void {
  if (!panel) return;
  const anchor = host.getBoundingClientRect();
  const width = panel.getBoundingClientRect().width;
  const viewport = document.documentElement.clientWidth;
  // Offsets from the trigger's left edge, in the viewport's coordinates.
  const hanging = anchor.width - width;
  const left = Math.max(4 - anchor.left, Math.min(hanging, viewport - 4 - width - anchor.left));
  // (`auto`: the stylesheet's `right: 0` would win over `left` in a right-to-left page.)
  panel.style.right = 'auto';
  panel.style.left = `${left}px`;
}

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

/**
 * A menu's popover: open or closed; on opening, the focus goes to its first control (the name
 * field of Views, the first link of Share); closes on Escape (focus back on the trigger), on a
 * pointer press outside and when the focus moves outside (Tab past its last control); placed
 * on screen after each render while open.
 */
export class PopoverController implements ReactiveController {
  open = false;

  constructor(
    private readonly host: Host,
    private readonly onToggle: (open: boolean) => void = () => undefined,
  ) {
    host.addController(this);
  }

  toggle(open = !this.open): void {
    if (open === this.open) return;
    this.open = open;
    if (open) {
      document.addEventListener('pointerdown', this.onOutside, true);
      this.host.addEventListener('focusout', this.onFocusOut);
    } else {
      document.removeEventListener('pointerdown', this.onOutside, true);
      this.host.removeEventListener('focusout', this.onFocusOut);
    }
    this.onToggle(open);
    this.host.requestUpdate();
    if (open)
      void this.host.updateComplete.then(() => {
        if (!this.open) return;
        this.host.renderRoot
          .querySelector<HTMLElement>(
            '.panel :is(input, button, select, textarea, a[href]):not(:disabled)',
          )
          ?.focus();
      });
  }

  /** Closes and gives the focus back to the trigger. */
  close(): void {
    this.toggle(false);
    this.host.renderRoot.querySelector<HTMLElement>('.trigger')?.focus();
  }

  /** Bind on the element around the trigger and the panel. */
  readonly onKeydown = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || !this.open) return;
    e.stopPropagation();
    this.close();
  };

  private readonly onOutside = (e: PointerEvent): void => {
    if (!e.composedPath().includes(this.host)) this.toggle(false);
  };

  /** Tab (or a click) moved the focus to something outside: the panel closes behind it. */
  private readonly onFocusOut = (e: FocusEvent): void => {
    const to = e.relatedTarget;
    // Into the panel or the trigger (retargeted to the host), or nowhere (a click on the
    // panel's text): still open.
    if (!(to instanceof Node) || to === this.host || this.host.contains(to)) return;
    this.toggle(false);
  };

  hostUpdated(): void {
    if (this.open) placePanel(this.host, this.host.renderRoot.querySelector<HTMLElement>('.panel'));
  }

  hostDisconnected(): void {
    // Closed with its listeners: a host put back in the page starts closed, not open and deaf.
    if (this.open) this.toggle(false);
  }
}

/** The trigger and panel of a status-line menu (Share, Views). */
export const popoverStyles = css`
  :host {
    display: inline-block;
    position: relative;
  }
  button {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 4px 10px;
    cursor: pointer;
  }
  .panel button:disabled {
    color: var(--_muted);
    background: var(--_surface);
    cursor: default;
  }
  .trigger {
    border: none;
    background: none;
    color: var(--_accent);
    padding: 2px 4px;
  }
  .panel {
    position: absolute;
    z-index: 20;
    right: 0;
    top: calc(100% + 4px);
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding: 10px;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 6px 24px rgb(0 0 0 / 18%);
  }
`;
