import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding: 8px;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  input,
  select,
  button {
    font: inherit;
    color: var(--_fg);
    min-width: 0;
    min-height: 28px;
    padding: 3px 6px;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
  }
  button {
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    color: var(--_muted);
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  label {
    font-size: 12px;
    font-weight: 500;
    color: var(--_muted);
  }
  .mono {
    font-family: var(--_mono);
  }

  /* The query: a transparent input over a mirror of its text that underlines the errors. */
  .combo {
    position: relative;
  }
  .query-box {
    background: var(--_bg);
    border-radius: calc(var(--_radius) - 2px);
  }
  .mirror,
  #query {
    font: 13px/20px var(--_mono);
    letter-spacing: normal;
    padding: 4px 8px;
    border: 1px solid transparent;
    white-space: pre;
  }
  .mirror {
    position: absolute;
    inset: 0;
    overflow: hidden;
    color: transparent;
    pointer-events: none;
  }
  #query {
    position: relative;
    z-index: 1;
    display: block;
    width: 100%;
    background: transparent;
    border-color: var(--_border);
  }
  #query[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .error-span {
    text-decoration: underline wavy var(--_danger);
    text-decoration-skip-ink: none;
    text-underline-offset: 3px;
  }
  .query-status .not-applied code {
    font-family: var(--_mono);
  }
  .query-hint {
    margin: 2px 0 0;
    color: var(--_muted);
  }
  .query-hint .hint-fix {
    font: inherit;
    font-family: var(--_mono);
    color: var(--_accent);
    background: none;
    border: 1px dashed var(--_accent);
    border-radius: var(--_radius);
    padding: 0 6px;
    cursor: pointer;
  }
  .query-status .errors {
    margin: 4px 0 0;
    padding-left: 1.2em;
    font-size: 12px;
    color: var(--_danger);
  }

  /* Suggestions. */
  /* A popover in the top layer, under its field (suggestions-controller.ts); without
     popovers, in the flow under it. */
  .listbox {
    position: absolute;
    top: calc(100% + 2px);
    left: 0;
    right: 0;
    z-index: 10;
    box-sizing: border-box;
    color: inherit;
    font: inherit;
    max-height: 20em;
    margin: 0;
    padding: 2px;
    overflow: auto;
    list-style: none;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    box-shadow: 0 4px 12px rgb(0 0 0 / 12%);
  }
  .listbox[hidden] {
    display: none;
  }
  .listbox[popover] {
    position: fixed;
    inset: auto;
  }
  @supports (anchor-name: --a) {
    .listbox[popover] {
      top: calc(anchor(bottom) + 2px);
      left: anchor(left);
      width: anchor-size(width);
      max-height: min(20em, 45vh);
      position-try-fallbacks: flip-block;
    }
  }
  .option {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    padding: 4px 8px;
    cursor: pointer;
    border-radius: calc(var(--_radius) - 3px);
  }
  .option .value {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .option .detail {
    flex: 0 1 auto;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: 12px;
    color: var(--_muted);
  }
  .option.active,
  .option:hover {
    background: var(--_selected);
  }

  .query-row {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0 8px;
  }
  /* Out of sight until focused: one Tab from the query box, it takes the keyboard to the list. */
  .skip {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .skip:focus {
    position: static;
    width: auto;
    height: auto;
    clip-path: none;
    grid-column: 1 / -1;
    justify-self: start;
    margin-top: 4px;
    font: inherit;
    color: var(--_accent);
    background: var(--_bg);
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    padding: 2px 8px;
  }
  .query-row .query-status {
    grid-column: 1 / -1;
  }
  /* Narrow (a side panel): the query alone, the controls behind a toggle. */
  .controls-toggle {
    display: none;
  }
  .filter-chips {
    display: none;
    flex-wrap: wrap;
    gap: 4px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .filter-chip {
    display: inline-flex;
    align-items: center;
    max-width: 100%;
    min-width: 0;
    padding-inline-start: 8px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_surface);
    font-family: var(--_mono);
    font-size: 0.92em;
  }
  .filter-chip-text {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .filter-chip button {
    flex: none;
    min-width: 24px;
    min-height: 24px;
    margin-inline-start: 2px;
    padding: 0 6px;
    border: none;
    border-radius: 999px;
    background: none;
    color: var(--_muted);
    font: inherit;
    line-height: 1;
    cursor: pointer;
  }
  .filter-chip button:hover {
    color: var(--_fg);
    background: color-mix(in srgb, var(--_accent) 12%, transparent);
  }
  @container (max-width: 600px) {
    .filter-chips {
      display: flex;
    }
    .controls-toggle {
      display: inline-block;
    }
    .controls-toggle[aria-expanded='true'] {
      background: var(--_selected);
    }
    .controls:not(.open) {
      display: none;
    }
  }
  /* Folded (a short viewer): the same as narrow, whatever the width. */
  :host([folded]) .filter-chips {
    display: flex;
  }
  :host([folded]) .controls-toggle {
    display: inline-block;
  }
  :host([folded]) .controls-toggle[aria-expanded='true'] {
    background: var(--_selected);
  }
  :host([folded]) .controls:not(.open) {
    display: none;
  }

  /* Structured controls: a wrapping toolbar that still works at 360 px. */
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 8px 12px;
  }
  .field {
    position: relative;
    display: flex;
    flex-direction: column;
    gap: 2px;
    flex: 1 1 12em;
    min-width: 0;
  }
  .field > input,
  .field > select,
  .combo > input {
    display: block;
    width: 100%;
  }
  /* The "≠" toggle sits inside the end of its field; the text stops short of it. */
  .combo:has(> .exclude) > input {
    padding-inline-end: 28px;
  }
  /* (Font, radius and cursor from the bar's buttons above; only what differs here.) */
  .exclude {
    position: absolute;
    inset-block: 3px;
    inset-inline-end: 3px;
    width: 22px;
    height: auto;
    min-height: 0;
    padding: 0;
    line-height: 1;
    color: var(--_muted);
    background: none;
    border-color: transparent;
  }
  .exclude:hover:not(:disabled) {
    color: var(--_danger);
    border-color: var(--_border);
  }
  .exclude[aria-pressed='true'] {
    color: var(--_bg);
    background: var(--_danger);
  }
  .exclude:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  .field.narrow {
    flex: 0 1 8em;
  }
  .status-field {
    flex: 1 1 18em;
  }
  .inline {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 6px;
  }
  .status-field input {
    flex: 1 1 7.5em;
  }
  .chips {
    display: flex;
    gap: 4px;
  }
  .chip {
    padding: 2px 10px;
    border-radius: 999px;
    font-family: var(--_mono);
  }
  .chip[aria-pressed='true'] {
    /* The page's background on the accent: readable in light and dark themes alike. */
    color: var(--_bg);
    background: var(--_accent);
    border-color: var(--_accent);
  }
  /* Beside the time select rather than on a row of its own (a zoom from the histogram sets it). */
  .custom-range {
    flex: 3 1 37em;
    align-self: flex-end;
  }
  .bound {
    display: flex;
    flex: 1 1 17em;
    align-items: center;
    gap: 6px;
    min-width: 0;
  }
  .bound label {
    flex: 0 0 3em;
  }
  .bound input {
    flex: 1 1 auto;
  }
  /* "More filters" and "Clear all" wrap together: never one alone on a row of its own. */
  .actions {
    flex: 0 0 auto;
    flex-direction: row;
    gap: 8px;
    align-self: flex-end;
  }
  .more-toggle[aria-expanded='true'] {
    background: var(--_selected);
  }
  .more-fields {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 8px 12px;
    flex-basis: 100%;
  }
  .more-fields[hidden] {
    display: none;
  }
  .error {
    font-size: 12px;
    color: var(--_danger);
  }
  .hint {
    font-size: 11px;
    font-style: italic;
    color: var(--_muted);
  }
  .hint.never {
    font-style: normal;
    color: var(--_warning);
  }
`;
