import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { RELATIVE_RANGE_LABELS } from '../../core/filter.js';
import { RELATIVE_RANGES, type RelativeRange, type TimeRange } from '../../core/model.js';

/** `datetime-local` value (local time, minutes) of an instant. */
export function toLocalInput(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Instant of a `datetime-local` value (read as local time). */
export function fromLocalInput(value: string): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/** What the field needs of the filter bar around it. */
export interface TimeRangeHost {
  requestUpdate(): void;
  /** The time range of the filters being edited. */
  time(): TimeRange | undefined;
  /** Applies a new time range (or none) at once. */
  setTime(time: TimeRange | undefined): void;
  /** The field's hint ("filtered in the viewer"), if the backend leaves time to the viewer. */
  renderTimeHint(): TemplateResult | typeof nothing;
  /** Ids for `aria-describedby` (the falsy ones left out). */
  describedBy(...ids: (string | false)[]): string | typeof nothing;
}

/**
 * The filter bar's time range: a select of presets ("Last hour"…) and "Custom…", which opens
 * From and To inputs (local time, minutes; a bound keeps its exact instant until edited). A
 * start after the end is refused with a message, nothing applied.
 */
export class TimeRangeField {
  /** The From/To inputs are shown (a custom range, or "Custom…" chosen and not yet filled). */
  private open = false;
  private from = '';
  private to = '';
  private error = '';

  constructor(private readonly host: TimeRangeHost) {}

  /** Nothing entered: the select reads "Any time" and no custom range is half-filled. */
  get empty(): boolean {
    return !this.open;
  }

  /**
   * Shows `time` (from the query text, a link, a zoom): an absolute range opens the inputs, a
   * preset closes them. `fromOutside`: with no time at all, a half-filled custom range goes too.
   */
  adopt(time: TimeRange | undefined, fromOutside = false): void {
    this.error = '';
    if (time?.type === 'absolute') this.open = true;
    else if (time?.type === 'relative' || (fromOutside && !time)) this.open = false;
    this.from = toLocalInput(time?.type === 'absolute' ? time.from : undefined);
    this.to = toLocalInput(time?.type === 'absolute' ? time.to : undefined);
    this.host.requestUpdate();
  }

  /** Clears it (Clear all, the time chip removed). */
  clear(): void {
    this.adopt(undefined, true);
  }

  private readonly onSelect = (e: Event): void => {
    const value = (e.target as HTMLSelectElement).value;
    this.error = '';
    if (value === 'custom') {
      // Reveal the two inputs; nothing is applied until a bound is entered.
      this.open = true;
      this.host.requestUpdate();
      return;
    }
    this.open = false;
    this.from = '';
    this.to = '';
    this.host.setTime(value ? { type: 'relative', last: value as RelativeRange } : undefined);
  };

  private onBound(which: 'from' | 'to', e: Event): void {
    const value = (e.target as HTMLInputElement).value;
    if (which === 'from') this.from = value;
    else this.to = value;
    const time = this.host.time();
    const current: { from?: number; to?: number } = time?.type === 'absolute' ? time : {};
    // Keep a bound's exact instant unless its input was edited (inputs hold minutes only).
    const bound = (text: string, exact: number | undefined): number | undefined =>
      exact !== undefined && text === toLocalInput(exact) ? exact : fromLocalInput(text);
    const from = bound(this.from, current.from);
    const to = bound(this.to, current.to);
    if (from !== undefined && to !== undefined && from > to) {
      this.error = 'The start of the range is after its end.';
      this.host.requestUpdate();
      return;
    }
    this.error = '';
    this.host.setTime({ type: 'absolute', from, to });
  }

  /** One bound's input: From or To, local time to the minute. */
  private renderBound(which: 'from' | 'to', label: string): TemplateResult {
    const invalid = this.error !== '';
    return html`<span class="bound">
      <label for=${which}>${label}</label>
      <input
        id=${which}
        type="datetime-local"
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${this.host.describedBy(invalid && 'range-error')}
        .value=${live(this[which])}
        @change=${(e: Event) => this.onBound(which, e)}
      />
    </span>`;
  }

  render(): TemplateResult {
    const time = this.host.time();
    const selected =
      time?.type === 'relative'
        ? time.last
        : time?.type === 'absolute' || this.open
          ? 'custom'
          : '';
    const invalid = this.error !== '';
    const describedBy = (...ids: (string | false)[]) => this.host.describedBy(...ids);
    return html`<div class="field">
        <label for="time">Time range</label>
        <select
          id="time"
          aria-describedby=${describedBy(this.host.renderTimeHint() !== nothing && 'hint-time')}
          @change=${this.onSelect}
        >
          <option value="" .selected=${selected === ''}>Any time</option>
          ${RELATIVE_RANGES.map(
            (r) =>
              html`<option value=${r} .selected=${selected === r}>
                ${RELATIVE_RANGE_LABELS[r]}
              </option>`,
          )}
          <option value="custom" .selected=${selected === 'custom'}>Custom…</option>
        </select>
        ${this.host.renderTimeHint()}
      </div>
      ${
        this.open
          ? html`<div class="field custom-range" role="group" aria-label="Custom time range">
              <div class="inline">
                ${this.renderBound('from', 'From')} ${this.renderBound('to', 'To')}
              </div>
              ${
                invalid
                  ? html`<span class="error" id="range-error" role="alert">${this.error}</span>`
                  : nothing
              }
            </div>`
          : nothing
      }`;
  }
}
