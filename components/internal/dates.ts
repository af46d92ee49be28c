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
