/**
 * What may enter the store, record by record:
 *
 * 1. the event must be an `AuditEvent` (the model's schema), hold no NUL or lone
 *    surrogate, and nest no deeper than `MAX_DEPTH`; otherwise it is refused with a reason;
 * 2. authentication calls (token endpoints, logins, sessions, of any kind of event) are
 *    never stored: they carry credentials;
 * 3. secrets are removed from everything else before it is stored: credential headers
 *    dropped, values under secret-like keys and bearer tokens, JWTs, card numbers, API
 *    keys and URL passwords inside text replaced by `SCRUBBED_MARKER`.
 */
import type { AuditEvent } from '../core/model.js';
import * as S from '../core/schema.js';
import { RecordProblem, scrubJson, unsafeText } from './scrub.js';

export { CREDENTIAL_HEADERS, SCRUBBED_MARKER } from './scrub.js';

/** Where a record comes from; `audit-service`: the service's own access log. */
export type Origin = 'api-logs' | 'nected' | 'kore' | 'org-audit' | 'audit-service';
export interface IngestRecord {
  origin: Origin;
  event: AuditEvent;
  native?: Record<string, unknown>;
}

const AUTH_PATH = new RegExp(
  '(?:^|/)(?:' +
    [
      'oauth2?(?:/v[\\d.]+)?/(?:token|authorize|introspect|revoke|device)',
      'oauth_token\\.do',
      'o/oauth2/\\w+',
      'token',
      'tokens',
      'authn',
      'authorize',
      'authenticate',
      'auth/(?:login|token|signin|session)',
      'idp/idx(?:/[\\w-]+)?',
      'login(?:\\.\\w+)?',
      'logon',
      'signin',
      'sign-in',
      'logout',
      'signout',
      'saml2?',
      'sessions?',
      'sso',
      'openid-connect/\\w+',
    ].join('|') +
    ')(?:[/;.]|$)',
  'i',
);

/** The path of a URL (absolute, or a path with a query), without query or fragment. */
function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).pathname;
  } catch {
    return url.split(/[?#]/)[0];
  }
}

/**
 * Token endpoints, logins and sessions: never stored, whatever the kind of event. Both the
 * path and the URL are looked at (a token URL whose `path` says something else).
 */
export function isAuthenticationCall(event: AuditEvent): boolean {
  for (const path of [pathOf(event.http?.path), pathOf(event.http?.url)]) {
    if (path === undefined) continue;
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      /* keep it as it is */
    }
    if (AUTH_PATH.test(path) || AUTH_PATH.test(decoded)) return true;
  }
  return false;
}

export type Admission = { ok: true; record: IngestRecord } | { ok: false; reason: string };

/** Identifiers and enums: checked, never rewritten. */
const VERBATIM = new Set([
  'id',
  'timestamp',
  'kind',
  'status',
  'traceId',
  'executionId',
  'parentId',
]);

/** The first schema issue, as `path: message`. */
function schemaReason(error: { issues: readonly { path: PropertyKey[]; message: string }[] }) {
  const issue = error.issues[0];
  if (!issue) return 'not an audit event';
  const path = issue.path.reduce<string>(
    (p, k) => (typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${String(k)}` : String(k)),
    '',
  );
  return `${path || 'event'}: ${issue.message}`;
}

/**
 * The record as it may be stored, or why it may not. Never throws: a bad record is one
 * refusal, and the rest of its batch is stored.
 */
export function admitRecord(record: IngestRecord): Admission {
  try {
    const event = record.event as unknown;
    if (!event || typeof event !== 'object' || Array.isArray(event))
      return { ok: false, reason: 'event: not an object' };
    // Checked (and copied) before the schema sees it: nesting, NULs, surrogates, non-JSON.
    const checked: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(event))
      checked[k] = scrubJson(v, { path: k, scrub: false });
    const parsed = S.AuditEvent.safeParse(checked);
    if (!parsed.success) return { ok: false, reason: schemaReason(parsed.error) };
    const valid = parsed.data;
    if (isAuthenticationCall(valid))
      return { ok: false, reason: 'an authentication call: never stored (it carries credentials)' };

    // The server decides what is redacted; a writer cannot.
    const { redacted: _redacted, ...rest } = valid;
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rest)) {
      clean[k] = VERBATIM.has(k) ? v : scrubJson(v, { path: k, key: k });
    }
    // The actor's and target's ids are identifiers, kept as they are.
    const out = clean as AuditEvent;
    out.actor = { ...out.actor, ...(valid.actor.id !== undefined && { id: valid.actor.id }) };
    if (out.target && valid.target?.id !== undefined)
      out.target = { ...out.target, id: valid.target.id };

    let native: Record<string, unknown> | undefined;
    if (record.native !== undefined) {
      native = scrubJson(record.native, { path: 'native' }) as Record<string, unknown>;
    }
    return { ok: true, record: { origin: record.origin, event: out, native } };
  } catch (e) {
    if (e instanceof RecordProblem) return { ok: false, reason: e.message };
    return { ok: false, reason: `could not be read (${e instanceof Error ? e.name : 'error'})` };
  }
}

/** The record as it may be stored, or undefined when it must not be stored at all. */
export function admit(record: IngestRecord): IngestRecord | undefined {
  const a = admitRecord(record);
  return a.ok ? a.record : undefined;
}

export { unsafeText };
