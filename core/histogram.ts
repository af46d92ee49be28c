/**
 * The time histogram's domain: which status series a count belongs to, round bucket sizes,
 * the span a histogram covers, and counting fetched events per bucket for backends that
 * cannot count themselves. The same bucket shape as the reference service's
 * `/histogram` (`start`, inclusive `end`, `total`, `counts` by status class).
 */
import { timeBounds } from './filter.js';
import type { AuditEvent, TimeRange } from './model.js';
import type { Histogram, HistogramBucket } from './sources/types.js';
import { statusClass } from './status.js';

export type { Histogram, HistogramBucket };

/** The stacked series, bottom to top. */
export const HISTOGRAM_SERIES = ['success', 'client-error', 'server-error', 'failed'] as const;
export type HistogramSeries = (typeof HISTOGRAM_SERIES)[number];

/** What each series is called on screen. */
export const SERIES_LABELS: Record<HistogramSeries, string> = {
  success: 'success',
  'client-error': '4xx',
  'server-error': '5xx',
  failed: 'failed',
};

/**
 * The series of a status class as the service counts them: `1xx`–`3xx` and `success` are
 * successes, `4xx` client errors, `5xx` server errors, `error` (a failure without an HTTP
 * code, e.g. a Nected rule) failed.
 */
export function seriesOf(statusClassOrOutcome: string): HistogramSeries {
  switch (statusClassOrOutcome) {
    case '4xx':
      return 'client-error';
    case '5xx':
      return 'server-error';
    case 'error':
      return 'failed';
    default:
      return 'success';
  }
}

/** The class an event is counted under: its HTTP status class, else its outcome. */
export function eventStatusClass(event: AuditEvent): string {
  return statusClass(event.http?.statusCode) ?? event.status;
}

/** A bucket's counts folded into the stacked series. */
export function seriesCounts(bucket: HistogramBucket): Record<HistogramSeries, number> {
  const out: Record<HistogramSeries, number> = {
    success: 0,
    'client-error': 0,
    'server-error': 0,
    failed: 0,
  };
  for (const [cls, n] of Object.entries(bucket.counts)) out[seriesOf(cls)] += n;
  return out;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Bucket sizes a person reads at a glance. */
export const ROUND_INTERVALS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
] as const;

/**
 * The smallest round bucket size that covers `span` ms in at most `maxBuckets` buckets
 * (whole weeks beyond the table).
 */
export function bucketInterval(span: number, maxBuckets: number): number {
  const raw = Math.max(1, span) / Math.max(1, Math.floor(maxBuckets));
  const round = ROUND_INTERVALS.find((i) => i >= raw);
  return round ?? Math.ceil(raw / (7 * DAY)) * 7 * DAY;
}

/**
 * The span a histogram covers (inclusive ms): the view's time range, up to `now` when it has
 * no end; without a start, from the oldest loaded event; without any, undefined.
 */
export function histogramSpan(
  time: TimeRange | undefined,
  now: number,
  events: readonly AuditEvent[],
): { from: number; to: number } | undefined {
  const bounds = timeBounds(time, now);
  let oldest = Infinity;
  let newest = -Infinity;
  for (const e of events) {
    if (e.timestamp < oldest) oldest = e.timestamp;
    if (e.timestamp > newest) newest = e.timestamp;
  }
  const from = bounds.from ?? (events.length ? oldest : undefined);
  const to = bounds.to ?? (bounds.from !== undefined ? now : events.length ? newest : undefined);
  if (from === undefined || to === undefined || to < from) return undefined;
  return { from, to };
}

/**
 * Counts `events` by status class in round buckets over `from`..`to` (inclusive), at most
 * `maxBuckets` of them, aligned to multiples of the interval. Events outside the span are not
 * counted. Buckets are contiguous and every one is present, empty or not.
 */
export function bucketEvents(
  events: readonly AuditEvent[],
  span: { from: number; to: number },
  maxBuckets: number,
): Histogram {
  const interval = bucketInterval(span.to - span.from + 1, maxBuckets);
  const first = Math.floor(span.from / interval) * interval;
  const count = Math.floor((span.to - first) / interval) + 1;
  const buckets: HistogramBucket[] = Array.from({ length: count }, (_, i) => ({
    start: first + i * interval,
    end: first + (i + 1) * interval - 1,
    total: 0,
    counts: {},
  }));
  for (const e of events) {
    if (e.timestamp < span.from || e.timestamp > span.to) continue;
    const bucket = buckets[Math.floor((e.timestamp - first) / interval)];
    if (!bucket) continue;
    const cls = eventStatusClass(e);
    bucket.total++;
    bucket.counts[cls] = (bucket.counts[cls] ?? 0) + 1;
  }
  return { from: span.from, to: span.to, interval, buckets };
}

/** The time range of buckets `a`..`b` (either order), for zooming or brushing to them. */
export function bucketRange(
  histogram: Histogram,
  a: number,
  b: number,
): { from: number; to: number } | undefined {
  const lo = histogram.buckets[Math.min(a, b)];
  const hi = histogram.buckets[Math.max(a, b)];
  if (!lo || !hi) return undefined;
  return { from: lo.start, to: hi.end };
}
