/**
 * A yes/no choice kept in this browser (`localStorage`, key → `'1'` or absent): the folded
 * histogram and facets, Safe to share. Where storage is refused (private mode, a sandboxed
 * frame), reading says no and keeping lasts only as long as the page.
 */
/** The user folded the histogram. */
export const HISTOGRAM_HIDDEN = 'alv-histogram-hidden';
/** The user folded the facets. */
export const FACETS_HIDDEN = 'alv-facets-hidden';

export function readFlag(key: string): boolean {
  try {
    return globalThis.localStorage?.getItem(key) === '1';
  } catch {
    return false;
  }
}

export function keepFlag(key: string, on: boolean): void {
  try {
    if (on) globalThis.localStorage?.setItem(key, '1');
    else globalThis.localStorage?.removeItem(key);
  } catch {
    // Storage refused: the choice lasts for this page.
  }
}
