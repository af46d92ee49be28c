import { css } from 'lit';
import { tokens } from '../styles/tokens.js';

export const styles = [
  tokens,
  css`
    /* theme: light (the default), dark, or auto (the system's); the tokens follow. */
    :host {
      color-scheme: light;
    }
    :host([theme='dark']) {
      color-scheme: dark;
    }
    :host([theme='auto']) {
      color-scheme: light dark;
    }
    :host {
      display: block;
      /* The height the host gives (a sized parent, a flex or grid cell)... */
      height: var(--alv-height, 100%);
      min-height: 320px;
      container: alv-viewer / inline-size;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      overflow: hidden;
    }
    /* ...or, where it gives none (host-height.ts finds out), 600px. */
    :host([fallback-height]) {
      height: var(--alv-height, 600px);
    }
    :host([hidden]) {
      display: none;
    }
    .base {
      position: relative;
      display: flex;
      flex-direction: column;
      height: 100%;
      min-width: 0;
    }
    alv-filter-bar {
      flex: none;
      border-bottom: 1px solid var(--_border);
    }
    /*
     * Until its module is there (it loads beside the first page), the filter bar's place is
     * kept at about its height, so the list does not move when it comes: a query line and a
     * row of fields with a line of text below when wide, a folded line when narrow or short.
     */
    alv-filter-bar:not(:defined) {
      display: block;
      min-height: 15.2em;
      background: var(--_surface);
    }
    .short alv-filter-bar:not(:defined) {
      min-height: 4.3em;
    }
    /* Between 600 and 860 px the fields take a row more. */
    @container alv-viewer (min-width: 600px) and (max-width: 860px) {
      alv-filter-bar:not(:defined) {
        min-height: 17.2em;
      }
    }
    /* Its code could not be loaded: only the message (with Try again) stays in its place. */
    alv-filter-bar:not(:defined):has(> .notice) {
      min-height: 0;
    }
    .status {
      flex: none;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
      padding: 4px 12px;
      min-height: 28px;
      color: var(--_muted);
      background: var(--_surface);
      border-bottom: 1px solid var(--_border);
    }
    .tail {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
    }
    .count {
      color: var(--_fg);
      font-variant-numeric: tabular-nums;
    }
    .client-note {
      color: var(--_warning);
    }
    .picked,
    .ticket-said {
      color: var(--_fg);
    }
    .ticket-fallback textarea {
      display: block;
      width: min(49em, 100%);
      font: inherit;
      font-family: var(--_mono);
    }
    .muted {
      color: var(--_muted);
    }
    .spacer {
      flex: 1;
    }
    button {
      font: inherit;
      color: var(--_fg);
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 4px 10px;
      cursor: pointer;
    }
    button.link {
      border: none;
      background: none;
      color: var(--_accent);
      padding: 2px 4px;
    }
    button.link[aria-pressed='true'] {
      font-weight: 600;
      text-decoration: underline;
    }
    .live .dot {
      display: inline-block;
      width: 8px;
      height: 8px;
      margin-right: 5px;
      border-radius: 50%;
      background: var(--_muted);
      vertical-align: 0;
    }
    .live[aria-pressed='true'] .dot {
      background: var(--_warning);
    }
    .live.is-reconnecting .dot,
    .live.is-offline .dot {
      background: var(--_danger);
    }
    .live.is-live .dot {
      background: var(--_success);
      animation: pulse 1.6s ease-in-out infinite;
    }
    @keyframes pulse {
      50% {
        opacity: 0.35;
      }
    }
    .spinner {
      display: inline-block;
      width: 10px;
      height: 10px;
      border: 2px solid var(--_border);
      border-top-color: var(--_accent);
      border-radius: 50%;
      animation: spin 0.8s linear infinite;
      vertical-align: -1px;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
    .notice {
      flex: none;
      display: flex;
      align-items: flex-start;
      gap: 8px;
      padding: 6px 12px;
      color: var(--_fg);
      background: color-mix(in srgb, var(--_warning) 12%, var(--_bg));
      border-bottom: 1px solid var(--_border);
    }
    .notice.offline {
      align-items: center;
    }
    .notice.rejected {
      flex-direction: column;
      gap: 2px;
    }
    .notice code,
    .never-note code,
    .state.never code {
      font-family: var(--_mono);
      font-size: 0.92em;
      overflow-wrap: anywhere;
    }
    /* A part that loads on first use: its note while loading (its error is a .notice). */
    .lazy-part:not(.notice) {
      flex: none;
      padding: 4px 12px;
    }
    .notice p {
      flex: 1;
      margin: 0;
    }
    .cached {
      color: var(--_muted);
    }
    .notice ul {
      flex: 1;
      margin: 0;
      padding-left: 16px;
    }
    .locating {
      color: var(--_muted);
    }
    /* Notices never starve the panes: a few lines at most, then they scroll, or fold. */
    .notices {
      flex: 0 1 auto;
      /* Never squeezed out of sight: a line of it stays (it scrolls), whatever else is tall. */
      min-height: 2.6em;
      max-height: 7.5em;
      overflow: auto;
      position: relative;
      border-bottom: 1px solid var(--_border);
      background: color-mix(in srgb, var(--_warning) 12%, var(--_bg));
    }
    .notices .fold {
      position: sticky;
      top: 0;
      float: right;
      z-index: 1;
      margin: 4px 8px 0 0;
      background: inherit;
    }
    .notices.folded {
      overflow: hidden;
    }
    .notices.folded .fold {
      float: none;
      display: block;
      margin: 0;
      padding: 4px 12px;
    }
    .notice-list > .notice:last-child {
      border-bottom: none;
    }
    .trace {
      flex: 0 1 auto;
      max-height: 50%;
      min-height: 0;
      overflow: auto;
      border-bottom: 1px solid var(--_border);
    }
    /* The panes keep a usable height whatever is above them. */
    .main {
      flex: 1;
      display: flex;
      min-height: 240px;
      position: relative;
    }
    /* A short viewer (host-height.ts): the filters scroll within what a useful list leaves. */
    .short alv-filter-bar {
      flex: 0 1 auto;
      min-height: 4.3em;
      overflow: auto;
    }
    .short .main {
      /* 240 px where it fits beside the status line, the chart and a line of filters. */
      min-height: min(240px, 100% - 160px);
    }
    .list-pane {
      flex: 1 1 0;
      min-width: 240px;
      display: flex;
      flex-direction: column;
    }
    .has-detail .list-pane {
      flex: 0 0 var(--_list-share, 55%);
    }
    .list {
      flex: 1;
      min-height: 120px;
      min-width: 0;
      display: flex;
      flex-direction: column;
    }
    .separator {
      flex: none;
      width: 7px;
      margin: 0 -3px;
      z-index: 1;
      cursor: col-resize;
      touch-action: none;
      background: linear-gradient(var(--_border), var(--_border)) center / 1px 100% no-repeat;
    }
    .separator:hover,
    .separator:focus-visible {
      background: linear-gradient(var(--_accent), var(--_accent)) center / 3px 100% no-repeat;
      outline: none;
    }
    .list {
      position: relative;
    }
    /* Until its code has arrived the histogram holds its place (as measured once loaded), so
       the list below does not jump down when it does. */
    alv-histogram:not(:defined) {
      display: block;
      box-sizing: border-box;
      height: calc(39px + var(--alv-histogram-height, 36px));
      border-bottom: 1px solid var(--_border);
    }
    alv-histogram:not(:defined)[data-folded] {
      height: 25px;
    }
    /* The facets too: a column beside the list, a rail when folded (a strip when narrow). */
    alv-facet-panel:not(:defined) {
      display: block;
      flex: none;
      width: var(--alv-facets-width, 16em);
      border-right: 1px solid var(--_border);
    }
    alv-facet-panel:not(:defined)[data-folded] {
      width: 2.4em;
    }
    /* Over the table's header row, not the first event (which may be the one being read). */
    .new-events {
      position: absolute;
      top: 3px;
      max-height: calc(var(--_row, 32px) - 6px);
      line-height: 1;
      left: 50%;
      transform: translateX(-50%);
      z-index: 1;
      color: var(--_bg);
      background: var(--_accent);
      border-color: var(--_accent);
      border-radius: 999px;
      box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
    }
    alv-log-table {
      flex: 1;
      min-height: 0;
    }
    alv-log-table.stale {
      opacity: 0.6;
      transition: opacity 0.2s 0.15s;
    }
    .detail {
      flex: 1 1 0;
      min-width: 300px;
      min-height: 0;
      display: flex;
      flex-direction: column;
      overflow: hidden;
      background: var(--_bg);
    }
    alv-payload-viewer {
      flex: 1;
      min-height: 0;
      height: auto;
    }
    .sheet-back,
    .sheet-bar {
      display: none;
    }
    .refresh-icon {
      display: none;
    }
    /* Wide, a trace opened from a search: the way back to that search, above the waterfall
       (its × does the same, but does not say so). */
    @container alv-viewer (min-width: 600px) {
      .trace > .sheet-back.from-search {
        display: inline-block;
        padding: 6px 12px 0;
        font: inherit;
        color: var(--_accent);
        background: none;
        border: none;
        cursor: pointer;
      }
      .trace > .sheet-back.from-search:hover {
        text-decoration: underline;
      }
    }
    /* Narrow (side panel): the entry is a full-height sheet over the whole viewer, with a
       clear way back. */
    /* Named: a part of an inner element (the payload viewer's × below) is inside that
       element's own container, which an unnamed query would measure instead. */
    @container alv-viewer (max-width: 599px) {
      /* Refresh is its icon (named for assistive tech): the status line's actions keep to
         one line at 360 px. */
      .refresh-icon {
        display: inline;
        font-size: 1.15em;
      }
      .refresh-text {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      .main {
        position: static;
        /* The folded facets are a strip above the list, not a rail beside the cards. */
        flex-direction: column;
      }
      /* The filter sheet ("Filters (n)") scrolls within what the list leaves it. */
      alv-filter-bar,
      alv-filter-bar:not(:defined) {
        flex: 0 1 auto;
        min-height: 4.3em;
        overflow: auto;
      }
      /* A notice's text takes the whole width, its button below (beside the fold, a float,
         a notice would be a narrow column). */
      .notices {
        /* The fold's line and a line of text, at least; the text, its button and the fold
           at most before it scrolls. */
        min-height: 4.8em;
        max-height: 10em;
      }
      .notices .fold {
        float: none;
        display: block;
        margin: 2px 12px 0 auto;
      }
      .notice {
        flex-wrap: wrap;
        row-gap: 2px;
      }
      .notice p {
        flex-basis: 100%;
      }
      alv-facet-panel:not(:defined),
      alv-facet-panel:not(:defined)[data-folded] {
        width: auto;
        height: 2.1em;
        border-right: none;
        border-bottom: 1px solid var(--_border);
      }
      /* The trace replaces the list (it holds the same events), with the same way back. */
      .list-pane > .trace {
        flex: 1 1 auto;
        max-height: none;
        border-bottom: none;
      }
      .list-pane:has(> .trace) > .list {
        display: none;
      }
      .trace > .sheet-back {
        position: sticky;
        top: 0;
        z-index: 1;
        width: 100%;
      }
      .has-detail .list-pane {
        flex: 1 1 0;
      }
      /* Stacked under the facets' strip: the list takes the height left, not its content's
         (else the table grows with every page and keeps asking for the next). */
      .list-pane,
      .list {
        min-width: 0;
        min-height: 0;
      }
      .separator {
        display: none;
      }
      .detail {
        position: absolute;
        inset: 0;
        min-width: 0;
        z-index: 2;
        box-shadow: 0 -2px 12px rgb(0 0 0 / 0.18);
      }
      /* "← Back to the list" closes the sheet: no second way, on its own line, beside it. */
      alv-payload-viewer::part(close) {
        display: none;
      }
      .sheet-back {
        display: block;
        flex: none;
        text-align: left;
        border: none;
        border-bottom: 1px solid var(--_border);
        border-radius: 0;
        padding: 8px 12px;
        color: var(--_accent);
        background: var(--_surface);
      }
      /* The entry sheet's bar: the way back, and Share (the status line is under the sheet). */
      .sheet-bar {
        display: flex;
        flex: none;
        align-items: center;
        gap: 8px;
        padding-inline-end: 12px;
        border-bottom: 1px solid var(--_border);
        background: var(--_surface);
      }
      .sheet-bar > .sheet-back {
        flex: 1;
        border-bottom: none;
      }
      /* "Link copied" beside Share, over the bar's empty middle, not over the entry's title. */
      .sheet-bar > alv-share-menu::part(confirm) {
        top: 50%;
        right: calc(100% + 6px);
        transform: translateY(-50%);
      }
    }
    /* Access refused: the filters, live tail, sharing and export cannot work, so they go. */
    .denied alv-filter-bar,
    .denied .status > :not(.tail, .spacer),
    .denied .tail > :not(.refresh) {
      display: none;
    }
    .state {
      margin: auto;
      padding: 32px 16px;
      max-width: 42ch;
      text-align: center;
      color: var(--_muted);
    }
    .state strong {
      display: block;
      color: var(--_fg);
      font-size: 1.1em;
      margin-bottom: 4px;
    }
    .state.never button + button {
      margin-left: 8px;
    }
    .state.error strong {
      color: var(--_danger);
    }
    .state .detail {
      border: none;
      font-family: var(--_mono);
      font-size: 0.9em;
      overflow-wrap: anywhere;
    }
    .state.loading .bar {
      height: 3px;
      width: 160px;
      margin: 0 auto 12px;
      background: linear-gradient(90deg, transparent, var(--_accent), transparent);
      background-size: 50% 100%;
      background-repeat: no-repeat;
      animation: slide 1.1s ease-in-out infinite;
    }
    @keyframes slide {
      from {
        background-position: -100% 0;
      }
      to {
        background-position: 200% 0;
      }
    }
    .more-error {
      padding: 6px 12px;
      color: var(--_danger);
      border-top: 1px solid var(--_border);
    }
    @media (prefers-reduced-motion: reduce) {
      .spinner,
      .live.is-live .dot,
      .state.loading .bar {
        animation: none;
      }
    }
  `,
];
