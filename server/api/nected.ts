/**
 * Nected-compatible audit API (seed 002): `GET /dev/audit/audit/search` and
 * `GET /dev/audit/audit/:logId`, `nected-api-key` header, `pageSize` at most 10,
 * its envelope and its `{"error": "..."}` bodies.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import * as P from '../params.js';
import { ParamError } from '../params.js';
import { publicNative } from '../redaction.js';
import { contains, type Where } from '../sql.js';
import { errorText } from '../log.js';
import { recordAccess } from '../access-log.js';
import { canSeePii } from '../principals.js';
import { authenticate, HttpError, type Env, type ServiceContext } from './context.js';

/** Query value (lower-cased) -> the record's `type` (lower-cased). */
const TYPES: Record<string, string> = {
  ruleset: 'ruleset',
  simplerule: 'simplerule',
  dataset: 'dataset',
  connector: 'connector',
  globalvar: 'globalvar',
  decisiontable: 'decisiontable',
  systemapikey: 'systemapikey',
  authconfig: 'authconfig',
  cron: 'cron',
  workflow: 'workflow',
  nectedworkflow: 'workflow',
  api: 'api',
  delay: 'delay',
  webhook: 'webhook',
};
/** Query value (lower-cased) -> the record's `event` (lower-cased). */
const EVENTS: Record<string, string> = {
  test: 'test via console',
  api: 'call via api',
  rolerevoke: 'role revoke',
  roleupdate: 'role update',
  crontest: 'cron test',
  cron: 'cron',
  webhook: 'webhook',
  delayedtest: 'delayed test',
  delay: 'delay',
  create: 'create',
  update: 'update',
  delete: 'delete',
  publish: 'publish',
};
const STATUSES: Record<string, string> = {
  success: 'success',
  completed: 'success',
  error: 'error',
  failed: 'error',
};

/** A comma-separated list whose items (case-insensitive) map through `table`. */
const list = (table: Record<string, string>, documented: string): P.ParamRule<string[]> => ({
  schema: z.string().transform((s, ctx) => {
    const items = s.split(',').map((v) => table[v.trim().toLowerCase()]);
    if (items.some((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'unknown value' });
      return z.NEVER;
    }
    return [...new Set(items as string[])];
  }),
  expected: documented,
});

const SEARCH_PARAMS = {
  pageNo: P.int(1, 1_000_000),
  pageSize: P.int(1, 10),
  search: P.text(200),
  type: list(
    TYPES,
    'ruleSet | simpleRule | dataSet | connector | globalVar | decisionTable | systemAPIKey | authConfig | cron | workflow,nectedWorkflow | api | delay | webhook',
  ),
  event: list(
    EVENTS,
    'test | api | roleRevoke | roleUpdate | cronTest | cron | webhook | delayedTest | delay (comma-separated)',
  ),
  status: list(STATUSES, 'success,Completed | error,Failed'),
  environment: {
    schema: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(['production', 'staging'])),
    expected: 'production | staging',
  },
  startDate: P.instant(),
  endDate: P.instant(true),
};

/** What a restricted principal receives of a Nected record (input and output withheld). */
const NECTED_PUBLIC = {
  keep: [
    'entityId',
    'executionId',
    'type',
    'name',
    'event',
    'status',
    'environment',
    'user',
    'workspaceId',
    'ip',
    'logId',
    'statusTimeMs',
    'date',
    'rootNode',
    'traceId',
    'message',
    'path',
    'version',
  ],
  withheld: ['input', 'output'],
} as const;

export function nectedApi(ctx: ServiceContext): Hono<Env> {
  const app = new Hono<Env>();
  app.onError((err, c) => {
    if (err instanceof ParamError) return c.json({ error: err.message }, 400);
    if (err instanceof HttpError) return c.json({ error: err.message }, err.status);
    console.error('nected api:', errorText(err));
    return c.json({ error: 'Internal server error.' }, 500);
  });
  app.use(
    authenticate(ctx, (h) => h('nected-api-key'), {
      unauthorized: 'Unauthorized access. Invalid API key.',
      forbidden: 'Forbidden. This API key may not read audit logs.',
    }),
  );

  const render = (pii: boolean, native: Record<string, unknown>) =>
    pii ? native : publicNative(native, NECTED_PUBLIC);

  app.get('/search', async (c) => {
    const p = P.parseParams(c.req.url, SEARCH_PARAMS);
    const pii = canSeePii(c.get('principal'));
    const w = ctx.store.originWhere('nected', ctx.now());
    if (p.type) w.and(`target_type_lc = ANY(${w.p(p.type)}::text[])`);
    if (p.event) w.and(`action_lc = ANY(${w.p(p.event)}::text[])`);
    if (p.status) w.and(`outcome = ANY(${w.p(p.status)}::text[])`);
    if (p.environment) w.and(`environment_lc = ${w.p(p.environment)}`);
    if (p.search) {
      const like = w.p(contains(p.search.toLowerCase()));
      w.and(`name_lc LIKE ${like} OR ${pii ? 'search_full' : 'search_public'} LIKE ${like}`);
    }
    if (p.startDate !== undefined) w.and(`ts >= ${w.p(p.startDate)}`);
    if (p.endDate !== undefined) w.and(`ts <= ${w.p(p.endDate)}`);
    const pageNo = p.pageNo ?? 1;
    const pageSize = p.pageSize ?? 10;
    const { total, rows } = await ctx.store.offsetPage(w, pageSize, (pageNo - 1) * pageSize);
    return c.json({
      totalCount: total,
      totalPages: Math.ceil(total / pageSize),
      pageNo,
      pageSize,
      data: rows.map((r) => render(pii, r.native)),
      code: 'success',
      message: 'success.',
    });
  });

  app.get('/:logId', async (c) => {
    P.parseParams(c.req.url, {});
    const pii = canSeePii(c.get('principal'));
    const id = P.checkText('logId', c.req.param('logId'), 'path');
    const row = await ctx.store.get(id, ctx.now(), 'nected');
    if (!row?.native) throw new HttpError(404, 'Audit log entry not found.');
    await recordAccess(ctx, c.get('principal'), { id, api: 'Nected', path: c.req.path });
    const rootId = (row.native.rootNode as { logId?: string } | undefined)?.logId;
    const related = async (clause: (w: Where) => string) => {
      const w = ctx.store.originWhere('nected', ctx.now());
      w.and(clause(w));
      const { total, rows } = await ctx.store.offsetPage(w, 100, 0);
      return { total, records: rows.map((r) => render(pii, r.native)) };
    };
    const parent =
      rootId && rootId !== id ? (await related((w) => `id = ${w.p(rootId)}`)).records : [];
    const children = await related(
      (w) => `native->'rootNode'->>'logId' = ${w.p(id)} AND id <> ${w.p(id)}`,
    );
    return c.json({
      pageNo: 1,
      pageSize: 10,
      data: {
        detail: render(pii, row.native),
        parent,
        children: children.records,
        totalChildren: children.total,
      },
      code: 'success',
      message: 'success.',
    });
  });
  return app;
}
