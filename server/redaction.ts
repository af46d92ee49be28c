/**
 * Server-side governance: a principal without the PII-viewer role never receives
 * headers, query or path parameters, bodies, or URL query strings. Each withheld
 * part is replaced by `REDACTION_MARKER` and listed in `event.redacted`.
 */
import { REDACTION_MARKER, type AuditEvent, type RedactablePart } from '../core/model.js';

const present = (v: unknown): boolean =>
  v !== undefined &&
  v !== null &&
  !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

export function withholdPii(event: AuditEvent): AuditEvent {
  const redacted: RedactablePart[] = [];
  const out: AuditEvent = { ...event };
  if (event.request) {
    const req = { ...event.request };
    for (const key of ['headers', 'query', 'params', 'body'] as const) {
      if (present(req[key])) {
        req[key] = REDACTION_MARKER;
        redacted.push(`request.${key}`);
      }
    }
    out.request = req;
  }
  if (event.response) {
    const res = { ...event.response };
    for (const key of ['headers', 'body'] as const) {
      if (present(res[key])) {
        res[key] = REDACTION_MARKER;
        redacted.push(`response.${key}`);
      }
    }
    out.response = res;
  }
  if (event.http?.url?.includes('?')) {
    out.http = { ...event.http, url: event.http.url.slice(0, event.http.url.indexOf('?')) };
    redacted.push('http.url.query');
  }
  if (redacted.length) out.redacted = redacted;
  return out;
}

/** A backend-native value withheld for the same reason (Nected input/output, org-audit details). */
export const withholdValue = (v: unknown): unknown => (present(v) ? REDACTION_MARKER : v);
