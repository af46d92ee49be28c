/**
 * The page stores the viewer's elements share on a page: one IndexedDB store (purged once
 * per page load) and one in-memory store. Where IndexedDB cannot be opened (blocked, private
 * mode, a database wedged read-only), the memory store takes over and the reason is returned
 * once, for the UI to say so.
 */
import { IdbPageStore } from '../../core/cache/idb-store.js';
import { DEFAULT_PURGE, MemoryPageStore, type PageStore } from '../../core/cache/store.js';

export type CacheMode = 'indexeddb' | 'memory' | 'none';

export interface OpenedStore {
  store: PageStore;
  /** Why IndexedDB is not used, when it was asked for and could not be. */
  fallback?: string;
}

let memory: MemoryPageStore | undefined;
let indexedDb: Promise<OpenedStore> | undefined;

const memoryStore = () => (memory ??= new MemoryPageStore());

/** The store for `mode`, opened; `maxBytes` caps what the purge at page load keeps. */
export function openPageStore(
  mode: Exclude<CacheMode, 'none'>,
  maxBytes: number,
): Promise<OpenedStore> {
  if (mode === 'memory') return Promise.resolve({ store: memoryStore() });
  indexedDb ??= openOrFallBack(new IdbPageStore(), maxBytes);
  return indexedDb;
}

/** Opens `store` and purges it; where it cannot be opened, the memory store and why. */
export async function openOrFallBack(store: IdbPageStore, maxBytes: number): Promise<OpenedStore> {
  try {
    await store.open();
  } catch (e) {
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { store: memoryStore(), fallback: why };
  }
  // Extension storage outlives "clear browsing data": the cache keeps its own rules.
  store.purge({ ...DEFAULT_PURGE, maxBytes, now: Date.now() }).catch(() => undefined);
  return { store };
}
