import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    container-type: inline-size;
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 8px;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .header {
    display: flex;
    align-items: flex-start;
    gap: 8px;
  }
  .heading {
    flex: 1;
    min-width: 0;
  }
  .title {
    margin: 0;
    font-size: 14px;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .trace-id {
    font-family: var(--_mono);
    font-size: 12px;
    font-weight: 400;
  }
  .meta {
    margin: 2px 0 0;
    color: var(--_muted);
  }
  .summary {
    font-weight: 500;
    color: var(--_fg);
  }
  .close {
    flex: none;
    width: 28px;
    height: 28px;
    padding: 0;
    font: inherit;
    font-size: 18px;
    line-height: 1;
    color: var(--_fg);
    background: none;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) - 2px);
    cursor: pointer;
  }
  .close:hover {
    background: var(--_surface);
  }
  .empty {
    margin: 8px 0;
    color: var(--_muted);
  }
  .more {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 12px;
    color: var(--_muted);
  }
  .keep {
    padding: 2px 10px;
    font: inherit;
    color: var(--_fg);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
    cursor: pointer;
  }
  .keep:hover {
    border-color: var(--_accent);
  }

  /* Columns shared by the axis and the rows, so that every bar sits on the same scale. */
  .axis,
  .row-button {
    display: grid;
    grid-template-columns: 12px minmax(0, 2fr) minmax(0, 3fr) 5.5em;
    column-gap: 8px;
    align-items: center;
  }
  .axis {
    height: 18px;
    font-size: 11px;
    color: var(--_muted);
  }
  .axis .track {
    height: 100%;
    border-bottom: 1px solid var(--_border);
  }
  .tick {
    position: absolute;
    top: 0;
    padding-left: 3px;
    white-space: nowrap;
    border-left: 1px solid var(--_border);
  }
  .tick.end {
    right: 0;
    padding: 0 3px 0 0;
    border-left: 0;
    border-right: 1px solid var(--_border);
  }

  .rows {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .row + .row .row-button {
    border-top: 1px solid var(--_border);
  }
  .row-button {
    width: 100%;
    min-height: var(--_row);
    padding: 0 4px 0 0;
    font: inherit;
    color: inherit;
    text-align: left;
    background: none;
    border: 0;
    cursor: pointer;
  }
  .row-button:hover {
    background: var(--_surface);
  }
  .row.selected .row-button {
    background: var(--_selected);
  }

  .label {
    display: flex;
    flex-direction: column;
    min-width: 0;
    padding: 4px 0;
  }
  .title-line {
    display: flex;
    align-items: baseline;
    gap: 6px;
    min-width: 0;
  }
  .action {
    overflow: hidden;
    font-weight: 600;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .request {
    overflow: hidden;
    font-family: var(--_mono);
    font-size: 11px;
    color: var(--_muted);
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .status {
    flex: none;
    font-family: var(--_mono);
    font-size: 12px;
    font-weight: 600;
  }
  .status-1xx {
    color: var(--_muted);
  }
  .status-2xx,
  .status-ok {
    color: var(--_success);
  }
  .status-3xx {
    color: var(--_redirect);
  }
  .status-4xx {
    color: var(--_warning);
  }
  .status-5xx,
  .status-error {
    color: var(--_danger);
  }
  .retry-badge {
    flex: none;
    padding: 0 6px;
    font-size: 11px;
    color: var(--_accent);
    white-space: nowrap;
    border: 1px dashed var(--_accent);
    border-radius: 999px;
  }

  .track {
    position: relative;
    height: 12px;
  }
  .bar {
    position: absolute;
    top: 0;
    bottom: 0;
    min-width: 3px;
    background: var(--_muted);
    border-radius: 2px;
  }
  .bar-2xx,
  .bar-ok {
    background: var(--_success);
  }
  .bar-3xx {
    background: var(--_redirect);
  }
  .bar-4xx {
    background: var(--_warning);
  }
  .bar-5xx,
  .bar-error {
    background: var(--_danger);
  }
  .retry .bar {
    background-image: repeating-linear-gradient(
      -45deg,
      transparent 0 3px,
      rgb(255 255 255 / 45%) 3px 6px
    );
    outline: 1px dashed var(--_accent);
    outline-offset: 1px;
  }
  .timing {
    font-size: 12px;
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
    text-align: right;
    white-space: nowrap;
  }

  /* The link from a failed attempt down to its retry, drawn in the gutter. */
  .gutter {
    position: relative;
    align-self: stretch;
  }
  .gutter::before,
  .gutter::after {
    position: absolute;
    display: none;
    content: '';
  }
  .gutter::before {
    left: 5px;
    border-left: 2px solid var(--_accent);
  }
  .link-through .gutter::before {
    display: block;
    top: 0;
    bottom: 0;
  }
  .link-start .gutter::before {
    display: block;
    top: 50%;
    bottom: 0;
  }
  .link-end .gutter::before {
    display: block;
    top: 0;
    bottom: 50%;
  }
  .link-start.link-end .gutter::before {
    top: 0;
    bottom: 0;
  }
  .link-start .gutter::after,
  .link-end .gutter::after {
    display: block;
    top: calc(50% - 4px);
    left: 2px;
    width: 8px;
    height: 8px;
    background: var(--_accent);
    border-radius: 50%;
  }
  .link-start.failed .gutter::after {
    background: var(--_danger);
  }

  /* Narrow (side panel, 360 px): the bar goes under its label. */
  @container (max-width: 480px) {
    .row-button {
      grid-template-columns: 12px minmax(0, 1fr) auto;
      grid-template-areas:
        'gutter label timing'
        'gutter track track';
    }
    .row-button .gutter {
      grid-area: gutter;
    }
    .row-button .label {
      grid-area: label;
      padding-bottom: 2px;
    }
    .row-button .timing {
      grid-area: timing;
    }
    .row-button .track {
      grid-area: track;
      margin-bottom: 6px;
    }
    .axis {
      grid-template-columns: 12px minmax(0, 1fr);
    }
    .axis .label,
    .axis .timing {
      display: none;
    }
  }
`;
