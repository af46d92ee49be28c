import { describe, expect, it } from 'vitest';
import { deltaRows, formatDuration, HTTP_REASONS } from '../../core/format.js';

describe('formatDuration', () => {
  it('writes a duration with the precision its size deserves', () => {
    const cases: [number | undefined, string][] = [
      [undefined, ''],
      [Number.NaN, ''],
      [0, '0 ms'],
      [0.4, '<1 ms'],
      [1, '1 ms'],
      [840.4, '840 ms'],
      [999.4, '999 ms'],
      [1000, '1 s'],
      [1234, '1.2 s'],
      [2_349, '2.3 s'],
      [9_949, '9.9 s'],
      [9_950, '10 s'],
      [14_400, '14 s'],
      [59_400, '59 s'],
      [60_000, '1 min'],
      [125_000, '2 min 5 s'],
      [150_000, '2 min 30 s'],
      [3_600_000, '60 min'],
    ];
    for (const [ms, text] of cases) expect(formatDuration(ms), String(ms)).toBe(text);
  });
});

describe('HTTP_REASONS', () => {
  it('names the common codes as RFC 9110 does', () => {
    expect([200, 201, 404, 422, 429, 503].map((c) => HTTP_REASONS[c])).toEqual([
      'OK',
      'Created',
      'Not Found',
      'Unprocessable Content',
      'Too Many Requests',
      'Service Unavailable',
    ]);
  });
});

describe('deltaRows', () => {
  it('lists removed, changed, then added keys, and counts the unchanged ones', () => {
    expect(deltaRows({ a: 1, b: { x: 1 }, c: 3 }, { a: 1, b: { x: 2 }, d: 4 })).toEqual({
      rows: [
        { key: 'b', change: 'changed', from: { x: 1 }, to: { x: 2 } },
        { key: 'c', change: 'removed', from: 3 },
        { key: 'd', change: 'added', to: 4 },
      ],
      unchanged: 1,
    });
  });

  it('compares non-objects whole, and a missing side as an empty object', () => {
    expect(deltaRows('on', 'off')).toEqual({
      rows: [{ key: undefined, change: 'changed', from: 'on', to: 'off' }],
      unchanged: 0,
    });
    expect(deltaRows([1], [1])).toEqual({ rows: [], unchanged: 1 });
    expect(deltaRows(undefined, { name: 'x' })).toEqual({
      rows: [{ key: 'name', change: 'added', to: 'x' }],
      unchanged: 0,
    });
  });
});
