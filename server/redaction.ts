/**
 * Server-side governance: a principal without the PII-viewer role receives an event built
 * from an allowlist of fields known to be safe. Headers, query and path parameters and
 * bodies are replaced by `REDACTION_MARKER` and listed in `event.redacted`; every URL and
 * path loses its query, fragment, userinfo and matrix parameters; `raw` and any field not
 * on the list are left out.
 */
import {
  REDACTION_MARKER,
  type Actor,
  type AuditEvent,
  type HttpInfo,
  type RedactablePart,
  type Target,
} from '../core/model.js';

const present = (v: unknown): boolean =>
  v !== undefined &&
  v !== null &&
  !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * A URL or path with nothing but scheme, host, port and path: no query, fragment, userinfo
 * or matrix parameters (`;jsessionid=...`). Works on text, so a URL no parser accepts is
 * cut the same way.
 */
export function publicUrl(url: string): string {
  let out = url;
  const cut = out.search(/[?#]/);
  if (cut >= 0) out = out.slice(0, cut);
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(out) ?? /^\/\//.exec(out);
  let authority = '';
  if (scheme) {
    const rest = out.slice(scheme[0].length);
    const slash = rest.indexOf('/');
    authority = slash >= 0 ? rest.slice(0, slash) : rest;
    const path = slash >= 0 ? rest.slice(slash) : '';
    const at = authority.lastIndexOf('@');
    if (at >= 0) authority = authority.slice(at + 1);
    authority = authority.replace(/;.*$/, '');
    out = path;
    return `${scheme[0]}${authority}${stripMatrix(out)}`;
  }
  return stripMatrix(out);
}

/** Each path segment without its `;params`. */
const stripMatrix = (path: string): string => path.replace(/;[^/]*/g, '');

function publicActor(a: Actor): Actor {
  const out: Actor = { type: a.type };
  if (str(a.id) !== undefined) out.id = a.id;
  if (str(a.email) !== undefined) out.email = a.email;
  if (str(a.name) !== undefined) out.name = a.name;
  return out;
}

function publicTarget(t: Target): Target {
  const out: Target = { type: t.type };
  if (str(t.id) !== undefined) out.id = t.id;
  if (str(t.name) !== undefined) out.name = t.name;
  return out;
}

/** Fields copied as they are: identifiers, names, outcomes, where and when. */
const SAFE_FIELDS = [
  'id',
  'timestamp',
  'kind',
  'action',
  'status',
  'message',
  'messageHtml',
  'environment',
  'workspace',
  'ip',
  'plugin',
  'skill',
  'traceId',
  'executionId',
  'parentId',
] as const satisfies readonly (keyof AuditEvent)[];

export function withholdPii(event: AuditEvent): AuditEvent {
  const redacted: RedactablePart[] = [];
  const out = { actor: publicActor(event.actor) } as AuditEvent;
  for (const k of SAFE_FIELDS)
    if (event[k] !== undefined) (out as Record<string, unknown>)[k] = event[k];
  if (event.target) out.target = publicTarget(event.target);
  if (event.http) {
    const h: HttpInfo = { method: event.http.method };
    let cut = false;
    for (const k of ['url', 'path'] as const) {
      const v = str(event.http[k]);
      if (v === undefined) continue;
      h[k] = publicUrl(v);
      if (h[k] !== v) cut = true;
    }
    for (const k of ['statusCode', 'durationMs', 'attempt'] as const)
      if (num(event.http[k]) !== undefined) h[k] = event.http[k];
    out.http = h;
    if (cut) redacted.push('http.url.query');
  }
  if (event.request) {
    const req: NonNullable<AuditEvent['request']> = {};
    for (const key of ['headers', 'query', 'params', 'body'] as const) {
      if (present(event.request[key])) {
        req[key] = REDACTION_MARKER;
        redacted.push(`request.${key}`);
      }
    }
    out.request = req;
  }
  if (event.response) {
    const res: NonNullable<AuditEvent['response']> = {};
    for (const key of ['headers', 'body'] as const) {
      if (present(event.response[key])) {
        res[key] = REDACTION_MARKER;
        redacted.push(`response.${key}`);
      }
    }
    out.response = res;
  }
  // A change's before and after is what a change log is for; secrets in it were scrubbed
  // at ingest. (`raw`, the backend's own record, is never sent: it repeats the withheld parts.)
  if (event.delta) out.delta = event.delta;
  if (redacted.length) out.redacted = redacted;
  return out;
}

/** A backend-native value withheld for the same reason (Nected input/output, org-audit details). */
export const withholdValue = (v: unknown): unknown => (present(v) ? REDACTION_MARKER : v);

/**
 * A backend-native record cut to an allowlist of fields: `withheld` ones replaced by the
 * marker when present, `urls` ones cut like `publicUrl`, the rest of `keep` copied, and
 * anything else left out.
 */
export function publicNative(
  native: Record<string, unknown>,
  fields: { keep: readonly string[]; withheld?: readonly string[]; urls?: readonly string[] },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of fields.keep) if (k in native) out[k] = native[k];
  for (const k of fields.urls ?? []) {
    const v = native[k];
    if (typeof v === 'string') out[k] = publicUrl(v);
  }
  for (const k of fields.withheld ?? []) if (k in native) out[k] = withholdValue(native[k]);
  return out;
}
