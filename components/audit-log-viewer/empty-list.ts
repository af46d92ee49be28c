import { html, nothing, type TemplateResult } from 'lit';
import { isPartialName } from '../../core/filter.js';
import type { FilterKey, Filters } from '../../core/model.js';
import { hasFilters } from '../../core/view-state.js';

/** What the empty list says and offers, from the view and the (empty) list behind it. */
export interface EmptyList {
  filters: Filters;
  /** Records looked at without a match, and whether there are more to look at. */
  scanned: number;
  more: boolean;
  /** The backend suggests values (the User field offers them). */
  suggests: boolean;
  /** Filters none of this backend's records can pass, as the query names them. */
  never: { key: FilterKey; text: string }[];
  /** Shows `filters` instead (the focus goes to the query). */
  filterAgain(filters: Filters): void;
  keepSearching(): void;
}

/**
 * An empty list that explains itself: a filter no record of this backend can pass (with a way
 * to remove it), a partial name in `user:`, how many records were scanned (with a way to keep
 * searching), or which way to widen the search.
 */
export function renderEmptyList(e: EmptyList): TemplateResult {
  if (e.never.length) return renderNeverMatching(e);
  const filtered = hasFilters(e.filters);
  // A name matched in the viewer matches whole: "Ava" is not "Ava Patel".
  const actor = e.filters.actor;
  return html`<div class="state empty">
    <strong>No events match${filtered ? ' these filters' : ''}</strong>
    ${
      isPartialName(actor)
        ? html`<p class="hint">
            user:${actor} matches a whole name or email address (“Ava Patel”, not
            “Ava”)${e.suggests ? ': type part of it in the User field for suggestions.' : '.'}
          </p>`
        : nothing
    }
    ${
      e.more
        ? html`<p>Scanned ${e.scanned.toLocaleString()} records without a match.</p>
            <button type="button" @click=${() => e.keepSearching()}>Keep searching</button>`
        : filtered
          ? html`<p>
                ${
                  e.filters.time
                    ? 'Try a longer time range, or remove a filter.'
                    : 'Try removing a filter.'
                }
              </p>
              <button type="button" @click=${() => e.filterAgain({})}>Clear all filters</button>`
          : html`<p>Nothing has been recorded in the retention window.</p>`
    }
  </div>`;
}

function renderNeverMatching(e: EmptyList): TemplateResult {
  const { never, filters } = e;
  const others = Object.keys(filters).some(
    (k) => !never.some((n) => n.key === k) && filters[k as FilterKey] !== undefined,
  );
  const remove = () => {
    const rest = { ...filters };
    for (const n of never) delete rest[n.key];
    e.filterAgain(rest);
  };
  const named = never.map((n, i) => html`${i ? ', ' : ''}<code>${n.text}</code>`);
  return html`<div class="state empty never">
    <strong>No events can match here</strong>
    <p>No event from this backend can match ${named}.</p>
    <button type="button" @click=${remove}>
      Remove ${never.length > 1 ? 'these filters' : html`<code>${never[0]!.text}</code>`}
    </button>
    ${
      others
        ? html`<button type="button" @click=${() => e.filterAgain({})}>Clear all filters</button>`
        : nothing
    }
  </div>`;
}
