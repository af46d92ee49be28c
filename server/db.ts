/**
 * One tiny interface over the two storage engines the service runs on: embedded
 * Postgres (PGlite, the default) and a real PostgreSQL server (`DATABASE_URL`).
 * Same SQL on both; numeric results are cast in SQL so both drivers return numbers.
 */
import { mkdirSync } from 'node:fs';

export interface Db {
  readonly engine: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export type DbConfig =
  { kind: 'memory' } | { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export async function openDb(config: DbConfig): Promise<Db> {
  if (config.kind === 'postgres') return openPostgres(config.url);
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  if (config.kind === 'pglite') mkdirSync(config.dataDir, { recursive: true });
  const db = await PGlite.create({
    dataDir: config.kind === 'pglite' ? config.dataDir : undefined,
    extensions: { pg_trgm },
  });
  // PGlite runs each query synchronously on this thread. Queued queries would run back to
  // back in one turn of the event loop, while no request is read and no response written;
  // taking them one at a time, with the event loop turning in between, keeps waits fair.
  let tail: Promise<unknown> = Promise.resolve();
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    engine: 'pglite',
    query<T>(sql: string, params: unknown[] = []) {
      const run = tail.then(turn).then(() => db.query<T>(sql, params));
      tail = run.catch(() => undefined);
      return run.then((r) => r.rows);
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}

async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // Fail fast with a clear message rather than on the first request.
  await pool.query('select 1');
  return {
    engine: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
