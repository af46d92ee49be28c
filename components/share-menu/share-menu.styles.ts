import { css } from 'lit';

export const styles = css`
  .panel {
    width: min(320px, 90vw);
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
