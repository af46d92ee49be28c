/**
 * One `Intl.DateTimeFormat` per (options, zone): building one costs far more than
 * formatting with it, and tables format hundreds of timestamps per frame.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter; an unknown IANA zone falls back to the browser's rather than throwing. */
export function dateFormat(
  options: Intl.DateTimeFormatOptions,
  timeZone: string | undefined,
): Intl.DateTimeFormat {
  const key = `${timeZone ?? ''}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(undefined, { ...options, timeZone: timeZone || undefined });
    } catch {
      f = new Intl.DateTimeFormat(undefined, options);
    }
    cache.set(key, f);
  }
  return f;
}

let warmed = false;

/**
 * The page's first use of `Intl` (any formatter, and `toLocaleString`) loads its locale data:
 * 30–70 ms in Chromium here, paid inside whichever task first formats a date or a count —
 * the one that renders the first page. Called once the viewer's first request is on its
 * way, this pays it in a task of its own while the first page is still on the network.
 */
export function warmIntl(): void {
  if (warmed) return;
  warmed = true;
  setTimeout(() => {
    (0).toLocaleString();
    new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' }).format(0);
  });
}
