/**
 * Audit the auditors: each time a principal opens an entry (a detail endpoint), the
 * service records an audit event of its own — who, which entry, when — that PII viewers
 * see among the others (`plugin: audit-log`) and restricted principals never do.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../core/model.js';
import type { ServiceContext } from './api/context.js';
import { errorText } from './log.js';
import { canSeePii, type ServicePrincipal } from './principals.js';

/** The origin of the service's own events; withheld from restricted principals. */
export const ACCESS_ORIGIN = 'audit-service';
export const ACCESS_PLUGIN = 'audit-log';

export function accessEvent(
  principal: ServicePrincipal,
  entry: { id: string; api: string; path: string },
  now: number,
): AuditEvent {
  const redacted = canSeePii(principal) ? '' : ' (redacted)';
  return {
    id: `access-${randomUUID()}`,
    timestamp: now,
    kind: 'request',
    actor: { type: 'api-key', id: principal.id, name: principal.name },
    action: 'view audit entry',
    status: 'success',
    message: `${principal.name} opened audit entry ${entry.id} through the ${entry.api} API${redacted}`,
    plugin: ACCESS_PLUGIN,
    target: { type: 'audit-event', id: entry.id },
    http: { method: 'GET', path: entry.path, statusCode: 200 },
  };
}

/** Records that `principal` opened an entry. Never fails the request it is part of. */
export async function recordAccess(
  ctx: ServiceContext,
  principal: ServicePrincipal,
  entry: { id: string; api: string; path: string },
): Promise<void> {
  if (ctx.recordAccess === false) return;
  try {
    const [result] = await ctx.store.ingestEach([
      { origin: ACCESS_ORIGIN, event: accessEvent(principal, entry, ctx.now()) },
    ]);
    if (result?.status === 'refused')
      console.error('access log: not recorded:', errorText(result.reason));
  } catch (e) {
    console.error('access log: not recorded:', errorText(e));
  }
}
