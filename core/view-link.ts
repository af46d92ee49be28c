/**
 * Reading a share link (`viewFromFragment`), the inverse of `viewToFragment` in
 * `view-state.ts`. Apart from it because it needs the query parser, which the viewer loads
 * only when there is a link to read or a query to type.
 */
import { defaultViewState, type FilterKey, type ViewState } from './model.js';
import { parseQuery } from './query-language.js';
import {
  ENTRY_TABS,
  LEFT_OUT_NAMES,
  LINK_VERSION,
  canonicalFilters,
  canonicalView,
  isColumnId,
  isEntryTab,
  isLinkFragment,
  type EntryTab,
} from './view-state.js';

export interface ParsedLink {
  /** The view the link describes (the default view where nothing usable was found). */
  view: ViewState;
  /** The section of the selected entry the link opens on, when it names one. */
  tab?: EntryTab;
  /** One line per part that was ignored, naming it and why; empty when all of it applied. */
  notices: string[];
  /** Whether the fragment was a view link at all (`#v…`). */
  isLink: boolean;
}

/**
 * The view in a fragment made by `viewToFragment`. Never throws: an unknown version or an
 * invalid part yields a notice naming what was ignored, and the rest applies.
 */
export function viewFromFragment(fragment: string): ParsedLink {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const view = defaultViewState();
  const notices: string[] = [];
  if (!isLinkFragment(fragment)) return { view, notices, isLink: false };
  const [version = '', ...parts] = text.split(';');
  if (version !== LINK_VERSION) {
    notices.push(
      `This link was made by another version of the viewer (${version}); it was ignored and the default view is shown.`,
    );
    return { view, notices, isLink: true };
  }
  const seen = new Set<string>();
  /** What Safe to share left out of the link (`;out=`), as said to whoever opens it. */
  const leftOut = new Set<string>();
  let tab: EntryTab | undefined;
  for (const part of parts) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    let value: string;
    try {
      value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    } catch {
      notices.push(`Ignored the link's "${key}" part: it is not valid percent-encoding.`);
      continue;
    }
    if (seen.has(key) && key !== 'out') {
      notices.push(`The link gives "${key}" twice; the last one was used.`);
    }
    seen.add(key);
    switch (key) {
      case 'q': {
        const { filters, errors } = parseQuery(value);
        view.filters = canonicalFilters(filters);
        for (const e of errors)
          notices.push(
            `Ignored "${value.slice(e.start, e.end)}" in the link's query: ${e.message}`,
          );
        break;
      }
      case 'sort':
        if (value === 'asc' || value === 'desc') view.sort = value;
        else notices.push(`Ignored the link's sort "${value}": expected asc or desc.`);
        break;
      case 'cols': {
        const cols = value.split(',').filter(Boolean);
        const known = cols.filter(isColumnId);
        const unknown = cols.filter((c) => !isColumnId(c));
        if (unknown.length)
          notices.push(
            `Ignored unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
          );
        if (known.length) view.columns = known;
        else delete view.columns;
        break;
      }
      case 'sel':
        if (value.trim()) view.selected = value.trim();
        break;
      case 'src':
        if (value.trim()) view.source = value.trim();
        break;
      case 'tab':
        if (isEntryTab(value)) tab = value;
        else
          notices.push(
            `Ignored the link's tab "${value}": expected one of ${ENTRY_TABS.join(', ')}.`,
          );
        break;
      case 'out':
        for (const k of value.split(',').filter(Boolean))
          leftOut.add(
            Object.hasOwn(LEFT_OUT_NAMES, k) ? LEFT_OUT_NAMES[k as FilterKey]! : 'a filter',
          );
        break;
      default:
        notices.push(`Ignored the link's unknown part "${key}".`);
    }
  }
  if (leftOut.size)
    notices.push(
      `Whoever shared this link had Safe to share on, which left out ${[...leftOut].join(', ')}: this view may show more events than they saw.`,
    );
  const parsed: ParsedLink = { view: canonicalView(view), notices, isLink: true };
  // A section of the open entry: only with an entry to open.
  if (tab && parsed.view.selected) parsed.tab = tab;
  return parsed;
}
