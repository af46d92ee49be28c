/** The reference audit service: every API shape over one store. */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { genericApi } from './api/generic.js';
import { koreApi } from './api/kore.js';
import { nectedApi } from './api/nected.js';
import { orgAuditApi } from './api/org-audit.js';
import type { ServiceContext } from './api/context.js';
import { faultMiddleware, type Fault } from './faults.js';
import { errorText, escapeForLog } from './log.js';

export interface AppOptions {
  faults?: Fault[];
  faultSeed?: number;
  /** Log one line per request (method, path without query, status, ms). Never headers or query strings. */
  log?: boolean;
  /** Extra routes mounted at `/` (the demo page). */
  mountStatic?: (app: Hono) => void;
}

const API_PREFIXES = ['/api/*', '/dev/audit/*'];

export function createApp(ctx: ServiceContext, opts: AppOptions = {}): Hono {
  const app = new Hono();
  if (opts.log)
    app.use(async (c, next) => {
      const t0 = performance.now();
      await next();
      // The path is the client's: escaped, so `%0A` cannot forge a line (never the query).
      console.log(
        `${escapeForLog(c.req.method, 16)} ${escapeForLog(c.req.path, 500)} ${c.res.status} ${Math.round(performance.now() - t0)}ms`,
      );
    });
  app.onError((err, c) => {
    console.error('audit service:', errorText(err));
    return c.json({ error: { code: 'internal', message: 'Internal error' } }, 500);
  });
  // CORS for any origin (the API authenticates by key, never by cookie): Hono's `cors`
  // answers the preflights. Every header of an actual request is set before the handler
  // answers: one added afterwards, or `cors` touching `c.res` first, turns Hono's light
  // response into a full Fetch Response that re-reads the whole body (under load, a
  // quarter of the service's time went there). Audit data is never cached by a browser
  // or proxy, and never sniffed into HTML.
  const preflight = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: [
      'authorization',
      'content-type',
      'nected-api-key',
      'auth',
      'last-event-id',
      'x-audit-fault',
    ],
    exposeHeaders: ['retry-after'],
    maxAge: 600,
  });
  for (const prefix of API_PREFIXES)
    app.use(prefix, async (c, next) => {
      c.header('Cache-Control', 'no-store');
      c.header('X-Content-Type-Options', 'nosniff');
      if (c.req.method !== 'OPTIONS') {
        c.header('Access-Control-Allow-Origin', '*');
        c.header('Access-Control-Expose-Headers', 'retry-after');
      }
      await next();
      // The stream's helper sets its own `no-cache`. (The headers of Hono's light response
      // can be changed in place; `c.header` here would rebuild it.)
      c.res.headers.set('Cache-Control', 'no-store');
    });
  for (const prefix of API_PREFIXES) app.options(prefix, preflight);
  if (opts.faults)
    for (const prefix of API_PREFIXES)
      app.use(prefix, faultMiddleware(opts.faults, opts.faultSeed));

  app.route('/api/v1/audit', genericApi(ctx));
  app.route('/dev/audit/audit', nectedApi(ctx));
  app.route('/api/public/auditlogs', koreApi(ctx));
  app.route('/api/v1/org/audit-logs', orgAuditApi(ctx));
  app.get('/healthz', async (c) => c.json({ ok: true, events: await ctx.store.count() }));
  opts.mountStatic?.(app);
  return app;
}
