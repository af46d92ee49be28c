import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { classMap } from 'lit/directives/class-map.js';
import type { FacetField, FacetValue } from '../../core/sources/types.js';

/** One option of a combobox's listbox. */
export interface Suggestion {
  kind: 'qualifier' | 'value';
  value: string;
  /** Shown after the value: a count or a description. */
  detail?: string;
}

/** Where a combobox's options come from: a fixed list, or a facet to ask the backend for. */
export type Completion = { options: Suggestion[] } | { field: FacetField; prefix: string };

/** Facet values from the backend; aborted when a newer request starts. */
export type SuggestFunction = (
  field: FacetField,
  prefix: string,
  signal: AbortSignal,
) => Promise<FacetValue[]>;

export interface SuggestionsOptions<C extends string> {
  /** What the combobox `combo` can be completed with right now. */
  completion(combo: C): Completion;
  /** The backend's facet values, if it has them. */
  suggest(): SuggestFunction | undefined;
  /** An option was picked (Enter on the active one, or a click). */
  choose(combo: C, option: Suggestion): void;
  /** Enter with no option active: the input's value is to be applied as typed. */
  commit(combo: C): void;
}

const MAX_SUGGESTIONS = 8;

/** Popovers (the top layer) and CSS anchor positioning, where the browser has them. */
const POPOVERS = typeof HTMLElement !== 'undefined' && 'popover' in HTMLElement.prototype;
const ANCHORS = typeof CSS !== 'undefined' && CSS.supports('anchor-name: --a');

/**
 * The comboboxes' suggestions, one listbox open at a time (the ARIA 1.2 combobox pattern with
 * `aria-activedescendant`): asks for options, aborting a stale request; keeps which combobox is
 * open and which option is active; handles the input's keys; renders the listbox and the
 * input's ARIA state. The host decides what the options are and what picking one does.
 */
export class SuggestionsController<C extends string> implements ReactiveController {
  /** The combobox whose listbox is open. */
  combo: C | undefined;
  options: Suggestion[] = [];
  /** Index of the active option; -1: none. */
  active = -1;
  private abort: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly opts: SuggestionsOptions<C>,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.follow(false);
  }

  hostUpdated(): void {
    this.place();
    // The active option stays in view as the arrows move through a long list.
    this.host.shadowRoot
      ?.querySelector('[role="option"][aria-selected="true"]')
      ?.scrollIntoView({ block: 'nearest' });
  }

  /**
   * The open listbox is a popover, in the top layer: nothing that scrolls or clips around
   * the filters (a short viewer's scrolling filter bar, a host's `overflow: hidden`) cuts it
   * off. CSS anchor positioning keeps it under its field (above it where there is no room
   * below) through any scroll, zoom or layout shift; without it, it is placed here, each frame
   * while open. Without popovers at all, it stays in the flow under its field, as it was.
   */
  private place(): void {
    if (!POPOVERS) return;
    let shown = false;
    for (const list of this.host.shadowRoot?.querySelectorAll<HTMLElement>('.listbox') ?? []) {
      const open = !list.hidden;
      if (open !== list.matches(':popover-open')) {
        if (open) list.showPopover();
        else list.hidePopover();
      }
      if (!open) continue;
      shown = true;
      if (ANCHORS) {
        list.parentElement!.style.setProperty('anchor-name', `--${list.id}`);
        list.style.setProperty('position-anchor', `--${list.id}`);
        continue;
      }
      const field = list.parentElement!.getBoundingClientRect();
      const below = innerHeight - field.bottom - 8;
      const above = field.top - 8;
      const up = below < 160 && above > below;
      list.style.top = up ? 'auto' : `${field.bottom + 2}px`;
      list.style.bottom = up ? `${innerHeight - field.top + 2}px` : 'auto';
      list.style.left = `${field.left}px`;
      list.style.width = `${field.width}px`;
      list.style.maxHeight = `min(20em, ${Math.max(80, up ? above : below)}px)`;
    }
    this.follow(shown && !ANCHORS);
  }

  private frame = 0;

  /** Without anchor positioning: placed again each frame while open (a scroll anywhere, a shift). */
  private follow(on: boolean): void {
    if (!on) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    } else if (!this.frame) {
      const tick = () => {
        this.frame = 0;
        this.place();
      };
      this.frame = requestAnimationFrame(tick);
    }
  }

  isOpen(combo: C): boolean {
    return this.combo === combo && this.options.length > 0;
  }

  /** Asks for `combo`'s options and opens its listbox (closes it when there are none). */
  async request(combo: C, activateFirst: boolean): Promise<void> {
    this.abort?.abort();
    this.abort = undefined;
    const completion = this.opts.completion(combo);
    if ('options' in completion) {
      this.open(combo, completion.options, activateFirst);
      return;
    }
    const suggest = this.opts.suggest();
    if (!suggest) {
      this.close();
      return;
    }
    const controller = new AbortController();
    this.abort = controller;
    try {
      const values = await suggest(completion.field, completion.prefix, controller.signal);
      if (controller.signal.aborted) return;
      const seen = new Set<string>();
      const options: Suggestion[] = [];
      for (const v of values) {
        if (seen.has(v.value) || options.length >= MAX_SUGGESTIONS) continue;
        seen.add(v.value);
        options.push({ kind: 'value', value: v.value, detail: v.count.toLocaleString() });
      }
      this.open(combo, options, activateFirst);
    } catch {
      // A failed suggestion request only means no suggestions.
      if (!controller.signal.aborted) this.close();
    } finally {
      if (this.abort === controller) this.abort = undefined;
    }
  }

  close(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.set(undefined, [], -1);
  }

  /** The combobox input's keys: arrows open and move, Enter picks or commits, Escape closes. */
  onKeydown(combo: C, e: KeyboardEvent): void {
    const open = this.isOpen(combo);
    const n = this.options.length;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (open) this.set(combo, this.options, (this.active + 1) % n);
        else void this.request(combo, true);
        break;
      case 'ArrowUp':
        if (open) {
          e.preventDefault();
          this.set(combo, this.options, this.active <= 0 ? n - 1 : this.active - 1);
        }
        break;
      case 'Enter': {
        const option = open ? this.options[this.active] : undefined;
        e.preventDefault();
        if (option) this.opts.choose(combo, option);
        else {
          this.close();
          this.opts.commit(combo);
        }
        break;
      }
      case 'Escape':
        if (open) {
          e.preventDefault();
          e.stopPropagation();
          this.close();
        }
        break;
      case 'Tab':
        this.close();
        break;
    }
  }

  /** The input's `aria-expanded` and `aria-activedescendant`. */
  attributes(combo: C): { expanded: 'true' | 'false'; activeId: string } {
    const open = this.isOpen(combo);
    return {
      expanded: open ? 'true' : 'false',
      activeId: open && this.active >= 0 ? `${combo}-option-${this.active}` : '',
    };
  }

  /** The listbox of `combo` (`id="<combo>-listbox"`), hidden while closed. */
  renderListbox(combo: C, name: string) {
    const open = this.isOpen(combo);
    return html`<ul
      class="listbox"
      role="listbox"
      popover=${POPOVERS ? 'manual' : nothing}
      id=${`${combo}-listbox`}
      aria-label=${`${name} suggestions`}
      ?hidden=${!open}
    >
      ${
        open
          ? this.options.map(
              (s, i) =>
                // Keyboard selection lives on the combobox input (aria-activedescendant).
                // eslint-disable-next-line lit-a11y/click-events-have-key-events
                html`<li
                  role="option"
                  id=${`${combo}-option-${i}`}
                  class=${classMap({ option: true, active: i === this.active })}
                  aria-selected=${i === this.active ? 'true' : 'false'}
                  @mousedown=${(e: Event) => e.preventDefault()}
                  @click=${() => this.opts.choose(combo, s)}
                >
                  <span class="value">${s.kind === 'qualifier' ? `${s.value}:` : s.value}</span>
                  ${s.detail ? html`<span class="detail">${s.detail}</span>` : nothing}
                </li>`,
            )
          : nothing
      }
    </ul>`;
  }

  private open(combo: C, options: Suggestion[], activateFirst: boolean): void {
    if (options.length === 0) this.close();
    else this.set(combo, options, activateFirst ? 0 : -1);
  }

  private set(combo: C | undefined, options: Suggestion[], active: number): void {
    this.combo = combo;
    this.options = options;
    this.active = active;
    this.host.requestUpdate();
  }
}
