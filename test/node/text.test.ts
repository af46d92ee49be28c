import { describe, expect, it } from 'vitest';
import { clip, DISPLAY_LIMIT } from '../../core/text.js';

describe('clip', () => {
  it('keeps text up to the limit as it is', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('')).toBe('');
    const exact = 'x'.repeat(DISPLAY_LIMIT);
    expect(clip(exact)).toBe(exact);
  });

  it('cuts longer text at the limit and says so with an ellipsis', () => {
    expect(clip('abcdef', 3)).toBe('abc…');
    expect(clip('y'.repeat(100_000))).toHaveLength(2001);
  });

  it('never leaves half of a surrogate pair at the cut', () => {
    // '😀' is two UTF-16 code units; a cut at 2 would split it.
    expect(clip('a😀bc', 2)).toBe('a…');
    expect(clip('a😀bc', 3)).toBe('a😀…');
  });
});
