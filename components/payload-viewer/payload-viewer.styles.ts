import { css } from 'lit';

export const payloadViewerStyles = css`
  :host {
    display: block;
    min-width: 0;
    height: 100%;
    --_pad: var(--alv-payload-viewer-padding, 12px);
  }

  .base {
    container-type: inline-size;
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
    background: var(--_bg);
    color: var(--_fg);
  }

  /* Header */

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: 8px;
    padding: var(--_pad);
    border-bottom: 1px solid var(--_border);
  }

  /* The title keeps room for the path; the copy buttons go under it before it is squeezed. */
  .title {
    flex: 1 1 22em;
    min-width: 0;
  }

  .heading {
    margin: 0;
    font-size: 1.08em;
    font-weight: 600;
    font-family: var(--_mono);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .subtitle .when {
    white-space: nowrap;
  }
  .subtitle {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    margin: 4px 0 0;
    color: var(--_muted);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }

  .button {
    min-height: 28px;
    padding: 2px 10px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
    cursor: pointer;
  }

  .button.copied {
    border-color: var(--_success);
    color: var(--_success);
  }

  .button:hover:not(:disabled) {
    border-color: var(--_accent);
    color: var(--_accent);
  }

  .button:disabled {
    color: var(--_muted);
    cursor: default;
  }

  .button.icon,
  .button.close {
    min-width: 28px;
    padding: 2px 6px;
  }

  .close {
    font-size: 1.25em;
    line-height: 1;
  }

  .switch {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 28px;
    padding: 2px 6px;
    border: none;
    border-radius: var(--_radius);
    background: none;
    color: var(--_fg);
    font: inherit;
    cursor: pointer;
  }

  .track {
    position: relative;
    width: 28px;
    height: 16px;
    border-radius: 8px;
    background: var(--_muted);
    transition: background 0.15s;
  }

  .thumb {
    position: absolute;
    top: 2px;
    left: 2px;
    width: 12px;
    height: 12px;
    border-radius: 50%;
    background: #fff;
    transition: transform 0.15s;
  }

  .switch[aria-checked='true'] .track {
    background: var(--_accent);
  }

  .switch[aria-checked='true'] .thumb {
    transform: translateX(12px);
  }

  /* Body */

  .body {
    flex: 1 1 auto;
    min-height: 0;
    overflow: auto;
  }

  .tabs {
    position: sticky;
    top: 0;
    z-index: 1;
    display: flex;
    overflow-x: auto;
    gap: 2px;
    padding: 0 var(--_pad);
    border-bottom: 1px solid var(--_border);
    background: var(--_bg);
  }

  .tab {
    flex: none;
    min-height: 32px;
    padding: 4px 10px;
    border: none;
    border-bottom: 2px solid transparent;
    background: none;
    color: var(--_muted);
    font: inherit;
    cursor: pointer;
  }

  .tab:hover {
    color: var(--_fg);
  }

  .tab[aria-selected='true'] {
    border-bottom-color: var(--_accent);
    color: var(--_fg);
    font-weight: 600;
  }

  .search {
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 8px var(--_pad) 0;
  }

  .search-input {
    flex: 1 1 auto;
    min-width: 0;
    min-height: 28px;
    padding: 2px 8px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
  }

  .counter {
    flex: none;
    min-width: 4.5em;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
    text-align: end;
  }

  .panel {
    padding: var(--_pad);
  }

  .panel:focus-visible {
    outline-offset: -2px;
  }

  .section + .section {
    margin-top: 16px;
  }

  h3 {
    margin: 0 0 6px;
    font-size: 0.85em;
    font-weight: 600;
    letter-spacing: 0.02em;
    text-transform: uppercase;
    color: var(--_muted);
  }

  /* Overview */

  .overview {
    margin: 0;
  }

  .field {
    display: grid;
    grid-template-columns: 1fr;
    gap: 0 12px;
    padding: 4px 0;
    border-bottom: 1px solid var(--_surface);
  }

  @container (min-width: 480px) {
    .field {
      grid-template-columns: 9em minmax(0, 1fr);
    }
  }

  dt {
    color: var(--_muted);
  }

  dd {
    margin: 0;
    min-width: 0;
    overflow-wrap: anywhere;
  }

  .mono {
    font-family: var(--_mono);
  }

  .muted {
    color: var(--_muted);
  }

  .note {
    display: block;
    margin-top: 2px;
    color: var(--_warning);
    font-size: 0.92em;
  }

  .url {
    word-break: break-all;
  }

  .status {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-weight: 600;
  }

  .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: currentColor;
  }

  .success {
    color: var(--_success);
  }

  .redirect {
    color: var(--_redirect);
  }

  .warning {
    color: var(--_warning);
  }

  .danger {
    color: var(--_danger);
  }

  .badge {
    display: inline-block;
    padding: 0 6px;
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.88em;
    font-weight: 600;
    line-height: 1.5;
  }

  .badge.added {
    color: var(--_success);
  }

  .badge.removed {
    color: var(--_danger);
  }

  .link {
    padding: 0;
    border: none;
    background: none;
    color: var(--_accent);
    font-size: inherit;
    text-align: start;
    text-decoration: underline;
    word-break: break-all;
    cursor: pointer;
  }

  .message b,
  .message strong {
    font-weight: 600;
  }

  /* Tables */

  table {
    width: 100%;
    border-collapse: collapse;
    table-layout: fixed;
  }

  th,
  td {
    padding: 3px 8px 3px 0;
    border-bottom: 1px solid var(--_surface);
    text-align: start;
    vertical-align: top;
    overflow-wrap: anywhere;
  }

  .kv th {
    width: 38%;
    font-family: var(--_mono);
    font-weight: normal;
    color: var(--_muted);
  }

  .kv td {
    font-family: var(--_mono);
  }

  .more-rows {
    margin-block: 6px;
    padding: 3px 10px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_accent);
    font: inherit;
    cursor: pointer;
  }

  .more-rows:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }

  .diff thead th {
    color: var(--_muted);
    font-weight: 600;
  }

  .diff th[scope='row'] {
    font-weight: normal;
  }

  .diff del,
  .diff ins {
    text-decoration: none;
    border-radius: 2px;
    padding: 0 2px;
  }

  .diff del {
    background: color-mix(in srgb, var(--_danger) 10%, transparent);
  }

  .diff ins {
    background: color-mix(in srgb, var(--_success) 10%, transparent);
  }

  /* States */

  .redacted {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: 10px 12px;
    border: 1px dashed var(--_warning);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_warning) 6%, var(--_bg));
    color: var(--_fg);
  }

  .redacted strong {
    color: var(--_warning);
  }

  .empty {
    margin: 0;
    padding: 32px var(--_pad);
    color: var(--_muted);
    text-align: center;
  }

  .partial {
    margin: var(--_pad) var(--_pad) 0;
    padding: 8px 12px;
    border: 1px solid var(--_warning, #b26b00);
    border-radius: var(--_radius);
    color: var(--_fg);
  }

  .error {
    margin: var(--_pad);
    padding: 10px 12px;
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    color: var(--_fg);
  }

  .error strong {
    color: var(--_danger);
  }

  .error p {
    margin: 4px 0 0;
    overflow-wrap: anywhere;
  }

  .skeleton {
    display: grid;
    gap: 10px;
    padding: var(--_pad);
  }

  .bone {
    height: 12px;
    width: 70%;
    border-radius: 4px;
    background: var(--_surface);
    animation: pulse 1.2s ease-in-out infinite;
  }

  .bone.wide {
    width: 95%;
  }

  .bone.short {
    width: 40%;
  }

  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .bone {
      animation: none;
    }
  }
`;
