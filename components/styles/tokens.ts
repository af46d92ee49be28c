import { css } from 'lit';

/**
 * Shared design tokens. Each `--alv-*` property falls back to a default, so a host
 * themes the viewer by setting them on `audit-log-viewer` (or any ancestor). Each colour's
 * default has a light and a dark value (`light-dark()`): which one shows follows the element's
 * `color-scheme`, which the root sets from its `theme` (light, dark, or auto: the system's).
 */
export const tokens = css`
  :host {
    --_bg: var(--alv-color-bg, light-dark(#ffffff, #181c25));
    --_surface: var(--alv-color-surface, light-dark(#f6f7f9, #20252f));
    --_fg: var(--alv-color-fg, light-dark(#1d2330, #e3e7ef));
    --_muted: var(--alv-color-muted, light-dark(#5b6475, #9aa3b5));
    --_border: var(--alv-color-border, light-dark(#d9dde5, #333a48));
    --_accent: var(--alv-color-accent, light-dark(#2458d3, #7aa2ff));
    --_focus: var(--alv-color-focus, light-dark(#2458d3, #7aa2ff));
    --_selected: var(--alv-color-selected, light-dark(#e6edfc, #26324d));
    --_success: var(--alv-color-success, light-dark(#17753a, #5fd08a));
    --_redirect: var(--alv-color-redirect, light-dark(#5b6475, #9aa3b5));
    --_warning: var(--alv-color-warning, light-dark(#9a5b00, #f0b45b));
    --_danger: var(--alv-color-danger, light-dark(#b3261e, #ff7b72));
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
