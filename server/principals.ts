/**
 * API keys and the principals they stand for. Keys are kept only as SHA-256
 * digests, so neither a log line nor a heap dump of the lookup table holds one.
 */
import { createHash } from 'node:crypto';
import type { Principal, Role } from '../core/model.js';

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
} as const satisfies Record<string, Principal>;

const digest = (key: string): string => createHash('sha256').update(key).digest('hex');

export class Principals {
  private readonly byDigest = new Map<string, Principal>();

  constructor(keys: Record<string, Principal> = DEMO_KEYS) {
    for (const [key, p] of Object.entries(keys)) this.byDigest.set(digest(key), p);
  }

  /** `AUDIT_API_KEYS="key1=audit:read+pii-viewer,key2=audit:read"` adds keys to the demo ones. */
  static fromEnv(spec: string | undefined): Principals {
    const keys: Record<string, Principal> = { ...DEMO_KEYS };
    for (const entry of (spec ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [key, roles = ''] = entry.split('=');
      if (!key) continue;
      keys[key] = {
        id: `key_${digest(key).slice(0, 8)}`,
        name: `API key ${digest(key).slice(0, 8)}`,
        roles: roles.split('+').filter((r): r is Role => r === 'audit:read' || r === 'pii-viewer'),
      };
    }
    return new Principals(keys);
  }

  lookup(key: string | undefined | null): Principal | undefined {
    if (!key) return undefined;
    return this.byDigest.get(digest(key));
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}
