/** The reference service's own API: every filter server-side, cursor pagination, facets, histogram, live tail. */
import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { bodyLimit } from 'hono/body-limit';
import { EVENT_KINDS, type AuditEvent, type Filters } from '../../core/model.js';
import * as P from '../params.js';
import { ParamError } from '../params.js';
import { ACCESS_ORIGIN, recordAccess } from '../access-log.js';
import { bearer, canSeePii } from '../principals.js';
import {
  CursorError,
  decodeCursor,
  encodeCursor,
  FACET_FIELDS,
  type FacetField,
} from '../store.js';
import {
  authenticate,
  HttpError,
  present,
  scopeOf,
  type Env,
  type ServiceContext,
} from './context.js';
import { errorText } from '../log.js';

const FILTER_PARAMS = {
  q: P.text(),
  actor: P.excludableText(320),
  plugin: P.excludableText(200),
  skill: P.excludableText(200),
  kind: P.oneOf(EVENT_KINDS),
  method: P.httpMethod,
  status: P.status,
  traceId: P.text(200),
  from: P.instant(),
  to: P.instant(true),
};

// The rules are made once: building zod schemas per request showed in the service's profile.
const LIST_PARAMS = {
  ...FILTER_PARAMS,
  limit: P.int(1, 500),
  cursor: P.text(1000),
  order: P.oneOf(['desc', 'asc'] as const),
};
const FACET_FIELD_NAMES = Object.keys(FACET_FIELDS) as FacetField[];
const FACET_PARAMS = {
  ...FILTER_PARAMS,
  field: P.oneOf(FACET_FIELD_NAMES),
  limit: P.int(1, 100),
};
const HISTOGRAM_PARAMS = { ...FILTER_PARAMS, buckets: P.int(1, 500) };

function filtersOf(p: P.Parsed<typeof FILTER_PARAMS>): Filters {
  const { from, to, ...rest } = p;
  const f: Filters = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (from !== undefined || to !== undefined) f.time = { type: 'absolute', from, to };
  return f;
}

const CODES = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'too_large',
  429: 'rate_limited',
} as const;

/** How long a key at its stream limit is asked to wait. */
const STREAM_RETRY_AFTER_SECONDS = 5;
/** Events read per query while streaming. */
const STREAM_CHUNK = 500;

/** What one `POST /events` may carry. */
export const MAX_POST_EVENTS = 1000;
export const MAX_POST_BYTES = 32_000_000;

/**
 * `{"data":[…items],` then `tail`, as UTF-8 bytes. The items are JSON texts from the store;
 * encoding each to bytes and concatenating is ~6 times cheaper than joining them into one
 * string first (a page mixes one- and two-byte strings, and V8's join of those was ~1 ms
 * for 77 KB: under load, the service's largest cost after the socket).
 */
function jsonArrayBody(items: string[], tail: string): Uint8Array<ArrayBuffer> {
  const parts: Buffer[] = [Buffer.from('{"data":[')];
  items.forEach((item, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(Buffer.from(item));
  });
  parts.push(Buffer.from(`]${tail}`));
  return Buffer.concat(parts);
}
const COMMA = Buffer.from(',');

export function genericApi(ctx: ServiceContext): Hono<Env> {
  const app = new Hono<Env>();
  app.onError((err, c) => {
    if (err instanceof ParamError)
      return c.json(
        {
          error: {
            code: 'bad_request',
            message: err.message,
            param: err.param,
            expected: err.expected,
          },
        },
        400,
      );
    if (err instanceof HttpError) {
      if (err.status === 401) c.header('WWW-Authenticate', 'Bearer realm="audit"');
      return c.json({ error: { code: CODES[err.status], message: err.message } }, err.status);
    }
    console.error('generic api:', errorText(err));
    return c.json({ error: { code: 'internal', message: 'Internal error' } }, 500);
  });
  app.use(
    authenticate(ctx, (h) => bearer(h('authorization')), {
      unauthorized: 'Missing or unknown API key: send Authorization: Bearer <key>.',
      forbidden: 'This principal may not read audit logs.',
      forbiddenWrite: 'This principal may not record audit events (needs audit:write).',
    }),
  );

  /**
   * Records one event or an array of them (at most `MAX_POST_EVENTS`). Each is validated,
   * scrubbed and stored on its own; the answer says, in order, what became of each.
   */
  app.post(
    '/events',
    bodyLimit({
      maxSize: MAX_POST_BYTES,
      onError: () => {
        throw new HttpError(413, `The body is larger than ${MAX_POST_BYTES / 1_000_000} MB.`);
      },
    }),
    async (c) => {
      P.parseParams(c.req.url, {});
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/json\b/i.test(type))
        throw new ParamError('body', 'a JSON body (Content-Type: application/json)', type, 'body');
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        throw new ParamError('body', 'an AuditEvent or an array of them, as JSON', '', 'body');
      }
      const items = Array.isArray(body) ? body : [body];
      if (items.length === 0 || items.length > MAX_POST_EVENTS)
        throw new ParamError('body', `1 to ${MAX_POST_EVENTS} events`, '', 'body');
      const results = await ctx.store.ingestEach(
        items.map((event) => ({ origin: 'api-logs' as const, event: event as AuditEvent })),
      );
      const count = (s: string) => results.filter((r) => r.status === s).length;
      return c.json(
        {
          stored: count('stored'),
          duplicates: count('duplicate'),
          refused: count('refused'),
          results,
        },
        count('stored') > 0 ? 201 : 200,
      );
    },
  );

  app.get('/events', async (c) => {
    const p = P.parseParams(c.req.url, LIST_PARAMS);
    const order = p.order ?? 'desc';
    let cursor;
    if (p.cursor !== undefined) {
      try {
        cursor = decodeCursor(p.cursor);
      } catch (e) {
        if (e instanceof CursorError)
          throw new ParamError('cursor', 'a nextCursor returned by this API', p.cursor);
        throw e;
      }
      if (cursor.order !== order)
        throw new ParamError('cursor', `a cursor issued for order=${order}`, p.cursor);
    }
    const principal = c.get('principal');
    const query = {
      filters: filtersOf(p),
      scope: scopeOf(principal, ctx.now()),
      order,
      limit: p.limit ?? 50,
      cursor,
    };
    // What the principal may see, as stored (the whole event, or the restricted view made at
    // ingest): the JSON text goes out without being parsed and rewritten.
    const res = await ctx.store.searchJson(query);
    const next = res.next ? encodeCursor(res.next) : null;
    c.header('Content-Type', 'application/json');
    return c.body(jsonArrayBody(res.json, `,"nextCursor":${JSON.stringify(next)}}`));
  });

  app.get('/events/:id', async (c) => {
    P.parseParams(c.req.url, {});
    const id = P.checkText('id', c.req.param('id'), 'path');
    const principal = c.get('principal');
    const row = await ctx.store.get(id, ctx.now());
    if (!row || (row.origin === ACCESS_ORIGIN && !canSeePii(principal)))
      throw new HttpError(404, 'No audit event with this id.');
    await recordAccess(ctx, principal, { id, api: 'generic', path: c.req.path });
    return c.json({ data: present(principal, row.event) });
  });

  app.get('/facets', async (c) => {
    const p = P.parseParams(c.req.url, FACET_PARAMS);
    if (!p.field)
      throw new ParamError('field', `one of ${FACET_FIELD_NAMES.join(', ')} (required)`, '');
    const data = await ctx.store.facets(
      p.field,
      filtersOf(p),
      scopeOf(c.get('principal'), ctx.now()),
      p.limit ?? 20,
    );
    return c.json({ field: p.field, data });
  });

  app.get('/histogram', async (c) => {
    const p = P.parseParams(c.req.url, HISTOGRAM_PARAMS);
    const h = await ctx.store.histogram(
      filtersOf(p),
      scopeOf(c.get('principal'), ctx.now()),
      p.buckets ?? 60,
    );
    const n = Math.ceil((h.to - h.from + 1) / h.interval);
    const counts: Record<string, number>[] = Array.from({ length: n }, () => ({}));
    const data = counts.map((bucketCounts, b) => ({
      start: h.from + b * h.interval,
      end: Math.min(h.to, h.from + (b + 1) * h.interval - 1),
      total: 0,
      counts: bucketCounts,
    }));
    for (const r of h.rows) {
      const bucket = data[r.b];
      if (!bucket) continue;
      bucket.total += r.n;
      bucket.counts[r.cls] = r.n;
    }
    return c.json({ from: h.from, to: h.to, interval: h.interval, data });
  });

  app.get('/stream', (c) => {
    const p = P.parseParams(c.req.url, FILTER_PARAMS);
    const principal = c.get('principal');
    const filters = filtersOf(p);
    const lastEventId = Number(c.req.header('last-event-id'));
    const resuming = Number.isSafeInteger(lastEventId) && lastEventId > 0;
    const slot = ctx.limits?.openStream(principal.id) ?? { ok: true, release: () => {} };
    if (!slot.ok) {
      c.header('Retry-After', String(STREAM_RETRY_AFTER_SECONDS));
      throw new HttpError(
        429,
        `Too many open streams for this key (at most ${ctx.limits?.config.streamsPerKey}).`,
      );
    }
    const replayMax = ctx.limits?.config.replayMax ?? Infinity;
    return streamSSE(c, async (stream) => {
      stream.onAbort(slot.release);
      try {
        await serve(stream);
      } finally {
        slot.release();
      }
    });

    async function serve(stream: SSEStreamingApi): Promise<void> {
      const newest = await ctx.store.maxSeq();
      // A resumed stream replays at most `replayMax` stored events, not the whole store.
      let last = resuming ? Math.max(lastEventId, newest - replayMax) : newest;
      let busy = false;
      let again = false;
      const pump = async () => {
        if (busy) return void (again = true);
        busy = true;
        try {
          do {
            again = false;
            const upTo = await ctx.store.maxSeq();
            const rows = await ctx.store.since(
              last,
              filters,
              scopeOf(principal, ctx.now()),
              upTo,
              STREAM_CHUNK,
            );
            for (const r of rows)
              await stream.writeSSE({
                event: 'audit-event',
                id: String(r.seq),
                data: JSON.stringify(present(principal, r.event)),
              });
            // A full chunk: there may be more up to `upTo`; go again from the last one sent.
            if (rows.length === STREAM_CHUNK) {
              last = rows.at(-1)!.seq;
              again = true;
            } else last = upTo;
          } while (again && !stream.aborted);
        } finally {
          busy = false;
        }
      };
      // A failing query (the database gone, say) ends this stream; it never escapes as an
      // unhandled rejection, which would take the whole process down.
      const onIngest = () => {
        pump().catch((e: unknown) => {
          console.error('generic api: stream ended:', errorText(e));
          stream.abort();
        });
      };
      ctx.store.events.on('ingest', onIngest);
      // Writers in other processes (a shared PostgreSQL) are picked up by polling.
      const poll = setInterval(onIngest, 2000);
      const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n'), 15_000);
      await stream.writeSSE({
        event: 'ready',
        id: String(last),
        data: JSON.stringify({ since: last }),
      });
      if (resuming) onIngest(); // the replay, at once
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      ctx.store.events.off('ingest', onIngest);
      clearInterval(poll);
      clearInterval(heartbeat);
    }
  });

  app.all('*', () => {
    throw new HttpError(404, 'No such endpoint.');
  });
  return app;
}
