import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  getAt,
  pathToString,
  searchJson,
  type JsonMatch,
  type JsonPath,
  type JsonPathSegment,
} from '../../core/json-path.js';
import { REDACTION_MARKER } from '../../core/model.js';
import {
  SECRET_MASK,
  isSensitiveKey,
  maskText,
  maskValue,
  type MaskOptions,
} from '../../core/redaction.js';
import { AlvElement } from '../internal/alv-element.js';
import { writeClipboard } from '../internal/clipboard.js';
import { tokens } from '../styles/tokens.js';
import { jsonTreeStyles } from './json-tree.styles.js';

/** How many children of an object or array are rendered at a time. */
export const CHUNK_SIZE = 100;
/** Strings longer than this are shown cut, with a "Show all" toggle. */
export const STRING_LIMIT = 2000;
/** What a value the server withheld (`REDACTION_MARKER`) is shown as. */
export const REDACTED_TEXT = 'Redacted — requires the PII viewer role';

/** Deepest `expand-depth` honoured, so that a cyclic (non-JSON) value cannot recurse forever. */
const MAX_AUTO_DEPTH = 64;
/**
 * Nodes one render may reach before `expand-depth` stops opening more (what the user opens
 * is always opened): a wide value with a large `expand-depth` must not render millions.
 */
const AUTO_EXPAND_BUDGET = 1000;

type Container = unknown[] | Record<string, unknown>;

const isContainer = (v: unknown): v is Container =>
  typeof v === 'object' && v !== null && !(v instanceof Date);

/** A rendered node, as the keyboard and click handlers need it. */
interface NodeRef {
  path: JsonPathSegment[];
  value: unknown;
  /** The object key the node sits under (undefined for array items and the root). */
  key: string | undefined;
  /** Has children (a non-empty object or array that is shown as such). */
  expandable: boolean;
  /** Rendered expanded. */
  open: boolean;
  /** A string cut at STRING_LIMIT. */
  long: boolean;
}

/** A "show more" row of a container's children. */
interface MoreRef {
  container: string;
  direction: 'before' | 'after';
}

interface Window {
  start: number;
  end: number;
}

const nf = new Intl.NumberFormat('en-US');

/**
 * @tag alv-json-tree
 * @summary A lazily expanding, keyboard-navigable JSON tree for request and response bodies.
 *
 * Only expanded nodes are rendered, and the children of a large object or array are rendered
 * a chunk at a time, so that a multi-megabyte body opens at once. Implements the ARIA tree
 * pattern (arrow keys, Home / End, Enter; roving tabindex). Each node offers "Copy value"
 * (always masked by the sharing rules) and "Copy path" (`$.result.items[3].sys_id`); `c` and
 * `p` are their shortcuts. Values the server withheld (`REDACTION_MARKER`) are shown as a
 * "Redacted" chip, never as empty.
 *
 * @fires alv-copy - A node's value (`what: 'value'`, masked) or path (`what: 'path'`) was
 *   copied.
 *
 * @csspart tree - The `role="tree"` list.
 * @csspart row - The line of one node (toggle, key, value, actions).
 *
 * @cssprop --alv-json-key-color - Object keys.
 * @cssprop --alv-json-string-color - String values.
 * @cssprop --alv-json-number-color - Number values.
 * @cssprop --alv-json-literal-color - `true`, `false`, `null`.
 * @cssprop --alv-json-mark-color - Background of search matches.
 */
export class AlvJsonTree extends AlvElement {
  static override styles = [tokens, jsonTreeStyles];

  /** The value to show: any JSON value (objects, arrays, primitives). */
  @property({ attribute: false }) value: unknown;

  /** Accessible name of the tree ("Request body"). */
  @property({ reflect: true }) label = '';

  /** Nodes shallower than this are expanded initially: 1 shows the root's children. */
  @property({ type: Number, reflect: true, attribute: 'expand-depth' }) expandDepth = 1;

  /** Text to highlight in keys and values (case-insensitive); empty for none. */
  @property() highlight = '';

  /**
   * Show every string masked (`maskText`), and values under sensitive keys (`maskValue`) as
   * `[secret]`. Copied values are masked whatever this says.
   */
  @property({ type: Boolean, reflect: true }) masked = false;

  /** Options for masking (e.g. `keep`: the event's own identifiers, never masked). */
  @property({ attribute: false }) maskOptions: MaskOptions | undefined;

  /** Key of the node in the tab order (roving tabindex). */
  @state() private activeKey = '$';
  /** Key of the node `reveal` last pointed at. */
  @state() private currentKey: string | undefined;
  /** The copy button that just copied: it says so for a moment. */
  @state() private copied: { key: string; what: 'value' | 'path' } | undefined;
  @state() private copyAnnouncement = '';
  private copiedTimer?: ReturnType<typeof setTimeout>;

  /** Expanded (true) or collapsed (false) by the user, overriding `expandDepth`. */
  private expanded = new Map<string, boolean>();
  /** Which children of a container are rendered. */
  private windows = new Map<string, Window>();
  /** Long strings shown whole. */
  private fullStrings = new Set<string>();
  private nodes = new Map<string, NodeRef>();
  private mores = new Map<string, MoreRef>();
  private keyCache = new WeakMap<object, string[]>();
  /** Masked display text of primitives and keys, per node key. */
  private shownCache = new Map<string, unknown>();

  /**
   * Expands the ancestors of the node at `path`, brings it into view, makes it the tree's tab
   * stop and marks it as the current match. Focuses it unless `focus` is false (e.g. while
   * the user is typing in a search box). Resolves false when there is no such node.
   */
  async reveal(path: JsonPath, options: { focus?: boolean } = {}): Promise<boolean> {
    let node: unknown = this.value;
    const prefix: JsonPathSegment[] = [];
    for (const segment of path) {
      if (!isContainer(node) || (this.masked && this.hidesChildren(prefix))) return false;
      const index = Array.isArray(node)
        ? typeof segment === 'number'
          ? segment
          : -1
        : this.keysOf(node).indexOf(String(segment));
      const size = Array.isArray(node) ? node.length : this.keysOf(node).length;
      if (index < 0 || index >= size) return false;
      const key = pathToString(prefix);
      this.expanded.set(key, true);
      const window = this.windowOf(key, size);
      if (index < window.start || index >= window.end) {
        const start = Math.floor(index / CHUNK_SIZE) * CHUNK_SIZE;
        this.windows.set(key, { start, end: Math.min(size, start + CHUNK_SIZE) });
      }
      node = Array.isArray(node) ? node[index] : node[String(segment)];
      prefix.push(segment);
    }
    const key = pathToString(prefix);
    // A match past the cut of a long string: show the string whole.
    if (typeof node === 'string' && node.length > STRING_LIMIT && this.highlight) {
      const shown = String(this.shownValue(node, prefix));
      const at = shown.toLowerCase().indexOf(this.highlight.toLowerCase());
      if (at + this.highlight.length > STRING_LIMIT) this.fullStrings.add(key);
    }
    this.activeKey = key;
    this.currentKey = key;
    this.requestUpdate();
    await this.updateComplete;
    const item = this.itemByKey(key);
    if (!item) return false;
    item.querySelector(':scope > .row')?.scrollIntoView({ block: 'nearest' });
    if (options.focus ?? true) item.focus({ preventScroll: true });
    return true;
  }

  /**
   * Nodes whose key or value, as displayed (masked when `masked`), contains `needle`
   * (case-insensitive), in document order, at most `limit`. Nodes hidden under a masked
   * sensitive key are not matches.
   */
  search(needle: string, limit = 500): JsonMatch[] {
    if (!needle) return [];
    const found = searchJson(this.value, needle, this.masked ? limit * 4 : limit);
    if (!this.masked) return found;
    const lower = needle.toLowerCase();
    const out: JsonMatch[] = [];
    for (const m of found) {
      if (this.hidesChildren(m.path.slice(0, -1))) continue;
      const keyHit =
        m.key !== undefined &&
        this.shownKey(m.key).toLowerCase().includes(lower) &&
        m.match !== 'value';
      let valueHit = false;
      if (m.match !== 'key') {
        let v: unknown = this.value;
        for (const s of m.path) v = (v as Record<string | number, unknown>)[s];
        valueHit = String(this.shownValue(v, m.path)).toLowerCase().includes(lower);
      }
      if (keyHit || valueHit) out.push(m);
      if (out.length >= limit) break;
    }
    return out;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) {
      this.expanded.clear();
      this.windows.clear();
      this.fullStrings.clear();
      this.activeKey = '$';
      this.currentKey = undefined;
    }
    if (changed.has('value') || changed.has('masked') || changed.has('maskOptions')) {
      this.shownCache.clear();
    }
  }

  protected override updated(): void {
    // The tab stop must always be a rendered node (e.g. after its ancestor collapsed).
    if (!this.itemByKey(this.activeKey)) this.activeKey = '$';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.copiedTimer);
    this.copied = undefined;
  }

  override render() {
    this.nodes = new Map();
    this.mores = new Map();
    return html`<ul
        role="tree"
        part="tree"
        aria-label=${this.label || 'JSON value'}
        @keydown=${this.onKeydown}
        @click=${this.onClick}
        @focusin=${this.onFocusin}
      >
        ${this.renderNode(this.value, [], undefined, 0, 1, 1, new Set())}
      </ul>
      <span class="visually-hidden" role="status">${this.copyAnnouncement}</span>`;
  }

  // -------------------------------------------------------------------------------------------
  // Rendering

  private renderNode(
    value: unknown,
    path: JsonPathSegment[],
    key: string | undefined,
    depth: number,
    position: number,
    setSize: number,
    ancestors: Set<object>,
  ): TemplateResult {
    const nodeKey = pathToString(path);
    const hidden = this.masked && key !== undefined && isSensitiveKey(key);
    const shown = hidden || !isContainer(value) ? this.shownValue(value, path) : value;
    const container = isContainer(shown) ? shown : undefined;
    const size = container
      ? Array.isArray(container)
        ? container.length
        : this.keysOf(container).length
      : 0;
    const circular = container !== undefined && ancestors.has(container);
    const expandable = size > 0 && !circular;
    const open = expandable && this.isOpen(nodeKey, depth);
    const long = typeof shown === 'string' && shown.length > STRING_LIMIT;
    this.nodes.set(nodeKey, { path, value, key, expandable, open, long });

    const active = nodeKey === this.activeKey;
    const keyText =
      path.length === 0
        ? '$'
        : key === undefined
          ? String(path[path.length - 1])
          : this.shownKey(key);
    const summary = container
      ? circular
        ? '[circular]'
        : Array.isArray(container)
          ? `[${nf.format(size)} ${size === 1 ? 'item' : 'items'}]`
          : `{${nf.format(size)} ${size === 1 ? 'key' : 'keys'}}`
      : undefined;

    let children: TemplateResult | typeof nothing = nothing;
    if (open && container) {
      ancestors.add(container);
      children = html`<ul role="group">
        ${this.renderChildren(container, path, nodeKey, depth, size, ancestors)}
      </ul>`;
      ancestors.delete(container);
    }

    // The name comes from the row's content (key and value); the nested group is not part of it.
    // eslint-disable-next-line lit-a11y/accessible-name
    return html`<li
      role="treeitem"
      data-key=${nodeKey}
      aria-selected=${active ? 'true' : 'false'}
      aria-level=${depth + 1}
      aria-posinset=${position}
      aria-setsize=${setSize}
      aria-expanded=${expandable ? (open ? 'true' : 'false') : nothing}
      tabindex=${active ? 0 : -1}
    >
      <div class=${nodeKey === this.currentKey ? 'row current' : 'row'} part="row">
        <span class="toggle" aria-hidden="true"></span>
        <span class=${path.length === 0 ? 'key root' : key === undefined ? 'key index' : 'key'}
          >${key === undefined ? keyText : this.marked(keyText)}</span
        ><span class="value"
          >${
            summary !== undefined
              ? html`<span class="summary">${summary}</span>`
              : this.renderPrimitive(shown, nodeKey, long)
          }</span
        >
        <span class="actions">
          ${(['value', 'path'] as const).map((what) => {
            const done = this.copied?.key === nodeKey && this.copied.what === what;
            return html`<button
              type="button"
              data-action=${what}
              class=${done ? 'copied' : ''}
              tabindex=${active ? 0 : -1}
            >
              ${done ? '✓ Copied' : what === 'value' ? 'Copy value' : 'Copy path'}
            </button>`;
          })}
        </span>
      </div>
      ${children}
    </li>`;
  }

  private renderChildren(
    container: Container,
    path: JsonPathSegment[],
    nodeKey: string,
    depth: number,
    size: number,
    ancestors: Set<object>,
  ): TemplateResult[] {
    const { start, end } = this.windowOf(nodeKey, size);
    const out: TemplateResult[] = [];
    if (start > 0) out.push(this.renderMore(nodeKey, 'before', start, depth + 1));
    const keys = Array.isArray(container) ? undefined : this.keysOf(container);
    for (let i = start; i < end; i++) {
      const segment: JsonPathSegment = keys ? keys[i]! : i;
      const child = keys
        ? (container as Record<string, unknown>)[keys[i]!]
        : (container as unknown[])[i];
      out.push(
        this.renderNode(child, [...path, segment], keys?.[i], depth + 1, i + 1, size, ancestors),
      );
    }
    if (end < size) out.push(this.renderMore(nodeKey, 'after', size - end, depth + 1));
    return out;
  }

  private renderMore(
    container: string,
    direction: 'before' | 'after',
    hidden: number,
    depth: number,
  ): TemplateResult {
    const key = `${container}/more-${direction}`;
    this.mores.set(key, { container, direction });
    const n = Math.min(CHUNK_SIZE, hidden);
    const text =
      direction === 'after'
        ? `Show ${nf.format(n)} more of ${nf.format(hidden)}`
        : `Show ${nf.format(n)} previous of ${nf.format(hidden)}`;
    // eslint-disable-next-line lit-a11y/accessible-name -- named by its text
    return html`<li
      role="treeitem"
      class="more"
      data-key=${key}
      aria-selected=${key === this.activeKey ? 'true' : 'false'}
      aria-level=${depth + 1}
      tabindex=${key === this.activeKey ? 0 : -1}
    >
      ${text}
    </li>`;
  }

  private renderPrimitive(value: unknown, nodeKey: string, long: boolean) {
    if (value === REDACTION_MARKER) return html`<span class="redacted">${REDACTED_TEXT}</span>`;
    switch (typeof value) {
      case 'string': {
        const full = !long || this.fullStrings.has(nodeKey);
        const text = full ? value : `${value.slice(0, STRING_LIMIT)}…`;
        return html`<span class="string">"${this.marked(text)}"</span>${
            long
              ? html`<button type="button" class="inline-button" data-action="full" tabindex="-1">
                  ${full ? 'Show less' : `Show all ${nf.format(value.length)} characters`}
                </button>`
              : nothing
          }`;
      }
      case 'number':
      case 'bigint':
        return html`<span class="number">${this.marked(String(value))}</span>`;
      case 'boolean':
        return html`<span class="literal">${this.marked(String(value))}</span>`;
      default:
        if (value === null) return html`<span class="literal">${this.marked('null')}</span>`;
        if (value instanceof Date) return html`<span class="string">${value.toISOString()}</span>`;
        // Not JSON (undefined, a function or symbol in a hand-made value): name its type.
        return html`<span class="literal"
          >${value === undefined ? 'undefined' : typeof value}</span
        >`;
    }
  }

  /** `text` with the `highlight` needle wrapped in `<mark>` (as text nodes, never markup). */
  private marked(text: string): TemplateResult | string {
    const needle = this.highlight.toLowerCase();
    if (!needle) return text;
    const lower = text.toLowerCase();
    let at = lower.indexOf(needle);
    if (at < 0) return text;
    const parts: (string | TemplateResult)[] = [];
    let last = 0;
    while (at >= 0) {
      parts.push(text.slice(last, at), html`<mark>${text.slice(at, at + needle.length)}</mark>`);
      last = at + needle.length;
      at = lower.indexOf(needle, last);
    }
    parts.push(text.slice(last));
    return html`${parts}`;
  }

  // -------------------------------------------------------------------------------------------
  // Model

  private keysOf(container: Container): string[] {
    let keys = this.keyCache.get(container);
    if (!keys) {
      keys = Object.keys(container);
      this.keyCache.set(container, keys);
    }
    return keys;
  }

  private isOpen(nodeKey: string, depth: number): boolean {
    return (
      this.expanded.get(nodeKey) ??
      (depth < Math.min(this.expandDepth, MAX_AUTO_DEPTH) && this.nodes.size < AUTO_EXPAND_BUDGET)
    );
  }

  private windowOf(nodeKey: string, size: number): Window {
    const w = this.windows.get(nodeKey);
    if (w) return { start: Math.min(w.start, size), end: Math.min(w.end, size) };
    return { start: 0, end: Math.min(size, CHUNK_SIZE) };
  }

  /** Whether a node's children are hidden by masking (it, or an ancestor, is a sensitive key). */
  private hidesChildren(path: readonly JsonPathSegment[]): boolean {
    return path.some((s) => typeof s === 'string' && isSensitiveKey(s));
  }

  /**
   * What masking a node on its own needs: the object key it applies to (its own, or its nearest
   * ancestor's), and the object or list it sits in with that one's key (a person's `name`,
   * under `assigned_to` or beside an email, is a name), as `maskValue` takes them.
   */
  private maskArgs(
    path: readonly JsonPathSegment[],
  ): [string | undefined, { key: string | undefined; value: unknown } | undefined] {
    const keyOf = (p: readonly JsonPathSegment[]) => {
      for (let i = p.length - 1; i >= 0; i--) if (typeof p[i] === 'string') return p[i] as string;
      return undefined;
    };
    if (!path.length) return [undefined, undefined];
    const parentPath = path.slice(0, -1);
    return [keyOf(path), { key: keyOf(parentPath), value: getAt(this.value, parentPath) }];
  }

  /** A primitive (or a sensitive key's value) as displayed. */
  private shownValue(value: unknown, path: readonly JsonPathSegment[]): unknown {
    if (!this.masked) return value;
    const cacheKey = `v${pathToString(path)}`;
    if (this.shownCache.has(cacheKey)) return this.shownCache.get(cacheKey);
    const [key, parent] = this.maskArgs(path);
    const shown = maskValue(value, key, this.maskOptions, parent);
    this.shownCache.set(cacheKey, shown);
    return shown;
  }

  private shownKey(key: string): string {
    if (!this.masked) return key;
    const cacheKey = `k${key}`;
    let shown = this.shownCache.get(cacheKey) as string | undefined;
    if (shown === undefined) {
      shown = maskText(key, { ...this.maskOptions, entropy: false });
      this.shownCache.set(cacheKey, shown);
    }
    return shown;
  }

  // -------------------------------------------------------------------------------------------
  // Interaction

  private itemByKey(key: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(
      `[role="treeitem"][data-key="${CSS.escape(key)}"]`,
    );
  }

  private items(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="treeitem"]')];
  }

  private async focusKey(key: string): Promise<void> {
    this.activeKey = key;
    await this.updateComplete;
    this.itemByKey(key)?.focus();
  }

  private setOpen(key: string, open: boolean): void {
    this.expanded.set(key, open);
    if (!open && this.activeKey !== key && isDescendantKey(this.activeKey, key)) {
      this.activeKey = key;
    }
    this.requestUpdate();
  }

  private showMore(key: string): void {
    const more = this.mores.get(key);
    if (!more) return;
    const ref = this.nodes.get(more.container);
    if (!ref || !isContainer(ref.value)) return;
    const size = Array.isArray(ref.value) ? ref.value.length : this.keysOf(ref.value).length;
    const w = this.windowOf(more.container, size);
    // The first newly shown child takes the tab stop (the "more" row may disappear).
    const first = more.direction === 'after' ? w.end : Math.max(0, w.start - CHUNK_SIZE);
    const next =
      more.direction === 'after'
        ? { start: w.start, end: Math.min(size, w.end + CHUNK_SIZE) }
        : { start: first, end: w.end };
    this.windows.set(more.container, next);
    const segment = Array.isArray(ref.value) ? first : this.keysOf(ref.value)[first]!;
    void this.focusKey(pathToString([...ref.path, segment]));
  }

  private copy(what: 'value' | 'path', ref: NodeRef): void {
    let text: string;
    if (what === 'path') {
      text = maskText(pathToString(ref.path), { ...this.maskOptions, entropy: false });
    } else if (this.hidesChildren(ref.path)) {
      text = SECRET_MASK;
    } else {
      const [key, parent] = this.maskArgs(ref.path);
      const masked = maskValue(ref.value, key, this.maskOptions, parent);
      text =
        typeof masked === 'string' ? masked : (JSON.stringify(masked, null, 2) ?? String(masked));
    }
    this.emit('alv-copy', { what, text });
    void writeClipboard(text);
    this.confirmCopy(what, ref);
  }

  /** The copy button says "✓ Copied" for a moment (and a screen reader hears it once). */
  private confirmCopy(what: 'value' | 'path', ref: NodeRef): void {
    clearTimeout(this.copiedTimer);
    this.copied = { key: pathToString(ref.path), what };
    this.copyAnnouncement = what === 'value' ? 'Value copied' : 'Path copied';
    this.copiedTimer = setTimeout(() => {
      this.copied = undefined;
      this.copyAnnouncement = '';
    }, 1500);
  }

  private onFocusin(e: FocusEvent): void {
    const item = (e.target as Element).closest<HTMLElement>('[role="treeitem"]');
    const key = item?.dataset.key;
    if (key !== undefined && key !== this.activeKey) this.activeKey = key;
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as Element;
    const item = target.closest<HTMLElement>('[role="treeitem"]');
    const key = item?.dataset.key;
    if (key === undefined) return;
    const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
    const ref = this.nodes.get(key);
    if (this.mores.has(key)) {
      this.showMore(key);
      return;
    }
    if (!ref) return;
    this.activeKey = key;
    if (action === 'value' || action === 'path') {
      this.copy(action, ref);
    } else if (action === 'full') {
      this.toggleFull(key);
    } else if (ref.expandable && target.closest('.row')?.parentElement === item) {
      this.setOpen(key, !ref.open);
    }
  }

  private toggleFull(key: string): void {
    if (this.fullStrings.has(key)) this.fullStrings.delete(key);
    else this.fullStrings.add(key);
    this.requestUpdate();
  }

  private onKeydown(e: KeyboardEvent): void {
    const item = e.target as HTMLElement;
    if (item.getAttribute('role') !== 'treeitem' || e.altKey || e.ctrlKey || e.metaKey) return;
    const key = item.dataset.key!;
    const ref = this.nodes.get(key);
    const items = this.items();
    const index = items.indexOf(item);
    const move = (to: HTMLElement | undefined) => {
      if (to?.dataset.key !== undefined) void this.focusKey(to.dataset.key);
    };
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        move(items[index + 1]);
        break;
      case 'ArrowUp':
        move(items[index - 1]);
        break;
      case 'Home':
        move(items[0]);
        break;
      case 'End':
        move(items[items.length - 1]);
        break;
      case 'ArrowRight':
        if (ref?.expandable) {
          if (!ref.open) this.setOpen(key, true);
          else move(items[index + 1]);
        }
        break;
      case 'ArrowLeft':
        if (ref?.open) this.setOpen(key, false);
        else move(item.parentElement?.closest<HTMLElement>('[role="treeitem"]') ?? undefined);
        break;
      case 'Enter':
      case ' ':
        if (this.mores.has(key)) this.showMore(key);
        else if (ref?.expandable) this.setOpen(key, !ref.open);
        else if (ref?.long) this.toggleFull(key);
        break;
      case 'c':
      case 'p':
        if (ref) this.copy(e.key === 'c' ? 'value' : 'path', ref);
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  }
}

/** Whether `key` names a node inside the one named `ancestor` (both from `pathToString`). */
function isDescendantKey(key: string, ancestor: string): boolean {
  if (!key.startsWith(ancestor) || key.length === ancestor.length) return false;
  const next = key[ancestor.length];
  return next === '.' || next === '[' || next === '/';
}
