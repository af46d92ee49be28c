/**
 * Filling a viewer page from a host's own `Source` while applying filters it leaves out (see
 * `host.ts`): loaded only when a view has such a filter.
 */
import type { FilterKey, ViewState } from '../model.js';
import { fill, viewerPageSize, type BackendPage, type Paging } from './fill.js';
import type { Row } from './rows.js';
import type { SearchOptions, SearchResult, Source } from './types.js';

/** Where a viewer page resumes: at the host's cursor, `skip` records into that page. */
interface Position {
  cursor: string | null;
  skip: number;
}

const PREFIX = 'alv-host:';

function encode(p: Position): string {
  return PREFIX + JSON.stringify([p.skip, p.cursor]);
}

function decode(cursor: string | null): Position {
  if (cursor === null) return { cursor: null, skip: 0 };
  const bad = () => new RangeError(`Not a cursor of this source: ${JSON.stringify(cursor)}`);
  if (!cursor.startsWith(PREFIX)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor.slice(PREFIX.length));
  } catch {
    throw bad();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !Number.isSafeInteger(parsed[0]) ||
    (parsed[0] as number) < 0 ||
    (parsed[1] !== null && typeof parsed[1] !== 'string')
  )
    throw bad();
  return { skip: parsed[0] as number, cursor: parsed[1] as string | null };
}

/** The host's page as the rows `fill` reads: its rejected records where they were. */
function rowsOf(result: SearchResult): Row[] {
  const rejected = [...(result.rejected ?? [])].sort((a, b) => a.index - b.index);
  const rows: Row[] = [];
  let r = 0;
  const reject = () => {
    const { index: _at, ...record } = rejected[r++]!;
    rows.push({ rejected: record });
  };
  for (const [i, event] of result.events.entries()) {
    while (r < rejected.length && rejected[r]!.index <= i) reject();
    rows.push({ event });
  }
  while (r < rejected.length) reject();
  return rows;
}

/**
 * One viewer page of `source`'s results for `view`, from `cursor` on, with the filters `extra`
 * (which `source` leaves out) applied; `clientFiltered` is left to the caller.
 */
export async function fillFiltered(
  source: Source,
  view: ViewState,
  cursor: string | null,
  signal: AbortSignal,
  options: SearchOptions | undefined,
  extra: readonly FilterKey[],
  now: number,
): Promise<Omit<SearchResult, 'clientFiltered'>> {
  const paging: Paging<Position> = {
    decode,
    encode,
    async fetch(position, signal): Promise<BackendPage<Position>> {
      const result = await source.search(view, position.cursor, signal, options);
      const rows = rowsOf(result);
      return {
        rows: rows.slice(position.skip),
        at: (i) => ({ cursor: position.cursor, skip: position.skip + i }),
        // A host page may come back empty with a cursor (the source filtered it itself): read
        // on, unless the cursor did not move (it would name the same empty page again).
        next:
          result.nextCursor === null || (rows.length === 0 && result.nextCursor === position.cursor)
            ? null
            : { cursor: result.nextCursor, skip: 0 },
        requests: result.requests,
      };
    },
  };
  return fill(
    paging,
    cursor,
    { want: viewerPageSize(options), filters: view.filters, clientKeys: extra, now },
    signal,
  );
}
