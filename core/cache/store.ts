/**
 * Where cached pages live: one record per fetched page (never one per event), keyed by
 * partition (source + principal), query and position. `MemoryPageStore` is the fallback
 * where IndexedDB is unavailable, and the `cache="memory"` mode.
 */
import type { SearchResult } from '../sources/types.js';

/** A fetched page as written: its events already stripped of everything sensitive. */
export interface PageRecord {
  partition: string;
  /** The canonical query (filters, sort, page size). */
  query: string;
  /** The cursor the page was fetched with; `''` for the first page. */
  position: string;
  /** When it was fetched (epoch ms). */
  savedAt: number;
  /** When it was last read or written (epoch ms): least-recently-used eviction. */
  usedAt: number;
  /** The newest event's timestamp: pages past the retention window are purged. */
  newest: number;
  /** Approximate size (UTF-16 length of its JSON). */
  bytes: number;
  page: Omit<SearchResult, 'rejected'>;
}

/** What the cache knows about a partition. */
export interface PartitionRecord {
  partition: string;
  usedAt: number;
  /** Whether the server redacted this principal's events, as last seen. */
  access?: 'restricted' | 'full';
}

export interface PurgeOptions {
  now: number;
  /** Pages whose newest event is older than this are dropped (the source's retention). */
  retentionMs: number;
  /** Partitions not used for this long are dropped. */
  unusedMs: number;
  /** Past this many bytes in all, least-recently-used pages are dropped. */
  maxBytes: number;
}

export interface PageStore {
  readonly kind: 'indexeddb' | 'memory';
  get(partition: string, query: string, position: string): Promise<PageRecord | undefined>;
  put(record: PageRecord): Promise<void>;
  /** Every page of a partition (for filtering over what is cached while offline). */
  pagesOf(partition: string): Promise<PageRecord[]>;
  partition(partition: string): Promise<PartitionRecord | undefined>;
  savePartition(record: PartitionRecord): Promise<void>;
  dropPartition(partition: string): Promise<void>;
  purge(options: PurgeOptions): Promise<void>;
  clear(): Promise<void>;
  close(): void;
}

export const DAY_MS = 24 * 60 * 60_000;
export const DEFAULT_PURGE: Omit<PurgeOptions, 'now'> = {
  retentionMs: 7 * DAY_MS,
  unusedMs: 30 * DAY_MS,
  maxBytes: 50 * 1024 * 1024,
};

/** The pages to drop so that the rest is within `options` (LRU beyond the size cap). */
export function pagesToEvict(
  pages: readonly Pick<
    PageRecord,
    'partition' | 'query' | 'position' | 'usedAt' | 'newest' | 'bytes'
  >[],
  partitions: readonly PartitionRecord[],
  options: PurgeOptions,
): Set<(typeof pages)[number]> {
  const gone = new Set<(typeof pages)[number]>();
  const unused = new Set(
    partitions.filter((p) => p.usedAt < options.now - options.unusedMs).map((p) => p.partition),
  );
  for (const p of pages)
    if (p.newest < options.now - options.retentionMs || unused.has(p.partition)) gone.add(p);
  let total = 0;
  for (const p of pages) if (!gone.has(p)) total += p.bytes;
  for (const p of [...pages].sort((a, b) => a.usedAt - b.usedAt)) {
    if (total <= options.maxBytes) break;
    if (gone.has(p)) continue;
    gone.add(p);
    total -= p.bytes;
  }
  return gone;
}

const keyOf = (partition: string, query: string, position: string) =>
  JSON.stringify([partition, query, position]);

export class MemoryPageStore implements PageStore {
  readonly kind = 'memory';
  private readonly pages = new Map<string, PageRecord>();
  private readonly partitions = new Map<string, PartitionRecord>();

  get(partition: string, query: string, position: string): Promise<PageRecord | undefined> {
    const record = this.pages.get(keyOf(partition, query, position));
    if (record) record.usedAt = Date.now();
    return Promise.resolve(record);
  }

  put(record: PageRecord): Promise<void> {
    this.pages.set(keyOf(record.partition, record.query, record.position), record);
    return Promise.resolve();
  }

  pagesOf(partition: string): Promise<PageRecord[]> {
    return Promise.resolve([...this.pages.values()].filter((p) => p.partition === partition));
  }

  partition(partition: string): Promise<PartitionRecord | undefined> {
    return Promise.resolve(this.partitions.get(partition));
  }

  savePartition(record: PartitionRecord): Promise<void> {
    this.partitions.set(record.partition, record);
    return Promise.resolve();
  }

  dropPartition(partition: string): Promise<void> {
    for (const [k, p] of this.pages) if (p.partition === partition) this.pages.delete(k);
    this.partitions.delete(partition);
    return Promise.resolve();
  }

  purge(options: PurgeOptions): Promise<void> {
    const gone = pagesToEvict([...this.pages.values()], [...this.partitions.values()], options);
    for (const [k, p] of this.pages) if (gone.has(p)) this.pages.delete(k);
    for (const p of this.partitions.values())
      if (p.usedAt < options.now - options.unusedMs) this.partitions.delete(p.partition);
    return Promise.resolve();
  }

  clear(): Promise<void> {
    this.pages.clear();
    this.partitions.clear();
    return Promise.resolve();
  }

  close(): void {}
}

/**
 * A store that is still opening, usable at once: each call waits for it. The viewer's first
 * request need not wait for IndexedDB (a fresh profile's first open, which creates the
 * database, takes 100 ms or more); only reading and writing the cache do. `kind` is the one
 * asked for until the store is open, then the one that opened (IndexedDB may fall back to
 * memory). `opening` should not reject: a store that cannot open should fall back instead.
 */
export function openingStore(opening: Promise<PageStore>, kind: PageStore['kind']): PageStore {
  let opened: PageStore | undefined;
  void opening.then(
    (s) => (opened = s),
    () => undefined,
  );
  const run = <T>(f: (s: PageStore) => Promise<T>): Promise<T> => opening.then(f);
  return {
    get kind() {
      return opened?.kind ?? kind;
    },
    get: (partition, query, position) => run((s) => s.get(partition, query, position)),
    put: (record) => run((s) => s.put(record)),
    pagesOf: (partition) => run((s) => s.pagesOf(partition)),
    partition: (partition) => run((s) => s.partition(partition)),
    savePartition: (record) => run((s) => s.savePartition(record)),
    dropPartition: (partition) => run((s) => s.dropPartition(partition)),
    purge: (options) => run((s) => s.purge(options)),
    clear: () => run((s) => s.clear()),
    close: () =>
      void opening.then(
        (s) => s.close(),
        () => undefined,
      ),
  };
}
