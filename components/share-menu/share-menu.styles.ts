import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    position: relative;
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
  .trigger {
    border: none;
    background: none;
    color: var(--_accent);
    padding: 2px 4px;
  }
  .panel {
    position: absolute;
    z-index: 20;
    right: 0;
    top: calc(100% + 4px);
    width: min(320px, 90vw);
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding: 10px;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 6px 24px rgb(0 0 0 / 18%);
  }
  .panel button {
    text-align: left;
  }
  label {
    display: flex;
    gap: 6px;
    align-items: center;
    color: var(--_muted);
  }
  /* Shown under the trigger, over what is below: the status line does not reflow. */
  .confirm:not(:empty) {
    position: absolute;
    z-index: 21;
    right: 0;
    top: calc(100% + 2px);
    white-space: nowrap;
    padding: 2px 8px;
    color: var(--_success);
    font-weight: 600;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .fallback {
    display: flex;
    flex-direction: column;
    gap: 4px;
    color: var(--_muted);
  }
  .fallback input {
    font: 12px var(--_mono);
    width: 100%;
    padding: 4px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_fg);
  }
  .hint {
    color: var(--_muted);
    font-size: 0.92em;
    margin: 0;
  }
`;
