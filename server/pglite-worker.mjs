// The embedded store's database (PGlite, Postgres in WebAssembly) on a thread of its own.
// PGlite runs each query synchronously: on the service's thread, every query held up reading
// requests and writing responses. Here the service's thread only passes messages.
//
// Plain JavaScript, so that it runs as a worker whatever loader started the service (tsx,
// vitest). Messages: { id, op: 'query' | 'exec' | 'close', sql, params } in;
// { id, rows } or { id, error: { message, code } } out; { ready } or { failed } once at start.
import { parentPort, workerData } from 'node:worker_threads';
import { mkdirSync } from 'node:fs';

const port = parentPort;
if (!port) throw new Error('pglite-worker.mjs runs as a worker thread');

/** @type {{ dataDir?: string }} */
const { dataDir } = workerData ?? {};

try {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  port.on(
    'message',
    (/** @type {{ id: number, op: string, sql: string, params?: unknown[] }} */ m) => {
      const run =
        m.op === 'query'
          ? db.query(m.sql, m.params ?? []).then((r) => r.rows)
          : m.op === 'exec'
            ? db.exec(m.sql).then(() => [])
            : db.close().then(() => []);
      run.then(
        (rows) => port.postMessage({ id: m.id, rows }),
        (/** @type {any} */ e) =>
          port.postMessage({
            id: m.id,
            error: { message: String(e?.message ?? e), code: e?.code },
          }),
      );
    },
  );
  port.postMessage({ ready: true });
} catch (e) {
  port.postMessage({ failed: String(/** @type {any} */ (e)?.stack ?? e) });
}
