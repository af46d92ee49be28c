import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { defaultViewState, type FilterKey, type ViewState } from '../../core/model.js';
import type { ParsedLink } from '../../core/view-link.js';
import { isLinkFragment, viewToFragment } from '../../core/view-state.js';
import { whyFailed } from '../internal/lazy-part.js';

/**
 * The link in `fragment`, read by `viewFromFragment`, whose module (with the query parser)
 * loads only when there is a link to read. Never rejects: a module that cannot be loaded
 * yields the default view, and a notice saying so.
 */
export async function readLink(fragment: string): Promise<ParsedLink> {
  try {
    const { viewFromFragment } = await import('../../core/view-link.js');
    return viewFromFragment(fragment);
  } catch (e) {
    return {
      view: defaultViewState(),
      notices: [`The link in the address bar could not be read: ${whyFailed(e)}`],
      isLink: true,
    };
  }
}

export interface UrlSyncHost extends ReactiveControllerHost {
  /** Whether to mirror the view into the page's URL. */
  syncUrl: boolean;
  /** Shows the view a link (or a history entry) describes, without writing history. */
  applyLink(link: ParsedLink): void;
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
  }

  /** Counts navigations: a link read for an earlier one is not applied over a later one. */
  private navigations = 0;

  /**
   * The link in the page's URL, when `sync-url` is on and the fragment is one (being read:
   * the parser loads first); undefined at once otherwise.
   */
  read(): Promise<ParsedLink | undefined> | undefined {
    if (!this.host.syncUrl) return undefined;
    const fragment = keptFragment() ?? location.hash;
    return isLinkFragment(fragment) ? this.readLatest(fragment) : undefined;
  }

  /** The link in `fragment`; undefined when another navigation came while it was read. */
  private async readLatest(fragment: string): Promise<ParsedLink | undefined> {
    const navigation = ++this.navigations;
    const link = await readLink(fragment);
    return navigation === this.navigations && this.host.isConnected ? link : undefined;
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
  ): void {
    if (!this.host.syncUrl) return;
    const fragment = viewToFragment(view, { keepRelative: true, leftOut });
    const wholeFragment = whole === view ? fragment : viewToFragment(whole, { keepRelative: true });
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
    void this.readLatest(fragment).then((link) => link && this.host.applyLink(link));
  };
}
