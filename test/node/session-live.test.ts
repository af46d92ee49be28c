/**
 * The session's live tail as a reader sees it (issue 13 item 6): new events wait while the
 * reader is away from the top, and the connection's state is said honestly.
 */
import { describe, expect, it } from 'vitest';
import { FILTER_KEYS, type AuditEvent, type ViewState } from '../../core/model.js';
import { Session } from '../../core/session.js';
import type { SearchResult, Source, StreamOptions } from '../../core/sources/types.js';

const ev = (id: string): AuditEvent => ({
  id,
  timestamp: 1_700_000_000_000,
  kind: 'api-call',
  actor: { type: 'user' },
  action: 'create ticket',
  status: 'success',
});

const page = (ids: string[]): SearchResult => ({
  events: ids.map(ev),
  nextCursor: null,
  clientFiltered: [],
  scanned: ids.length,
  requests: 1,
});

const view = (q?: string): ViewState => ({ v: 1, filters: q ? { q } : {}, sort: 'desc' });
const flush = () => new Promise((r) => setImmediate(r));

interface Tail {
  push: (e: AuditEvent) => void;
  options: StreamOptions;
  signal: AbortSignal;
}

/** A source whose searches answer at once and whose tails the test drives. */
function tailingSource() {
  const tails: Tail[] = [];
  const source: Source = {
    name: 'tailing',
    capabilities: {
      filters: FILTER_KEYS,
      serverFilters: FILTER_KEYS,
      pagination: 'cursor',
      maxPageSize: 100,
      auth: { header: 'authorization', scheme: 'Bearer' },
      sortOrders: ['desc', 'asc'],
      detail: false,
      facets: false,
      histogram: false,
      stream: true,
    },
    planFilters: () => ({ server: [], client: [] }),
    search: () => Promise.resolve(page(['a', 'b'])),
    get: () => Promise.reject(new Error('no detail')),
    stream: (_view, onEvent, signal, options = {}) => {
      tails.push({ push: onEvent, options, signal });
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
    },
  };
  return { source, tails };
}

async function liveSession() {
  const { source, tails } = tailingSource();
  const s = new Session({ source, view: view() });
  s.refresh();
  await flush();
  s.setLive(true);
  return { s, tails };
}

const ids = (s: Session) => s.list?.events.map((e) => e.id);

describe('Session live tail', () => {
  it('holds new events while the reader is away from the top, and shows them on request', async () => {
    const { s, tails } = await liveSession();
    s.holdLive(true);
    tails[0]!.push(ev('n1'));
    tails[0]!.push(ev('n2'));
    tails[0]!.push(ev('n2'));
    expect(ids(s)).toEqual(['a', 'b']);
    expect(s.pendingLive.map((e) => e.id)).toEqual(['n2', 'n1']);
    s.showPending();
    expect(ids(s)).toEqual(['n2', 'n1', 'a', 'b']);
    expect(s.pendingLive).toEqual([]);
    s.dispose();
  });

  it('shows the held events when the reader is back at the top', async () => {
    const { s, tails } = await liveSession();
    s.holdLive(true);
    tails[0]!.push(ev('n1'));
    s.holdLive(false);
    expect(ids(s)).toEqual(['n1', 'a', 'b']);
    tails[0]!.push(ev('n2'));
    expect(ids(s)).toEqual(['n2', 'n1', 'a', 'b']);
    s.dispose();
  });

  it('holds new events while an entry is open, and shows them when it is closed', async () => {
    const { s, tails } = await liveSession();
    s.setView({ ...view(), selected: 'b' });
    tails[0]!.push(ev('n1'));
    expect(ids(s)).toEqual(['a', 'b']);
    expect(s.pendingLive.map((e) => e.id)).toEqual(['n1']);
    s.setView(view());
    expect(ids(s)).toEqual(['n1', 'a', 'b']);
    // Closed while scrolled away from the top: still held until back at the top.
    s.holdLive(true);
    s.setView({ ...view(), selected: 'a' });
    tails[0]!.push(ev('n2'));
    s.setView(view());
    expect(ids(s)).toEqual(['n1', 'a', 'b']);
    s.holdLive(false);
    expect(ids(s)).toEqual(['n2', 'n1', 'a', 'b']);
    // Scrolled away and back while an entry is open: still held.
    s.setView({ ...view(), selected: 'a' });
    s.holdLive(true);
    tails[0]!.push(ev('n3'));
    s.holdLive(false);
    expect(ids(s)).toEqual(['n2', 'n1', 'a', 'b']);
    s.setView(view());
    expect(ids(s)).toEqual(['n3', 'n2', 'n1', 'a', 'b']);
    s.dispose();
  });

  it('no longer counts as new a held event that a reload of the list shows', async () => {
    const { source, tails } = tailingSource();
    let ids_ = ['a', 'b'];
    source.search = () => Promise.resolve(page(ids_));
    const s = new Session({ source, view: view() });
    s.refresh();
    await flush();
    s.setLive(true);
    s.holdLive(true);
    tails[0]!.push(ev('n1'));
    tails[0]!.push(ev('n2'));
    expect(s.pendingLive.map((e) => e.id)).toEqual(['n2', 'n1']);
    ids_ = ['n1', 'a', 'b'];
    s.refresh();
    await flush();
    expect(ids(s)).toEqual(['n1', 'a', 'b']);
    expect(s.pendingLive.map((e) => e.id)).toEqual(['n2']);
    s.dispose();
  });

  it('drops held events of an older query', async () => {
    const { s, tails } = await liveSession();
    s.holdLive(true);
    tails[0]!.push(ev('n1'));
    s.setView(view('other'));
    expect(s.pendingLive).toEqual([]);
    s.dispose();
  });

  it('says connecting, live, reconnecting (with when), and off', async () => {
    const { s, tails } = await liveSession();
    expect(s.liveState).toBe('connecting');
    tails[0]!.options.onOpen!();
    expect(s.liveState).toBe('live');
    expect(s.liveOpen).toBe(true);
    const before = Date.now();
    tails[0]!.options.onDrop!(4000, new Error('dropped'));
    expect(s.liveState).toBe('reconnecting');
    expect(s.liveOpen).toBe(false);
    expect(s.liveRetryAt).toBeGreaterThanOrEqual(before + 4000);
    tails[0]!.options.onOpen!();
    expect(s.liveState).toBe('live');
    expect(s.liveRetryAt).toBeUndefined();
    s.setLive(false);
    expect(s.liveState).toBe('off');
    expect(tails[0]!.signal.aborted).toBe(true);
    s.dispose();
  });

  it('waits while the device is offline, and reconnects at once when it is back', async () => {
    const { s, tails } = await liveSession();
    tails[0]!.options.onOpen!();
    s.setOnline(false);
    expect(s.liveState).toBe('offline');
    expect(tails[0]!.signal.aborted).toBe(true);
    expect(tails).toHaveLength(1);
    s.setOnline(true);
    expect(tails).toHaveLength(2);
    expect(s.liveState).toBe('connecting');
    s.dispose();
  });

  it('turning the tail off shows what was held', async () => {
    const { s, tails } = await liveSession();
    s.holdLive(true);
    tails[0]!.push(ev('n1'));
    s.setLive(false);
    expect(ids(s)).toEqual(['n1', 'a', 'b']);
    s.dispose();
  });
});
