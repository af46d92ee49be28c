/**
 * Kore-compatible audit API (seed 003): `GET /api/public/auditlogs` with the `auth`
 * header, its filters (entity, entityId, userId, emailId, startTime, endTime, action)
 * and `{ logs: [...] }`. `skip`/`limit` page through results (`hasMore` says when to stop).
 */
import { Hono } from 'hono';
import * as P from '../params.js';
import { publicNative } from '../redaction.js';
import { ParamError } from '../params.js';
import { errorText } from '../log.js';
import { canSeePii } from '../principals.js';
import { authenticate, HttpError, type Env, type ServiceContext } from './context.js';

const PARAMS = {
  entity: P.text(100),
  entityId: P.text(100),
  userId: P.text(100),
  emailId: P.text(320),
  startTime: P.instant(),
  endTime: P.instant(true),
  action: P.oneOf(['create', 'update', 'delete'] as const),
  skip: P.int(0, 1_000_000),
  limit: P.int(1, 100),
};

/** What a restricted principal receives of a Kore record: its documented fields only. */
const KORE_PUBLIC = {
  keep: [
    '_id',
    'parentIds',
    'entity',
    'action',
    'userId',
    'accountId',
    'entityId',
    'delta',
    'htmlText',
    'userName',
    'emailId',
    'keywords',
    'cOn',
    '__v',
  ],
} as const;

export function koreApi(ctx: ServiceContext): Hono<Env> {
  const app = new Hono<Env>();
  app.onError((err, c) => {
    if (err instanceof ParamError)
      return c.json({ errors: [{ msg: err.message, code: 400 }] }, 400);
    if (err instanceof HttpError)
      return c.json({ errors: [{ msg: err.message, code: err.status }] }, err.status);
    console.error('kore api:', errorText(err));
    return c.json({ errors: [{ msg: 'Internal server error', code: 500 }] }, 500);
  });
  app.use(
    authenticate(ctx, (h) => h('auth'), {
      unauthorized: 'Invalid or missing auth token',
      forbidden: 'You do not have permission to view audit logs',
    }),
  );
  app.get('/', async (c) => {
    const p = P.parseParams(c.req.url, PARAMS);
    const w = ctx.store.originWhere('kore', ctx.now());
    if (p.entity) w.and(`target_type_lc = ${w.p(p.entity.toLowerCase())}`);
    if (p.entityId) w.and(`target_id = ${w.p(p.entityId)}`);
    if (p.userId) w.and(`actor_id = ${w.p(p.userId)}`);
    if (p.emailId) w.and(`actor_email_lc = ${w.p(p.emailId.toLowerCase())}`);
    if (p.action) w.and(`action_lc = ${w.p(p.action)}`);
    if (p.startTime !== undefined) w.and(`ts >= ${w.p(p.startTime)}`);
    if (p.endTime !== undefined) w.and(`ts <= ${w.p(p.endTime)}`);
    const skip = p.skip ?? 0;
    const limit = p.limit ?? 50;
    const { total, rows } = await ctx.store.offsetPage(w, limit, skip);
    const pii = canSeePii(c.get('principal'));
    return c.json({
      logs: rows.map((r) => (pii ? r.native : publicNative(r.native, KORE_PUBLIC))),
      total,
      skip,
      limit,
      hasMore: skip + rows.length < total,
    });
  });
  app.all('*', () => {
    throw new HttpError(404, 'Not found');
  });
  return app;
}
