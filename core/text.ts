/**
 * Text as it is put on screen. A backend may send a 100,000-character URL or message: laid out
 * whole, one such string blocks the page for ~100 ms, and nobody reads past the first lines.
 * What is shown is cut; the full value stays in the event (the Raw tab, copies, exports).
 */

/** The most characters a field shows (the JSON tree cuts strings at the same length). */
export const DISPLAY_LIMIT = 2000;

/** `text` cut to `limit` characters with an ellipsis, never splitting a surrogate pair. */
export function clip(text: string, limit = DISPLAY_LIMIT): string {
  if (text.length <= limit) return text;
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
