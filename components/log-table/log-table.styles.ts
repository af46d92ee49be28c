import { css } from 'lit';

export const logTableStyles = css`
  :host {
    display: block;
    height: 100%;
    min-height: 0;
    /* The header's and the Columns button's z-index stay inside: a sheet over the table (the
       facets or the entry, below 600px) covers them. */
    isolation: isolate;
    /* Room at the end of every row for the Columns button that sits over the header. */
    --_gutter: 2.5em;
    /* Light enough that muted and status text keep 4.5:1; the accent bar is the second cue. */
    --_picked: var(--alv-color-picked, color-mix(in srgb, var(--_accent) 8%, var(--_bg)));
    /* Below 600px each row is a two-line card: a line's height, and the card's. */
    --_line: calc(var(--_row) * 0.5 + 6px);
    --_card: var(--alv-log-table-card-height, calc(2 * var(--_line) + 8px));
  }
  :host([hidden]) {
    display: none;
  }

  .base {
    position: relative;
    height: 100%;
    container: alv-log-table / inline-size;
    background: var(--_bg);
    color: var(--_fg);
  }

  .grid {
    display: flex;
    flex-direction: column;
    height: 100%;
  }

  /* Header and body reserve the same scrollbar gutter, so their columns line up. */
  .head {
    flex: none;
    overflow: hidden;
    scrollbar-gutter: stable;
    background: var(--_surface);
    border-block-end: 1px solid var(--_border);
    font-weight: 600;
  }

  .body {
    position: relative;
    flex: 1 1 auto;
    overflow: auto;
    overscroll-behavior: contain;
    scrollbar-gutter: stable;
    /* The table places its rows itself on every scroll; anchoring would fight it. */
    overflow-anchor: none;
  }
  /* Gives the body its scroll height; the rows in view follow .pad in normal flow. */
  .sizer {
    position: absolute;
    top: 0;
    left: 0;
    width: 1px;
    visibility: hidden;
    pointer-events: none;
  }
  .pad {
    height: 0;
  }
  /* An empty row that is never seen: the table measures every row's height on it. */
  .probe {
    position: absolute;
    top: 0;
    left: 0;
    width: 1px;
    visibility: hidden;
    pointer-events: none;
  }

  .row {
    display: flex;
    align-items: stretch;
    width: 100%;
    height: var(--_row);
    padding-inline-end: var(--_gutter);
    line-height: var(--_row);
    white-space: nowrap;
  }
  .body > .row {
    border-block-end: 1px solid color-mix(in srgb, var(--_border) 50%, transparent);
    cursor: pointer;
  }
  .body > .row:hover {
    background: var(--_surface);
  }
  .body > .row[aria-current='true'] {
    background: var(--_selected);
  }
  .body > .row[aria-selected='true'] {
    box-shadow: inset 4px 0 0 var(--_accent);
  }
  .body > .row[aria-selected='true']:not([aria-current='true']) {
    background: var(--_picked);
  }
  .body > .row:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }

  /* Body cells are blocks holding their text (few elements per row); the row's line-height
     centres it. Header cells lay out their buttons. */
  .cell {
    display: block;
    min-width: 0;
    padding-inline: 8px;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .head .cell,
  .loading .cell {
    display: flex;
    align-items: center;
    gap: 0.4em;
  }
  .cell > * {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .cell > button {
    vertical-align: middle;
  }
  .muted,
  .host,
  .secondary,
  .date {
    color: var(--_muted);
  }
  .fallback {
    font-style: italic;
    color: var(--_muted);
  }

  /* Column widths: fixed for short values, shared flex for the rest; header and rows agree. */
  .c-time {
    flex: 0 0 var(--alv-log-table-time-width, 13em);
    font-variant-numeric: tabular-nums;
  }
  .c-actor {
    flex: 1 1 10em;
    min-width: 5em;
  }
  .c-plugin {
    flex: 1 1 8em;
    min-width: 4em;
  }
  .c-action {
    flex: 1 1 9em;
    min-width: 5em;
  }
  .c-method {
    flex: 0 0 5.5em;
  }
  .body .c-method {
    font-family: var(--_mono);
    font-size: 0.92em;
  }
  .c-url {
    flex: 3 1 12em;
    min-width: 6em;
  }
  .c-status {
    /* Room for "✓ success" (Nected, Kore) as well as "✓ 201". */
    flex: 0 0 7.5em;
  }
  .c-duration {
    flex: 0 0 6.5em;
    justify-content: flex-end;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .c-trace {
    flex: 0 0 7.5em;
  }

  /* The skill shows only when it fits whole: otherwise it wraps onto a clipped second line. */
  .body .c-plugin {
    display: flex;
    flex-wrap: wrap;
    align-content: flex-start;
    column-gap: 0.4em;
  }
  .c-plugin .primary {
    flex: 0 1 auto;
  }
  .c-plugin .secondary {
    flex: 0 0 auto;
    font-size: 0.92em;
  }
  /* The path leads; the host follows, muted, and is the first to be cut by the ellipsis. */
  .c-url .path {
    font-weight: 500;
  }
  .c-url .host {
    margin-inline-start: 0.5em;
  }
  .head .cell {
    color: var(--_muted);
  }
  .head .cell > span {
    font-size: 0.92em;
  }

  .status {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  /* The tone's glyph, a second non-colour cue; not read out (the class is in words). */
  .status::before {
    content: attr(data-glyph) / '';
    margin-inline-end: 0.3em;
  }
  .status[data-tone='info'] {
    color: var(--_muted);
  }
  .status[data-tone='success'] {
    color: var(--_success);
  }
  .status[data-tone='redirect'] {
    color: var(--_redirect);
  }
  .status[data-tone='warning'] {
    color: var(--_warning);
  }
  .status[data-tone='danger'] {
    color: var(--_danger);
  }

  .trace {
    font-family: var(--_mono);
    font-size: 0.92em;
    color: var(--_accent);
    text-decoration: underline dotted;
  }
  .sort {
    font-weight: inherit;
    padding-inline: 0;
  }
  .sort .arrow {
    margin-inline-start: 0.25em;
  }
  .fmt[aria-pressed='true'] {
    color: var(--_accent);
    border-color: var(--_border);
  }

  .loading {
    border-block-start: 1px solid var(--_border);
  }
  .loading .cell {
    flex: 1 1 auto;
    color: var(--_muted);
    font-style: italic;
  }

  /* Over the header's end: the rows leave that gutter empty. */
  alv-columns-menu {
    position: absolute;
    top: 0;
    inset-inline-end: 0;
    z-index: 2;
    width: var(--_gutter);
    height: var(--_row);
  }

  /* Narrow containers: drop the lower-priority columns first (trace, duration, method, plugin). */
  /* (At 1280 px with the facets open the table is about 1,020 px: without the trace there, the
     actor, plugin, action and URL columns get back the room they need.) */
  @container alv-log-table (max-width: 1100px) {
    .cell.c-trace {
      display: none;
    }
  }
  @container alv-log-table (max-width: 820px) {
    .cell.c-duration {
      display: none;
    }
  }
  @container alv-log-table (max-width: 680px) {
    .cell.c-method,
    .cell.c-action {
      display: none;
    }
  }
  @container alv-log-table (max-width: 540px) {
    .cell.c-plugin {
      display: none;
    }
    .c-time {
      flex-basis: 8em;
    }
    .c-time .date,
    .c-url .host {
      display: none;
    }
    .c-status {
      /* Room for "✓ success" whole, as at full width. */
      flex-basis: 7.5em;
    }
  }

  /* Below 600px of the table's own width, each row is a two-line card: date and time, status,
     method and plugin (with the call's step) on the first line; actor and URL path on the
     second. The grid, its cells and the keyboard model stay the same; the header keeps only
     the time column's sort and format toggles. */
  @container alv-log-table (max-width: 599px) {
    .head .cell:not(.c-time) {
      display: none;
    }
    .head .c-time {
      flex: 1 1 auto;
    }
    .probe,
    .body > .row {
      height: var(--_card);
    }
    .body > .row {
      flex-wrap: wrap;
      align-content: center;
      padding-inline-start: 4px;
      line-height: var(--_line);
    }
    /* Ends the first line: the cells ordered after it wrap onto the second. */
    .body > .row::after {
      content: '';
      order: 5;
      flex: 0 0 100%;
      height: 0;
    }
    .body .cell {
      display: block;
      flex: 0 1 auto;
      height: var(--_line);
      padding-inline: 4px;
    }
    .body .cell.c-time {
      order: 1;
      flex: 0 0 auto;
    }
    .body .cell.c-status {
      order: 2;
      flex: 0 0 auto;
    }
    .body .cell.c-method {
      order: 3;
      flex: 0 0 auto;
    }
    .body .cell.c-plugin,
    .body .row:not(:has(.c-plugin)) .cell.c-action {
      display: flex;
      order: 4;
      flex: 1 1 0;
    }
    /* Without a plugin column the action stands in: one line, cut with an ellipsis (a block,
       as text-overflow needs), never pushed onto a third line by a wide method. */
    .body .row:not(:has(.c-plugin)) .cell.c-action {
      display: block;
      min-width: 0;
      white-space: nowrap;
    }
    /* A card leads with the call's step ("add comment"), which tells a trace's calls apart;
       the plugin follows, muted, and is the first to be cut. */
    .body .cell.c-plugin {
      flex-wrap: nowrap;
    }
    .c-plugin .primary {
      flex: 0 0 auto;
      max-width: 100%;
    }
    .c-plugin .secondary:not(.step) {
      flex: 0 1 auto;
      min-width: 0;
    }
    .c-plugin .step {
      order: -1;
      flex: 0 0 auto;
      min-width: 0;
      max-width: 100%;
      font-size: 1em;
      color: var(--_fg);
    }
    .c-plugin .primary:has(+ .step) {
      flex: 0 100 auto;
      color: var(--_muted);
    }
    .body .cell.c-action,
    .body .cell.c-duration,
    .body .cell.c-trace {
      display: none;
    }
    .body .cell.c-actor {
      order: 6;
      max-width: 55%;
    }
    .body .cell.c-url {
      order: 7;
      flex: 1 1 0;
    }
    .body .cell.c-actor,
    .body .cell.c-url {
      font-size: 0.95em;
    }
    .c-time .date {
      display: inline;
    }
    /* Milliseconds give way to the call's step; the time's title keeps them. */
    .c-time .ms,
    .c-url .host {
      display: none;
    }
    .c-url .path {
      font-weight: 400;
      color: var(--_muted);
    }
  }
`;
