/**
 * `AuditEvent` of `core/schema.ts` as a guard (`guard.ts`), field for field, with the same
 * issues (`test/node/sources/guard.test.ts` compares them): what the generic and the mapped
 * adapters check events with, without zod.
 */
import { EVENT_KINDS, REDACTABLE_PARTS, REDACTION_MARKER, type AuditEvent } from '../model.js';
import * as g from './guard.js';

const text = g.optional(g.string());
const marked = <T>(inner: g.Guard<T>) => g.union(g.oneOf([REDACTION_MARKER]), inner);
const headers = g.optional(marked(g.record(g.string())));
const params = g.optional(marked(g.record(g.union(g.string(), g.array(g.string())))));

/**
 * An `AuditEvent` (unknown keys dropped). Typed as one: `ObjectOf` reads an `unknown` value
 * (`delta.from`) as an optional key, where the guard requires it.
 */
export const AuditEventGuard = g.object({
  id: g.string(1),
  timestamp: g.number({ int: true, min: 0 }),
  kind: g.oneOf(EVENT_KINDS),
  actor: g.object({
    id: text,
    email: text,
    name: text,
    type: g.oneOf(['user', 'api-key', 'system']),
  }),
  action: g.string(),
  status: g.oneOf(['success', 'error']),
  message: text,
  messageHtml: text,
  environment: text,
  workspace: text,
  ip: text,
  target: g.optional(g.object({ type: g.string(), id: text, name: text })),
  plugin: text,
  skill: text,
  http: g.optional(
    g.object({
      method: g.string(),
      url: text,
      path: text,
      statusCode: g.optional(g.number({ int: true, min: 100, max: 599 })),
      durationMs: g.optional(g.number({ min: 0 })),
      attempt: g.optional(g.number({ int: true, min: 1 })),
    }),
  ),
  traceId: text,
  executionId: text,
  parentId: text,
  request: g.optional(g.object({ headers, query: params, params, body: g.optional(g.unknown) })),
  response: g.optional(g.object({ headers, body: g.optional(g.unknown) })),
  delta: g.optional(g.object({ from: g.unknown, to: g.unknown })),
  redacted: g.optional(g.array(g.oneOf(REDACTABLE_PARTS))),
  raw: g.optional(g.unknown),
}) as g.Guard<AuditEvent>;
