/**
 * What may enter the store. Authentication calls are never stored (they carry
 * credentials), and credential headers are stripped from everything else.
 */
import type { AuditEvent } from '../core/model.js';

export type Origin = 'api-logs' | 'nected' | 'kore' | 'org-audit';
export interface IngestRecord {
  origin: Origin;
  event: AuditEvent;
  native?: Record<string, unknown>;
}

const AUTH_PATH =
  /(^|\/)(oauth2?(\/v[\d.]+)?\/token|oauth_token\.do|token|authn|login|signin|logout|saml2?|sessions?)(\/|$)/i;

/** Token endpoints, logins and sessions: never stored. */
export function isAuthenticationCall(event: AuditEvent): boolean {
  const path = event.http?.path ?? pathOf(event.http?.url);
  return path !== undefined && AUTH_PATH.test(path);
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0];
  }
}

export const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

function stripCredentials<T extends { headers?: unknown }>(part: T | undefined): T | undefined {
  if (!part?.headers || typeof part.headers !== 'object') return part;
  const headers = Object.fromEntries(
    Object.entries(part.headers as Record<string, string>).filter(
      ([k]) => !CREDENTIAL_HEADERS.has(k.toLowerCase()),
    ),
  );
  return { ...part, headers };
}

function stripNativeHeaders(native: Record<string, unknown> | undefined) {
  const details = native?.details as { headers?: unknown } | undefined;
  if (!native || !details) return native;
  return { ...native, details: stripCredentials(details) };
}

/** The record as it may be stored, or undefined when it must not be stored at all. */
export function admit(record: IngestRecord): IngestRecord | undefined {
  const { event } = record;
  if (event.kind === 'api-call' && isAuthenticationCall(event)) return undefined;
  const clean: AuditEvent = { ...event };
  if (event.request) clean.request = stripCredentials(event.request);
  if (event.response) clean.response = stripCredentials(event.response);
  return { ...record, event: clean, native: stripNativeHeaders(record.native) };
}
