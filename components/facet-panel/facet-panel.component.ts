import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import {
  FACET_LABELS,
  canExclude,
  isErrorsOnly,
  isExcluded,
  isIncluded,
  isMultiValue,
  setErrorsOnly,
  toggleExclude,
  toggleInclude,
  valuesToList,
  type FacetValue,
  type ListedValue,
  type PanelFacet,
} from '../../core/facets.js';
import { leftOutNote } from '../../core/left-out.js';
import type { Filters } from '../../core/model.js';
import { AlvElement } from '../internal/alv-element.js';
import { rovingIndex } from '../internal/roving.js';
import { tokens } from '../styles/tokens.js';
import { styles } from './facet-panel.styles.js';

/** One field's counts, as the panel shows them. */
export interface FacetGroup {
  field: PanelFacet;
  values: FacetValue[];
  status: 'loading' | 'ready' | 'error';
}

/** Where the counts come from: the backend counted every matching event, or the viewer counted what it loaded. */
export type FacetBasis = 'backend' | 'loaded';

/** A value row's controls: its include checkbox, its exclude button. */
type Column = 'pick' | 'exclude';

/** Values listed per field before "Show all". */
const SHOWN = 5;
/** Below this width (px) of the box it sits in, the panel starts folded and opens as a sheet. */
const NARROW = 600;

const n = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;

/**
 * @tag alv-facet-panel
 * @summary Counts per value of plugin, user, status class, method, skill and environment, with
 * one-click include and exclude and an "Errors only" switch.
 *
 * Each value's checkbox ("Only plugin create ticket") shows only that value, or removes it
 * again; status values add up (`4xx` and `5xx` at once). Each value's exclude button ("Exclude
 * plugin search", `-plugin:search`) hides it; status values can be excluded several at once.
 * Each field is one Tab stop: Up/Down/Home/End move between its values, Left/Right between a
 * value's include and exclude controls. "Errors only" is the status filter `4xx,5xx`.
 *
 * It is a side column; its toggle folds it to a narrow rail. Where the box it sits in is
 * narrower than 600 px it starts folded and opens as a sheet over that box. The panel only
 * draws what it is given: the root's `FacetController` asks the backend (or counts the loaded
 * events).
 *
 * @fires alv-filter-change - `{ filters }`: a value was included or excluded, or "Errors only" switched.
 * @fires alv-facets-toggle - `{ open }`: the user showed or hid the panel (at a wide width).
 * @fires alv-facets-retry - The counts failed to load and the user asked to try again.
 * @fires alv-facets-shown - `{ shown }`: the values came on screen or left it (does not bubble):
 * nothing need be counted for a folded panel.
 *
 * @csspart base - The region around everything.
 * @csspart header - The toggle, the note on what was counted and "Errors only".
 * @csspart toggle - The show/hide button.
 * @csspart note - "counts over the 300 events loaded", or "Loading…".
 * @csspart errors-only - The "Errors only" switch's label.
 * @csspart group - One field's values.
 * @csspart value - One value's row: its checkbox, name, count and exclude button.
 * @csspart count - A value's count.
 * @csspart exclude - A value's exclude button.
 *
 * @cssprop --alv-color-accent - Checked values and the count bars.
 * @cssprop --alv-color-danger - Excluded values.
 * @cssprop --alv-color-surface - The count bars' track and hovered rows.
 * @cssprop --alv-facets-width - Width of the open column (default 16em).
 */
export class AlvFacetPanel extends AlvElement {
  static override styles = [tokens, styles];

  /** The counts per field, in the order shown. */
  @property({ attribute: false }) groups: FacetGroup[] = [];

  /** The view's filters: which values are checked or excluded, and what a click changes. */
  @property({ attribute: false }) filters: Filters = {};

  /**
   * The backend's records have an outcome but no HTTP status code (`absentFields` has
   * `statusCode`): "Errors only" filters by `status:error`, not `4xx,5xx`.
   */
  @property({ type: Boolean }) outcomes = false;

  @property({ reflect: true }) status: 'idle' | 'loading' | 'ready' | 'error' = 'idle';

  /** Why loading failed (shown with a way to try again). */
  @property({ attribute: 'error-message' }) errorMessage = '';

  /** `backend`: every matching event was counted; `loaded`: only the events the viewer fetched. */
  @property({ reflect: true }) basis: FacetBasis = 'backend';

  /** With `basis="loaded"`: how many events were counted. */
  @property({ type: Number }) loaded = 0;

  /** With `basis="loaded"`: every matching event is loaded (nothing more to fetch). */
  @property({ type: Boolean }) complete = false;

  /**
   * With `basis="backend"`: filters of the view the backend's counts leave out (the viewer
   * applies them to the list), by the names the query box uses (`env`, `action`).
   */
  @property({ attribute: false }) ignored: string[] = [];

  /**
   * Safe to share: what is shown of a value (emails, keys… masked). The values themselves, as
   * filters, are unchanged. A user's name, which no detector finds, is shown as `[name]`.
   */
  @property({ attribute: false }) mask: ((text: string) => string) | undefined;

  /** Shown (`true`) or folded to its header, at a wide width. */
  @property({ type: Boolean, reflect: true }) open = true;

  @property({ reflect: true }) label = 'Facets';

  /** Narrower than 600 px: folded unless opened here. */
  @state() private narrow = false;
  @state() private narrowOpen = false;
  /** Fields whose every value is listed. */
  @state() private expanded = new Set<PanelFacet>();
  /** Per group, the value control that takes Tab focus. */
  @state() private cursor: Partial<Record<PanelFacet, { row: number; col: Column }>> = {};

  private resize?: ResizeObserver;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize = new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width ?? 0;
      if (width <= 0 || width < NARROW === this.narrow) return;
      // Next frame: folding changes the height, which must not be observed in this one.
      requestAnimationFrame(() => {
        this.narrow = width < NARROW;
        if (!this.narrow) this.narrowOpen = false;
      });
    });
    this.resize.observe(this.parentElement ?? this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
  }

  private wasShown?: boolean;

  protected override updated(): void {
    // For the styles: a rail when folded, a sheet when open in a narrow box.
    this.toggleAttribute('data-narrow', this.narrow);
    this.toggleAttribute('data-shown', this.shown);
    if (this.shown !== this.wasShown) {
      this.wasShown = this.shown;
      // For whoever feeds the panel only: it does not leave it.
      this.dispatchEvent(new CustomEvent('alv-facets-shown', { detail: { shown: this.shown } }));
    }
  }

  /** Whether the values are on screen. */
  get shown(): boolean {
    return this.narrow ? this.narrowOpen : this.open;
  }

  private toggle(): void {
    if (this.narrow) {
      this.narrowOpen = !this.narrowOpen;
      return;
    }
    this.open = !this.open;
    this.emit('alv-facets-toggle', { open: this.open });
  }

  /** Escape closes the sheet (a narrow box), back on its toggle. */
  private readonly onKeydown = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || !this.narrow || !this.narrowOpen) return;
    e.preventDefault();
    e.stopPropagation();
    this.narrowOpen = false;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>('.toggle')?.focus(),
    );
  };

  private change(filters: Filters): void {
    this.emit('alv-filter-change', { filters });
    // The controls show the filters, not the click, until the filters change.
    this.requestUpdate();
  }

  private note(): string {
    if (this.status === 'loading') return 'Loading…';
    if (this.status !== 'ready') return '';
    if (this.basis === 'backend') return leftOutNote(this.ignored);
    return this.complete
      ? `counts over all ${n(this.loaded, 'matching event')}`
      : `counts over the ${n(this.loaded, 'event')} loaded`;
  }

  /** The control of a group that takes Tab focus (roving tabindex), within `count` rows. */
  private cursorOf(field: PanelFacet, count: number): { row: number; col: Column } {
    const c = this.cursor[field];
    if (!c || c.row >= count) return { row: 0, col: 'pick' };
    return c;
  }

  /** Up/Down/Home/End move between a group's values, Left/Right between include and exclude. */
  private onValueKeydown(e: KeyboardEvent, field: PanelFacet, row: number, count: number): void {
    const col: Column =
      (e.currentTarget as HTMLElement).dataset.col === 'exclude' ? 'exclude' : 'pick';
    let next = { row, col };
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      if (!canExclude(field)) return;
      next = { row, col: e.key === 'ArrowRight' ? 'exclude' : 'pick' };
    } else {
      const target = rovingIndex(e.key, row, count, 'vertical');
      if (target === undefined) return;
      next = { row: target, col };
    }
    e.preventDefault();
    this.cursor = { ...this.cursor, [field]: next };
    this.renderRoot
      .querySelector<HTMLElement>(
        `[data-field="${field}"][data-row="${next.row}"][data-col="${next.col}"]`,
      )
      ?.focus();
  }

  /** A value as shown (masked in safe-to-share mode). */
  private shownValue(field: PanelFacet, value: string): string {
    if (!this.mask) return value;
    const masked = this.mask(value);
    return field === 'actor' && masked === value ? '[name]' : masked;
  }

  private renderValue(
    field: PanelFacet,
    v: ListedValue,
    max: number,
    row: number,
    count: number,
  ): TemplateResult {
    const { noun } = FACET_LABELS[field];
    const shown = this.shownValue(field, v.value);
    const cursor = this.cursorOf(field, count);
    const tab = (col: Column) => (cursor.row === row && cursor.col === col ? 0 : -1);
    const keys = (e: KeyboardEvent) => this.onValueKeydown(e, field, row, count);
    const focus = (col: Column) => () => (this.cursor = { ...this.cursor, [field]: { row, col } });
    const included = isIncluded(this.filters, field, v.value);
    const excluded = isExcluded(this.filters, field, v.value);
    const verb = isMultiValue(field) ? 'Include' : 'Only';
    const width = max > 0 ? `${Math.max(2, (v.count / max) * 100)}%` : '0';
    return html`<li
      part="value"
      class="value ${included ? 'included' : ''} ${excluded ? 'excluded' : ''}"
    >
      <label class="pick" title=${shown}>
        <input
          type="checkbox"
          .checked=${live(included)}
          aria-label=${`${verb} ${noun} ${shown}`}
          tabindex=${tab('pick')}
          data-field=${field}
          data-row=${row}
          data-col="pick"
          @keydown=${keys}
          @focus=${focus('pick')}
          @change=${() => this.change(toggleInclude(this.filters, field, v.value))}
        />
        <span class="name">${shown}</span>
      </label>
      ${
        v.uncounted
          ? html`<span
              part="count"
              class="count uncounted"
              style="--_share: 0"
              title="Not among the values counted"
              ><span aria-hidden="true">–</span
              ><span class="visually-hidden">not counted</span></span
            >`
          : html`<span part="count" class="count" style="--_share: ${width}"
              >${v.count.toLocaleString()}</span
            >`
      }
      ${
        canExclude(field)
          ? html`<button
              type="button"
              part="exclude"
              class="exclude"
              aria-label=${`Exclude ${noun} ${shown}`}
              aria-pressed=${excluded ? 'true' : 'false'}
              tabindex=${tab('exclude')}
              data-field=${field}
              data-row=${row}
              data-col="exclude"
              @keydown=${keys}
              @focus=${focus('exclude')}
              title=${excluded ? `Excluded: show ${noun} ${shown} again` : `Exclude ${shown}`}
              @click=${() => this.change(toggleExclude(this.filters, field, v.value))}
            >
              <span aria-hidden="true">⊘</span>
            </button>`
          : nothing
      }
    </li>`;
  }

  private renderGroup(group: FacetGroup): TemplateResult {
    const { field } = group;
    const heading = FACET_LABELS[field].heading;
    const values = valuesToList(group.values, this.filters, field);
    const all = this.expanded.has(field);
    const listed = all ? values : values.slice(0, SHOWN);
    // Checked values stay listed even when they are not among the first ones.
    for (const v of values)
      if (
        !listed.includes(v) &&
        (isIncluded(this.filters, field, v.value) || isExcluded(this.filters, field, v.value))
      )
        listed.push(v);
    const max = Math.max(0, ...values.map((v) => v.count));
    const id = `facet-${field}`;
    return html`<div part="group" class="group" role="group" aria-labelledby=${id}>
      <div class="group-title" id=${id}>${heading}</div>
      ${
        values.length === 0
          ? html`<p class="none">${group.status === 'loading' ? 'Loading…' : 'No values'}</p>`
          : html`<ul class="values" aria-busy=${group.status === 'loading' ? 'true' : 'false'}>
              ${listed.map((v, i) => this.renderValue(field, v, max, i, listed.length))}
            </ul>`
      }
      ${
        values.length > SHOWN
          ? html`<button
              type="button"
              class="more"
              aria-expanded=${all ? 'true' : 'false'}
              @click=${() => {
                const next = new Set(this.expanded);
                if (all) next.delete(field);
                else next.add(field);
                this.expanded = next;
              }}
            >
              ${all ? 'Show fewer' : `Show all ${values.length}`}<span class="visually-hidden">
                ${FACET_LABELS[field].noun} values</span
              >
            </button>`
          : nothing
      }
    </div>`;
  }

  private renderBody(): TemplateResult | typeof nothing {
    const groups = this.groups;
    const error =
      this.status === 'error'
        ? html`<div class="message error" role="alert">
            <span
              >The facets could not be
              loaded${this.errorMessage ? `: ${this.errorMessage}` : ''}.</span
            >
            <button type="button" class="retry" @click=${() => this.emit('alv-facets-retry', {})}>
              Try again
            </button>
          </div>`
        : nothing;
    const counted = groups.some((g) => g.values.length > 0);
    const active = groups.some((g) => valuesToList([], this.filters, g.field).length > 0);
    if (!counted && !active) {
      if (this.status === 'loading' || this.status === 'idle')
        return html`<div class="message loading" aria-busy="true">Loading the facets…</div>`;
      if (this.status === 'ready')
        return html`<div class="message">No values to count: no events match this view.</div>`;
      return error;
    }
    return html`${error}
      <div class="groups">${groups.map((g) => this.renderGroup(g))}</div>`;
  }

  override render(): TemplateResult {
    const shown = this.shown;
    const errorsOnly = isErrorsOnly(this.filters, this.outcomes);
    const hasStatus = this.groups.some((g) => g.field === 'status');
    const note = shown ? this.note() : '';
    return html`<section
      part="base"
      class="base"
      aria-label=${this.label}
      aria-busy=${this.status === 'loading' ? 'true' : 'false'}
      @keydown=${this.onKeydown}
    >
      <div part="header" class="header">
        <button
          type="button"
          part="toggle"
          class="toggle"
          aria-expanded=${shown ? 'true' : 'false'}
          title=${shown ? `Hide the ${this.label.toLowerCase()}` : `Show the ${this.label.toLowerCase()}`}
          @click=${this.toggle}
        >
          <span class="chevron" aria-hidden="true"></span>${this.label}
        </button>
        ${
          shown && hasStatus
            ? html`<label part="errors-only" class="errors-only">
                <input
                  type="checkbox"
                  role="switch"
                  aria-checked=${errorsOnly ? 'true' : 'false'}
                  .checked=${live(errorsOnly)}
                  @change=${(e: Event) =>
                    this.change(
                      setErrorsOnly(
                        this.filters,
                        (e.target as HTMLInputElement).checked,
                        this.outcomes,
                      ),
                    )}
                />
                Errors only<span class="visually-hidden"
                  >${this.outcomes ? ' (outcome error)' : ' (status 4xx or 5xx)'}</span
                >
              </label>`
            : nothing
        }
      </div>
      ${
        shown
          ? html`${note ? html`<div part="note" class="note" title=${note}>${note}</div>` : nothing}
              <div class="body">${this.renderBody()}</div>`
          : nothing
      }
    </section>`;
  }
}
