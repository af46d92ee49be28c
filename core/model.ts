/**
 * The domain model shared by the viewer, the adapters and the reference service: constants,
 * and the types inferred from the zod/mini schemas in `core/schema.ts`. This module has no
 * runtime dependency, so the components use it without loading zod: the adapters validate
 * with their guards (`core/sources/guard.ts`), the service and the `core` entry's `schema`
 * with zod.
 */
import type * as z from 'zod/mini';
import type * as S from './schema.js';

export const EVENT_KINDS = ['api-call', 'change', 'request'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export type ActorType = z.infer<typeof S.ActorType>;

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
export type RedactablePart = (typeof REDACTABLE_PARTS)[number];

export type Actor = z.infer<typeof S.Actor>;
export type Target = z.infer<typeof S.Target>;
export type HttpInfo = z.infer<typeof S.HttpInfo>;
export type RequestDetails = z.infer<typeof S.RequestDetails>;
export type ResponseDetails = z.infer<typeof S.ResponseDetails>;
export type Delta = z.infer<typeof S.Delta>;
export type AuditEvent = z.infer<typeof S.AuditEvent>;

export const RELATIVE_RANGES = ['15m', '1h', '24h', '7d'] as const;
export type RelativeRange = (typeof RELATIVE_RANGES)[number];
export const RELATIVE_RANGE_MS: Record<RelativeRange, number> = {
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '24h': 24 * 60 * 60_000,
  '7d': 7 * 24 * 60 * 60_000,
};

export type TimeRange = z.infer<typeof S.TimeRange>;

/** `api-key`: the actor is an API key; `jwt`: anyone else (a signed-in user's session). */
export const AUTH_TYPES = ['api-key', 'jwt'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

/** The filters of a view; see `Filters` in `core/schema.ts` for what each one matches. */
export type Filters = z.infer<typeof S.Filters>;
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

export type SortOrder = 'desc' | 'asc';

export const VIEW_STATE_VERSION = 1;
export type ViewState = z.infer<typeof S.ViewState>;

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
