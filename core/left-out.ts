/**
 * Filters a source applies in the viewer, over what it fetched, rather than in its backend:
 * counts the backend makes itself (facets, the histogram) leave them out, and say so in the
 * same words everywhere.
 */
import type { FilterKey, ViewState } from './model.js';
import { filterTokens, QUALIFIER_OF } from './query-format.js';
import type { Source } from './sources/types.js';

/**
 * The filters of `view` that `source` applies in the viewer (`planFilters(view).client`), by
 * the names the query box uses (`user`, `env`, `time`); none when the plan cannot be made.
 */
export function filtersLeftOut(source: Pick<Source, 'planFilters'>, view: ViewState): string[] {
  try {
    const client = source.planFilters(view).client;
    return [...new Set(client.map((k) => (k === 'time' ? 'time' : (QUALIFIER_OF[k] ?? k))))];
  } catch {
    return [];
  }
}

/** The note for backend counts that leave out `names` (`filtersLeftOut`); empty for none. */
export function leftOutNote(names: readonly string[]): string {
  return names.length ? `counts leave out ${names.join(', ')}: applied to the list only` : '';
}

/**
 * The filters of `view` no record of `source` can pass (`planFilters(view).never`), each as the
 * query box writes it (`{ key: 'method', text: 'method:POST' }`; free text as its quoted text):
 * the list is empty because of them. None when the plan cannot be made.
 */
export function filtersNeverMatching(
  source: Pick<Source, 'planFilters'>,
  view: ViewState,
): { key: FilterKey; text: string }[] {
  let never: FilterKey[];
  try {
    never = source.planFilters(view).never ?? [];
  } catch {
    return [];
  }
  if (!never.length) return [];
  const tokens = filterTokens(view.filters);
  return never.map((key) => ({
    key,
    text:
      tokens.find((t) => t.key === key)?.text ??
      (key === 'q' ? JSON.stringify(view.filters.q ?? '') : key),
  }));
}
