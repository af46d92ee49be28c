/**
 * The IndexedDB page store (idb). Three object stores: `pages` (the page records), `meta`
 * (their key, size, age and last use: what purging and eviction read, without loading pages)
 * and `partitions`. Writes use relaxed durability, one transaction per page.
 *
 * Two pages of one origin (a side panel and a full tab) share the database: a newer version
 * opened elsewhere makes this connection close at once (`versionchange`), and it reopens on
 * next use, so neither blocks the other. Upgrades drop what an older layout stored.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  pagesToEvict,
  type PageRecord,
  type PageStore,
  type PartitionRecord,
  type PurgeOptions,
} from './store.js';

type Key = [string, string, string];
type Meta = Pick<PageRecord, 'partition' | 'query' | 'position' | 'usedAt' | 'newest' | 'bytes'>;

/**
 * A page record as stored: the page as JSON text. Cloning one string into IndexedDB is a copy;
 * cloning a thousand event objects field by field is what makes per-object writes slow.
 */
type StoredPage = Omit<PageRecord, 'page'> & { page: string };

interface CacheSchema extends DBSchema {
  pages: { key: Key; value: StoredPage };
  meta: { key: Key; value: Meta; indexes: { partition: string } };
  partitions: { key: string; value: PartitionRecord };
}

export const DB_NAME = 'audit-log-viewer-cache';
export const DB_VERSION = 1;
const STORES = ['pages', 'meta', 'partitions'] as const;

/** Every key of one partition: arrays sort after strings, so `[p, []]` is past `[p, q, pos]`. */
const partitionRange = (partition: string) => IDBKeyRange.bound([partition], [partition, []]);

const keyOf = (r: Pick<PageRecord, 'partition' | 'query' | 'position'>): Key => [
  r.partition,
  r.query,
  r.position,
];

/** A write refused for lack of space (Chromium reports some as an aborted transaction). */
const isQuota = (e: unknown): boolean =>
  e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'AbortError');

const revive = (stored: StoredPage): PageRecord => ({
  ...stored,
  page: JSON.parse(stored.page) as PageRecord['page'],
});

export interface IdbStoreOptions {
  name?: string;
  version?: number;
}

export class IdbPageStore implements PageStore {
  readonly kind = 'indexeddb';
  private db?: Promise<IDBPDatabase<CacheSchema>>;
  private readonly name: string;
  private readonly version: number;

  constructor(options: IdbStoreOptions = {}) {
    this.name = options.name ?? DB_NAME;
    this.version = options.version ?? DB_VERSION;
  }

  /** Opens the database (rejects where IndexedDB is unavailable or refuses). */
  open(): Promise<IDBPDatabase<CacheSchema>> {
    if (this.db) return this.db;
    const opening = openDB<CacheSchema>(this.name, this.version, {
      upgrade(db, oldVersion) {
        // An older layout's data is dropped cleanly: pages are only a cache.
        for (const name of [...db.objectStoreNames]) db.deleteObjectStore(name);
        void oldVersion;
        db.createObjectStore('pages', { keyPath: ['partition', 'query', 'position'] });
        const meta = db.createObjectStore('meta', { keyPath: ['partition', 'query', 'position'] });
        meta.createIndex('partition', 'partition');
        db.createObjectStore('partitions', { keyPath: 'partition' });
      },
      // Another page wants a newer version: step aside, reopen on next use.
      blocking: () => this.reset(),
      terminated: () => (this.db = undefined),
    });
    this.db = opening;
    opening.catch(() => {
      if (this.db === opening) this.db = undefined;
    });
    return opening;
  }

  private reset(): void {
    const db = this.db;
    this.db = undefined;
    void db?.then((d) => d.close()).catch(() => undefined);
  }

  async get(partition: string, query: string, position: string): Promise<PageRecord | undefined> {
    const db = await this.open();
    const stored = await db.get('pages', [partition, query, position]);
    const record = stored && revive(stored);
    if (record) {
      // Recency for eviction, in a tiny write of its own that nothing waits for.
      const tx = db.transaction('meta', 'readwrite', { durability: 'relaxed' });
      void tx.store
        .get(keyOf(record))
        .then((m) => (m ? tx.store.put({ ...m, usedAt: Date.now() }) : undefined))
        .catch(() => undefined);
      tx.done.catch(() => undefined);
    }
    return record;
  }

  async put(record: PageRecord): Promise<void> {
    try {
      await this.write(record);
    } catch (e) {
      if (!isQuota(e)) throw e;
      // Full: make room by dropping the least recently used quarter of what is cached, once.
      await this.evictFraction(0.25);
      await this.write(record);
    }
  }

  private async write(record: PageRecord): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['pages', 'meta'], 'readwrite', { durability: 'relaxed' });
    const { page, savedAt: _savedAt, ...meta } = record;
    void tx.objectStore('pages').put({ ...record, page: JSON.stringify(page) });
    void tx.objectStore('meta').put(meta);
    await tx.done;
  }

  private async evictFraction(fraction: number): Promise<void> {
    const db = await this.open();
    const metas = await db.getAll('meta');
    metas.sort((a, b) => a.usedAt - b.usedAt);
    await this.deletePages(metas.slice(0, Math.max(1, Math.ceil(metas.length * fraction))));
  }

  private async deletePages(metas: readonly Meta[]): Promise<void> {
    if (!metas.length) return;
    const db = await this.open();
    const tx = db.transaction(['pages', 'meta'], 'readwrite', { durability: 'relaxed' });
    for (const m of metas) {
      void tx.objectStore('pages').delete(keyOf(m));
      void tx.objectStore('meta').delete(keyOf(m));
    }
    await tx.done;
  }

  async pagesOf(partition: string): Promise<PageRecord[]> {
    const db = await this.open();
    return (await db.getAll('pages', partitionRange(partition))).map(revive);
  }

  async partition(partition: string): Promise<PartitionRecord | undefined> {
    return (await this.open()).get('partitions', partition);
  }

  async savePartition(record: PartitionRecord): Promise<void> {
    const db = await this.open();
    await db.put('partitions', record);
  }

  async dropPartition(partition: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORES, 'readwrite');
    const range = partitionRange(partition);
    void tx.objectStore('pages').delete(range);
    void tx.objectStore('meta').delete(range);
    void tx.objectStore('partitions').delete(partition);
    await tx.done;
  }

  async purge(options: PurgeOptions): Promise<void> {
    const db = await this.open();
    const [metas, partitions] = await Promise.all([db.getAll('meta'), db.getAll('partitions')]);
    await this.deletePages([...pagesToEvict(metas, partitions, options)]);
    const stale = partitions.filter((p) => p.usedAt < options.now - options.unusedMs);
    if (stale.length) {
      const tx = db.transaction('partitions', 'readwrite');
      for (const p of stale) void tx.store.delete(p.partition);
      await tx.done;
    }
  }

  async clear(): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORES, 'readwrite');
    for (const name of STORES) void tx.objectStore(name).clear();
    await tx.done;
  }

  close(): void {
    this.reset();
  }
}
