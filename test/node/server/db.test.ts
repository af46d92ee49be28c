import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../core/model.js';
import { openDb, type Db } from '../../../server/db.js';
import { withholdPii } from '../../../server/redaction.js';
import { AuditStore } from '../../../server/store.js';

describe('embedded store (PGlite)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ kind: 'memory' });
  });
  afterAll(() => db.close());

  it('lets the event loop turn between queued queries, so requests are read meanwhile', async () => {
    const order: string[] = [];
    // Three queries queued at once, as concurrent requests would.
    const queries = [1, 2, 3].map((n) =>
      db.query<{ n: number }>('SELECT $1::int AS n', [n]).then((rows) => {
        order.push(`query ${rows[0]!.n}`);
      }),
    );
    // I/O callbacks and immediates queued after them (an incoming request) must not wait
    // for the whole queue.
    setImmediate(() => order.push('event loop'));
    await Promise.all(queries);
    expect(order).toContain('event loop');
    expect(order.indexOf('event loop')).toBeLessThan(order.indexOf('query 3'));
    expect(order.filter((o) => o.startsWith('query'))).toEqual(['query 1', 'query 2', 'query 3']);
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
