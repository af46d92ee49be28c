/**
 * 1. The reference audit service, in this process: seeding, then the latency of each API
 * query over loopback (sequential), and a small concurrency run.
 */
import type { Hono } from 'hono';
import { readConfig } from '../../server/config.js';
import { DEMO_END_USER, generateSeed } from '../../server/seed/generate.js';
import { startService, type Service } from '../../server/service.js';
import { progress, type Report } from '../lib/report.js';
import { bytes, int, ms, summarize } from '../lib/stats.js';

const RUNS = 30;
const WARMUPS = 3;
const DEEP_PAGES = 20;

export interface StartedService {
  service: Service;
  events: number;
  /** startService from call to listening, ms. */
  startMs: number;
  /** The service's own "seeded N events in X ms" line, when it printed one. */
  seed?: { stored: number; refused: number; ms: number };
}

/**
 * The service's clock, pinned: the seed generator is deterministic for a given seed and
 * `now`, so every run serves the same 20,000 events (with a moving clock the stored count,
 * the traces and the matches of a query drift a little from run to run).
 */
export const BENCH_NOW = Date.parse('2026-03-02T15:00:00.000Z');

/** Starts the service the way the e2e test does (in-process, memory store, no live feed). */
export async function startBenchService(mountStatic: (app: Hono) => void): Promise<StartedService> {
  const config = readConfig(['--port', '0'], {
    AUDIT_DB: 'memory',
    AUDIT_LIVE_INTERVAL_MS: '0',
    AUDIT_LOG: '0',
  });
  // Not quiet, so the service times its own seeding; its one line is captured, not printed.
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  const t0 = performance.now();
  let service: Service;
  try {
    service = await startService(config, { mountStatic, now: () => BENCH_NOW });
  } finally {
    console.log = log;
  }
  const startMs = performance.now() - t0;
  const m = lines
    .map((l) => /seeded (\d+) events .*?(\d+) authentication calls refused\) in (\d+) ms/.exec(l))
    .find((x) => x !== null);
  return {
    service,
    events: config.events,
    startMs,
    seed: m ? { stored: Number(m[1]), refused: Number(m[2]), ms: Number(m[3]) } : undefined,
  };
}

type Headers = Record<string, string>;
const bearer = (key: string): Headers => ({ authorization: `Bearer ${key}` });
const nectedKey = (key: string): Headers => ({ 'nected-api-key': key });
const koreKey = (key: string): Headers => ({ auth: key });
const PII = 'demo-pii-viewer';
const RESTRICTED = 'demo-restricted';

interface Reply {
  status: number;
  body: string;
}

async function get(base: string, path: string, headers: Headers): Promise<Reply> {
  const res = await fetch(base + path, { headers });
  const body = await res.text();
  if (!res.ok) throw new Error(`GET ${path.split('?')[0]} -> ${res.status}: ${body.slice(0, 200)}`);
  return { status: res.status, body };
}

/** How many items a reply carries, whatever its API's envelope. */
function itemCount(body: string): number {
  const json = JSON.parse(body) as Record<string, unknown>;
  for (const key of ['data', 'logs', 'items']) {
    const v = json[key];
    if (Array.isArray(v)) return v.length;
  }
  return NaN;
}

interface Case {
  name: string;
  principal: string;
  path: string;
  headers: Headers;
}

const events = (params: Record<string, string>) =>
  `/api/v1/audit/events?${new URLSearchParams({ limit: '100', ...params }).toString()}`;

export async function benchService(report: Report, started: StartedService): Promise<void> {
  const { service } = started;
  const base = service.url;
  const s = report.section('1. Reference audit service (in-process, loopback)', [
    `Started like the e2e test: \`readConfig(['--port', '0'], { AUDIT_DB: 'memory', AUDIT_LIVE_INTERVAL_MS: '0', AUDIT_LOG: '0' })\` with the default ${int(started.events)} events, then \`startService\`, its clock pinned to ${new Date(BENCH_NOW).toISOString()} so that every run serves the same data. The HTTP client (Node's fetch) runs in the same process as the server, so each latency includes the client's share of the one event loop; bodies are read in full.`,
  ]);

  // --- Seeding --------------------------------------------------------------------------------
  const t0 = performance.now();
  const generated = generateSeed({ seed: 1, events: started.events, now: BENCH_NOW, days: 7 });
  const generateMs = performance.now() - t0;
  s.tables.push({
    headers: ['start-up', 'ms'],
    rows: [
      ['startService, total (PGlite in memory, schema, seed, listen)', ms(started.startMs)],
      [
        started.seed
          ? `seeding, as the service times it (${int(started.seed.stored)} stored, ${int(started.seed.refused)} auth calls refused)`
          : 'seeding (the service printed no timing)',
        started.seed ? ms(started.seed.ms) : '—',
      ],
      [
        `of which: generateSeed alone (${int(generated.length)} records, measured separately)`,
        ms(generateMs),
      ],
    ],
  });

  // --- Per-query latency ------------------------------------------------------------------------
  progress('service: choosing a trace id and the deep-page cursor');
  const sampleBody = JSON.parse((await get(base, events({ limit: '500' }), bearer(PII))).body) as {
    data: { traceId?: string }[];
  };
  // The longest trace among the newest 500 events.
  const traces = new Map<string, number>();
  for (const { traceId: id } of sampleBody.data) if (id) traces.set(id, (traces.get(id) ?? 0) + 1);
  const traceId = [...traces].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'missing';

  let cursor: string | null = null;
  const walk = async (): Promise<string | null> => {
    let next: string | null = null;
    for (let page = 1; page < DEEP_PAGES; page++) {
      const params: Record<string, string> = next ? { cursor: next } : {};
      const body = JSON.parse((await get(base, events(params), bearer(PII))).body) as {
        nextCursor: string | null;
      };
      next = body.nextCursor;
      if (!next) break;
    }
    return next;
  };
  cursor = await walk();

  const cases: Case[] = [
    { name: 'first page, unfiltered', principal: PII, path: events({}), headers: bearer(PII) },
    {
      name: `actor email (${DEMO_END_USER.email})`,
      principal: PII,
      path: events({ actor: DEMO_END_USER.email }),
      headers: bearer(PII),
    },
    {
      name: 'plugin "create ticket" + status 201',
      principal: PII,
      path: events({ plugin: 'create ticket', status: '201' }),
      headers: bearer(PII),
    },
    {
      name: 'status class 5xx',
      principal: PII,
      path: events({ status: '5xx' }),
      headers: bearer(PII),
    },
    { name: 'traceId', principal: PII, path: events({ traceId }), headers: bearer(PII) },
    ...(
      [
        ['q, one term ("incident")', 'incident'],
        ['q, two terms ("incident urgency")', 'incident urgency'],
      ] as const
    ).flatMap(([name, q]) =>
      [PII, RESTRICTED].map((key) => ({
        name,
        principal: key,
        path: events({ q }),
        headers: bearer(key),
      })),
    ),
    {
      name: `deep page: page ${DEEP_PAGES} (cursor after ${DEEP_PAGES - 1} pages)`,
      principal: PII,
      path: events(cursor ? { cursor } : {}),
      headers: bearer(PII),
    },
    {
      name: 'facets: plugin',
      principal: PII,
      path: '/api/v1/audit/facets?field=plugin',
      headers: bearer(PII),
    },
    {
      name: 'facets: actor',
      principal: PII,
      path: '/api/v1/audit/facets?field=actor',
      headers: bearer(PII),
    },
    {
      name: 'histogram, 60 buckets',
      principal: PII,
      path: '/api/v1/audit/histogram?buckets=60',
      headers: bearer(PII),
    },
    {
      name: 'Nected search, pageSize 10, page 1',
      principal: PII,
      path: '/dev/audit/audit/search?pageNo=1&pageSize=10',
      headers: nectedKey(PII),
    },
    {
      name: 'Nected search, pageSize 10, page 50',
      principal: PII,
      path: '/dev/audit/audit/search?pageNo=50&pageSize=10',
      headers: nectedKey(PII),
    },
    {
      name: 'Kore auditlogs, limit 100',
      principal: PII,
      path: '/api/public/auditlogs?limit=100',
      headers: koreKey(PII),
    },
    {
      name: 'org-audit, limit 100',
      principal: PII,
      path: '/api/v1/org/audit-logs?limit=100',
      headers: bearer(PII),
    },
  ];

  const rows: (string | number)[][] = [];
  for (const c of cases) {
    progress(`service: ${c.name} (${c.principal})`);
    try {
      let last: Reply | undefined;
      for (let i = 0; i < WARMUPS; i++) last = await get(base, c.path, c.headers);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        last = await get(base, c.path, c.headers);
        times.push(performance.now() - t);
      }
      const sum = summarize(times);
      rows.push([
        c.name,
        c.principal === PII ? 'PII viewer' : 'restricted',
        ms(sum.median),
        ms(sum.p95),
        ms(sum.min),
        int(itemCount(last!.body)),
        bytes(Buffer.byteLength(last!.body)),
      ]);
    } catch (e) {
      rows.push([c.name, c.principal, `error: ${(e as Error).message}`, '', '', '', '']);
    }
  }
  s.tables.push({
    headers: [
      'query (generic API: limit 100)',
      'as',
      'median ms',
      'p95 ms',
      'min ms',
      'items',
      'body',
    ],
    rows,
    numeric: [2, 3, 4, 5, 6],
  });

  const walks: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await walk();
    walks.push(performance.now() - t);
  }
  const w = summarize(walks);
  s.notes.push(
    `${RUNS} sequential requests per query after ${WARMUPS} warm-ups. The deep page replays the cursor of page ${DEEP_PAGES}, obtained by following \`nextCursor\` from page 1; walking all ${DEEP_PAGES - 1} pages before it takes ${ms(w.median)} ms (median of ${w.n}).`,
    `traceId used: \`${traceId}\`.`,
  );

  // --- Concurrency ----------------------------------------------------------------------------
  const mix = cases.filter((c) => c.path.startsWith('/api/v1/audit/events') && c.principal === PII);
  const runs = [
    { name: 'first page, unfiltered', paths: [cases[0]!] },
    { name: `mix of the ${mix.length} generic event queries above (PII viewer)`, paths: mix },
  ];
  const crows: (string | number)[][] = [];
  for (const run of runs) {
    progress(`service: concurrency, ${run.name}`);
    const r = await concurrently(200, 8, (i) => {
      const c = run.paths[i % run.paths.length]!;
      return get(base, c.path, c.headers);
    });
    const sum = summarize(r.latencies);
    crows.push([
      run.name,
      int(r.latencies.length),
      ms(r.wallMs),
      (r.latencies.length / (r.wallMs / 1000)).toFixed(1),
      ms(sum.median),
      ms(sum.p95),
      int(r.errors),
    ]);
  }
  s.tables.push({
    headers: [
      '200 requests, 8 in flight',
      'done',
      'wall ms',
      'req/s',
      'median ms',
      'p95 ms',
      'errors',
    ],
    rows: crows,
  });
}

/** Runs `total` calls of `fn`, at most `inFlight` at a time; latency of each, and wall time. */
async function concurrently(
  total: number,
  inFlight: number,
  fn: (i: number) => Promise<unknown>,
): Promise<{ latencies: number[]; wallMs: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      try {
        await fn(i);
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { latencies, wallMs: performance.now() - t0, errors };
}
