import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../server/db.js';

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

  it('keeps going after a failed query', async () => {
    const bad = db.query('SELECT * FROM no_such_table');
    const good = db.query<{ ok: number }>('SELECT 1 AS ok');
    await expect(bad).rejects.toThrow(/no_such_table/);
    await expect(good).resolves.toEqual([{ ok: 1 }]);
  });
});
