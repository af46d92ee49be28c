import { css } from 'lit';
import { tokens } from '../styles/tokens.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
      height: var(--alv-height, 600px);
      min-height: 320px;
      container-type: inline-size;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      overflow: hidden;
    }
    :host([hidden]) {
      display: none;
    }
    .base {
      display: flex;
      flex-direction: column;
      height: 100%;
      min-width: 0;
    }
    alv-filter-bar {
      flex: none;
      border-bottom: 1px solid var(--_border);
    }
    .status {
      flex: none;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
      padding: 4px 12px;
      min-height: 28px;
      color: var(--_muted);
      background: var(--_surface);
      border-bottom: 1px solid var(--_border);
    }
    .count {
      color: var(--_fg);
      font-variant-numeric: tabular-nums;
    }
    .client-note {
      color: var(--_warning);
    }
    .muted {
      color: var(--_muted);
    }
    .spacer {
      flex: 1;
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
    button.link {
      border: none;
      background: none;
      color: var(--_accent);
      padding: 2px 4px;
    }
    button.link[aria-pressed='true'] {
      font-weight: 600;
      text-decoration: underline;
    }
    .live .dot {
      display: inline-block;
      width: 8px;
      height: 8px;
      margin-right: 5px;
      border-radius: 50%;
      background: var(--_muted);
      vertical-align: 0;
    }
    .live[aria-pressed='true'] .dot {
      background: var(--_warning);
    }
    .live.open .dot {
      background: var(--_success);
      animation: pulse 1.6s ease-in-out infinite;
    }
    @keyframes pulse {
      50% {
        opacity: 0.35;
      }
    }
    .spinner {
      display: inline-block;
      width: 10px;
      height: 10px;
      border: 2px solid var(--_border);
      border-top-color: var(--_accent);
      border-radius: 50%;
      animation: spin 0.8s linear infinite;
      vertical-align: -1px;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
    .notice {
      flex: none;
      display: flex;
      align-items: flex-start;
      gap: 8px;
      padding: 6px 12px;
      color: var(--_fg);
      background: color-mix(in srgb, var(--_warning) 12%, var(--_bg));
      border-bottom: 1px solid var(--_border);
    }
    .notice.offline {
      align-items: center;
    }
    .notice.rejected {
      flex-direction: column;
      gap: 2px;
    }
    .notice code {
      font-family: var(--_mono);
      font-size: 0.92em;
      overflow-wrap: anywhere;
    }
    .notice p {
      flex: 1;
      margin: 0;
    }
    .cached {
      color: var(--_muted);
    }
    .notice ul {
      flex: 1;
      margin: 0;
      padding-left: 16px;
    }
    .locating {
      color: var(--_muted);
    }
    .trace {
      flex: none;
      max-height: 40%;
      overflow: auto;
      border-bottom: 1px solid var(--_border);
    }
    .main {
      flex: 1;
      display: flex;
      min-height: 0;
      position: relative;
    }
    .list {
      flex: 1 1 55%;
      min-width: 0;
      display: flex;
      flex-direction: column;
    }
    alv-log-table {
      flex: 1;
      min-height: 0;
    }
    alv-log-table.stale {
      opacity: 0.6;
      transition: opacity 0.2s 0.15s;
    }
    .detail {
      flex: 1 1 45%;
      min-width: 0;
      border-left: 1px solid var(--_border);
      overflow: auto;
      background: var(--_bg);
    }
    alv-payload-viewer {
      height: 100%;
    }
    /* Narrow (side panel): the entry covers the list, with its own close button. */
    @container (max-width: 700px) {
      .detail {
        position: absolute;
        inset: 0;
        border-left: none;
        z-index: 2;
      }
    }
    /* Access refused: the filters, live tail, sharing and export cannot work, so they go. */
    .denied alv-filter-bar,
    .denied .status > :not(.refresh, .spacer) {
      display: none;
    }
    .state {
      margin: auto;
      padding: 32px 16px;
      max-width: 42ch;
      text-align: center;
      color: var(--_muted);
    }
    .state strong {
      display: block;
      color: var(--_fg);
      font-size: 1.1em;
      margin-bottom: 4px;
    }
    .state.error strong {
      color: var(--_danger);
    }
    .state .detail {
      border: none;
      font-family: var(--_mono);
      font-size: 0.9em;
      overflow-wrap: anywhere;
    }
    .state.loading .bar {
      height: 3px;
      width: 160px;
      margin: 0 auto 12px;
      background: linear-gradient(90deg, transparent, var(--_accent), transparent);
      background-size: 50% 100%;
      background-repeat: no-repeat;
      animation: slide 1.1s ease-in-out infinite;
    }
    @keyframes slide {
      from {
        background-position: -100% 0;
      }
      to {
        background-position: 200% 0;
      }
    }
    .more-error {
      padding: 6px 12px;
      color: var(--_danger);
      border-top: 1px solid var(--_border);
    }
    @media (prefers-reduced-motion: reduce) {
      .spinner,
      .live.open .dot,
      .state.loading .bar {
        animation: none;
      }
    }
  `,
];
