import { describe, expect, it } from 'vitest';
import { MemoryPageStore, openingStore, type PageRecord } from '../../core/cache/store.js';

const record = (query: string): PageRecord => ({
  partition: 'p',
  query,
  position: '',
  savedAt: 1,
  usedAt: 1,
  newest: 1,
  bytes: 10,
  page: { events: [], nextCursor: null, clientFiltered: [], scanned: 0, requests: 1 },
});

describe('openingStore: a page store usable while it opens', () => {
  it('holds calls made before the store is open and runs them, in order, once it is', async () => {
    let open!: (s: MemoryPageStore) => void;
    const real = new MemoryPageStore();
    const store = openingStore(new Promise((resolve) => (open = resolve)), 'indexeddb');
    const put = store.put(record('a'));
    const got = store.get('p', 'a', '');
    let settled = false;
    void got.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    open(real);
    await put;
    expect((await got)?.query).toBe('a');
    expect((await real.get('p', 'a', ''))?.query).toBe('a');
  });

  it('says the kind asked for until open, then the kind that opened (a fallback to memory)', async () => {
    const real = new MemoryPageStore();
    const opening = Promise.resolve(real);
    const store = openingStore(opening, 'indexeddb');
    expect(store.kind).toBe('indexeddb');
    await opening;
    await Promise.resolve();
    expect(store.kind).toBe('memory');
  });
});
