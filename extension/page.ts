/**
 * What the side panel and the full-tab viewer share: the viewer connected to the chosen
 * source, with a source picker; searches handed over by the background.
 */
import { browser } from 'wxt/browser';
import '../components/audit-log-viewer/audit-log-viewer.js';
import type { AuditLogViewer } from '../components/audit-log-viewer/audit-log-viewer.component.js';
import { stateForAddress } from '../components/audit-log-viewer/url-sync.js';
import { defaultViewState, type Filters } from '../core/model.js';
import { viewFromFragment } from '../core/view-link.js';
import { sameFilters, viewToFragment } from '../core/view-state.js';
import { SOURCE_PARAM, linkTo, sourceTag } from './source-tag.js';
import type { ExtensionSource } from './sources.js';
import { activeSourceItem, pendingSearchItem, sourcesItem, type RememberedViews } from './store.js';

export interface ViewerPage {
  viewer: AuditLogViewer;
  current(): ExtensionSource | undefined;
  /** A new search by `filters` (no entry open), with `why` said above the viewer. */
  search(filters: Filters, why?: string): void;
  /** Says `text` above the viewer, until the filters change or something else is said. */
  say(text: string): void;
}

export interface ViewerPageOptions {
  /**
   * Whether choosing a source here makes it the extension's active one (the side panel's, and
   * where a new tab starts). The full-tab viewer reads it but leaves it alone.
   */
  setsActiveSource?: boolean;
  /**
   * The page share links open (the full-tab viewer's address): the viewer's links are made to
   * it, naming the source shown (`?source=`), so that they open on that source.
   */
  shareBase?: string;
  /**
   * This page was opened by a link naming a source (its `?source=` tag): that source is shown,
   * if one here has that tag; if none has, the page says so. The address bar then follows the
   * source chosen here, so that a reload shows it again (the full-tab viewer).
   */
  linked?: { tag: string | null };
  /** Where the page keeps its view to show it again when reopened (the side panel's). */
  remember?: {
    getValue(): Promise<RememberedViews>;
    setValue(value: RememberedViews): Promise<void>;
  };
}

/** Points `viewer` at `source` (its credential stays in this page's memory). */
export function connect(viewer: AuditLogViewer, source: ExtensionSource | undefined): void {
  if (!source) {
    viewer.endpoint = '';
    return;
  }
  const credential = source.credential;
  viewer.credentials = () => credential;
  viewer.source = source.adapter;
  viewer.endpoint = source.endpoint;
}

/** Filters the viewer by `filters` (a new search: no entry open). */
function applyFilters(viewer: AuditLogViewer, filters: Filters): void {
  viewer.view = { ...viewer.view, filters, selected: undefined };
}

/** The first-run card: what to do before there is anything to show (one, reused). */
function welcome(): HTMLElement {
  const existing = document.querySelector<HTMLElement>('#welcome');
  if (existing) return existing;
  const card = document.createElement('section');
  card.id = 'welcome';
  card.className = 'empty welcome';
  card.setAttribute('aria-labelledby', 'welcome-title');
  const title = document.createElement('h1');
  title.id = 'welcome-title';
  title.textContent = 'Connect an audit service';
  const text = document.createElement('p');
  text.textContent =
    'Add the address of your audit API and an API key to search its logs here. ' +
    'The key stays in this browser and is sent only to that address.';
  const add = document.createElement('button');
  add.type = 'button';
  add.className = 'primary';
  add.textContent = 'Add a source…';
  add.addEventListener('click', () => void browser.runtime.openOptionsPage());
  card.append(title, text, add);
  return card;
}

export async function setUpViewerPage(
  viewer: AuditLogViewer,
  picker: HTMLSelectElement,
  message: HTMLElement,
  options: ViewerPageOptions = {},
): Promise<ViewerPage> {
  let sources = await sourcesItem.getValue();
  let active = await activeSourceItem.getValue();
  const current = () => sources.find((s) => s.id === active) ?? sources[0];
  // "/" from anywhere on the page (the viewer takes it when the focus is inside it).
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && !e.defaultPrevented && e.target === document.body) {
      e.preventDefault();
      viewer.focusSearch();
    }
  });

  /** Each source's link tag, by API and address (computed once each). */
  const tags = new Map<string, Promise<string>>();
  const tagOf = (s: ExtensionSource) => {
    const key = `${s.adapter} ${s.endpoint}`;
    let tag = tags.get(key);
    if (!tag) tags.set(key, (tag = sourceTag(s)));
    return tag;
  };
  /**
   * Share links (and, on a page opened by a link, the address bar) name the source shown, once
   * its tag is known; a source switched meanwhile wins.
   */
  const nameSource = (s: ExtensionSource) =>
    void tagOf(s).then((tag) => {
      if (current() !== s) return;
      if (options.shareBase) viewer.shareBase = linkTo(options.shareBase, tag);
      if (
        options.linked &&
        !linkedElsewhere &&
        new URL(location.href).searchParams.get(SOURCE_PARAM) !== tag
      ) {
        const address = new URL(location.href);
        address.searchParams.set(SOURCE_PARAM, tag);
        history.replaceState(stateForAddress(address.href), '', address.href);
      }
    });
  /** Where a link's source is not set up here (the page says so once the view is shown). */
  let linkedElsewhere = false;
  /** The link named an entry, not opened on another source than its own. */
  let entryDropped = false;
  if (options.linked?.tag) {
    const want = options.linked.tag;
    const has = await Promise.all(sources.map(async (s) => (await tagOf(s)) === want));
    const matching = sources.filter((_s, i) => has[i]);
    if (matching.length) {
      if (!matching.includes(current()!)) active = matching[0]!.id;
    } else linkedElsewhere = sources.length > 0;
    // Fail closed: the entry's id means nothing on another service (or another record: ids
    // can collide), and reading it would be recorded as this reader's. Dropped before the
    // viewer has a source, so it is never asked for, once the viewer has read the link (its
    // `updateComplete` waits for that).
    if (linkedElsewhere) await viewer.updateComplete;
    if (linkedElsewhere && viewer.view.selected !== undefined) {
      viewer.view = { ...viewer.view, selected: undefined };
      entryDropped = true;
    }
  }

  /** The filters shown when the message was said: it is about them, and goes with them. */
  let saidFor: Filters | undefined;
  const say = (text: string) => {
    message.textContent = text;
    saidFor = viewer.view.filters;
  };
  const unsay = () => {
    message.textContent = '';
    saidFor = undefined;
  };
  /**
   * Remembers the current source's view (`options.remember`), changing only its own entry of
   * what is stored: another page (a second window's panel, the options page deleting a source)
   * may have changed the others.
   */
  const remember = () => {
    const s = current();
    if (!s || !options.remember) return;
    const store = options.remember;
    const fragment = viewToFragment(viewer.view, { keepRelative: true });
    void store.getValue().then((views) => {
      // Views of sources deleted meanwhile (on the options page) are not written back.
      const kept = Object.entries(views).filter(([id]) => sources.some((x) => x.id === id));
      return store.setValue({ ...Object.fromEntries(kept), [s.id]: fragment });
    });
  };
  /** The view last seen on source `id`, as remembered. */
  const recalled = async (id: string | undefined) =>
    id === undefined ? undefined : (await options.remember?.getValue())?.[id];
  /** Shows a remembered view (and remembers it as the current source's); says nothing more. */
  const show = (fragment: string) => {
    unsay();
    viewer.view = viewFromFragment(fragment).view;
    remember();
  };
  const search = (filters: Filters, why?: string) => {
    applyFilters(viewer, filters);
    remember();
    if (why) say(why);
    else unsay();
  };
  viewer.addEventListener('alv-view-change', () => {
    remember();
    if (saidFor && !sameFilters(saidFor, viewer.view.filters)) unsay();
  });
  // A refused key is the source's to fix, on the options page: say which source, and where.
  viewer.addEventListener('alv-error', (e) => {
    const s = current();
    const kind = e.detail.error.kind;
    if (!s || (kind !== 'unauthorized' && kind !== 'forbidden')) return;
    say(
      kind === 'unauthorized'
        ? `${s.name} refused its key. Change the key under Sources… (the extension's options), then Refresh.`
        : `The key of ${s.name} may not read audit logs. Ask for the audit-read permission, or change the key under Sources….`,
    );
  });

  const render = () => {
    picker.replaceChildren(
      ...sources.map((s) => {
        const o = document.createElement('option');
        o.value = s.id;
        o.textContent = `${s.name} (${s.adapter})`;
        return o;
      }),
    );
    picker.hidden = sources.length < 2;
    // The full-tab viewer's bar holds only the picker: no empty strip above the viewer.
    const bar = picker.closest<HTMLElement>('.bar');
    if (bar && !bar.querySelector('button')) bar.hidden = picker.hidden;
    const s = current();
    if (s) picker.value = s.id;
    if (options.shareBase) viewer.shareBase = options.shareBase;
    if (s) nameSource(s);
    connect(viewer, s);
    message.textContent = '';
    // First run: a way to connect, in place of an empty viewer and its idle controls.
    document.body.toggleAttribute('data-no-source', !s);
    if (!s) viewer.before(welcome());
    else document.querySelector('#welcome')?.remove();
  };
  render();
  if (linkedElsewhere) {
    // After the viewer has read the link (its filters), so that the message stays with them.
    await viewer.updateComplete;
    const others = sources.length > 1 ? ' Pick another above if it is that one.' : '';
    const entry = entryDropped ? ' The entry it opened is not opened here.' : '';
    say(
      `This link comes from a source not set up here: showing its filters on ${current()!.name}.${entry}${others}`,
    );
  }
  // Reopened (the side panel): the view it had for this source, unless a search comes in.
  const reopened = await recalled(current()?.id);
  if (reopened) show(reopened);

  /**
   * Shows source `id` (picked, or the one left when the shown source was deleted): its own
   * last view if it has one; otherwise the filters carried over from the last source when
   * `carry` (a pick), or the default view (what a deleted source showed goes with it).
   */
  const showSource = async (id: string | undefined, carry: boolean) => {
    // Read first: switching writes the view carried over under the new source.
    const kept = await recalled(id);
    if (id !== undefined) active = id;
    if (options.setsActiveSource ?? true) void activeSourceItem.setValue(active);
    render();
    // After the viewer has taken the new backend (which closes the entry open on the last).
    await viewer.updateComplete;
    if (kept) show(kept);
    else if (carry) remember();
    else {
      unsay();
      viewer.view = defaultViewState();
    }
  };

  picker.addEventListener('change', () => {
    // Chosen here: the address bar names it from now on.
    linkedElsewhere = false;
    void showSource(picker.value, true);
  });
  sourcesItem.watch((next) => {
    const shown = current()?.id;
    sources = next;
    const now = current()?.id;
    if (now !== shown) void showSource(now, false);
    else render();
    void take();
  });

  // A search handed over by the context menu, now and whenever another arrives (kept for
  // when a source exists, if none does yet).
  async function take(): Promise<void> {
    if (!current()) return;
    const pending = await pendingSearchItem.getValue();
    if (!pending) return;
    await pendingSearchItem.setValue(null);
    search(pending.filters, `Searching for ${pending.label}`);
  }
  pendingSearchItem.watch((v) => v && void take());
  await take();
  return { viewer, current, search, say };
}
