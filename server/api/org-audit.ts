/**
 * Organization audit-log API (seed 004): `GET /api/v1/org/audit-logs` and
 * `GET /api/v1/org/audit-logs/:id`. Requires `viewAuditLog` (403 otherwise);
 * details (body, query, path params, selected headers) are withheld from
 * principals without the PII-viewer role. NestJS-style error bodies.
 */
import { Hono } from 'hono';
import * as P from '../params.js';
import { ParamError } from '../params.js';
import { bearer } from '../principals.js';
import { publicNative, withholdValue } from '../redaction.js';
import { contains } from '../sql.js';
import { errorText } from '../log.js';
import { recordAccess } from '../access-log.js';
import { canSeePii } from '../principals.js';
import { authenticate, HttpError, type Env, type ServiceContext } from './context.js';

const PARAMS = {
  search: P.text(200),
  method: P.httpMethod,
  statusCode: P.int(100, 599),
  resource: P.text(100),
  authType: P.oneOf(['apiKey', 'jwt'] as const),
  from: P.instant(),
  to: P.instant(true),
  page: P.int(1, 1_000_000),
  limit: P.int(1, 100),
};

const ERRORS = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
} as const;

/** What a restricted principal receives of an org-audit record (details withheld apart). */
const ORG_PUBLIC = {
  keep: [
    'id',
    'account',
    'apiKey',
    'workspace',
    'authType',
    'resource',
    'method',
    'statusCode',
    'createdAt',
    'hasPayload',
  ],
  urls: ['path'],
} as const;

export function orgAuditApi(ctx: ServiceContext): Hono<Env> {
  const app = new Hono<Env>();
  app.onError((err, c) => {
    if (err instanceof ParamError)
      return c.json({ statusCode: 400, message: err.message, error: ERRORS[400] }, 400);
    if (err instanceof HttpError)
      return c.json(
        { statusCode: err.status, message: err.message, error: ERRORS[err.status] },
        err.status,
      );
    console.error('org-audit api:', errorText(err));
    return c.json(
      { statusCode: 500, message: 'Internal server error', error: 'Internal Server Error' },
      500,
    );
  });
  app.use(
    authenticate(ctx, (h) => bearer(h('authorization')), {
      unauthorized: 'Unauthorized',
      forbidden: 'Missing permission: viewAuditLog',
    }),
  );

  app.get('/', async (c) => {
    const p = P.parseParams(c.req.url, PARAMS);
    const w = ctx.store.originWhere('org-audit', ctx.now());
    if (p.search) {
      const like = w.p(contains(p.search.toLowerCase()));
      const exact = w.p(p.search);
      w.and(`lower(http_path) LIKE ${like} OR actor_id = ${exact} OR workspace = ${exact}`);
    }
    if (p.method) w.and(`method_lc = ${w.p(p.method.toLowerCase())}`);
    if (p.statusCode !== undefined) w.and(`status_code = ${w.p(p.statusCode)}`);
    if (p.resource) w.and(`target_type_lc = ${w.p(p.resource.toLowerCase())}`);
    if (p.authType) w.and(`actor_type ${p.authType === 'apiKey' ? '=' : '<>'} 'api-key'`);
    if (p.from !== undefined) w.and(`ts >= ${w.p(p.from)}`);
    if (p.to !== undefined) w.and(`ts <= ${w.p(p.to)}`);
    const page = p.page ?? 1;
    const limit = p.limit ?? 20;
    const { total, rows } = await ctx.store.offsetPage(w, limit, (page - 1) * limit);
    const pii = canSeePii(c.get('principal'));
    return c.json({
      items: rows.map(({ native: { details: _details, ...item } }) =>
        pii ? item : publicNative(item, ORG_PUBLIC),
      ),
      page,
      limit,
      total,
      totalPages: Math.ceil(total / limit),
    });
  });

  app.get('/:id', async (c) => {
    P.parseParams(c.req.url, {});
    const id = P.checkText('id', c.req.param('id'), 'path');
    const row = await ctx.store.get(id, ctx.now(), 'org-audit');
    if (!row?.native) throw new HttpError(404, 'Audit log not found');
    await recordAccess(ctx, c.get('principal'), { id, api: 'org-audit', path: c.req.path });
    const details = (row.native.details ?? {}) as Record<string, unknown>;
    const pii = canSeePii(c.get('principal'));
    return c.json({
      ...(pii ? row.native : publicNative(row.native, ORG_PUBLIC)),
      details: pii
        ? details
        : Object.fromEntries(Object.entries(details).map(([k, v]) => [k, withholdValue(v)])),
    });
  });
  return app;
}
