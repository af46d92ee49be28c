/**
 * API keys and the principals they stand for. Keys are kept only as SHA-256
 * digests, so neither a log line nor a heap dump of the lookup table holds one.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../core/model.js';

/** The viewer's roles, and `audit:write`: may record events (`POST /api/v1/audit/events`). */
export type ServiceRole = Role | 'audit:write';
export const SERVICE_ROLES: readonly ServiceRole[] = ['audit:read', 'pii-viewer', 'audit:write'];

export interface ServicePrincipal {
  id: string;
  name: string;
  roles: readonly ServiceRole[];
}

export const canRead = (p: ServicePrincipal): boolean => p.roles.includes('audit:read');
export const canSeePii = (p: ServicePrincipal): boolean => p.roles.includes('pii-viewer');
export const canWrite = (p: ServicePrincipal): boolean => p.roles.includes('audit:write');

/** Keys for demos and tests; only active when asked for (`demoKeys`, `AUDIT_DEMO_KEYS`). */
export const DEMO_KEYS = {
  'demo-pii-viewer': {
    id: 'usr_demo_pii',
    name: 'Dana (PII viewer)',
    roles: ['audit:read', 'pii-viewer'],
  },
  'demo-restricted': {
    id: 'usr_demo_restricted',
    name: 'Riley (restricted)',
    roles: ['audit:read'],
  },
  'demo-no-access': { id: 'usr_demo_none', name: 'Nico (no audit access)', roles: [] },
  'demo-writer': { id: 'svc_demo_writer', name: 'Wes (audit writer)', roles: ['audit:write'] },
} as const satisfies Record<string, ServicePrincipal>;

const digest = (key: string): string => createHash('sha256').update(key).digest('hex');

export class Principals {
  private readonly byDigest = new Map<string, ServicePrincipal>();

  constructor(keys: Record<string, ServicePrincipal> = DEMO_KEYS) {
    for (const [key, p] of Object.entries(keys)) this.byDigest.set(digest(key), p);
  }

  /**
   * `AUDIT_API_KEYS="key1=audit:read+pii-viewer,key2=audit:write"`: the service's keys.
   * The demo keys are added only when `demoKeys` is true.
   */
  static fromEnv(spec: string | undefined, opts: { demoKeys: boolean }): Principals {
    const keys: Record<string, ServicePrincipal> = opts.demoKeys ? { ...DEMO_KEYS } : {};
    for (const entry of (spec ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [key, roles = ''] = entry.split('=');
      if (!key) continue;
      keys[key] = {
        id: `key_${digest(key).slice(0, 8)}`,
        name: `API key ${digest(key).slice(0, 8)}`,
        roles: roles
          .split('+')
          .filter((r): r is ServiceRole => (SERVICE_ROLES as readonly string[]).includes(r)),
      };
    }
    return new Principals(keys);
  }

  lookup(key: string | undefined | null): ServicePrincipal | undefined {
    if (!key) return undefined;
    return this.byDigest.get(digest(key));
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}
