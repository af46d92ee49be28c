/** Following a Source's cursor to the end: the walk every adapter test needs. */
import type { AuditEvent, ViewState } from '../../../core/model.js';
import type { SearchResult, Source } from '../../../core/sources/types.js';

export interface Walk {
  events: AuditEvent[];
  /** Every page, in order, for per-page assertions. */
  pages: SearchResult[];
  /** Backend requests made in all. */
  requests: number;
}

/** Every page of a view; throws when a cursor repeats or the walk does not end. */
export async function pageThrough(
  source: Source,
  view: ViewState,
  pageSize?: number,
): Promise<Walk> {
  const walk: Walk = { events: [], pages: [], requests: 0 };
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let i = 0; i < 10_000; i++) {
    const page = await source.search(
      view,
      cursor,
      new AbortController().signal,
      pageSize === undefined ? undefined : { pageSize },
    );
    walk.pages.push(page);
    walk.events.push(...page.events);
    walk.requests += page.requests;
    cursor = page.nextCursor;
    if (cursor === null) return walk;
    if (seen.has(cursor)) throw new Error(`cursor ${cursor} came back twice`);
    seen.add(cursor);
  }
  throw new Error('paging did not end');
}
