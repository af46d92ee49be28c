import { css } from 'lit';

export const styles = css`
  dialog {
    width: min(420px, calc(100vw - 24px));
    padding: 16px;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 12px 40px rgb(0 0 0 / 25%);
  }
  h2 {
    margin: 0 0 8px;
    font-size: 1.15em;
  }
  fieldset {
    border: none;
    margin: 0 0 10px;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 4px 14px;
  }
  legend {
    font-weight: 600;
    margin-bottom: 4px;
    padding: 0;
  }
  label {
    display: inline-flex;
    gap: 6px;
    align-items: center;
  }
  input[type='number'] {
    /* Room for 1,000,000 and the spin buttons. */
    width: 12ch;
    font: inherit;
    padding: 3px 6px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  progress {
    width: 100%;
    height: 10px;
  }
  .status {
    margin: 6px 0;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .status.done {
    color: var(--_success);
    font-weight: 600;
  }
  .status.failed {
    color: var(--_danger);
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    margin-top: 12px;
  }
  button {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 4px 12px;
    cursor: pointer;
  }
  button.primary {
    /* The page's background on the accent: readable in light and dark themes alike. */
    color: var(--_bg);
    background: var(--_accent);
    border-color: var(--_accent);
  }
  .hint {
    color: var(--_muted);
    margin: 0 0 10px;
  }
`;
