import { css } from 'lit';

export const jsonTreeStyles = css`
  :host {
    display: block;
    --_key: var(--alv-json-key-color, light-dark(#7a2e8e, #d49cf0));
    --_string: var(--alv-json-string-color, light-dark(#0b6b3a, #7ee2a8));
    --_number: var(--alv-json-number-color, light-dark(#1a4fb5, #8fb8ff));
    --_literal: var(--alv-json-literal-color, light-dark(#8a4b00, #f0b45b));
    --_mark: var(--alv-json-mark-color, light-dark(#ffe58a, #6b5a12));
    font-family: var(--_mono);
    line-height: 1.5;
  }

  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  [role='group'] {
    padding-inline-start: 1.1em;
    border-inline-start: 1px dotted var(--_border);
    margin-inline-start: 0.45em;
  }

  [role='treeitem'] {
    outline: none;
  }

  .row {
    position: relative;
    display: flex;
    align-items: baseline;
    gap: 0.35em;
    min-height: 1.5em;
    padding: 0 0.25em;
    border-radius: 3px;
    cursor: default;
  }

  [aria-expanded] > .row {
    cursor: pointer;
  }

  .row:hover {
    background: var(--_surface);
  }

  [role='treeitem']:focus-visible > .row {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }

  [role='treeitem']:focus > .row,
  .row.current {
    background: var(--_selected);
  }

  .toggle {
    flex: none;
    width: 0.8em;
    color: var(--_muted);
    text-align: center;
  }

  [aria-expanded] > .row > .toggle::before {
    content: '▸';
    display: inline-block;
    transition: transform 0.1s;
  }

  [aria-expanded='true'] > .row > .toggle::before {
    transform: rotate(90deg);
  }

  .key {
    flex: none;
    max-width: 45%;
    overflow-wrap: anywhere;
    color: var(--_key);
  }

  .key.index,
  .key.root {
    color: var(--_muted);
  }

  .value {
    min-width: 0;
    flex: 1 1 auto;
    overflow-wrap: anywhere;
  }

  .string {
    color: var(--_string);
    white-space: pre-wrap;
  }

  .number {
    color: var(--_number);
  }

  .literal {
    color: var(--_literal);
  }

  .summary {
    color: var(--_muted);
  }

  mark {
    background: var(--_mark);
    color: inherit;
    border-radius: 2px;
  }

  .redacted {
    display: inline-block;
    padding: 0 0.5em;
    border: 1px dashed var(--_warning);
    border-radius: 999px;
    color: var(--_warning);
    font-family: var(--_font);
    font-size: 0.92em;
    white-space: normal;
  }

  .inline-button {
    margin-inline-start: 0.5em;
    padding: 0;
    border: none;
    background: none;
    color: var(--_accent);
    font: inherit;
    font-family: var(--_font);
    text-decoration: underline;
    cursor: pointer;
  }

  /* In the row's flow, beside the value: shown on hover or focus, never over the value. */
  .actions {
    flex: none;
    align-self: flex-start;
    display: flex;
    gap: 0.25em;
    margin-inline-start: auto;
    padding-inline-start: 0.5em;
    opacity: 0;
    pointer-events: none;
  }

  .row:hover > .actions,
  [role='treeitem']:focus > .row > .actions,
  .actions:focus-within {
    opacity: 1;
    pointer-events: auto;
  }

  /* Narrow (the side panel, a phone): hidden copy buttons take no room, else every value was
     squeezed into a few characters beside them; they show on the row hovered or focused. */
  @container (max-width: 520px) {
    .actions {
      display: none;
    }
    .row:hover > .actions,
    [role='treeitem']:focus > .row > .actions,
    .actions:focus-within {
      display: flex;
    }
  }

  .actions button {
    padding: 0 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
    font-family: var(--_font);
    font-size: 0.88em;
    line-height: 1.5;
    cursor: pointer;
  }

  .actions button.copied {
    border-color: var(--_success);
    color: var(--_success);
  }

  .actions button:hover {
    border-color: var(--_accent);
    color: var(--_accent);
  }

  .more {
    padding: 0 0.25em;
    color: var(--_accent);
    font-family: var(--_font);
    cursor: pointer;
  }

  .more:hover {
    text-decoration: underline;
  }

  .more:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  @media (hover: none) {
    .actions {
      opacity: 1;
      pointer-events: auto;
    }
  }
`;
