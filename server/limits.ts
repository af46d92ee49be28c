/**
 * What one key may ask of the service: requests per second (a token bucket per principal,
 * answered with 429 and `Retry-After` when empty), open streams at once, and how far back
 * a stream replays (`Last-Event-ID`).
 */

export interface LimitsConfig {
  /** Sustained requests per second per key; 0 turns the rate limit off. */
  ratePerSecond: number;
  /** Requests a key may make at once before the sustained rate applies. */
  burst: number;
  /** Streams (`GET /api/v1/audit/stream`) one key may hold open at once. */
  streamsPerKey: number;
  /** At most this many stored events are replayed to a stream resuming from `Last-Event-ID`. */
  replayMax: number;
  /**
   * Requests per second per client address that carry no valid key (slows key guessing and
   * floods that never authenticate); 0 turns it off. Answered with 429 instead of 401.
   */
  unauthenticatedPerSecond: number;
  /** Requests without a valid key a client address may make at once. */
  unauthenticatedBurst: number;
}

export const DEFAULT_LIMITS: LimitsConfig = {
  ratePerSecond: 100,
  burst: 2000,
  streamsPerKey: 10,
  replayMax: 1000,
  unauthenticatedPerSecond: 30,
  unauthenticatedBurst: 300,
};

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export class Limits {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly streams = new Map<string, number>();

  constructor(
    readonly config: LimitsConfig,
    /** Monotonic milliseconds (injectable for tests). */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Takes one request from the key's bucket. */
  take(key: string, rate = this.config.ratePerSecond, burst = this.config.burst): Verdict {
    if (rate <= 0) return { ok: true };
    const now = this.clock();
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / rate)) };
  }

  /** Takes one request without a valid key from the client address's bucket. */
  takeUnauthenticated(address: string): Verdict {
    const { unauthenticatedPerSecond: rate, unauthenticatedBurst: burst } = this.config;
    return this.take(`unauthenticated:${address}`, rate, burst);
  }

  /** Opens a stream for the key, if it may hold one more; `release` when it ends. */
  openStream(key: string): { ok: true; release: () => void } | { ok: false } {
    const open = this.streams.get(key) ?? 0;
    if (open >= this.config.streamsPerKey) return { ok: false };
    this.streams.set(key, open + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        const n = (this.streams.get(key) ?? 1) - 1;
        if (n <= 0) this.streams.delete(key);
        else this.streams.set(key, n);
      },
    };
  }

  /** Streams open for the key now. */
  openStreams(key: string): number {
    return this.streams.get(key) ?? 0;
  }
}
