import { css } from 'lit';

/**
 * Buttons that look like text until hovered (table headers, trace IDs, the Columns menu): the
 * base the components that use them add to.
 */
export const quietButtons = css`
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) - 2px);
    padding: 0 0.3em;
    line-height: 1.6;
    cursor: pointer;
  }
  button:hover {
    background: color-mix(in srgb, var(--_accent) 10%, transparent);
  }
`;
