/**
 * The zod/mini schemas of the domain model (`core/model.ts` holds the constants and the types
 * inferred from these). The reference service validates with them, and the `core` entry
 * exports them (`schema`) for hosts. The viewer never downloads zod: the generic and mapped
 * adapters check `AuditEvent` with a guard (`core/sources/event-guard.ts`, compared with this
 * one by `test/node/sources/guard.test.ts`), and every adapter its backend's records with
 * guards of its own.
 */
import * as z from 'zod/mini';
import {
  AUTH_TYPES,
  EVENT_KINDS,
  REDACTABLE_PARTS,
  REDACTION_MARKER,
  RELATIVE_RANGES,
  VIEW_STATE_VERSION,
} from './model.js';
import { parseStatusList } from './status.js';

export const EventKind = z.enum(EVENT_KINDS);
export const ActorType = z.enum(['user', 'api-key', 'system']);
export const RedactablePart = z.enum(REDACTABLE_PARTS);

const Marker = z.literal(REDACTION_MARKER);
const Headers = z.union([Marker, z.record(z.string(), z.string())]);
const Params = z.union([Marker, z.record(z.string(), z.union([z.string(), z.array(z.string())]))]);

export const Actor = z.object({
  id: z.optional(z.string()),
  email: z.optional(z.string()),
  name: z.optional(z.string()),
  type: ActorType,
});
export const Target = z.object({
  type: z.string(),
  id: z.optional(z.string()),
  name: z.optional(z.string()),
});
export const HttpInfo = z.object({
  method: z.string(),
  url: z.optional(z.string()),
  path: z.optional(z.string()),
  statusCode: z.optional(z.int().check(z.gte(100), z.lte(599))),
  durationMs: z.optional(z.number().check(z.gte(0))),
  attempt: z.optional(z.int().check(z.gte(1))),
});
export const RequestDetails = z.object({
  headers: z.optional(Headers),
  query: z.optional(Params),
  params: z.optional(Params),
  body: z.optional(z.unknown()),
});
export const ResponseDetails = z.object({
  headers: z.optional(Headers),
  body: z.optional(z.unknown()),
});
export const Delta = z.object({ from: z.unknown(), to: z.unknown() });
export const AuditEvent = z.object({
  id: z.string().check(z.minLength(1)),
  /** Epoch milliseconds. */
  timestamp: z.int().check(z.gte(0)),
  kind: EventKind,
  actor: Actor,
  action: z.string(),
  status: z.enum(['success', 'error']),
  message: z.optional(z.string()),
  /** HTML from the backend (Kore `htmlText`): never render it unsanitized. */
  messageHtml: z.optional(z.string()),
  environment: z.optional(z.string()),
  workspace: z.optional(z.string()),
  ip: z.optional(z.string()),
  target: z.optional(Target),
  plugin: z.optional(z.string()),
  skill: z.optional(z.string()),
  http: z.optional(HttpInfo),
  traceId: z.optional(z.string()),
  executionId: z.optional(z.string()),
  parentId: z.optional(z.string()),
  request: z.optional(RequestDetails),
  response: z.optional(ResponseDetails),
  delta: z.optional(Delta),
  /** The parts the server withheld from this principal. */
  redacted: z.optional(z.array(RedactablePart)),
  /** The backend's own record, as received. */
  raw: z.optional(z.unknown()),
});
export const RelativeRange = z.enum(RELATIVE_RANGES);

export const TimeRange = z.union([
  z.object({ type: z.literal('relative'), last: RelativeRange }),
  z.object({
    type: z.literal('absolute'),
    from: z.optional(z.int().check(z.gte(0))),
    to: z.optional(z.int().check(z.gte(0))),
  }),
]);
const StatusExpression = z.string().check(
  z.refine((s) => parseStatusList(s).ok, {
    message:
      'expected a status code (201), a class (4xx), a range (>=400), success or error, or a comma list of them',
  }),
);

export const Filters = z.object({
  /** Free text: every whitespace-separated term must occur in what a person sees (`searchText`). */
  q: z.optional(z.string()),
  /** Actor email or display name, matched case-insensitively. */
  actor: z.optional(z.string()),
  /** Plugin (api calls) or module/entity/resource (changes, requests). */
  plugin: z.optional(z.string()),
  skill: z.optional(z.string()),
  kind: z.optional(EventKind),
  method: z.optional(z.string()),
  /** See `parseStatusList`. */
  status: z.optional(StatusExpression),
  traceId: z.optional(z.string()),
  time: z.optional(TimeRange),
  /** The event's action (Nected `event`, Kore `action`), matched case-insensitively. */
  action: z.optional(z.string()),
  /** Environment (Nected: production / staging), matched case-insensitively. */
  environment: z.optional(z.string()),
  /** Id of the changed entity (`target.id`, Kore `entityId`), exactly. */
  entityId: z.optional(z.string()),
  /** Id of the actor (`actor.id`, Kore `userId`), exactly. */
  userId: z.optional(z.string()),
  /** Workspace id (org-audit), exactly. */
  workspace: z.optional(z.string()),
  /** How the request was authenticated (org-audit): an API key, or a signed-in user's JWT. */
  authType: z.optional(z.enum(AUTH_TYPES)),
});
export const SortOrder = z.enum(['desc', 'asc']);

export const ViewState = z.object({
  v: z.literal(VIEW_STATE_VERSION),
  /** Adapter name (`generic`, `nected`, `kore`, `org-audit`). */
  source: z.optional(z.string()),
  filters: Filters,
  sort: SortOrder,
  columns: z.optional(z.array(z.string())),
  /** Id of the selected entry. */
  selected: z.optional(z.string()),
});
