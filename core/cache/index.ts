/** The page cache: stores and the `cachedSource` decorator. */
export { IdbPageStore, DB_NAME, DB_VERSION } from './idb-store.js';
export {
  MemoryPageStore,
  openingStore,
  DEFAULT_PURGE,
  DAY_MS,
  type PageStore,
  type PageRecord,
} from './store.js';
export {
  cachedSource,
  isCachedSource,
  listSafe,
  accessOf,
  bareUrl,
  isTransient,
  type CachedResult,
  type CachedSource,
} from './cached-source.js';
