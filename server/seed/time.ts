/** When things happen: a working-hours-heavy daily pattern over the retention window. */
import type { Rng } from './random.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * Relative activity per local hour (the seeded org works on US Eastern time, UTC-5,
 * with a European office adding some early-morning traffic).
 */
const HOUR_WEIGHTS = [
  0.1, 0.07, 0.05, 0.06, 0.12, 0.22, 0.3, 0.5, 0.85, 1.0, 1.0, 0.95, 0.8, 0.9, 1.0, 0.95, 0.8, 0.55,
  0.35, 0.26, 0.2, 0.16, 0.13, 0.11,
];
const UTC_OFFSET_MS = -5 * HOUR;
const WEEKEND_FACTOR = 0.22;

export function activityWeight(ts: number): number {
  const local = new Date(ts + UTC_OFFSET_MS);
  const day = local.getUTCDay();
  const hour = local.getUTCHours();
  const w = HOUR_WEIGHTS[hour] ?? 0.1;
  return day === 0 || day === 6 ? w * WEEKEND_FACTOR : w;
}

export interface Window {
  start: number;
  end: number;
}

export function makeWindow(now: number, days: number): Window {
  const end = Math.floor(now);
  return { start: Math.max(0, end - Math.round(days * DAY)), end };
}

/**
 * A time in [from, to] following the daily pattern (rejection sampling; falls back to uniform
 * after a bounded number of tries, e.g. for a tiny window that lies entirely at night).
 */
export function sampleWeighted(rng: Rng, from: number, to: number): number {
  if (to <= from) return Math.floor(from);
  for (let i = 0; i < 64; i++) {
    const t = rng.float(from, to);
    if (rng.next() < activityWeight(t)) return Math.floor(t);
  }
  return Math.floor(rng.float(from, to));
}

/** Sampler for start times: a share of starts is forced into the last 15 minutes and the last hour. */
export class StartTimes {
  private issued = 0;

  constructor(
    private readonly rng: Rng,
    private readonly window: Window,
    /** How many first starts land in the last 15 minutes. */
    private readonly forcedRecent: number,
    /** Probability that any other start lands uniformly in the last hour. */
    private readonly lastHourShare: number,
  ) {}

  /** A start time that leaves `reserveMs` before the window's end. */
  next(reserveMs: number): number {
    const { start, end } = this.window;
    const latest = Math.max(start, end - reserveMs);
    const i = this.issued++;
    if (i < this.forcedRecent) {
      const from = Math.max(start, end - 14 * MINUTE);
      return Math.floor(this.rng.float(from, Math.max(from, latest)));
    }
    if (this.rng.chance(this.lastHourShare)) {
      return Math.floor(this.rng.float(Math.max(start, latest - HOUR), latest));
    }
    return sampleWeighted(this.rng, start, latest);
  }
}

/** ISO 8601 with 9 fractional digits (Go's RFC3339Nano as in Nected's `date`), ms part = `ts`. */
export function isoNanos(ts: number, extraDigits: string): string {
  const iso = new Date(ts).toISOString(); // 2024-11-27T06:00:38.470Z
  return `${iso.slice(0, 23)}${extraDigits.padEnd(6, '0').slice(0, 6)}Z`;
}
