import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { AuditEvent } from '../../core/model.js';
import {
  canRead,
  canSeePii,
  canWrite,
  type Principals,
  type ServicePrincipal,
} from '../principals.js';
import type { Limits } from '../limits.js';
import type { AuditStore, Scope } from '../store.js';
import { withholdPii } from '../redaction.js';

export interface ServiceContext {
  store: AuditStore;
  principals: Principals;
  /** Rate, stream and replay limits per key (none when absent). */
  limits?: Limits;
  /** Record each opened entry as an event of the service's own (default true). */
  recordAccess?: boolean;
  /** The clock, so tests can pin it. */
  now: () => number;
}

export type Env = { Variables: { principal: ServicePrincipal } };

/** What a principal is allowed to receive of an event. */
export const present = (p: ServicePrincipal, e: AuditEvent): AuditEvent =>
  canSeePii(p) ? e : withholdPii(e);

export const scopeOf = (p: ServicePrincipal, now: number): Scope => ({
  publicOnly: !canSeePii(p),
  now,
});

export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 429,
    message: string,
  ) {
    super(message);
  }
}

/** The client's address (its socket's), or "unknown" outside the Node server (in-process tests). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Authenticates with the key the API expects and requires the audit-read role (the
 * audit-write role for a POST). Throws HttpError(401/403); each API renders it in its
 * own envelope.
 */
export function authenticate(
  ctx: ServiceContext,
  keyOf: (header: (name: string) => string | undefined) => string | undefined,
  messages: { unauthorized: string; forbidden: string; forbiddenWrite?: string },
): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const principal = ctx.principals.lookup(keyOf((n) => c.req.header(n)));
    if (!principal) {
      const verdict = ctx.limits?.takeUnauthenticated(clientAddress(c));
      if (verdict && !verdict.ok) {
        c.header('Retry-After', String(verdict.retryAfterSeconds));
        throw new HttpError(
          429,
          `Too many requests without a valid key: try again in ${verdict.retryAfterSeconds} s.`,
        );
      }
      throw new HttpError(401, messages.unauthorized);
    }
    const verdict = ctx.limits?.take(principal.id);
    if (verdict && !verdict.ok) {
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      throw new HttpError(
        429,
        `Too many requests for this key: try again in ${verdict.retryAfterSeconds} s.`,
      );
    }
    if (c.req.method === 'POST') {
      if (!canWrite(principal))
        throw new HttpError(403, messages.forbiddenWrite ?? messages.forbidden);
    } else if (!canRead(principal)) throw new HttpError(403, messages.forbidden);
    c.set('principal', principal);
    await next();
  };
}
