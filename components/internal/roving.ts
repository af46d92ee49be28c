/**
 * Where a roving-focus key moves in a list of `count` items: the previous or next item along
 * `axis` (stopping at the ends), Home, End; undefined for any other key.
 */
export function rovingIndex(
  key: string,
  index: number,
  count: number,
  axis: 'horizontal' | 'vertical',
): number | undefined {
  const last = count - 1;
  const [previous, next] =
    axis === 'horizontal' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
  switch (key) {
    case next:
      return Math.min(last, index + 1);
    case previous:
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
}
