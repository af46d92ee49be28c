/** Starts the reference audit service: storage, seed data, HTTP, retention and the live feed. */
import { serve, type ServerType } from '@hono/node-server';
import { createServer, type AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import type { ServiceConfig } from './config.js';
import { createApp } from './app.js';
import { openDb } from './db.js';
import { Limits } from './limits.js';
import { Principals } from './principals.js';
import { generateSeed } from './seed/generate.js';
import { AuditStore } from './store.js';

export interface Service {
  url: string;
  store: AuditStore;
  app: Hono;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** Pinned clock for tests. */
  now?: () => number;
  quiet?: boolean;
  mountStatic?: (app: Hono) => void;
}

const DAY = 86_400_000;

/** Why the service cannot listen on `port`, in words (taken, or not allowed). */
function portError(port: number, e: Error & { code?: string }): Error {
  if (e.code === 'EADDRINUSE')
    return new Error(
      `port ${port} is in use (another audit service, or another program): stop it, or start this one with PORT=<another port> or --port`,
    );
  if (e.code === 'EACCES') return new Error(`port ${port} is not allowed for this user`);
  return e;
}

/** Rejects with `portError` when `port` cannot be listened on at 127.0.0.1 now. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e) => reject(portError(port, e)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

export async function startService(
  config: ServiceConfig,
  opts: ServiceOptions = {},
): Promise<Service> {
  const now = opts.now ?? Date.now;
  const say = (msg: string) => {
    if (!opts.quiet) console.log(msg);
  };
  // A port already taken is said at once, before a long first seeding, not after it.
  if (config.port !== 0) await assertPortFree(config.port);
  const db = await openDb(config.db);
  const store = new AuditStore(db, config.retentionDays * DAY);
  await store.init({ remake: false });
  if (config.reset) await store.clear();
  const purged = await store.purge(now());
  // After an upgrade that changed the redaction rules (or a store from before the stored
  // views), every restricted view is made again before the service answers (~14 s for
  // 17,000 events on PostgreSQL): say so rather than seem to hang.
  const t0 = performance.now();
  let remade = 0;
  await store.refreshPublicViews(1000, (n) => {
    if (n === 0)
      say('remaking the restricted views (missing, or made under other redaction rules)…');
    else if (n % 10_000 === 0) say(`  ${n.toLocaleString('en-US')} remade`);
    remade = n;
  });
  if (remade)
    say(
      `remade ${remade.toLocaleString('en-US')} restricted views in ${Math.round(performance.now() - t0)} ms`,
    );
  await store.analyze();
  if (purged) say(`retention: purged ${purged} events older than ${config.retentionDays} days`);
  if ((await store.count()) === 0 && config.events > 0) {
    // The first start (or --reset) seeds for several seconds to a minute: say so first.
    const kept = config.db.kind === 'memory' ? '' : ' (first start only: later starts reuse it)';
    say(`seeding ${config.events.toLocaleString('en-US')} demo events into an empty store${kept}…`);
    const t0 = performance.now();
    const { stored, refused } = await store.bulkLoad(
      generateSeed({
        seed: config.seed,
        events: config.events,
        now: now(),
        days: config.retentionDays,
      }),
    );
    say(
      `seeded ${stored} events (seed ${config.seed}; ${refused} authentication calls refused) in ${Math.round(performance.now() - t0)} ms`,
    );
  }

  const app = createApp(
    {
      store,
      principals: Principals.fromEnv(config.apiKeys, { demoKeys: config.demoKeys }),
      now,
      limits: new Limits(config.limits),
      recordAccess: config.recordAccess,
    },
    { faults: config.faults, log: config.log && !opts.quiet, mountStatic: opts.mountStatic },
  );
  const server = await new Promise<ServerType>((resolve, reject) => {
    const onError = (e: Error) => reject(portError(config.port, e));
    const s = serve({ fetch: app.fetch, port: config.port, hostname: '127.0.0.1' }, () => {
      s.off('error', onError);
      resolve(s);
    });
    s.once('error', onError);
  }).catch(async (e: unknown) => {
    await db.close();
    throw e;
  });
  const { port } = server.address() as AddressInfo;

  const timers: NodeJS.Timeout[] = [];
  timers.push(
    setInterval(() => {
      store
        .purge(now())
        .then((n) => n && say(`retention: purged ${n} events`))
        .then(() => store.analyze())
        .catch((e: unknown) =>
          console.error('retention purge failed:', e instanceof Error ? e.message : e),
        );
    }, config.purgeIntervalMs),
  );
  if (config.liveIntervalMs > 0) {
    let tick = 0;
    timers.push(
      setInterval(() => {
        // A few fresh events in the last seconds, so the live tail has something to show.
        const records = generateSeed({
          seed: config.seed * 1_000_003 + ++tick,
          events: 4,
          now: now(),
          days: config.liveIntervalMs / DAY,
        });
        store
          .ingest(records)
          .catch((e: unknown) =>
            console.error('live feed failed:', e instanceof Error ? e.message : e),
          );
      }, config.liveIntervalMs),
    );
  }
  for (const t of timers) t.unref();

  return {
    url: `http://127.0.0.1:${port}`,
    store,
    app,
    async close() {
      for (const t of timers) clearInterval(t);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Open streams would hold the server open for ever: end every connection.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
      await db.close();
    },
  };
}
