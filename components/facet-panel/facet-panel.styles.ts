import { css } from 'lit';

export const styles = css`
  /* A side column beside the list; folded, a rail with its toggle. */
  :host {
    display: flex;
    flex-direction: column;
    flex: none;
    width: var(--alv-facets-width, 16em);
    min-height: 0;
    background: var(--_bg);
    border-right: 1px solid var(--_border);
  }
  :host(:not([data-shown])) {
    width: auto;
  }
  /* Open in a narrow box: a sheet over it. */
  :host([data-narrow][data-shown]) {
    position: absolute;
    inset: 0;
    z-index: 2;
    width: auto;
    box-shadow: 0 2px 12px rgb(0 0 0 / 0.18);
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
    padding: 4px 8px;
  }
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 4px 8px;
    min-height: 22px;
    line-height: 20px;
    color: var(--_muted);
    white-space: nowrap;
  }
  :host(:not([data-shown])) .base {
    padding: 4px 2px;
  }
  :host(:not([data-shown])) .toggle {
    writing-mode: vertical-rl;
    padding: 6px 2px;
    margin: 0;
  }
  /* Folded in a narrow box: a strip above the list (the viewer stacks them), so the cards keep
     the whole width. */
  :host([data-narrow]:not([data-shown])) {
    border-right: none;
    border-bottom: 1px solid var(--_border);
  }
  :host([data-narrow]:not([data-shown])) .base {
    padding: 2px 8px;
  }
  :host([data-narrow]:not([data-shown])) .toggle {
    writing-mode: horizontal-tb;
    padding: 0 4px;
    margin-left: -4px;
  }
  .toggle {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 0 4px;
    margin-left: -4px;
    line-height: 18px;
    font: inherit;
    font-weight: 600;
    color: var(--_fg);
    background: none;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) - 2px);
    cursor: pointer;
  }
  .toggle:hover {
    background: var(--_surface);
  }
  .chevron::before {
    content: '▾';
    display: inline-block;
    width: 1em;
    text-align: center;
  }
  .toggle[aria-expanded='false'] .chevron::before {
    content: '▸';
  }
  .errors-only {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    color: var(--_fg);
    cursor: pointer;
  }
  .errors-only input {
    margin: 0;
    accent-color: var(--_danger);
  }
  /* "counts leave out plugin: applied to the list only" reads whole, over up to three lines. */
  .note {
    color: var(--_muted);
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    line-clamp: 3;
    overflow: hidden;
  }
  .body {
    flex: 1;
    min-height: 0;
    overflow: auto;
    padding-top: 2px;
  }
  .groups {
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  :host([data-narrow]) .groups {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(12em, 100%), 1fr));
    gap: 8px 16px;
  }
  .group {
    min-width: 0;
  }
  .group-title {
    font-weight: 600;
    color: var(--_muted);
    font-size: 0.92em;
    line-height: 18px;
  }
  .values {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  /* Loading: the header says so; the values stay readable (dimmed, they fell under 4.5:1). */
  .values[aria-busy='true'] {
    cursor: progress;
  }
  .value {
    display: flex;
    align-items: center;
    gap: 2px;
    min-height: 22px;
    border-radius: calc(var(--_radius) - 2px);
  }
  .value:hover {
    background: var(--_surface);
  }
  .pick {
    flex: 1;
    min-width: 0;
    display: flex;
    align-items: center;
    gap: 4px;
    cursor: pointer;
  }
  .pick input {
    flex: none;
    margin: 0 2px;
    accent-color: var(--_accent);
  }
  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .included .name {
    font-weight: 600;
  }
  .excluded .name {
    color: var(--_danger);
    text-decoration: line-through;
  }
  .count {
    flex: none;
    min-width: 2.5em;
    padding: 0 2px;
    text-align: right;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
    /* A bar under the number: the value's share of the field's largest count. */
    background: linear-gradient(var(--_accent), var(--_accent)) left bottom / var(--_share, 0) 2px
      no-repeat;
  }
  .exclude {
    flex: none;
    width: 18px;
    height: 20px;
    padding: 0;
    font: inherit;
    line-height: 18px;
    color: var(--_muted);
    background: none;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) - 2px);
    cursor: pointer;
  }
  .exclude:hover {
    color: var(--_danger);
    border-color: var(--_border);
  }
  .exclude[aria-pressed='true'] {
    color: var(--_bg);
    background: var(--_danger);
  }
  .more {
    padding: 0 4px;
    margin-left: -4px;
    font: inherit;
    color: var(--_accent);
    background: none;
    border: none;
    cursor: pointer;
  }
  .more:hover {
    text-decoration: underline;
  }
  .none {
    margin: 0;
    color: var(--_muted);
  }
  .message {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 4px 0;
    color: var(--_muted);
  }
  .message.error {
    color: var(--_danger);
  }
  .retry {
    font: inherit;
    padding: 1px 8px;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
`;
