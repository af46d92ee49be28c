import { css } from 'lit';

/**
 * Shared design tokens. Each `--alv-*` property falls back to a default, so a host
 * themes the viewer by setting them on `audit-log-viewer` (or any ancestor).
 */
export const tokens = css`
  :host {
    --_bg: var(--alv-color-bg, #ffffff);
    --_surface: var(--alv-color-surface, #f6f7f9);
    --_fg: var(--alv-color-fg, #1d2330);
    --_muted: var(--alv-color-muted, #5b6475);
    --_border: var(--alv-color-border, #d9dde5);
    --_accent: var(--alv-color-accent, #2458d3);
    --_focus: var(--alv-color-focus, #2458d3);
    --_selected: var(--alv-color-selected, #e6edfc);
    --_success: var(--alv-color-success, #17753a);
    --_redirect: var(--alv-color-redirect, #5b6475);
    --_warning: var(--alv-color-warning, #9a5b00);
    --_danger: var(--alv-color-danger, #b3261e);
    --_font: var(--alv-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
    --_mono: var(--alv-font-mono, ui-monospace, 'SF Mono', Menlo, Consolas, monospace);
    --_size: var(--alv-font-size, 13px);
    --_radius: var(--alv-radius, 6px);
    --_row: var(--alv-row-height, 32px);
    font-family: var(--_font);
    font-size: var(--_size);
    color: var(--_fg);
    box-sizing: border-box;
  }
  :host([density='compact']) {
    --_row: var(--alv-row-height-compact, 24px);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
