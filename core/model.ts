/**
 * The domain model shared by the viewer, the adapters and the reference service.
 *
 * Schemas use `zod/mini` because this module ships in the browser bundle
 * (full zod costs ~27 KB gzip, zod/mini ~5 KB). Types are inferred from the schemas.
 */
import * as z from 'zod/mini';
import { parseStatusFilter } from './status.js';

export const EVENT_KINDS = ['api-call', 'change', 'request'] as const;
export const EventKind = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKind>;

export const ActorType = z.enum(['user', 'api-key', 'system']);
export type ActorType = z.infer<typeof ActorType>;

/**
 * What the server puts in place of a value the principal may not see.
 * The event's `redacted` list says which parts carry it.
 */
export const REDACTION_MARKER = '[redacted: requires the PII viewer role]';

export const REDACTABLE_PARTS = [
  'request.headers',
  'request.query',
  'request.params',
  'request.body',
  'response.headers',
  'response.body',
  'http.url.query',
] as const;
export const RedactablePart = z.enum(REDACTABLE_PARTS);
export type RedactablePart = z.infer<typeof RedactablePart>;

const Marker = z.literal(REDACTION_MARKER);
const Headers = z.union([Marker, z.record(z.string(), z.string())]);
const Params = z.union([Marker, z.record(z.string(), z.union([z.string(), z.array(z.string())]))]);

export const Actor = z.object({
  id: z.optional(z.string()),
  email: z.optional(z.string()),
  name: z.optional(z.string()),
  type: ActorType,
});
export type Actor = z.infer<typeof Actor>;

export const Target = z.object({
  type: z.string(),
  id: z.optional(z.string()),
  name: z.optional(z.string()),
});
export type Target = z.infer<typeof Target>;

export const HttpInfo = z.object({
  method: z.string(),
  url: z.optional(z.string()),
  path: z.optional(z.string()),
  statusCode: z.optional(z.int().check(z.gte(100), z.lte(599))),
  durationMs: z.optional(z.number().check(z.gte(0))),
  attempt: z.optional(z.int().check(z.gte(1))),
});
export type HttpInfo = z.infer<typeof HttpInfo>;

export const RequestDetails = z.object({
  headers: z.optional(Headers),
  query: z.optional(Params),
  params: z.optional(Params),
  body: z.optional(z.unknown()),
});
export type RequestDetails = z.infer<typeof RequestDetails>;

export const ResponseDetails = z.object({
  headers: z.optional(Headers),
  body: z.optional(z.unknown()),
});
export type ResponseDetails = z.infer<typeof ResponseDetails>;

export const Delta = z.object({ from: z.unknown(), to: z.unknown() });
export type Delta = z.infer<typeof Delta>;

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
export type AuditEvent = z.infer<typeof AuditEvent>;

export const RELATIVE_RANGES = ['15m', '1h', '24h', '7d'] as const;
export const RelativeRange = z.enum(RELATIVE_RANGES);
export type RelativeRange = z.infer<typeof RelativeRange>;
export const RELATIVE_RANGE_MS: Record<RelativeRange, number> = {
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '24h': 24 * 60 * 60_000,
  '7d': 7 * 24 * 60 * 60_000,
};

export const TimeRange = z.union([
  z.object({ type: z.literal('relative'), last: RelativeRange }),
  z.object({
    type: z.literal('absolute'),
    from: z.optional(z.int().check(z.gte(0))),
    to: z.optional(z.int().check(z.gte(0))),
  }),
]);
export type TimeRange = z.infer<typeof TimeRange>;

const StatusExpression = z.string().check(
  z.refine((s) => parseStatusFilter(s).ok, {
    message: 'expected a status code (201), a class (4xx), a range (>=400), success or error',
  }),
);

/** `api-key`: the actor is an API key; `jwt`: anyone else (a signed-in user's session). */
export const AUTH_TYPES = ['api-key', 'jwt'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

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
  /** See `parseStatusFilter`. */
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
export type Filters = z.infer<typeof Filters>;
export type FilterKey = keyof Filters;
export const FILTER_KEYS = [
  'q',
  'actor',
  'plugin',
  'skill',
  'kind',
  'method',
  'status',
  'traceId',
  'time',
  'action',
  'environment',
  'entityId',
  'userId',
  'workspace',
  'authType',
] as const satisfies readonly FilterKey[];

export const SortOrder = z.enum(['desc', 'asc']);
export type SortOrder = z.infer<typeof SortOrder>;

export const VIEW_STATE_VERSION = 1;
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
export type ViewState = z.infer<typeof ViewState>;

export function defaultViewState(): ViewState {
  return { v: VIEW_STATE_VERSION, filters: {}, sort: 'desc' };
}

export interface Page {
  events: AuditEvent[];
  /** Opaque; null when there is nothing more. */
  nextCursor: string | null;
}

export const ROLES = ['audit:read', 'pii-viewer'] as const;
export type Role = (typeof ROLES)[number];
export interface Principal {
  id: string;
  name: string;
  roles: readonly Role[];
}

export const canReadAudit = (p: Principal): boolean => p.roles.includes('audit:read');
export const canSeePii = (p: Principal): boolean => p.roles.includes('pii-viewer');
