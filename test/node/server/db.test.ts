import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../core/model.js';
import { openDb, type Db } from '../../../server/db.js';
import { withholdPii } from '../../../server/redaction.js';
import { generateSeed } from '../../../server/seed/generate.js';
import { AuditStore } from '../../../server/store.js';

describe('embedded store (PGlite)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ kind: 'memory' });
  });
  afterAll(() => db.close());

  it('leaves the event loop free while queries run, so requests are read meanwhile', async () => {
    const order: string[] = [];
    // A long query (a few million rows) and two short ones queued behind it, as concurrent
    // requests would. Run on the service's own thread, it would hold the event loop until done.
    const queries = [
      db.query<{ n: number }>('SELECT count(*)::int AS n FROM generate_series(1, 3000000)'),
      db.query<{ n: number }>('SELECT 2 AS n'),
      db.query<{ n: number }>('SELECT 3 AS n'),
    ].map((q, i) => q.then(() => order.push(`query ${i + 1}`)));
    // An I/O callback queued after them (an incoming request) runs before the long query ends.
    setImmediate(() => order.push('event loop'));
    await Promise.all(queries);
    expect(order).toEqual(['event loop', 'query 1', 'query 2', 'query 3']);
  });

  it('keeps going after a failed query, which says why with its SQLSTATE', async () => {
    const bad = db.query('SELECT * FROM no_such_table');
    const good = db.query<{ ok: number }>('SELECT 1 AS ok');
    await expect(bad).rejects.toThrow(/no_such_table/);
    await expect(bad).rejects.toMatchObject({ code: '42P01' });
    await expect(good).resolves.toEqual([{ ok: 1 }]);
  });

  it('refuses queries once closed, with a clear error rather than hanging', async () => {
    const other = await openDb({ kind: 'memory' });
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toThrow(/embedded store stopped/);
  });
});

describe('the restricted view stored at ingest', () => {
  let db: Db;
  let store: AuditStore;
  const now = Date.parse('2026-03-02T15:00:00.000Z');
  const event: AuditEvent = {
    id: 'view-1',
    timestamp: now - 60_000,
    kind: 'api-call',
    actor: { type: 'user', email: 'jane@acme.example', name: 'Jane Roe' },
    action: 'update user',
    status: 'success',
    http: { method: 'POST', url: 'https://idp.example/api/v1/users/1', statusCode: 200 },
    request: { body: { phone: '+1 555 0100', note: 'moved to Lisbon' } },
  };
  const restricted = async (q?: string) => {
    const res = await store.searchJson({
      filters: q ? { q } : {},
      scope: { publicOnly: true, now },
      order: 'desc',
      limit: 10,
    });
    return res.json.map((j) => JSON.parse(j) as AuditEvent);
  };

  beforeAll(async () => {
    db = await openDb({ kind: 'memory' });
    store = new AuditStore(db, 7 * 86_400_000);
    await store.init();
    await store.ingest([{ origin: 'api-logs', event }]);
  });
  afterAll(() => db.close());

  it('is what a restricted principal gets: the event with its PII withheld', async () => {
    const [got] = await restricted();
    expect(got?.id).toBe('view-1');
    expect(JSON.stringify(got)).not.toContain('Lisbon');
    expect(got).toEqual(withholdPii(event));
    expect(await restricted('lisbon')).toEqual([]);
  });

  it('made under other rules, is never served nor searched, and is made again at start', async () => {
    // As if an older process had stored the whole event as the restricted view.
    await db.exec(
      `UPDATE audit_events SET event_public = event, search_public = search_full,
         public_rules = 'older rules'`,
    );
    // Before any rebuild: the list still withholds (the view is made per request), and free
    // text does not match what the old search text held.
    const [got] = await restricted();
    expect(got).toEqual(withholdPii(event));
    expect(await restricted('lisbon')).toEqual([]);
    expect(await store.refreshPublicViews()).toBe(1);
    const [row] = await db.query<{ event_public: AuditEvent }>(
      `SELECT event_public FROM audit_events WHERE id = 'view-1'`,
    );
    expect(row?.event_public).toEqual(withholdPii(event));
    expect(await restricted('lisbon')).toEqual([]);
  });

  it('is made for the events of a store from before the column', async () => {
    await db.exec('UPDATE audit_events SET event_public = NULL, public_rules = NULL');
    // Served whole-then-withheld until made: never a null entry.
    expect(await restricted()).toEqual([withholdPii(event)]);
    await store.init();
    const [got] = await restricted();
    expect(got).toEqual(withholdPii(event));
    // Nothing to redo on a later start.
    expect(await store.refreshPublicViews()).toBe(0);
  });
});

describe('the search texts', () => {
  let db: Db;
  let store: AuditStore;
  const now = Date.parse('2026-03-02T15:00:00.000Z');
  beforeAll(async () => {
    db = await openDb({ kind: 'memory' });
    store = new AuditStore(db, 7 * 86_400_000);
    await store.init();
  });
  afterAll(() => db.close());

  it('stay in the row uncompressed, so free text need not decompress each before matching', async () => {
    // The demo's own events: with PostgreSQL's default storage, the search text of about a
    // quarter of them was compressed in place (their rows pass the 2 KB threshold).
    const { stored } = await store.ingest(generateSeed({ seed: 7, events: 2000, now, days: 7 }));
    expect(stored).toBeGreaterThan(1500);
    const [row] = await db.query<{ wide: number; compressed: number }>(
      `SELECT count(*) FILTER (WHERE octet_length(event::text) > 2000)::int AS wide,
              count(*) FILTER (WHERE pg_column_size(search_full) < octet_length(search_full)
                                  OR pg_column_size(search_public) < octet_length(search_public))::int
                AS compressed
         FROM audit_events`,
    );
    expect(row!.wide).toBeGreaterThan(100);
    // Only a row still too wide once the event and the native record are compressed or moved
    // out (a search text near 2 KB itself) has it compressed: 2 of these 2,000.
    expect(row!.compressed).toBeLessThan(stored / 100);
  });
});
