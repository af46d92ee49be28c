import { css } from 'lit';

export const columnsMenuStyles = css`
  :host {
    display: block;
    position: relative;
  }
  :host([hidden]) {
    display: none;
  }
  .button {
    width: 100%;
    height: 100%;
    color: var(--_muted);
    border-radius: 0;
  }
  .menu {
    position: absolute;
    inset-inline-end: 0;
    top: 100%;
    min-width: 15em;
    max-height: 27em;
    overflow: auto;
    padding: 4px;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.15);
  }
  .line {
    display: flex;
    align-items: center;
  }
  [role='menuitemcheckbox'] {
    flex: 1 1 auto;
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5em;
    text-align: start;
    padding: 0.2em 0.5em;
  }
  [role='menuitemcheckbox'] .check {
    width: 1em;
    color: var(--_accent);
  }
  [aria-disabled='true'] {
    color: var(--_muted);
    cursor: default;
    opacity: 0.6;
  }
  .menu button:focus-visible {
    outline-offset: -2px;
  }
  /* Under the column's name, on a line of its own. */
  .no-room {
    flex-basis: 100%;
    padding-inline-start: 1.5em;
    color: var(--_muted);
    font-size: 0.92em;
    white-space: nowrap;
  }
`;
