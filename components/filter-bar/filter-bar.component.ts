import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { FilterKey, Filters } from '../../core/model.js';
import {
  QUALIFIERS,
  filterTokens,
  formatQuery,
  formatValue,
  parseQuery,
  tokenAt,
  type QueryError,
  type QueryHint,
} from '../../core/query-language.js';
import { isExclusion, isPartialName } from '../../core/filter.js';
import { parseStatusList } from '../../core/status.js';
import { canonicalFilters, sameFilters } from '../../core/view-state.js';
import type { Capabilities, FacetField, FilterPlan } from '../../core/sources/types.js';
import { AlvElement } from '../internal/alv-element.js';
import { tokens } from '../styles/tokens.js';
import { styles } from './filter-bar.styles.js';
import {
  SuggestionsController,
  type Completion,
  type SuggestFunction,
  type Suggestion,
} from './suggestions-controller.js';
import { TimeRangeField } from './time-range.js';

export type { SuggestFunction };

/** An email address as a person finishes typing it: the User field applies it by itself. */
const COMPLETE_ADDRESS = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** The free-typing controls; each keeps its raw text so typing is never rewritten under the caret. */
type TextControl = 'actor' | 'plugin' | 'skill' | 'status' | 'traceId' | 'q' | ExtraControl;
/**
 * Filters only some backends have (`capabilities.filters` says which): shown where the
 * backend has the field, or when the filters already set them.
 */
type ExtraControl = 'action' | 'environment' | 'entityId' | 'userId' | 'workspace';
const EXTRA_CONTROLS: readonly [ExtraControl, string, string][] = [
  ['action', 'Action / event', 'update'],
  ['environment', 'Environment', 'production'],
  ['entityId', 'Entity ID', '66a389b40e9b336c5e6edb19'],
  ['userId', 'User ID', 'u-6fd26567'],
  ['workspace', 'Workspace ID', '68987795c090f4ae5e94abc2'],
];
/** Inputs that offer suggestions. The trace ID input is deliberately not one of them. */
type Combo = 'actor' | 'plugin' | 'skill' | 'query';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const STATUS_CHIPS = ['2xx', '4xx', '5xx'] as const;
/** The chips where records have an outcome but no HTTP status code (Kore's, Nected's). */
const OUTCOME_CHIPS = ['success', 'error'] as const;
/** Facets the backend can suggest; never `traceId` (too many, too fresh: paste it). */
const SUGGESTED: Partial<Record<FilterKey, FacetField>> = {
  actor: 'actor',
  plugin: 'plugin',
  skill: 'skill',
};

const EMPTY_TEXT: Record<TextControl, string> = {
  actor: '',
  plugin: '',
  skill: '',
  status: '',
  traceId: '',
  q: '',
  action: '',
  environment: '',
  entityId: '',
  userId: '',
  workspace: '',
};

/** The fields that show an excluding value (`!value`) as the value, with a pressed "≠" toggle. */
type Excludable = 'actor' | 'plugin' | 'skill';
const included = (key: Excludable, value: string | undefined): string =>
  isExclusion(key, value) ? value!.slice(1) : (value ?? '');

const textsOf = (f: Filters): Record<TextControl, string> => ({
  actor: included('actor', f.actor),
  plugin: included('plugin', f.plugin),
  skill: included('skill', f.skill),
  status: f.status ?? '',
  traceId: f.traceId ?? '',
  q: f.q ?? '',
  action: f.action ?? '',
  environment: f.environment ?? '',
  entityId: f.entityId ?? '',
  userId: f.userId ?? '',
  workspace: f.workspace ?? '',
});

/**
 * @tag alv-filter-bar
 * @summary The audit log's filters: a query box in GitHub audit-log syntax
 * (`user:jane@example.com plugin:"create ticket" status:201`) kept in sync, both ways, with
 * structured controls.
 *
 * The bar shows `filters` and edits a copy. Typing (in the query or a control) is applied after
 * `debounce` ms; presets, chips, selects, suggestions and "Clear all" apply at once. Filters the
 * backend cannot apply (not in `capabilities.serverFilters`) still work, and say they are
 * filtered in the viewer. Suggestions come from `suggest`; trace IDs are never suggested.
 *
 * @fires alv-skip-to-list - "Skip to the events" (right after the query box) was chosen.
 * @fires alv-filter-change - `{ filters }`: the filters changed (never fired when they did not).
 * @fires alv-safe-to-share - `{ on: false }`: "Turn it off", offered when someone types into the
 *   filters that "Safe to share" masks read-only.
 *
 * @csspart base - The search landmark around everything.
 * @csspart query - The query text input.
 * @csspart query-error - The underlined span of invalid query text (drawn under the input).
 * @csspart controls - The group of structured controls.
 * @csspart exclude - The "≠" toggle at the end of the user, plugin and skill fields: pressed, the value excludes.
 * @csspart filter-chips - The list of active filters, shown below 600px (or `folded`) where the controls fold.
 * @csspart filter-chip - One active filter with its remove button.
 *
 * @cssprop --alv-color-bg - Input background.
 * @cssprop --alv-color-border - Input borders.
 * @cssprop --alv-color-accent - Pressed chips.
 * @cssprop --alv-color-danger - Errors and the wavy underline under invalid query text.
 * @cssprop --alv-color-muted - Hints and suggestion details.
 * @cssprop --alv-color-selected - The active suggestion.
 */
export class AlvFilterBar extends AlvElement {
  static override styles = [tokens, styles];

  /** The current filters. Set it to replace what the bar shows; the bar never mutates it. */
  @property({ attribute: false }) filters: Filters = {};

  /** Common controls this backend's records never fill, kept since a filter of theirs was set. */
  private readonly keptControls = new Set<FilterKey>();

  /** Which filters the backend applies itself; the others get a "filtered in the viewer" hint. */
  @property({ attribute: false }) capabilities: Capabilities | undefined;

  /** A key was typed into a field masked read-only by "Safe to share" (until it is off). */
  @state() private lockedTried = false;

  /**
   * The adapter's plan for a set of filters (`Source.planFilters`): which it applies and which
   * the viewer does. Without it, the hints follow `capabilities.serverFilters`.
   */
  @property({ attribute: false }) planFilters: ((filters: Filters) => FilterPlan) | undefined;

  /**
   * "Safe to share": masks what the inputs show (emails, names, tokens…) and makes them read
   * only, so a screen share shows no personal data. Undefined: the inputs show what was typed.
   */
  @property({ attribute: false }) mask: ((text: string) => string) | undefined;

  /** Facet suggestions (user, plugin, skill). Undefined: no suggestions. */
  @property({ attribute: false }) suggest: SuggestFunction | undefined;

  /** Milliseconds of quiet after typing before the filters are applied. */
  @property({ type: Number, reflect: true }) debounce = 300;

  /** Accessible name of the search landmark. */
  @property({ reflect: true }) label = 'Filter audit events';
  /**
   * Folds the structured controls behind a "Filters" toggle, as below 600px, at any width: the
   * viewer sets it when it is too short for them beside a useful list.
   */
  @property({ type: Boolean, reflect: true }) folded = false;

  @state() private draft: Filters = {};
  @state() private text: Record<TextControl, string> = { ...EMPTY_TEXT };
  @state() private queryText = '';
  @state() private queryErrors: QueryError[] = [];
  /** Rewrites of the query text to offer (`plugin:"create ticket"`). */
  @state() private queryHints: QueryHint[] = [];
  /**
   * A partial user typed into the User email field and not yet committed: it is applied when
   * a suggestion is picked, Enter is pressed, or it is a complete address — never half-typed.
   */
  @state() private actorPending = false;
  /** Caret of a query edit not yet applied: the error under it is not shown while typing. */
  @state() private typingAt: number | undefined;
  @state() private statusError = '';
  /** Whether the structured controls are shown when folded (narrow or `folded`; always when wide). */
  @state() private controlsOpen = false;
  /** The rarer backend-specific controls are shown (they fold behind "More filters"). */
  @state() private moreOpen = false;

  /** The time range control (presets, or a custom From/To). */
  private readonly timeRange = new TimeRangeField({
    requestUpdate: () => this.requestUpdate(),
    time: () => this.draft.time,
    setTime: (time) => {
      this.setDraft({ time });
      this.flush();
    },
    renderTimeHint: () => this.renderHint('time'),
    describedBy: (...ids) => this.describedBy(...ids),
  });

  /** The comboboxes' suggestions (query, user, plugin, skill): one listbox open at a time. */
  private readonly suggestions = new SuggestionsController<Combo>(this, {
    completion: (combo) =>
      combo === 'query'
        ? this.queryCompletion()
        : { field: combo, prefix: this.text[combo].trim() },
    suggest: () => this.suggest,
    choose: (combo, option) => this.choose(combo, option),
    commit: (combo) => {
      if (combo === 'actor') this.actorPending = false;
      this.flush();
    },
  });

  @query('#query') private queryInput?: HTMLInputElement;
  @query('.mirror') private mirror?: HTMLElement;

  /** What was last emitted (or set from outside): the baseline for "nothing changed". */
  private lastEmitted: Filters = {};
  private timer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Puts the focus in the query box (after a search started elsewhere, say). */
  focusQuery(): void {
    this.queryInput?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('capabilities')) this.keptControls.clear();
    if (!this.mask) this.lockedTried = false;
    if (changed.has('filters')) {
      const incoming = canonicalFilters(this.filters ?? {});
      // The host echoing back what we emitted must not clobber what the user is typing now.
      const echo = sameFilters(incoming, this.lastEmitted);
      this.lastEmitted = incoming;
      if (!echo && !sameFilters(incoming, this.draft)) this.adopt(incoming);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Reading the input's scroll position forces a layout: only when its text changed (the
    // input's own scroll, key and click events keep the mirror in step otherwise), never for
    // an empty query (nothing to scroll), and in the next frame's callback, where the layout
    // is due anyway, rather than inside the update (on the first render it was ~30 ms there).
    const c = changed as PropertyValues;
    if ((c.has('queryText') || c.has('mask')) && this.queryText !== '')
      requestAnimationFrame(() => this.syncMirror());
  }

  /** What an input shows: the text, or its masked form in safe-to-share mode. */
  private shown(text: string): string {
    return this.mask && text ? this.mask(text) : text;
  }

  /** Shows `filters` as they are, dropping any pending edit. */
  private adopt(filters: Filters): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.draft = filters;
    this.text = textsOf(filters);
    this.queryText = formatQuery(filters);
    this.queryErrors = [];
    this.queryHints = [];
    this.actorPending = false;
    this.typingAt = undefined;
    this.statusError = '';
    // Filters from outside (a zoom out, a link, a saved view) without a time range leave no
    // half-entered custom range open: the select reads "Any time".
    this.timeRange.adopt(filters.time, true);
  }

  /** A control changed: update the draft and rewrite the query text from it. */
  private setDraft(patch: Partial<Filters>): void {
    this.draft = canonicalFilters({ ...this.draft, ...patch });
    this.queryText = formatQuery(this.draft);
    this.queryErrors = [];
    this.queryHints = [];
    this.typingAt = undefined;
  }

  private scheduleEmit(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(true), Math.max(0, this.debounce));
  }

  /**
   * Applies the draft now: emits `alv-filter-change` unless nothing changed. `typing`: applied
   * by the debounce while the user types, rather than committed.
   */
  private flush(typing: boolean | Event = false): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.typingAt = undefined;
    const draft = { ...this.draft };
    if (this.actorPending) {
      // A half-typed user stays out of the filters until it is committed.
      if (this.lastEmitted.actor === undefined) delete draft.actor;
      else draft.actor = this.lastEmitted.actor;
    }
    const filters = canonicalFilters(draft);
    if (sameFilters(filters, this.lastEmitted)) return;
    this.lastEmitted = filters;
    this.emit('alv-filter-change', { filters: structuredClone(filters), typing: typing === true });
  }

  /**
   * Whether the viewer, not the backend, applies `key`: the adapter's own plan for the draft
   * when `key` is set (the same plan the status line reports), else its capabilities.
   */
  private clientSide(key: FilterKey): boolean {
    if (this.planFilters && this.draft[key] !== undefined)
      return this.planFilters(this.draft).client.includes(key);
    return this.capabilities !== undefined && !this.capabilities.serverFilters.includes(key);
  }

  // -------------------------------------------------------------------------------------------
  // Query text

  private applyQueryText(text: string, caret: number | undefined): void {
    const { filters, errors, hints } = parseQuery(text);
    this.queryText = text;
    this.queryErrors = errors;
    this.queryHints = hints ?? [];
    this.actorPending = false;
    this.typingAt = caret;
    this.draft = canonicalFilters(filters);
    this.text = textsOf(this.draft);
    this.statusError = '';
    this.timeRange.adopt(this.draft.time);
  }

  private onQueryInput(e: InputEvent): void {
    const input = e.target as HTMLInputElement;
    this.applyQueryText(input.value, input.selectionStart ?? input.value.length);
    this.scheduleEmit();
    void this.suggestions.request('query', false);
  }

  /** Puts a hint's rewrite into the query and applies it. */
  private applyHint(h: QueryHint): void {
    const text = this.queryText;
    this.applyQueryText(text.slice(0, h.start) + h.replacement + text.slice(h.end), undefined);
    this.flush();
  }

  /** The errors to show: all of them, except the one being typed in right now. */
  private get visibleErrors(): QueryError[] {
    const at = this.typingAt;
    return at === undefined
      ? this.queryErrors
      : this.queryErrors.filter((e) => at < e.start || at > e.end);
  }

  private syncMirror(): void {
    if (this.queryInput && this.mirror) this.mirror.scrollLeft = this.queryInput.scrollLeft;
  }

  /** What the token at the caret can be completed with: fixed options, or a facet to ask for. */
  private queryCompletion(): Completion {
    const none = { options: [] };
    const text = this.queryText;
    const caret = this.queryInput?.selectionStart ?? text.length;
    const token = tokenAt(text, caret);
    if (token.qualifier === undefined) {
      if (text[token.valueStart] === '"' || token.value === '') return none;
      const prefix = token.value.toLowerCase();
      // Only what this backend's records carry (no method: on Nected, no trace: on Kore).
      const listed = this.capabilities?.filters;
      const matches = QUALIFIERS.filter(
        (q) =>
          (!token.negated || q.negatable) &&
          (!listed || listed.includes(q.filter)) &&
          [q.name, ...q.aliases].some((n) => n.toLowerCase().startsWith(prefix)),
      );
      return {
        options: matches.map((q) => ({ kind: 'qualifier', value: q.name, detail: q.description })),
      };
    }
    const info = QUALIFIERS.find((q) => q.name === token.qualifier);
    if (!info || info.filter === 'traceId') return none;
    const field = SUGGESTED[info.filter];
    if (field) return { field, prefix: token.value };
    const prefix = token.value.toLowerCase();
    const values = info.filter === 'status' && this.outcomesOnly ? OUTCOME_CHIPS : info.values;
    return {
      options: (values ?? [])
        .filter((v) => v.toLowerCase().startsWith(prefix) && v !== token.value)
        .map((v) => ({ kind: 'value', value: v })),
    };
  }

  private chooseInQuery(s: Suggestion): void {
    const input = this.queryInput;
    const text = this.queryText;
    const token = tokenAt(text, input?.selectionStart ?? text.length);
    const sign = token.negated ? '-' : '';
    const after = text.slice(token.end);
    let insert =
      s.kind === 'qualifier'
        ? `${sign}${s.value}:`
        : `${sign}${token.qualifier ?? ''}:${formatValue(s.value)}`;
    if (s.kind === 'value' && !/^\s/.test(after)) insert += ' ';
    const next = text.slice(0, token.start) + insert + after;
    const caret = token.start + insert.length;
    if (input) {
      input.value = next;
      input.setSelectionRange(caret, caret);
    }
    this.applyQueryText(next, caret);
    if (s.kind === 'qualifier') {
      // Go straight on to the qualifier's values.
      this.scheduleEmit();
      void this.suggestions.request('query', false);
    } else {
      this.suggestions.close();
      this.flush();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Suggestions

  private choose(combo: Combo, s: Suggestion): void {
    if (combo === 'query') {
      this.chooseInQuery(s);
      return;
    }
    this.text = { ...this.text, [combo]: s.value };
    this.setDraft({ [combo]: this.keepExclusion(combo, s.value) });
    if (combo === 'actor') this.actorPending = false;
    this.suggestions.close();
    this.flush();
  }

  /** A value typed or picked in an excluding field excludes too (an emptied field neither). */
  private keepExclusion(key: Excludable, value: string): string {
    return value && isExclusion(key, this.draft[key]) ? `!${value}` : value;
  }

  /** The field's "≠" toggle: the same value, now excluded or included. */
  private toggleExclusion(key: Excludable): void {
    const value = this.draft[key];
    if (!value || value === '!') return;
    this.setDraft({ [key]: isExclusion(key, value) ? value.slice(1) : `!${value}` });
    this.flush();
  }

  private onComboBlur(): void {
    this.suggestions.close();
    this.flush();
  }

  // -------------------------------------------------------------------------------------------
  // Structured controls

  private onTextInput(key: TextControl, e: InputEvent): void {
    const raw = (e.target as HTMLInputElement).value;
    this.text = { ...this.text, [key]: raw };
    if (key === 'status') {
      const value = raw.trim();
      const parsed = value ? parseStatusList(value) : undefined;
      if (parsed && !parsed.ok) {
        // Invalid: shown, never applied; the draft keeps the last valid status.
        this.statusError = parsed.error;
        return;
      }
      this.statusError = '';
      this.setDraft({ status: value ? value.toLowerCase().replace(/\s+/g, '') : undefined });
    } else if (key === 'actor' || key === 'plugin' || key === 'skill') {
      this.setDraft({ [key]: this.keepExclusion(key, raw) });
    } else {
      this.setDraft({ [key]: raw });
    }
    if (key === 'actor') this.actorPending = !!raw.trim() && !COMPLETE_ADDRESS.test(raw.trim());
    // A pasted trace ID is complete: apply it at once.
    if (key === 'traceId' && e.inputType === 'insertFromPaste') this.flush();
    else this.scheduleEmit();
    if (key === 'actor' || key === 'plugin' || key === 'skill') {
      if (raw.trim()) void this.suggestions.request(key, false);
      else this.suggestions.close();
    }
  }

  /** The status values the chips stand for (`4xx,5xx`), or none for another kind of status. */
  private get statusChips(): string[] {
    const status = this.draft.status;
    if (!status || status.startsWith('!')) return [];
    return status.split(',');
  }

  /** An example query of filters this backend's records carry. */
  private get queryPlaceholder(): string {
    const listed = this.capabilities?.filters;
    const status = listed && !listed.includes('status') ? '' : this.outcomesOnly ? 'error' : '201';
    const plugin = formatValue(this.pluginExample);
    return `user:jane@example.com plugin:${plugin}${status ? ` status:${status}` : ''}`;
  }

  /** A plugin (module, entity, resource) of this backend's records, for the placeholders. */
  private get pluginExample(): string {
    return this.capabilities?.examples?.plugin ?? 'create ticket';
  }

  /** Whether this backend's records have an outcome but no HTTP status code. */
  private get outcomesOnly(): boolean {
    return this.capabilities?.absentFields?.includes('statusCode') ?? false;
  }

  /** The status chips: classes, or outcomes where records have no HTTP status code. */
  private get chipValues(): readonly string[] {
    return this.outcomesOnly ? OUTCOME_CHIPS : STATUS_CHIPS;
  }

  /** A chip adds its value to the status list or takes it out (4xx and 5xx: `4xx,5xx`). */
  private onStatusChip(chip: string): void {
    const chips = this.chipValues;
    const current = this.statusChips;
    // Chips add up; any other status (a code, >=400, an exclusion) is replaced.
    const plain = current.length > 0 && current.every((v) => chips.includes(v));
    const base = plain ? current : [];
    const next = base.includes(chip) ? base.filter((v) => v !== chip) : [...base, chip];
    const rank = (v: string) => {
      const i = chips.indexOf(v);
      return i < 0 ? chips.length : i;
    };
    next.sort((a, b) => rank(a) - rank(b));
    const status = next.length > 0 ? next.join(',') : undefined;
    this.text = { ...this.text, status: status ?? '' };
    this.statusError = '';
    this.setDraft({ status });
    this.flush();
  }

  private onAuthTypeChange(e: Event): void {
    const value = (e.target as HTMLSelectElement).value;
    this.setDraft({ authType: value === 'api-key' || value === 'jwt' ? value : undefined });
    this.flush();
  }

  private onMethodChange(e: Event): void {
    this.setDraft({ method: (e.target as HTMLSelectElement).value || undefined });
    this.flush();
  }

  /** A chip's remove button: drops that one filter, applies at once, keeps the focus nearby. */
  private removeFilter(key: FilterKey, index: number): void {
    this.suggestions.close();
    if (key === 'actor') this.actorPending = false;
    if (key === 'status') this.statusError = '';
    this.setDraft({ [key]: undefined });
    this.text = textsOf(this.draft);
    if (key === 'time') this.timeRange.clear();
    else this.timeRange.adopt(this.draft.time);
    this.flush();
    void this.updateComplete.then(() => {
      const left = [...this.renderRoot.querySelectorAll<HTMLElement>('.filter-chip button')];
      (left[Math.min(index, left.length - 1)] ?? this.queryInput)?.focus();
    });
  }

  /** The filters set, as removable chips (shown where the controls are folded away). */
  private renderFilterChips(): TemplateResult | typeof nothing {
    const tokens = filterTokens(this.draft);
    if (tokens.length === 0) return nothing;
    return html`<ul class="filter-chips" part="filter-chips" aria-label="Active filters">
      ${tokens.map(({ key, text }, i) => {
        const shown = this.shown(text);
        return html`<li class="filter-chip" part="filter-chip">
          <span class="filter-chip-text" title=${shown}>${shown}</span>
          <button
            type="button"
            aria-label=${`Remove filter ${shown}`}
            title="Remove"
            @click=${() => this.removeFilter(key, i)}
          >
            <span aria-hidden="true">×</span>
          </button>
        </li>`;
      })}
    </ul>`;
  }

  private onClearAll(): void {
    this.suggestions.close();
    this.text = { ...EMPTY_TEXT };
    this.statusError = '';
    this.timeRange.clear();
    this.setDraft({
      q: undefined,
      actor: undefined,
      plugin: undefined,
      skill: undefined,
      kind: undefined,
      method: undefined,
      status: undefined,
      traceId: undefined,
      time: undefined,
      action: undefined,
      environment: undefined,
      entityId: undefined,
      userId: undefined,
      workspace: undefined,
      authType: undefined,
    });
    this.flush();
  }

  // -------------------------------------------------------------------------------------------
  // Rendering

  /**
   * Whether to show the control of a backend-specific filter: the backend has the field
   * (`capabilities.filters` lists it), or the filters already set it.
   */
  private offers(key: FilterKey): boolean {
    return this.draft[key] !== undefined || (this.capabilities?.filters?.includes(key) ?? false);
  }

  /**
   * A common filter's control: shown unless the backend lists its filters and its records
   * never carry this one (no method in Nected's; no skill, trace ID or failed status in
   * Kore's), while unset.
   */
  private showsCommon(key: 'skill' | 'method' | 'status' | 'traceId'): boolean {
    const listed = this.capabilities?.filters;
    if (!listed || listed.includes(key)) return true;
    // Once shown for a set filter, it stays for this backend: clearing it (its select set to
    // Any, its text emptied) does not pull the control, and the focus, from under the user.
    if (this.draft[key] !== undefined) this.keptControls.add(key);
    return this.keptControls.has(key);
  }

  private renderExtraFields(): TemplateResult[] {
    const fields = EXTRA_CONTROLS.filter(([key]) => this.offers(key)).map(
      ([key, name, placeholder]) => this.renderPlainField(key, key, name, placeholder),
    );
    if (this.offers('authType')) {
      const auth = this.draft.authType ?? '';
      fields.push(
        html`<div class="field narrow">
          <label for="authType">Auth type</label>
          <select
            id="authType"
            aria-describedby=${this.describedBy(this.clientSide('authType') && 'hint-authType')}
            @change=${this.onAuthTypeChange}
          >
            <option value="" .selected=${auth === ''}>Any</option>
            <option value="api-key" .selected=${auth === 'api-key'}>API key</option>
            <option value="jwt" .selected=${auth === 'jwt'}>Signed-in user (JWT)</option>
          </select>
          ${this.renderHint('authType')}
        </div>`,
      );
    }
    return fields;
  }

  /**
   * The backend-specific controls (action, environment, entity/user/workspace ID, auth type)
   * behind a "More filters (n)" disclosure, n being how many of them are set, so the bar stays
   * two rows high with every filter a backend has.
   */
  private renderMoreFilters(): { toggle: TemplateResult; fields: TemplateResult } | undefined {
    const fields = this.renderExtraFields();
    if (!fields.length) return undefined;
    const keys: FilterKey[] = [...EXTRA_CONTROLS.map(([key]) => key), 'authType'];
    const set = keys.filter((k) => this.offers(k) && this.draft[k] !== undefined).length;
    return {
      toggle: html`<button
        type="button"
        class="more-toggle"
        aria-expanded=${this.moreOpen ? 'true' : 'false'}
        aria-controls="more-filters"
        @click=${() => (this.moreOpen = !this.moreOpen)}
      >
        More filters${set ? ` (${set})` : ''}
      </button>`,
      fields: html`<div
        id="more-filters"
        class="more-fields"
        role="group"
        aria-label="More filters"
        ?hidden=${!this.moreOpen}
      >
        ${fields}
      </div>`,
    };
  }

  private renderHint(key: FilterKey): TemplateResult | typeof nothing {
    if (!this.clientSide(key)) return nothing;
    // A filter none of this backend's records can pass (kept from another backend, say).
    return this.planFilters?.(this.draft).never?.includes(key)
      ? html`<span class="hint never" id=${`hint-${key}`}
          >no event from this backend can match</span
        >`
      : key === 'actor' && isPartialName(this.draft.actor)
        ? html`<span class="hint" id="hint-actor"
            >filtered in the viewer: a whole name or email (“Ava Patel”)</span
          >`
        : html`<span class="hint" id=${`hint-${key}`}>filtered in the viewer</span>`;
  }

  private describedBy(...ids: (string | false)[]): string | typeof nothing {
    const list = ids.filter(Boolean).join(' ');
    return list || nothing;
  }

  private renderComboField(
    key: 'actor' | 'plugin' | 'skill',
    name: string,
    placeholder: string,
  ): TemplateResult {
    const { expanded, activeId } = this.suggestions.attributes(key);
    return html`<div class="field">
      <label for=${key} id=${`${key}-label`}>${name}</label>
      <div class="combo">
        <input
          id=${key}
          type="text"
          role="combobox"
          autocomplete="off"
          spellcheck="false"
          inputmode=${key === 'actor' ? 'email' : 'text'}
          placeholder=${placeholder}
          aria-labelledby=${`${key}-label`}
          aria-autocomplete="list"
          aria-expanded=${expanded}
          aria-controls=${`${key}-listbox`}
          aria-activedescendant=${activeId || nothing}
          aria-describedby=${this.describedBy(
            this.clientSide(key) && `hint-${key}`,
            key === 'actor' && this.actorPending && 'pending-actor',
          )}
          .value=${live(this.shown(this.text[key]))}
          ?readonly=${!!this.mask}
          @input=${(e: InputEvent) => this.onTextInput(key, e)}
          @keydown=${(e: KeyboardEvent) => this.suggestions.onKeydown(key, e)}
          @blur=${this.onComboBlur}
        />
        ${this.renderExclusionToggle(key)} ${this.suggestions.renderListbox(key, name)}
      </div>
      ${this.renderHint(key)}
      ${
        key === 'actor' && this.actorPending
          ? html`<span class="hint pending" id="pending-actor"
              >Not applied yet: press Enter or pick a suggestion</span
            >`
          : nothing
      }
    </div>`;
  }

  /** "≠" at the end of a field with a value: pressed, the value excludes (`-user:` in the query). */
  private renderExclusionToggle(key: Excludable): TemplateResult | typeof nothing {
    if (!this.text[key]) return nothing;
    const excluded = isExclusion(key, this.draft[key]);
    const noun = key === 'actor' ? 'user' : key;
    return html`<button
      type="button"
      class="exclude"
      part="exclude"
      aria-pressed=${excluded ? 'true' : 'false'}
      aria-label=${`Exclude this ${noun}`}
      title=${
        excluded
          ? `Excluded: every other ${noun} is shown. Press to show only this ${noun}.`
          : `Show every other ${noun} instead`
      }
      ?disabled=${!!this.mask}
      @click=${() => this.toggleExclusion(key)}
    >
      <span aria-hidden="true">≠</span>
    </button>`;
  }

  private renderQuery(): TemplateResult {
    const errors = this.visibleErrors;
    const text = this.shown(this.queryText);
    const pieces: TemplateResult[] = [];
    let at = 0;
    for (const e of errors) {
      if (e.start < at) continue;
      if (e.start > at) pieces.push(html`${text.slice(at, e.start)}`);
      const end = Math.max(e.end, e.start + 1);
      // An error at the very end (a missing value) still gets something to underline.
      const marked = text.slice(e.start, end) || ' ';
      pieces.push(html`<span class="error-span" part="query-error">${marked}</span>`);
      at = end;
    }
    if (at < text.length) pieces.push(html`${text.slice(at)}`);
    const { expanded, activeId } = this.suggestions.attributes('query');
    return html`<div class="query-row">
      <label for="query" id="query-label" class="visually-hidden">Query</label>
      <div class="combo query-box">
        <div class="mirror" aria-hidden="true">${pieces}</div>
        <input
          id="query"
          part="query"
          type="text"
          role="combobox"
          autocomplete="off"
          spellcheck="false"
          placeholder=${this.queryPlaceholder}
          aria-labelledby="query-label"
          aria-autocomplete="list"
          aria-expanded=${expanded}
          aria-controls="query-listbox"
          aria-activedescendant=${activeId || nothing}
          aria-invalid=${errors.length > 0 ? 'true' : 'false'}
          aria-describedby="query-status"
          .value=${live(text)}
          ?readonly=${!!this.mask}
          title=${this.mask ? 'Masked while "Safe to share" is on' : nothing}
          @input=${this.onQueryInput}
          @keydown=${(e: KeyboardEvent) => this.suggestions.onKeydown('query', e)}
          @blur=${this.onComboBlur}
          @scroll=${this.syncMirror}
          @keyup=${this.syncMirror}
          @click=${this.syncMirror}
        />
        ${this.suggestions.renderListbox('query', 'Query')}
      </div>
      <button type="button" class="skip" @click=${() => this.emit('alv-skip-to-list', {})}>
        Skip to the events
      </button>
      <button
        type="button"
        class="controls-toggle"
        aria-expanded=${this.controlsOpen ? 'true' : 'false'}
        aria-controls="controls"
        @click=${() => (this.controlsOpen = !this.controlsOpen)}
      >
        Filters${this.activeCount ? ` (${this.activeCount})` : ''}
      </button>
      <div id="query-status" class="query-status" role="status">
        ${
          errors.length > 0
            ? html`<ul class="errors">
                ${errors.map(
                  (e) =>
                    html`<li>
                      <span class="not-applied"
                        >Not applied:
                        <code
                          >${this.shown(this.queryText.slice(e.start, e.end)) || '…'}</code
                        ></span
                      >
                      — ${e.message}
                    </li>`,
                )}
              </ul>`
            : nothing
        }
        ${
          this.mask && this.lockedTried
            ? html`<p class="query-hint locked">
                The filters are masked, and read-only, while “Safe to share” is on.
                <button
                  type="button"
                  class="hint-fix"
                  @click=${() => {
                    // The note goes with the mask: the focus goes on to the query, now editable.
                    this.focusQuery();
                    this.emit('alv-safe-to-share', { on: false });
                  }}
                >
                  Turn it off
                </button>
              </p>`
            : nothing
        }
        ${this.queryHints.map(
          (h) =>
            html`<p class="query-hint">
              ${h.message.split(h.replacement)[0]}
              <button type="button" class="hint-fix" @click=${() => this.applyHint(h)}>
                ${this.shown(h.replacement)}
              </button>
            </p>`,
        )}
      </div>
    </div>`;
  }

  private renderMethod(): TemplateResult {
    const method = this.draft.method ?? '';
    const methods: readonly string[] =
      method && !(METHODS as readonly string[]).includes(method) ? [...METHODS, method] : METHODS;
    return html`<div class="field narrow">
      <label for="method">Method</label>
      <select
        id="method"
        aria-describedby=${this.describedBy(this.clientSide('method') && 'hint-method')}
        @change=${this.onMethodChange}
      >
        <option value="" .selected=${method === ''}>Any</option>
        ${methods.map((m) => html`<option value=${m} .selected=${method === m}>${m}</option>`)}
      </select>
      ${this.renderHint('method')}
    </div>`;
  }

  /**
   * A plain text field: the free text, the trace ID (`code`: monospace, no spelling) or a
   * backend-specific one (`id`: no spelling).
   */
  private renderPlainField(
    key: 'traceId' | 'q' | ExtraControl,
    id: string,
    label: string,
    placeholder: string,
    kind: 'text' | 'code' | 'id' = 'id',
  ): TemplateResult {
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        class=${kind === 'code' ? 'mono' : nothing}
        type="text"
        autocomplete="off"
        spellcheck=${kind === 'text' ? nothing : 'false'}
        placeholder=${placeholder}
        aria-describedby=${this.describedBy(this.clientSide(key) && `hint-${key}`)}
        .value=${live(this.shown(this.text[key]))}
        ?readonly=${!!this.mask}
        @input=${(e: InputEvent) => this.onTextInput(key, e)}
        @keydown=${this.onPlainKeydown}
        @blur=${this.flush}
      />
      ${this.renderHint(key)}
    </div>`;
  }

  private renderStatus(): TemplateResult {
    const invalid = this.statusError !== '';
    return html`<div class="field status-field">
      <label for="status">Status</label>
      <div class="inline">
        <input
          id="status"
          type="text"
          autocomplete="off"
          spellcheck="false"
          placeholder=${this.outcomesOnly ? 'success, error' : '4xx, >=500'}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${this.describedBy(
            invalid && 'status-error',
            this.clientSide('status') && 'hint-status',
          )}
          .value=${live(this.shown(this.text.status))}
          ?readonly=${!!this.mask}
          @input=${(e: InputEvent) => this.onTextInput('status', e)}
          @keydown=${this.onPlainKeydown}
          @blur=${this.flush}
        />
        <div
          class="chips"
          role="group"
          aria-label=${this.outcomesOnly ? 'Outcome' : 'Status class'}
        >
          ${this.chipValues.map(
            (c) =>
              html`<button
                type="button"
                class="chip"
                aria-pressed=${this.statusChips.includes(c) ? 'true' : 'false'}
                @click=${() => this.onStatusChip(c)}
              >
                ${c}
              </button>`,
          )}
        </div>
      </div>
      ${invalid ? html`<span class="error" id="status-error">${this.statusError}</span>` : nothing}
      ${this.renderHint('status')}
    </div>`;
  }

  private onPlainKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      this.flush();
    }
  }

  /** How many filters are set, for the narrow-layout toggle. */
  private get activeCount(): number {
    return Object.values(this.draft).filter((v) => v !== undefined && v !== '').length;
  }

  /** Someone typed into a field that "Safe to share" made read-only: say why nothing happens. */
  private readonly onLockedKeydown = (e: KeyboardEvent): void => {
    if (!this.mask || this.lockedTried) return;
    const target = e.composedPath()[0];
    if (!(target instanceof HTMLInputElement) || !target.readOnly) return;
    if (e.key.length === 1 || e.key === 'Backspace' || e.key === 'Delete') this.lockedTried = true;
  };

  override render(): TemplateResult {
    const empty =
      Object.keys(this.draft).length === 0 &&
      this.queryText.trim() === '' &&
      Object.values(this.text).every((t) => t.trim() === '') &&
      this.timeRange.empty;
    const more = this.renderMoreFilters();
    return html`<div
      part="base"
      class="base"
      role="search"
      aria-label=${this.label}
      @keydown=${this.onLockedKeydown}
    >
      ${this.renderQuery()} ${this.renderFilterChips()}
      <div
        part="controls"
        id="controls"
        class="controls ${this.controlsOpen ? 'open' : ''}"
        role="group"
        aria-label="Filter controls"
      >
        ${this.renderComboField('actor', 'User email', 'jane@example.com')}
        ${this.renderComboField('plugin', 'Plugin / module', this.pluginExample)}
        ${this.showsCommon('skill') ? this.renderComboField('skill', 'Skill', 'Ticketing') : nothing}
        ${this.showsCommon('method') ? this.renderMethod() : nothing}
        ${this.showsCommon('status') ? this.renderStatus() : nothing}
        ${
          this.showsCommon('traceId')
            ? this.renderPlainField('traceId', 'trace', 'Trace ID', 'Paste a trace ID', 'code')
            : nothing
        }
        ${this.timeRange.render()} ${this.renderPlainField('q', 'text', 'Text', 'timeout', 'text')}
        <div class="field actions">
          ${more?.toggle}
          <button type="button" class="clear" ?disabled=${empty} @click=${this.onClearAll}>
            Clear all
          </button>
        </div>
        ${more?.fields}
      </div>
    </div>`;
  }
}
