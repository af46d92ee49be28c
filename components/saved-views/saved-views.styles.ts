import { css } from 'lit';

export const styles = css`
  input {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 3px 8px;
  }
  .panel {
    width: min(340px, 90vw);
  }
  form {
    display: flex;
    gap: 6px;
  }
  form input {
    flex: 1;
    min-width: 0;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    max-height: 240px;
    overflow: auto;
  }
  li {
    display: flex;
    gap: 4px;
    align-items: center;
    padding: 3px 0;
    border-bottom: 1px solid var(--_border);
  }
  li .open {
    flex: 1;
    min-width: 0;
    text-align: left;
    border: none;
    background: none;
    color: var(--_accent);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .row {
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    margin: 0;
  }
  .message {
    margin: 0;
    color: var(--_muted);
  }
  .message.error {
    color: var(--_danger);
  }
  .empty {
    color: var(--_muted);
    margin: 0;
  }
`;
