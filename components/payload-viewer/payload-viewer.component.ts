import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { toCurl, canCopyAsCurl } from '../../core/curl.js';
import type { JsonPathSegment } from '../../core/json-path.js';
import { REDACTION_MARKER, type AuditEvent, type RedactablePart } from '../../core/model.js';
import {
  eventMaskOptions,
  maskEvent,
  maskText,
  maskValue,
  peopleOf,
  withoutPayloads,
  type MaskOptions,
} from '../../core/redaction.js';
import { AlvElement } from '../internal/alv-element.js';
import { writeClipboard } from '../internal/clipboard.js';
import type { AlvJsonTree } from '../json-tree/json-tree.component.js';
import { deltaRows } from '../../core/format.js';
import { REDACTED_TEXT, STRING_LIMIT } from '../json-tree/json-tree.component.js';
import { tokens } from '../styles/tokens.js';
import { PART_LABELS, renderOverview, renderTitle } from './overview.js';
import { payloadViewerStyles } from './payload-viewer.styles.js';
import { ENTRY_TABS, type EntryTab } from '../../core/view-state.js';

/** An entry's sections, as links name them (`core/view-state.ts`). */
export type PayloadTab = EntryTab;

export const PAYLOAD_TABS: readonly PayloadTab[] = ENTRY_TABS;

const TAB_LABELS: Readonly<Record<PayloadTab, string>> = {
  overview: 'Overview',
  request: 'Request',
  response: 'Response',
  changes: 'Changes',
  raw: 'Raw',
};

/** Most matches the search counts and steps through. */
/** Header and parameter rows shown at first, and added by each "Show more". */
const TABLE_ROWS = 200;
const TABLE_STEP = 1000;
const SEARCH_LIMIT = 500;
const SEARCH_DEBOUNCE_MS = 120;

type Params = Record<string, string | string[]>;
type PartValue = Params | Record<string, string> | typeof REDACTION_MARKER | undefined;

interface SearchHit {
  tree: number;
  path: JsonPathSegment[];
}

/** A value as compact JSON (strings quoted), cut at STRING_LIMIT characters. */
function compactJson(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > STRING_LIMIT ? `${text.slice(0, STRING_LIMIT)}…` : text;
}

const present = (v: unknown): boolean => v !== undefined;

/**
 * @tag alv-payload-viewer
 * @summary The detail pane of one audit entry, like a network inspector's: overview, request,
 * response, changes and raw record, with search, "Copy as cURL" and a safe-to-share mode.
 *
 * Parts the server withheld (`REDACTION_MARKER`, listed in `event.redacted`) are shown as a
 * "Redacted — requires the PII viewer role" placeholder naming the part, never as empty.
 * Everything that leaves the viewer (cURL, JSON, copied tree values) is masked whatever the
 * safe-to-share switch says; the switch masks what is displayed too. Backend strings are
 * always rendered as text; Kore's `messageHtml` goes through `sanitizeHtml`.
 *
 * @fires alv-close - Escape was pressed, or the close button clicked.
 * @fires alv-copy - A cURL command (`what: 'curl'`), the event as JSON (`'json'`), or a tree
 *   node's value or path was copied; the text is masked.
 * @fires alv-trace-select - The trace ID was clicked.
 * @fires alv-safe-to-share - The "Safe to share" switch was flipped (`detail.on`).
 * @fires alv-tab-change - `{ tab }`: the user chose another section of the entry.
 *
 * @csspart base - The whole pane.
 * @csspart header - Title, status and actions.
 * @csspart close - The × that closes the pane (a host with its own way back may hide it).
 * @csspart partial - The note over an entry shown only as the list had it (`partial`).
 * @csspart tabs - The tab list.
 * @csspart body - The scrolling area under the header.
 *
 * @cssprop --alv-payload-viewer-padding - Inner spacing (default 12px).
 */
export class AlvPayloadViewer extends AlvElement {
  static override styles = [tokens, payloadViewerStyles];

  /** The entry to show. */
  @property({ attribute: false }) event: AuditEvent | undefined;

  /** Mask personal data and secrets in everything displayed (`maskEvent` / `maskValue`). */
  @property({ type: Boolean, reflect: true, attribute: 'safe-to-share' }) safeToShare = false;
  /**
   * The list the entry was opened from: the people it names (`peopleOf`) are masked in the
   * entry too, on screen with the switch on and in every copy.
   */
  @property({ attribute: false }) among?: readonly AuditEvent[];

  /** IANA time zone for times (`Europe/Paris`, `UTC`); the browser's when unset or unknown. */
  @property({ reflect: true, attribute: 'time-zone' }) timeZone: string | undefined;

  /** The entry is being loaded: a skeleton is shown. */
  @property({ type: Boolean, reflect: true }) loading = false;

  /** Loading the entry failed; its message is shown (the root element offers the retry). */
  @property({ attribute: false }) error: Error | undefined;

  /**
   * The whole entry could not be loaded, and `event` is what the list had (no request or
   * response bodies, say): why, shown above it. "Copy as cURL" is left out meanwhile.
   */
  @property() partial: string | undefined;

  /** Accessible name of the pane. */
  @property({ reflect: true }) label = 'Entry details';

  /** The tab the user chose; kept while moving between entries that have it. */
  @state() private chosenTab: PayloadTab = 'overview';
  @state() private query = '';
  @state() private hits: SearchHit[] = [];
  @state() private hitIndex = -1;
  @state() private announcement = '';
  /** The copy button that just copied: it says "✓ Copied" for a moment. */
  @state() private copied: 'curl' | 'json' | undefined;
  private copiedTimer?: ReturnType<typeof setTimeout>;
  /** Rows shown per header/parameter table (by part), grown by "Show more". */
  @state() private tableRows = new Map<RedactablePart, number>();

  /** The event as displayed: masked, without bodies, when safe to share. */
  private shown: AuditEvent | undefined;
  private maskOptions: MaskOptions = {};
  /** The people of `among`. */
  private people: readonly string[] = [];
  /** Tree values, made once per event so that the trees keep their state across renders. */
  private requestBody: unknown;
  private responseBody: unknown;
  private rawValue: unknown;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private searchPending = false;

  /** The tabs that have something to show for the current event, in order. */
  get availableTabs(): PayloadTab[] {
    const e = this.event;
    if (!e) return [];
    const redacted = new Set(e.redacted ?? []);
    const tabs: PayloadTab[] = ['overview'];
    const r = e.request;
    if (
      (r && [r.headers, r.query, r.params, r.body].some(present)) ||
      [...redacted].some((p) => p.startsWith('request.'))
    )
      tabs.push('request');
    const s = e.response;
    if (
      (s && [s.headers, s.body].some(present)) ||
      [...redacted].some((p) => p.startsWith('response.'))
    )
      tabs.push('response');
    if (e.delta) tabs.push('changes');
    tabs.push('raw');
    return tabs;
  }

  /**
   * The tab on screen; set, the one to show when the entry has it. (A declared property, so
   * that a value set before the element is defined, as the root does while this part loads,
   * is taken over rather than left shadowing the accessor.)
   */
  @property({ attribute: false })
  get tab(): PayloadTab {
    const tabs = this.availableTabs;
    return tabs.includes(this.chosenTab) ? this.chosenTab : (tabs[0] ?? 'overview');
  }

  set tab(tab: PayloadTab) {
    this.chosenTab = tab;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.copiedTimer);
    clearTimeout(this.searchTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('among')) this.people = peopleOf(this.among ?? []);
    if (changed.has('event') || changed.has('safeToShare') || changed.has('among')) {
      const e = this.event;
      this.maskOptions = e ? eventMaskOptions(e, this.people) : {};
      this.shown = e && this.safeToShare ? maskEvent(withoutPayloads(e), this.people) : e;
      if (this.query) this.searchPending = true;
    }
    if (changed.has('event')) {
      const e = this.event;
      this.announcement = '';
      this.tableRows = new Map();
      this.requestBody = parseJsonText(e?.request?.body);
      this.responseBody = parseJsonText(e?.response?.body);
      if (e?.raw !== undefined) this.rawValue = e.raw;
      else if (e) {
        const { raw: _raw, ...rest } = e;
        this.rawValue = rest;
      } else this.rawValue = undefined;
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('chosenTab') && this.query) this.searchPending = true;
    if (this.searchPending) {
      this.searchPending = false;
      void this.runSearch();
    }
  }

  override render() {
    return html`<section
      part="base"
      class="base"
      aria-label=${this.label}
      aria-busy=${this.loading ? 'true' : 'false'}
      @keydown=${this.onKeydown}
    >
      ${this.renderHeader()}
      <div part="body" class="body">${this.renderBody()}</div>
      <span class="visually-hidden" role="status">${this.announcement}</span>
    </section>`;
  }

  // -------------------------------------------------------------------------------------------
  // Header

  private renderHeader(): TemplateResult {
    const e = this.shown;
    const ready = e && !this.loading && !this.error;
    return html`<header part="header" class="header">
      <div class="title">
        ${ready ? renderTitle(e, this.timeZone) : html`<h2 class="heading">${this.label}</h2>`}
      </div>
      <div class="actions">
        ${
          ready && this.event && !this.partial && canCopyAsCurl(this.event)
            ? html`<button
                type="button"
                class="button ${this.copied === 'curl' ? 'copied' : ''}"
                @click=${this.copyCurl}
              >
                ${this.copied === 'curl' ? '✓ Copied' : 'Copy as cURL'}
              </button>`
            : nothing
        }
        ${
          ready
            ? html`<button
                type="button"
                class="button ${this.copied === 'json' ? 'copied' : ''}"
                @click=${this.copyJson}
              >
                ${this.copied === 'json' ? '✓ Copied' : 'Copy JSON'}
              </button>`
            : nothing
        }
        <button
          type="button"
          class="switch"
          role="switch"
          aria-checked=${this.safeToShare ? 'true' : 'false'}
          @click=${this.toggleSafeToShare}
        >
          <span class="track" aria-hidden="true"><span class="thumb"></span></span>
          Safe to share
        </button>
        <button
          type="button"
          part="close"
          class="button close"
          aria-label="Close details"
          title="Close (Esc)"
          @click=${this.close}
        >
          <span aria-hidden="true">×</span>
        </button>
      </div>
    </header>`;
  }

  // -------------------------------------------------------------------------------------------
  // Body

  private renderBody(): TemplateResult {
    if (this.loading) {
      return html`<div class="skeleton" aria-hidden="true">
          <div class="bone wide"></div>
          <div class="bone"></div>
          <div class="bone"></div>
          <div class="bone short"></div>
          <div class="bone"></div>
        </div>
        <p class="visually-hidden">Loading entry…</p>`;
    }
    if (this.error) {
      return html`<div class="error" role="alert">
        <strong>Could not load this entry</strong>
        <p>${this.error.message || String(this.error)}</p>
      </div>`;
    }
    const e = this.shown;
    if (!e || !this.event) {
      return html`<p class="empty">Select an entry to see its details</p>`;
    }
    const tabs = this.availableTabs;
    const tab = this.tab;
    return html`${
        this.partial
          ? html`<p part="partial" class="partial" role="note">
              <strong>Only what the list had is shown.</strong> The full entry could not be loaded
              (${this.partial}); its request and response are missing. It loads again once the audit
              service answers.
            </p>`
          : nothing
      }
      <div
        part="tabs"
        class="tabs"
        role="tablist"
        aria-label="Entry sections"
        @keydown=${this.onTabKeydown}
      >
        ${tabs.map(
          (t) =>
            html`<button
              type="button"
              role="tab"
              id="tab-${t}"
              class="tab"
              aria-selected=${t === tab ? 'true' : 'false'}
              aria-controls="panel"
              tabindex=${t === tab ? 0 : -1}
              data-tab=${t}
              @click=${() => this.selectTab(t)}
            >
              ${TAB_LABELS[t]}
            </button>`,
        )}
      </div>
      ${this.hasTrees(tab) ? this.renderSearch() : nothing}
      <div role="tabpanel" id="panel" class="panel" aria-labelledby="tab-${tab}" tabindex="0">
        ${this.renderPanel(tab, e, this.event)}
      </div>`;
  }

  private renderPanel(tab: PayloadTab, e: AuditEvent, original: AuditEvent) {
    switch (tab) {
      case 'overview':
        return renderOverview(e, { timeZone: this.timeZone, onTrace: () => this.selectTrace() });
      case 'request':
        return this.renderRequest(e, original);
      case 'response':
        return this.renderResponse(e, original);
      case 'changes':
        return this.renderChanges(original);
      case 'raw':
        return this.renderRaw(original);
    }
  }

  private renderRequest(e: AuditEvent, original: AuditEvent): TemplateResult {
    const r = e.request ?? {};
    const redacted = new Set(original.redacted ?? []);
    return html`${this.renderTable('Headers', 'request.headers', r.headers, redacted)}
    ${this.renderTable('Query parameters', 'request.query', r.query, redacted)}
    ${this.renderTable('Path parameters', 'request.params', r.params, redacted)}
    ${this.renderBodySection('Body', 'request.body', this.requestBody, redacted)}`;
  }

  private renderResponse(e: AuditEvent, original: AuditEvent): TemplateResult {
    const r = e.response ?? {};
    const redacted = new Set(original.redacted ?? []);
    return html`${this.renderTable('Headers', 'response.headers', r.headers, redacted)}
    ${this.renderBodySection('Body', 'response.body', this.responseBody, redacted)}`;
  }

  private renderTable(
    title: string,
    part: RedactablePart,
    value: PartValue,
    redacted: ReadonlySet<RedactablePart>,
  ) {
    const withheld = value === REDACTION_MARKER || redacted.has(part);
    if (!withheld && (value === undefined || Object.keys(value).length === 0)) return nothing;
    const id = `h-${part.replace('.', '-')}`;
    return html`<section class="section" aria-labelledby=${id}>
      <h3 id=${id}>${title}</h3>
      ${
        withheld || typeof value !== 'object'
          ? this.renderRedacted(part)
          : this.renderRows(id, part, Object.entries(value))
      }
    </section>`;
  }

  /**
   * A header or parameter table, TABLE_ROWS at a time: an entry with 50,000 headers opens at
   * once, and "Show more" adds rows on request.
   */
  private renderRows(
    id: string,
    part: RedactablePart,
    entries: [string, string | readonly string[]][],
  ) {
    const limit = this.tableRows.get(part) ?? TABLE_ROWS;
    const hidden = entries.length - limit;
    const step = Math.min(hidden, TABLE_STEP);
    return html`<table class="kv" aria-labelledby=${id}>
        <tbody>
          ${entries.slice(0, limit).map(
            ([k, v]) =>
              html`<tr>
                <th scope="row">${k}</th>
                <td>${Array.isArray(v) ? v.join(', ') : v}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${
        hidden > 0
          ? html`<button
              class="more-rows"
              type="button"
              @click=${() => (this.tableRows = new Map(this.tableRows).set(part, limit + step))}
            >
              Show ${step.toLocaleString('en')} more
              <span class="muted">(${hidden.toLocaleString('en')} not shown)</span>
            </button>`
          : nothing
      }`;
  }

  private renderBodySection(
    title: string,
    part: RedactablePart,
    body: unknown,
    redacted: ReadonlySet<RedactablePart>,
  ) {
    const withheld = body === REDACTION_MARKER || redacted.has(part);
    if (!withheld && body === undefined) return nothing;
    const id = `h-${part.replace('.', '-')}`;
    return html`<section class="section" aria-labelledby=${id}>
      <h3 id=${id}>${title}</h3>
      ${
        withheld
          ? this.renderRedacted(part)
          : html`<alv-json-tree
              label=${`${PART_LABELS[part]}`}
              expand-depth="2"
              .value=${body}
              .masked=${this.safeToShare}
              .maskOptions=${this.maskOptions}
              .highlight=${this.query}
            ></alv-json-tree>`
      }
    </section>`;
  }

  private renderRedacted(part: RedactablePart): TemplateResult {
    return html`<div class="redacted" data-part=${part}>
      <strong>${REDACTED_TEXT}</strong>
      <span>${PART_LABELS[part]} withheld by the server.</span>
    </div>`;
  }

  private renderChanges(original: AuditEvent): TemplateResult {
    const delta = original.delta;
    if (!delta) return html`<p class="empty">No changes recorded.</p>`;
    const { rows, unchanged } = deltaRows(delta.from, delta.to);
    const shown = (v: unknown, key: string | undefined) =>
      compactJson(this.safeToShare ? maskValue(v, key, this.maskOptions) : v);
    const none = html`<span class="muted" aria-label="none">—</span>`;
    return html`<section class="section" aria-labelledby="h-changes">
      <h3 id="h-changes">Changes</h3>
      ${
        rows.length === 0
          ? html`<p class="muted">No difference between before and after.</p>`
          : html`<table class="diff" aria-labelledby="h-changes">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (row) =>
                    html`<tr class=${row.change} data-change=${row.change}>
                      <th scope="row">
                        <span class="mono"
                          >${
                            row.key === undefined
                              ? '(value)'
                              : this.safeToShare
                                ? maskText(row.key, { entropy: false })
                                : row.key
                          }</span
                        >
                        ${
                          row.change === 'changed'
                            ? nothing
                            : html`<span class="badge ${row.change}">${row.change}</span>`
                        }
                      </th>
                      <td>
                        ${
                          row.change === 'added'
                            ? none
                            : html`<del class="mono">${shown(row.from, row.key)}</del>`
                        }
                      </td>
                      <td>
                        ${
                          row.change === 'removed'
                            ? none
                            : html`<ins class="mono">${shown(row.to, row.key)}</ins>`
                        }
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${
        unchanged > 0
          ? html`<p class="muted">
              ${unchanged} unchanged ${unchanged === 1 ? 'field' : 'fields'} not shown.
            </p>`
          : nothing
      }
    </section>`;
  }

  private renderRaw(original: AuditEvent): TemplateResult {
    const hasRaw = original.raw !== undefined;
    return html`<section class="section" aria-labelledby="h-raw">
      <h3 id="h-raw">${hasRaw ? 'Backend record' : 'Event'}</h3>
      <alv-json-tree
        label=${hasRaw ? 'Backend record' : 'Event'}
        expand-depth="1"
        .value=${this.rawValue}
        .masked=${this.safeToShare}
        .maskOptions=${this.maskOptions}
        .highlight=${this.query}
      ></alv-json-tree>
    </section>`;
  }

  private renderSearch(): TemplateResult {
    const count = this.hits.length;
    const counter = !this.query
      ? ''
      : count === 0
        ? 'No matches'
        : `${this.hitIndex + 1} of ${count >= SEARCH_LIMIT ? `${SEARCH_LIMIT}+` : count}`;
    return html`<div class="search" role="search">
      <input
        type="search"
        class="search-input"
        aria-label="Search in this tab"
        placeholder="Search keys and values"
        autocomplete="off"
        spellcheck="false"
        .value=${this.query}
        @input=${this.onSearchInput}
        @keydown=${this.onSearchKeydown}
      />
      <span class="counter" role="status">${counter}</span>
      <button
        type="button"
        class="button icon"
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
        ?disabled=${count === 0}
        @click=${() => this.step(-1)}
      >
        <span aria-hidden="true">↑</span>
      </button>
      <button
        type="button"
        class="button icon"
        aria-label="Next match"
        title="Next match (Enter)"
        ?disabled=${count === 0}
        @click=${() => this.step(1)}
      >
        <span aria-hidden="true">↓</span>
      </button>
    </div>`;
  }

  // -------------------------------------------------------------------------------------------
  // Search

  private hasTrees(tab: PayloadTab): boolean {
    const e = this.event;
    if (!e) return false;
    switch (tab) {
      case 'raw':
        return true;
      case 'request':
        return e.request?.body !== undefined && e.request.body !== REDACTION_MARKER;
      case 'response':
        return e.response?.body !== undefined && e.response.body !== REDACTION_MARKER;
      default:
        return false;
    }
  }

  private trees(): AlvJsonTree[] {
    return [...this.renderRoot.querySelectorAll<AlvJsonTree>('.panel alv-json-tree')];
  }

  private async runSearch(): Promise<void> {
    const trees = this.trees();
    await Promise.all(trees.map((t) => t.updateComplete));
    const hits: SearchHit[] = [];
    if (this.query) {
      trees.forEach((tree, i) => {
        if (hits.length >= SEARCH_LIMIT) return;
        for (const m of tree.search(this.query, SEARCH_LIMIT - hits.length)) {
          hits.push({ tree: i, path: m.path });
        }
      });
    }
    this.hits = hits;
    this.hitIndex = hits.length ? 0 : -1;
    if (hits.length) await this.revealHit(false);
  }

  /** Moves to the next (1) or previous (-1) match, wrapping around. */
  async step(direction: 1 | -1): Promise<void> {
    if (this.searchTimer !== undefined) {
      clearTimeout(this.searchTimer);
      this.searchTimer = undefined;
      await this.runSearch();
      if (direction === 1) return; // the first match is the next one
    }
    const n = this.hits.length;
    if (n === 0) return;
    this.hitIndex = (this.hitIndex + direction + n) % n;
    await this.revealHit(false);
  }

  private async revealHit(focus: boolean): Promise<void> {
    const hit = this.hits[this.hitIndex];
    if (!hit) return;
    await this.updateComplete;
    await this.trees()[hit.tree]?.reveal(hit.path, { focus });
  }

  private onSearchInput(e: InputEvent): void {
    this.query = (e.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.searchTimer = undefined;
      void this.runSearch();
    }, SEARCH_DEBOUNCE_MS);
  }

  private onSearchKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      void this.step(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape' && this.query) {
      // First Escape clears the search; the next one closes the pane.
      e.preventDefault();
      e.stopPropagation();
      this.query = '';
      (e.target as HTMLInputElement).value = '';
      clearTimeout(this.searchTimer);
      void this.runSearch();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Actions

  private selectTab(tab: PayloadTab): void {
    if (tab === this.chosenTab) return;
    this.chosenTab = tab;
    this.emit('alv-tab-change', { tab });
  }

  private onTabKeydown(e: KeyboardEvent): void {
    const tabs = this.availableTabs;
    const i = tabs.indexOf(this.tab);
    let next: PayloadTab | undefined;
    if (e.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
    else if (e.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
    else if (e.key === 'Home') next = tabs[0];
    else if (e.key === 'End') next = tabs[tabs.length - 1];
    if (!next) return;
    e.preventDefault();
    this.selectTab(next);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[role="tab"][data-tab="${next}"]`)?.focus(),
    );
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      this.close();
    }
  }

  private close(): void {
    this.emit('alv-close', {});
  }

  private toggleSafeToShare(): void {
    this.safeToShare = !this.safeToShare;
    this.emit('alv-safe-to-share', { on: this.safeToShare });
  }

  private selectTrace(): void {
    if (this.event?.traceId) this.emit('alv-trace-select', { traceId: this.event.traceId });
  }

  private copyCurl(): void {
    if (!this.event) return;
    this.copyOut(
      'curl',
      toCurl(this.event, { mask: true, people: this.people }),
      'cURL command copied',
    );
  }

  private copyJson(): void {
    if (!this.event) return;
    this.copyOut(
      'json',
      JSON.stringify(maskEvent(this.event, this.people), null, 2),
      'Entry JSON copied',
    );
  }

  private copyOut(what: 'curl' | 'json', text: string, message: string): void {
    this.emit('alv-copy', { what, text });
    void writeClipboard(text);
    this.announcement = message;
    clearTimeout(this.copiedTimer);
    this.copied = what;
    this.copiedTimer = setTimeout(() => (this.copied = undefined), 1500);
  }
}

/** A body that is JSON text (`"{\"a\":1}"`) as its value; any other body as is. */
function parseJsonText(body: unknown): unknown {
  if (typeof body !== 'string' || body.length > 20_000_000) return body;
  const t = body.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
