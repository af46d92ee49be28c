import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ViewState } from '../../core/model.js';
import { viewFromFragment, viewToFragment, type ParsedLink } from '../../core/view-state.js';

export interface UrlSyncHost extends ReactiveControllerHost {
  /** Whether to mirror the view into the page's URL. */
  syncUrl: boolean;
  /** Shows the view a link (or a history entry) describes, without writing history. */
  applyLink(link: ParsedLink): void;
}

/** How a view change reaches the page's history. */
export type HistoryMode =
  /** A committed change (a filter applied, an entry opened): a new history entry. */
  | 'push'
  /** Typing: the first change of a burst pushes, the rest replace it. */
  | 'typing'
  /** Corrects the current entry (e.g. a link read at start, in canonical form). */
  | 'replace';

/**
 * `sync-url`: mirrors the viewer's view into the host page's URL fragment (the share-link
 * format, time ranges kept relative) and follows back/forward. One history entry per committed
 * change and one per burst of typing.
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

  /** The link in the page's URL, when `sync-url` is on and the fragment is one. */
  read(): ParsedLink | undefined {
    if (!this.host.syncUrl) return undefined;
    const link = viewFromFragment(location.hash);
    return link.isLink ? link : undefined;
  }

  write(view: ViewState, mode: HistoryMode): void {
    if (!this.host.syncUrl) return;
    const fragment = viewToFragment(view, { keepRelative: true });
    const pushing = mode === 'push' || (mode === 'typing' && !this.typing);
    this.typing = mode === 'typing';
    if (fragment === location.hash) return;
    const url = location.href.replace(/#.*$/, '') + fragment;
    if (pushing) history.pushState(null, '', url);
    else history.replaceState(history.state, '', url);
  }

  private readonly onNavigate = (): void => {
    if (!this.host.syncUrl) return;
    this.typing = false;
    const link = viewFromFragment(location.hash);
    // A fragment that is not a view link belongs to the host page: leave the view alone.
    if (link.isLink || location.hash === '') this.host.applyLink(link);
  };
}
