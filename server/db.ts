/**
 * One tiny interface over the two storage engines the service runs on: embedded
 * Postgres (PGlite, the default) and a real PostgreSQL server (`DATABASE_URL`).
 * Same SQL on both; numeric results are cast in SQL so both drivers return numbers.
 */
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-lock.js';

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
  return openPglite(config.kind === 'pglite' ? config.dataDir : undefined);
}

/** An error from the database, as the driver would have thrown it (message and SQLSTATE). */
class DbError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

type Reply = { id: number; rows?: unknown[]; error?: { message: string; code?: string } };

/**
 * PGlite on a worker thread (`pglite-worker.mjs`). It runs every query synchronously: on the
 * service's own thread, queued queries ran back to back while no request was read and no
 * response written (free text at 50 connections: p99 1.4 s, single waits of 6 s).
 */
async function openPglite(dataDir: string | undefined): Promise<Db> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  try {
    return await startPglite(dataDir, unlock);
  } catch (e) {
    unlock();
    throw e;
  }
}

async function startPglite(dataDir: string | undefined, unlock: () => void): Promise<Db> {
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: { dataDir },
  });
  let next = 0;
  const pending = new Map<
    number,
    { resolve: (rows: unknown[]) => void; reject: (e: Error) => void }
  >();
  let failure: Error | undefined;
  let closing = false;
  const failAll = (e: Error) => {
    failure ??= e;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  // Start-up: `ready`, or why not. (Only these listeners are removed afterwards: the
  // worker's own, which start its message port, must stay.)
  let onStart: ((m: { ready?: boolean; failed?: string }) => void) | undefined;
  let onError: ((e: Error) => void) | undefined;
  let onExit: ((code: number) => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      onStart = (m) => {
        if (m.ready) resolve();
        else reject(new Error(`The embedded store could not start: ${m.failed ?? 'no reason'}`));
      };
      onError = reject;
      onExit = (code) =>
        reject(new Error(`The embedded store could not start (exit code ${code})`));
      worker.once('message', onStart);
      worker.once('error', onError);
      worker.once('exit', onExit);
    });
  } catch (e) {
    await worker.terminate();
    throw e;
  } finally {
    if (onStart) worker.off('message', onStart);
    if (onError) worker.off('error', onError);
    if (onExit) worker.off('exit', onExit);
  }
  worker.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new DbError(m.error.message, m.error.code));
    else p.resolve(m.rows ?? []);
  });
  // The database's thread died under a running service: say so and stop, rather than answer
  // every request with an error from then on (a supervisor restarts the service).
  const died = (why: string) => {
    failAll(new Error(`The embedded store stopped (${why})`));
    if (closing) return;
    console.error(`audit service: the embedded store stopped (${why}); exiting`);
    process.exit(1);
  };
  worker.on('error', (e) => died(e.message));
  worker.on('exit', (code) => died(`exit code ${code}`));
  const send = (op: 'query' | 'exec' | 'close', sql = '', params?: unknown[]) =>
    new Promise<unknown[]>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, sql, params });
    });
  return {
    engine: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      return (await send('query', sql, params)) as T[];
    },
    async exec(sql: string) {
      await send('exec', sql);
    },
    async close() {
      if (closing) return;
      closing = true;
      try {
        if (!failure) await send('close');
      } finally {
        await worker.terminate();
        unlock();
      }
    },
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
