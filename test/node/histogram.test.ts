/** The time histogram's domain (core/histogram.ts), with expectations written by hand. */
import { describe, expect, it } from 'vitest';
import {
  bucketEvents,
  bucketInterval,
  bucketRange,
  histogramSpan,
  seriesCounts,
  seriesOf,
} from '../../core/histogram.js';
import type { AuditEvent } from '../../core/model.js';

const T = Date.UTC(2026, 10, 20, 10, 0, 0); // 2026-11-20 10:00:00 UTC
const MIN = 60_000;

function ev(
  id: string,
  timestamp: number,
  statusCode?: number,
  status: 'success' | 'error' = 'success',
): AuditEvent {
  return {
    id,
    timestamp,
    kind: statusCode === undefined ? 'change' : 'api-call',
    actor: { type: 'user' },
    action: 'x',
    status,
    ...(statusCode === undefined ? {} : { http: { method: 'POST', statusCode } }),
  };
}

describe('seriesOf and seriesCounts', () => {
  it('stacks 1xx–3xx and success as success, 4xx, 5xx, and error without a code as failed', () => {
    expect(['1xx', '2xx', '3xx', 'success', '4xx', '5xx', 'error'].map(seriesOf)).toEqual([
      'success',
      'success',
      'success',
      'success',
      'client-error',
      'server-error',
      'failed',
    ]);
    expect(
      seriesCounts({
        start: 0,
        end: 9,
        total: 19,
        counts: { '2xx': 10, '3xx': 1, success: 2, '4xx': 3, '5xx': 2, error: 1 },
      }),
    ).toEqual({ success: 13, 'client-error': 3, 'server-error': 2, failed: 1 });
  });
});

describe('bucketInterval', () => {
  it('picks the smallest round size that fits the span in the buckets', () => {
    expect(bucketInterval(60 * MIN, 60)).toBe(MIN); // 1 h in 60 buckets: 1 min
    expect(bucketInterval(60 * MIN + 1, 60)).toBe(2 * MIN);
    expect(bucketInterval(24 * 60 * MIN, 60)).toBe(30 * MIN); // 24 min raw → 30 min
    expect(bucketInterval(7 * 24 * 60 * MIN, 60)).toBe(3 * 60 * MIN); // 2.8 h raw → 3 h
    expect(bucketInterval(15 * MIN, 60)).toBe(15_000);
    expect(bucketInterval(500, 60)).toBe(1000); // never below a second
    expect(bucketInterval(400 * 24 * 60 * MIN, 10)).toBe(42 * 24 * 60 * MIN); // 40 days → 6 weeks
  });
});

describe('histogramSpan', () => {
  const events = [ev('a', T + 5 * MIN), ev('b', T + 20 * MIN), ev('c', T + 12 * MIN)];

  it('is the view’s range, ending now when the range has no end', () => {
    expect(histogramSpan({ type: 'relative', last: '1h' }, T + 60 * MIN, events)).toEqual({
      from: T,
      to: T + 60 * MIN,
    });
    expect(histogramSpan({ type: 'absolute', from: T, to: T + MIN }, T + 99 * MIN, events)).toEqual(
      { from: T, to: T + MIN },
    );
  });

  it('without a range, spans the loaded events; without events, nothing', () => {
    expect(histogramSpan(undefined, T + 99 * MIN, events)).toEqual({
      from: T + 5 * MIN,
      to: T + 20 * MIN,
    });
    expect(histogramSpan({ type: 'absolute', to: T + 30 * MIN }, T + 99 * MIN, events)).toEqual({
      from: T + 5 * MIN,
      to: T + 30 * MIN,
    });
    expect(histogramSpan(undefined, T, [])).toBeUndefined();
  });
});

describe('bucketEvents', () => {
  it('counts fetched events per round bucket and status class', () => {
    const events = [
      ev('a', T + 30_000, 201),
      ev('b', T + 59_999, 500),
      ev('c', T + MIN, 404),
      ev('d', T + 2 * MIN + 1, undefined, 'error'),
      ev('e', T + 2 * MIN + 2, undefined, 'success'),
      ev('f', T - 1, 200), // before the span
    ];
    const h = bucketEvents(events, { from: T, to: T + 3 * MIN - 1 }, 3);
    expect(h).toEqual({
      from: T,
      to: T + 3 * MIN - 1,
      interval: MIN,
      buckets: [
        { start: T, end: T + MIN - 1, total: 2, counts: { '2xx': 1, '5xx': 1 } },
        { start: T + MIN, end: T + 2 * MIN - 1, total: 1, counts: { '4xx': 1 } },
        { start: T + 2 * MIN, end: T + 3 * MIN - 1, total: 2, counts: { error: 1, success: 1 } },
      ],
    });
  });

  it('aligns buckets to round times, so a span that starts mid-bucket gets a partial first one', () => {
    const h = bucketEvents([ev('a', T + 90_000, 200)], { from: T + 45_000, to: T + 150_000 }, 2);
    expect(h.interval).toBe(MIN);
    expect(h.buckets.map((b) => [b.start - T, b.end - T, b.total])).toEqual([
      [0, 59_999, 0],
      [60_000, 119_999, 1],
      [120_000, 179_999, 0],
    ]);
  });

  it('zooms to one bucket or a brushed run of them', () => {
    const h = bucketEvents([], { from: T, to: T + 3 * MIN - 1 }, 3);
    expect(bucketRange(h, 1, 1)).toEqual({ from: T + MIN, to: T + 2 * MIN - 1 });
    expect(bucketRange(h, 2, 0)).toEqual({ from: T, to: T + 3 * MIN - 1 });
    expect(bucketRange(h, 0, 5)).toBeUndefined();
  });
});
