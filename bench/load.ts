/**
 * `npm run load`: the reference service under load, on loopback only, for a bounded time.
 *
 * Starts the service in a child process (so that the load generator does not share its
 * event loop), seeded with the default 20,000 events, and drives it with autocannon at 50
 * connections: a typical list, filtered free-text queries (as a PII viewer and as a
 * restricted principal), then the same list against a service with its default rate limit,
 * to see 429s with Retry-After. Runs on the embedded store (PGlite, in memory) and, when
 * DATABASE_URL is set, on that PostgreSQL too (its data is used as it is, never reset).
 *
 *   npm run load [-- --duration 10 --runs 3 --connections 50 --engine pglite|postgres]
 *
 * Each throughput scenario is measured `runs` times after its warm-up: the table gives the
 * medians and the range of p99 (one run's p99 on two cores shared with the load generator
 * swings widely).
 *
 * Prints a Markdown table and writes it to bench/results/load.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { readConfig } from '../server/config.js';
import { startService } from '../server/service.js';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  duration: number;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  timeout?: number;
  requests: { method: 'GET'; path: string; headers: Record<string, string> }[];
  setupClient?: (client: { setRequests(requests: AutocannonOptions['requests']): void }) => void;
}
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (o: AutocannonOptions) => Promise<AutocannonResult>;

const PII = { authorization: 'Bearer demo-pii-viewer' };
const RESTRICTED = { authorization: 'Bearer demo-restricted' };

/** Long enough for V8 to optimize the hot code (the embedded store's WebAssembly above all). */
const WARMUP_SECONDS = 5;

/** The rate limit of the last run (the default, 100/s with a burst of 2,000, is not reached in a few seconds). */
const LIMITED = { rate: 20, burst: 200 };

/** Free-text terms from rare to common in the seed (a mix, as people search). */
const TERMS = ['timeout', 'priya', 'okta', 'incident', 'error', 'servicenow', 'zendesk', '503'];

// -------------------------------------------------------------------------------------------
// Child: the service

async function serve(): Promise<void> {
  const config = readConfig(['--port', '0'], process.env);
  const service = await startService(config, { quiet: true });
  const events = await service.store.count();
  process.stdout.write(`${JSON.stringify({ url: service.url, events })}\n`);
  process.on('SIGTERM', () => {
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

// -------------------------------------------------------------------------------------------
// Parent: the load

interface Started {
  child: ChildProcess;
  url: string;
  events: number;
  startMs: number;
}

function startChild(env: Record<string, string>): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', '--serve'], {
    env: {
      ...process.env,
      AUDIT_LIVE_INTERVAL_MS: '0',
      AUDIT_LOG: '0',
      AUDIT_RECORD_ACCESS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        const { url, events } = JSON.parse(line) as { url: string; events: number };
        resolve({ child, url, events, startMs: performance.now() - t0 });
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`the service exited (${code}) before listening`)),
    );
  });
}

function stopChild(s: Started): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill('SIGTERM');
  });
}

interface Row {
  engine: string;
  scenario: string;
  /** One result per measured run (a single run's p99 on two shared cores swings by ±40%). */
  results: AutocannonResult[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const sum = (rs: AutocannonResult[], f: (r: AutocannonResult) => number) =>
  rs.reduce((n, r) => n + f(r), 0);

const events = (params: Record<string, string>) =>
  `/api/v1/audit/events?${new URLSearchParams({ limit: '50', ...params }).toString()}`;

async function load(
  url: string,
  requests: AutocannonOptions['requests'],
  opts: { connections: number; duration: number },
): Promise<AutocannonResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`not loopback: ${url}`);
  // Each connection goes through the requests in turn, starting at its own one (connection k
  // at request k mod n). Started together at the first, the 50 connections stayed in step: at
  // any moment all asked for the same term, so a run's p99 was 50 times its slowest term
  // (PGlite: 290–410 ms; 180–210 ms for the same mix staggered in a two-run trial outside
  // this script, whose own staggered runs later gave 213–371 ms on a slower process).
  let clients = 0;
  return autocannon({
    url,
    ...opts,
    timeout: 30,
    requests,
    setupClient: (client) => {
      const k = clients++ % requests.length;
      client.setRequests([...requests.slice(k), ...requests.slice(0, k)]);
    },
  });
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(rows: Row[]): string {
  const lines = [
    '| store | scenario | runs | req/s | p50 ms | p99 ms | p99 range | requests | errors | non-2xx | 429 |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { engine, scenario, results: rs } of rows) {
    const p99s = rs.map((r) => r.latency.p99);
    lines.push(
      `| ${engine} | ${scenario} | ${rs.length} | ${fmt(median(rs.map((r) => r.requests.average)))} | ${fmt(median(rs.map((r) => r.latency.p50)))} | ${fmt(median(p99s))} | ${fmt(Math.min(...p99s))}–${fmt(Math.max(...p99s))} | ${fmt(sum(rs, (r) => r.requests.total))} | ${sum(rs, (r) => r.errors + r.timeouts)} | ${sum(rs, (r) => r.non2xx)} | ${sum(rs, (r) => r.statusCodeStats['429']?.count ?? 0)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      serve: { type: 'boolean' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      runs: { type: 'string', default: '3' },
      engine: { type: 'string' },
    },
  });
  if (values.serve) return serve();

  const count = (name: 'duration' | 'connections' | 'runs', min: number, max: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(
        `--${name} takes a whole number from ${min} to ${max} (given ${values[name]})`,
      );
    return n;
  };
  const duration = count('duration', 1, 60);
  const connections = count('connections', 1, 200);
  const runs = count('runs', 1, 9);
  const engines: { name: string; env: Record<string, string> }[] = [];
  if (!values.engine || values.engine === 'pglite')
    engines.push({
      name: 'PGlite (embedded, in memory)',
      env: { AUDIT_DB: 'memory', DATABASE_URL: '' },
    });
  if ((!values.engine || values.engine === 'postgres') && process.env.DATABASE_URL)
    engines.push({
      name: 'PostgreSQL',
      env: { DATABASE_URL: process.env.DATABASE_URL, AUDIT_DEMO_KEYS: '1' },
    });

  const rows: Row[] = [];
  const notes: string[] = [];
  const opts = { connections, duration };
  for (const engine of engines) {
    console.error(`load: starting the service on ${engine.name}...`);
    // Throughput: no rate limit.
    const s = await startChild({ ...engine.env, AUDIT_RATE_LIMIT: '0' });
    notes.push(
      `${engine.name}: ${fmt(s.events)} events stored; the service was ready in ${fmt(s.startMs / 1000, 1)} s.`,
    );
    try {
      const scenarios: [string, AutocannonOptions['requests']][] = [
        [
          'list, first page of 50 (PII viewer)',
          [{ method: 'GET', path: events({}), headers: PII }],
        ],
        [
          `free text, ${TERMS.length} terms in turn (PII viewer)`,
          TERMS.map((q) => ({ method: 'GET', path: events({ q }), headers: PII })),
        ],
        [
          `free text + status:>=400, in turn (PII viewer)`,
          TERMS.map((q) => ({
            method: 'GET',
            path: events({ q, status: '>=400' }),
            headers: PII,
          })),
        ],
        [
          `free text, in turn (restricted)`,
          TERMS.map((q) => ({ method: 'GET', path: events({ q }), headers: RESTRICTED })),
        ],
      ];
      for (const [name, requests] of scenarios) {
        console.error(
          `load: ${engine.name}: ${name}, ${runs} × ${duration} s at ${connections} connections`,
        );
        // Warm-up (not measured): JIT, the database's caches, the connection pool.
        await load(s.url, requests, { connections, duration: WARMUP_SECONDS });
        const results: AutocannonResult[] = [];
        for (let i = 0; i < runs; i++) results.push(await load(s.url, requests, opts));
        rows.push({ engine: engine.name, scenario: name, results });
      }
    } finally {
      await stopChild(s);
    }

    // The rate limit (set low, so that a short run exhausts the burst).
    const limited = await startChild({
      ...engine.env,
      AUDIT_RATE_LIMIT: String(LIMITED.rate),
      AUDIT_RATE_BURST: String(LIMITED.burst),
    });
    try {
      const name = `list, rate limit ${LIMITED.rate}/s per key, burst ${LIMITED.burst}`;
      console.error(`load: ${engine.name}: ${name}`);
      const result = await load(
        limited.url,
        [{ method: 'GET', path: events({}), headers: PII }],
        opts,
      );
      rows.push({ engine: engine.name, scenario: name, results: [result] });
      // One key past its burst: the first refusal, and its Retry-After.
      let refused: Response | undefined;
      for (let i = 0; i < LIMITED.burst + 50 && !refused; i++) {
        const res = await fetch(limited.url + events({ limit: '1' }), { headers: PII });
        await res.body?.cancel();
        if (res.status === 429) refused = res;
      }
      const other = await fetch(limited.url + events({ limit: '1' }), { headers: RESTRICTED });
      await other.body?.cancel();
      notes.push(
        `${engine.name}, rate limit: ` +
          (refused
            ? `a key past its burst got 429 with Retry-After: ${refused.headers.get('retry-after')} s`
            : 'no 429 seen') +
          `; meanwhile another key got ${other.status}.`,
      );
    } finally {
      await stopChild(limited);
    }
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const md = [
    `# npm run load`,
    '',
    `${new Date().toISOString()} — Node ${process.version}, ${cpus().length} × ${cpu}; ${connections} connections, ${duration} s per scenario, loopback; the service in its own process, autocannon in this one; each scenario after a ${WARMUP_SECONDS} s warm-up, then measured ${runs} times (medians; the range of p99). Free-text terms: ${TERMS.join(', ')}; connection k starts at term k mod ${TERMS.length}.`,
    '',
    table(rows),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  console.log(md);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/load.md', md);

  const failed = rows.filter((row) =>
    row.results.some((r) =>
      row.scenario.includes('rate limit')
        ? r.errors > 0 || r.non2xx !== (r.statusCodeStats['429']?.count ?? 0)
        : r.errors > 0 || r.non2xx > 0,
    ),
  );
  if (failed.length) {
    console.error(`load: errors in ${failed.map((r) => r.scenario).join('; ')}`);
    process.exitCode = 1;
  }
}

await main();
