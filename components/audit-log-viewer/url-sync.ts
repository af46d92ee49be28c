import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { defaultViewState, type FilterKey, type ViewState } from '../../core/model.js';
import type { ParsedLink } from '../../core/view-link.js';
import { isLinkFragment, viewToFragment, type EntryTab } from '../../core/view-state.js';
import { whyFailed } from '../internal/lazy-part.js';

/** Loads the module that reads links (a test may hold it back, or make it fail). */
export const linkModule = {
  load: (): Promise<typeof import('../../core/view-link.js')> => import('../../core/view-link.js'),
};

/**
 * The link in `fragment`, read by `viewFromFragment`, whose module (with the query parser)
 * loads only when there is a link to read. Never rejects: where the module cannot be loaded,
 * why, in words for the page.
 */
export async function readLink(fragment: string): Promise<ParsedLink | { failed: string }> {
  // No link (Back to a page without one): the default view, with nothing to load.
  if (!isLinkFragment(fragment)) return { view: defaultViewState(), notices: [], isLink: false };
  try {
    const { viewFromFragment } = await linkModule.load();
    return viewFromFragment(fragment);
  } catch (e) {
    return {
      failed: `The link in the address bar could not be read (${whyFailed(e)}); it is kept there: reload the page to try again.`,
    };
  }
}

export interface UrlSyncHost extends ReactiveControllerHost {
  /** Whether to mirror the view into the page's URL. */
  syncUrl: boolean;
  /** Shows the view a link (or a history entry) describes, without writing history. */
  applyLink(link: ParsedLink): void;
  /** Says why the link could not be read (the view and the address bar stay as they are). */
  linkUnread(why: string): void;
  readonly isConnected: boolean;
}

/** How a view change reaches the page's history. */
export type HistoryMode =
  /** A committed change (a filter applied, an entry opened): a new history entry. */
  | 'push'
  /** Typing: the first change of a burst pushes, the rest replace it. */
  | 'typing'
  /** Corrects the current entry (e.g. a link read at start, in canonical form). */
  | 'replace';

/** Where a history entry keeps the whole view behind a fragment that leaves part of it out. */
const KEPT = 'alvView';

interface Kept {
  /** The page's URL the address bar shows, fragment included (not another page's). */
  shown: string;
  /** The whole view's fragment. */
  whole: string;
}

/** The host's own history state with ours set (or removed); a non-object state stays as it is. */
function withKept(state: unknown, kept: Kept | undefined): unknown {
  if (state !== null && state !== undefined && (typeof state !== 'object' || Array.isArray(state)))
    return state;
  const { [KEPT]: _old, ...rest } = (state ?? {}) as Record<string, unknown>;
  if (kept) return { ...rest, [KEPT]: kept };
  return Object.keys(rest).length > 0 ? rest : null;
}

/** The whole view kept for the fragment the address bar shows now, if any. */
function keptFragment(): string | undefined {
  const kept = (history.state as Record<string, unknown> | null)?.[KEPT] as Kept | undefined;
  return kept && kept.shown === location.href && typeof kept.whole === 'string'
    ? kept.whole
    : undefined;
}

/**
 * The history state for the page's address becoming `href` (its query changed by the host,
 * the fragment kept): the whole view kept for the old address is kept for the new one.
 */
export function stateForAddress(href: string): unknown {
  const kept = (history.state as Record<string, unknown> | null)?.[KEPT] as Kept | undefined;
  return kept?.shown === location.href
    ? withKept(history.state, { ...kept, shown: new URL(href).href })
    : history.state;
}

/**
 * `sync-url`: mirrors the viewer's view into the host page's URL fragment (the share-link
 * format, time ranges kept relative) and follows back/forward. One history entry per committed
 * change and one per burst of typing.
 *
 * In safe-to-share mode the address bar leaves out the filters that name someone; the whole
 * view then stays in the history entry's state (not on screen), so a reload, Back and Forward
 * still show it, and turning the mode off puts it back in the address bar.
 */
export class UrlSyncController implements ReactiveController {
  /** The current history entry was pushed for an edit that is still being typed. */
  private typing = false;

  constructor(private readonly host: UrlSyncHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.onNavigate);
    window.addEventListener('hashchange', this.onNavigate);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.onNavigate);
    window.removeEventListener('hashchange', this.onNavigate);
    this.supersede();
  }

  /**
   * Counts navigations and view changes: a link read for an earlier one is not applied over a
   * later one.
   */
  private navigations = 0;
  /** The navigation whose link is being read, to be applied. */
  private latest?: number;
  private waiters: (() => void)[] = [];

  /** A link is being read that will be applied: the first search and the address bar wait. */
  get reading(): boolean {
    return this.latest === this.navigations;
  }

  /** Resolves once no link is being read that will be applied. */
  idle(): Promise<void> {
    return this.reading ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }

  /** A view set by the user or the host: a link still being read is no longer applied. */
  supersede(): void {
    this.navigations++;
    this.settle();
  }

  /**
   * Starts showing the link in the page's URL, when `sync-url` is on and the fragment is one:
   * its parser loads first (`reading` meanwhile).
   */
  readAddress(): void {
    if (!this.host.syncUrl) return;
    const fragment = keptFragment() ?? location.hash;
    if (isLinkFragment(fragment)) this.follow(fragment);
  }

  private follow(fragment: string): void {
    const navigation = ++this.navigations;
    this.latest = navigation;
    void readLink(fragment).then((link) => {
      if (navigation === this.navigations && this.host.isConnected) {
        this.latest = undefined;
        if ('failed' in link) this.host.linkUnread(link.failed);
        else this.host.applyLink(link);
      }
      this.settle();
    });
  }

  private settle(): void {
    if (this.reading) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /**
   * Shows `view` in the address bar; `whole`, when it holds more, is kept off screen, and the
   * address says which filters it left out (`leftOut`), for whoever it is sent to.
   */
  write(
    view: ViewState,
    mode: HistoryMode,
    whole: ViewState = view,
    leftOut?: readonly FilterKey[],
    tab?: EntryTab,
  ): void {
    // The link being read is still what the address bar should show: it writes it once shown.
    if (!this.host.syncUrl || this.reading) return;
    // The open entry's section, as an entry link names it (a reload opens on it again).
    const section = view.selected && tab && tab !== 'overview' ? `;tab=${tab}` : '';
    const fragment = viewToFragment(view, { keepRelative: true, leftOut }) + section;
    const wholeFragment =
      whole === view ? fragment : viewToFragment(whole, { keepRelative: true }) + section;
    const url = location.href.replace(/#.*$/, '') + fragment;
    // (As the browser spells the URL back: `location.href` is compared with it.)
    const kept =
      wholeFragment === fragment ? undefined : { shown: new URL(url).href, whole: wholeFragment };
    const pushing = mode === 'push' || (mode === 'typing' && !this.typing);
    this.typing = mode === 'typing';
    if (fragment === location.hash && (keptFragment() ?? fragment) === wholeFragment) return;
    if (pushing) history.pushState(withKept(null, kept), '', url);
    else history.replaceState(withKept(history.state, kept), '', url);
  }

  private readonly onNavigate = (): void => {
    if (!this.host.syncUrl) return;
    this.typing = false;
    const fragment = keptFragment() ?? location.hash;
    // A fragment that is not a view link belongs to the host page: leave the view alone.
    if (!isLinkFragment(fragment) && location.hash !== '') return;
    this.follow(fragment);
  };
}
