/**
 * "Copy as cURL": an API-call event as a shell command that replays its request.
 *
 * The command is meant to be pasted into a shell, so every argument is single-quoted
 * (nothing in a backend value can run). It never carries credentials: credential headers
 * are always replaced by `<redacted>`, and so are values under sensitive keys in the URL
 * and body; with `mask` (the default) the whole request is also masked as in
 * safe-to-share mode (`maskEvent`). Parts the server withheld are left out, with a
 * comment saying so, rather than sent as data.
 */
import { REDACTION_MARKER, type AuditEvent } from './model.js';
import {
  decodeQueryPart,
  encodeQueryPart,
  isSensitiveKey,
  maskEvent,
  maskText,
  maskUrl,
  maskValue,
} from './redaction.js';

export interface CurlOptions {
  /** Mask personal data and secrets as in safe-to-share mode (default true). */
  mask?: boolean;
  /** Prepended to a relative URL (`/api/now/table/incident`). */
  baseUrl?: string;
  /** Other people's full names to mask too (`peopleOf` of the list the entry is in). */
  people?: readonly string[];
}

/** What a credential header's value becomes. */
export const CREDENTIAL_PLACEHOLDER = '<redacted>';

/** Whether `toCurl` can make a command of this event. */
export function canCopyAsCurl(event: AuditEvent): boolean {
  return !!(event.http?.url || event.http?.path);
}

/** One shell word: single-quoted, with `'` written as `'\''`. Safe for any string. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const comment = (what: string): string =>
  `# ${what} redacted by the server (requires the PII viewer role)`;

/** Only values under sensitive keys (`password=...`, `"token": ...`), whatever `mask` says. */
const CREDENTIALS_ONLY = { kinds: ['secret'] as const };

/** `url` with `query` entries appended, except those whose name the URL already has. */
function mergeQuery(url: string, query: Record<string, string | string[]>): string {
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  const fragment = hash >= 0 ? url.slice(hash) : '';
  const q = base.indexOf('?');
  const present = new Set(
    q < 0
      ? []
      : base
          .slice(q + 1)
          .split('&')
          .filter(Boolean)
          .map((pair) => decodeQueryPart(pair.split('=')[0]!)),
  );
  const added: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (present.has(key)) continue;
    for (const v of Array.isArray(value) ? value : [value])
      added.push(`${encodeQueryPart(key)}=${encodeQueryPart(v)}`);
  }
  if (added.length === 0) return url;
  const separator = q < 0 ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}${added.join('&')}${fragment}`;
}

/**
 * The request of an API-call event as a `curl` command: method, URL (with the request's
 * query parameters merged in when the URL lacks them), request headers and body
 * (`--data-raw`, JSON unless it was a string). Lines starting with `#` come first and
 * say what the server withheld.
 *
 * @throws Error when the event has no HTTP request with a URL or path.
 */
export function toCurl(event: AuditEvent, options: CurlOptions = {}): string {
  if (!event.http) {
    throw new Error(`Event ${event.id} is not an HTTP call: there is no request to copy as cURL`);
  }
  if (!canCopyAsCurl(event)) {
    throw new Error(`Event ${event.id} has no request URL: there is nothing to copy as cURL`);
  }
  const mask = options.mask ?? true;
  const e = mask ? maskEvent(event, options.people) : event;
  const http = e.http!;
  const request = e.request ?? {};
  const withheld = new Set(event.redacted ?? []);
  const comments: string[] = [];

  // URL
  let url = http.url || http.path || '';
  if (options.baseUrl && url.startsWith('/')) url = options.baseUrl.replace(/\/+$/, '') + url;
  if (withheld.has('http.url.query')) comments.push(comment('URL query string'));
  if (request.query === REDACTION_MARKER) comments.push(comment('query parameters'));
  else if (request.query) {
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(request.query))
      query[k] = isSensitiveKey(k) ? '[secret]' : v;
    url = mergeQuery(url, query);
  }
  if (!mask) url = maskUrl(url, CREDENTIALS_ONLY);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    comments.push('# relative URL: put the base URL of the service in front of it');
  }

  // Headers
  const headerArgs: string[] = [];
  let hasContentType = false;
  if (request.headers === REDACTION_MARKER) comments.push(comment('request headers'));
  else if (request.headers) {
    for (const [name, value] of Object.entries(request.headers)) {
      if (name.toLowerCase() === 'content-type') hasContentType = true;
      const shown = isSensitiveKey(name)
        ? CREDENTIAL_PLACEHOLDER
        : mask
          ? value
          : maskText(value, CREDENTIALS_ONLY);
      headerArgs.push(`-H ${shellQuote(`${name}: ${shown}`)}`);
    }
  }

  // Body
  let data: string | undefined;
  if (request.body === REDACTION_MARKER) comments.push(comment('request body'));
  else if (request.body !== undefined) {
    const body = mask ? request.body : maskValue(request.body, undefined, CREDENTIALS_ONLY);
    if (typeof body === 'string') data = body;
    else {
      data = JSON.stringify(body);
      if (!hasContentType && request.headers !== REDACTION_MARKER)
        headerArgs.push(`-H ${shellQuote('content-type: application/json')}`);
    }
  }

  // Command
  const method = http.method.toUpperCase();
  const first = ['curl'];
  if (/[[\]{}]/.test(url)) first.push('--globoff'); // masks like [email] are not URL globs
  if (method === 'HEAD' && data === undefined) first.push('--head');
  else if (method !== 'GET' || data !== undefined) first.push('-X', shellQuote(method));
  first.push(shellQuote(url));
  const args = [first.join(' '), ...headerArgs];
  if (data !== undefined) args.push(`--data-raw ${shellQuote(data)}`);
  return [...comments, args.join(' \\\n  ')].join('\n');
}
