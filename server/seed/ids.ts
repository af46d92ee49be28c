/** Identifier formats of the seeded backends, made unique across one generated data set. */
import type { Rng } from './random.js';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

function base32Time(ms: number, width: number): string {
  let s = '';
  let v = Math.max(0, Math.floor(ms));
  for (let i = 0; i < width; i++) {
    s = CROCKFORD[v % 32] + s;
    v = Math.floor(v / 32);
  }
  return s;
}

/** Remembers every id handed out so that ids are unique across all origins. */
export class IdRegistry {
  constructor(
    private readonly rng: Rng,
    /** Shared between the registries of one data set. */
    private readonly seen: Set<string> = new Set(),
  ) {}

  /** A registry drawing from another stream but sharing this one's memory of ids. */
  withRng(rng: Rng): IdRegistry {
    return new IdRegistry(rng, this.seen);
  }

  private unique(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.seen.has(id)) {
        this.seen.add(id);
        return id;
      }
    }
  }

  /** `evt_` + 20 Crockford base32 chars: 9 encode the timestamp (so ids sort by time), 11 are random. */
  eventId(ts: number): string {
    return this.unique(() => `evt_${base32Time(ts, 9)}${this.rng.chars(CROCKFORD, 11)}`);
  }

  /** A MongoDB ObjectId: 8 hex of epoch seconds + 16 random hex. */
  objectId(ts: number): string {
    return this.unique(() => objectIdAt(this.rng, ts));
  }

  /** An Elasticsearch-style id as Nected's `logId`: 20 chars of [A-Za-z0-9]. */
  nectedLogId(): string {
    return this.unique(() => this.rng.alnum(20));
  }
}

/** An ObjectId-shaped string for entity ids (not registered: entity ids may repeat across records). */
export function objectIdAt(rng: Rng, ts: number): string {
  const secs = Math.max(0, Math.floor(ts / 1000))
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return secs + rng.hex(16);
}
