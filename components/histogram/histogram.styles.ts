import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    flex: none;
    container-type: inline-size;
    border-bottom: 1px solid var(--_border);
    --_failed: var(--alv-color-failed, var(--_danger));
    --_plot: var(--alv-histogram-height, 36px);
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: flex;
    flex-direction: column;
    padding: 2px 12px;
  }
  .header {
    display: flex;
    align-items: center;
    gap: 4px 12px;
    height: 20px;
    line-height: 20px;
    color: var(--_muted);
    white-space: nowrap;
    overflow: hidden;
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
  .toggle:hover,
  .zoom-out:hover {
    background: var(--_surface);
  }
  .zoom-out {
    flex: none;
    padding: 0 6px;
    line-height: 16px;
    font: inherit;
    color: var(--_accent);
    background: none;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    cursor: pointer;
  }
  .chevron::before {
    content: '▾';
    display: inline-block;
    width: 1em;
    text-align: center;
  }
  :host(:not([open])) .chevron::before {
    content: '▸';
  }
  .legend {
    display: flex;
    gap: 10px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .swatch {
    width: 10px;
    height: 10px;
    border-radius: 2px;
  }
  .note {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .summary {
    display: none;
    gap: 0.3em;
    min-width: 0;
  }
  /* Out of room, the total gives way first (the status line says it too), then the errors. */
  .summary > span {
    flex: 0 1 auto;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .summary .total {
    flex-shrink: 1000;
  }
  .left-out {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  /* Folded at full width nothing counted is on screen; below 600 px the summary still is. */
  :host(:not([open])) .left-out {
    display: none;
  }

  .chart {
    position: relative;
  }
  .plot-area {
    position: relative;
    height: var(--_plot);
    touch-action: none;
    user-select: none;
  }
  .plot-area.loading {
    /* The axis's place too: the list below does not move when the counts come. */
    margin-bottom: 14px;
    border-radius: 2px;
    background: linear-gradient(90deg, var(--_surface), var(--_border), var(--_surface));
    background-size: 200% 100%;
    animation: shimmer 1.2s linear infinite;
    opacity: 0.6;
  }
  @keyframes shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .plot-area.loading {
      animation: none;
    }
  }
  .bars {
    display: flex;
    align-items: stretch;
    height: 100%;
    gap: 1px;
    border-bottom: 1px solid var(--_border);
  }
  .bar {
    flex: 1 1 0;
    min-width: 0;
    display: flex;
    flex-direction: column;
    justify-content: flex-end;
    padding: 0;
    background: none;
    border: 0;
    border-radius: 2px 2px 0 0;
    cursor: zoom-in;
  }
  .bar:hover,
  .bar:focus-visible {
    background: var(--_selected);
  }
  .bar:focus-visible {
    outline-offset: 0;
  }
  .stack {
    display: flex;
    flex-direction: column-reverse;
    min-height: 0;
    overflow: hidden;
    border-radius: 2px 2px 0 0;
  }
  .seg {
    flex-basis: 0;
    min-height: 1px;
  }
  .seg-success {
    background: var(--_success);
  }
  .seg-client-error {
    background: var(--_warning);
  }
  .seg-server-error {
    background: var(--_danger);
  }
  .seg-failed {
    background: repeating-linear-gradient(
      135deg,
      var(--_failed) 0 3px,
      color-mix(in srgb, var(--_failed) 55%, transparent) 3px 6px
    );
  }
  .brush {
    position: absolute;
    top: 0;
    bottom: 0;
    pointer-events: none;
    background: color-mix(in srgb, var(--_accent) 18%, transparent);
    border: 1px solid var(--_accent);
    border-radius: 2px;
  }
  .axis {
    display: flex;
    justify-content: space-between;
    height: 14px;
    font-size: 11px;
    line-height: 14px;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .message {
    display: flex;
    align-items: center;
    gap: 8px;
    height: calc(var(--_plot) + 14px);
    color: var(--_muted);
  }
  .message.error {
    color: var(--_danger);
  }
  .retry {
    padding: 1px 8px;
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    cursor: pointer;
  }

  /* No room for the legend: the totals, one line, take its place above the bars. */
  @container (max-width: 600px) {
    .legend,
    .note {
      display: none;
    }
    .summary {
      display: inline-flex;
    }
    :host(:not([open])) .left-out {
      display: inline;
    }
  }
`;
