/**
 * Ingest-time hygiene for JSON values: secrets are removed before anything is stored, and
 * values no store should hold (NUL characters, lone surrogates, absurd nesting) are found
 * so that the record can be refused with a reason.
 *
 * Everything here is iterative (a body nested 10,000 deep costs no stack) and linear.
 */
import { findSensitive, isCardNumber, isSensitiveKey, SCRUBBED_MARKER } from '../core/redaction.js';

export { SCRUBBED_MARKER };

/** Deeper than this, a record is refused: no real audit payload nests this far. */
export const MAX_DEPTH = 100;

/** Header names whose value is a credential, whatever the API: never stored. */
export const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'auth',
  'nected-api-key',
  'x-auth-token',
  'x-access-token',
  'private-token',
  'x-csrf-token',
  'x-xsrf-token',
  'csrf-token',
  'x-amz-security-token',
  'x-goog-api-key',
  'ocp-apim-subscription-key',
]);

/** Whether a header of this name carries a credential (the list, or a secret-like name). */
export function isCredentialHeader(name: string): boolean {
  const n = name.trim().toLowerCase();
  return CREDENTIAL_HEADERS.has(n) || isSensitiveKey(n) || /(?:^|[-_])(?:csrf|xsrf)/.test(n);
}

/** `f` remembered for the (few, repeated) key names of audit payloads. */
function memo(f: (key: string) => boolean): (key: string) => boolean {
  const cache = new Map<string, boolean>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = f(key);
      if (cache.size > 50_000) cache.clear();
      cache.set(key, v);
    }
    return v;
  };
}
const secretKey_ = memo(isSensitiveKey);
const credentialHeader_ = memo(isCredentialHeader);
const describes_ = memo((key) => DESCRIBES.test(key));

/** Keys under which an object (or array of pairs) is a set of HTTP headers. */
const isHeadersKey = (key: string | undefined): boolean => key !== undefined && headersKey_(key);
const headersKey_ = memo((key) =>
  /^(?:request|response)?headers?$/i.test(key.replace(/[-_]/g, '')),
);

/** `String.prototype.isWellFormed` (Node 20+; not in the ES2022 lib typings). */
const isWellFormed = (s: string): boolean =>
  (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** What a string holds that no store should: a NUL or a lone surrogate (not Unicode). */
export function unsafeText(s: string): string | undefined {
  if (s.includes('\u0000')) return 'a NUL character';
  if (!isWellFormed(s)) return 'a lone surrogate (not valid Unicode)';
  return undefined;
}

/**
 * A cheap test that `text` may hold something `findSensitive` would remove: a key-value
 * pair or URL password (`=`, `:`), a JWT, an auth scheme, 13+ digits, a vendor key prefix.
 */
const MAY_HOLD_SECRET =
  /[=:]|eyJ|bearer|basic|\d{4}|sk-|[spr]k_|gh[pousr]_|github_pat|xox[abposr]-|AKIA|ASIA|AIza|glpat-/i;

/** Secret kinds removed from text at ingest (no entropy guessing: only what is certain enough). */
const SCRUB_KINDS = ['secret', 'jwt', 'token', 'card', 'api-key'] as const;

/**
 * `text` with bearer tokens, JWTs, Luhn-valid card numbers, vendor API keys, URL passwords
 * and `password=...`-style pairs replaced by `SCRUBBED_MARKER`.
 */
export function scrubText(text: string): string {
  if (text.length < 8 || !MAY_HOLD_SECRET.test(text)) return text;
  const found = findSensitive(text, { kinds: SCRUB_KINDS, entropy: false });
  if (found.length === 0) return text;
  // A detector that could not finish hides the whole value (fails closed).
  let out = '';
  let last = 0;
  for (const f of found) {
    out += text.slice(last, f.start) + SCRUBBED_MARKER;
    last = f.end;
  }
  return out + text.slice(last);
}

/** Keys that describe a secret rather than hold it (`apiKey: { id, name }`). */
const DESCRIBES =
  /^(?:id|name|type|kind|label|description|prefix|last4|createdAt|created|updatedAt|expiresAt|expires_in|expiresIn|scope|scopes|provider|hint|length|required|expired)$/i;

/** Whether a value under a secret key holds anything worth removing. */
const holdsSomething = (v: unknown): boolean =>
  v !== null &&
  v !== undefined &&
  typeof v !== 'boolean' &&
  v !== '' &&
  v !== SCRUBBED_MARKER &&
  !(typeof v === 'object' && Object.keys(v).length === 0);

export class RecordProblem extends Error {}

export interface ScrubOptions {
  /** Where the value sits, for the reason a record is refused (`request.body`). */
  path: string;
  /** The key the value itself sits under (`headers` makes it a header set). */
  key?: string;
  /** Remove secrets (default true); false only checks the value. */
  scrub?: boolean;
}

type Container = unknown[] | Record<string, unknown>;

/** A JSON-path-like name for a child (`a.b`, `a[3]`, `a["x y"]`). */
const childPath = (path: string, key: string | number): string =>
  typeof key === 'number'
    ? `${path}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${path}.${key}`
      : `${path}[${JSON.stringify(key.slice(0, 40))}]`;

/** Whether an element of a header array is a credential: `[name, value]` or `{ name, value }`. */
function isCredentialPair(v: unknown): boolean {
  if (Array.isArray(v)) return typeof v[0] === 'string' && isCredentialHeader(v[0]);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const name = o.name ?? o.key ?? o.header;
    return typeof name === 'string' && isCredentialHeader(name);
  }
  return false;
}

const setOwn = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === '__proto__')
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else target[key] = value;
};

/**
 * A scrubbed deep copy of a JSON value: values under secret-like keys replaced by
 * `SCRUBBED_MARKER`, credential headers dropped from header sets (objects or arrays of
 * pairs), secrets inside strings replaced. Throws `RecordProblem` (naming the path) for a
 * NUL or lone surrogate anywhere, nesting deeper than `MAX_DEPTH`, or a value that is
 * not JSON. The input is never modified.
 */
export function scrubJson(value: unknown, opts: ScrubOptions): unknown {
  const scrub = opts.scrub ?? true;
  const jobs: {
    source: Container;
    target: Container;
    path: string;
    depth: number;
    headers: boolean;
    secret: boolean;
  }[] = [];

  const convert = (
    v: unknown,
    key: string | undefined,
    at: () => string,
    depth: number,
    inHeaders: boolean,
    inSecret: boolean,
  ): unknown => {
    if (v === null || v === undefined) return v;
    const secretKey =
      scrub && key !== undefined && (inHeaders ? credentialHeader_(key) : secretKey_(key));
    // An object under a secret key (`oldPassword: { value }`, `apiKey: { id, name }`): its
    // leaves are secrets, except those that only describe it (id, name, type...).
    const secretLeaf =
      scrub && (secretKey || (inSecret && !(key !== undefined && describes_(key))));
    if (secretLeaf && (typeof v !== 'object' || (secretKey && Array.isArray(v))))
      if (holdsSomething(v)) {
        // Still refuse what could not be stored, even where it is about to be dropped.
        if (typeof v === 'string' && unsafeText(v))
          throw new RecordProblem(`${at()}: contains ${unsafeText(v)}`);
        return SCRUBBED_MARKER;
      }
    switch (typeof v) {
      case 'string': {
        const problem = unsafeText(v);
        if (problem) throw new RecordProblem(`${at()}: contains ${problem}`);
        return scrub ? scrubText(v) : v;
      }
      case 'number':
        if (!Number.isFinite(v)) throw new RecordProblem(`${at()}: not a finite number`);
        return scrub && Number.isSafeInteger(v) && v > 0 && isCardNumber(String(v))
          ? SCRUBBED_MARKER
          : v;
      case 'boolean':
        return v;
      case 'object': {
        if (depth >= MAX_DEPTH)
          throw new RecordProblem(`${at()}: nested deeper than ${MAX_DEPTH} levels`);
        const proto = Object.getPrototypeOf(v) as unknown;
        if (!Array.isArray(v) && proto !== Object.prototype && proto !== null)
          throw new RecordProblem(`${at()}: not a JSON value`);
        const target: Container = Array.isArray(v) ? [] : {};
        jobs.push({
          source: v as Container,
          target,
          path: at(),
          depth: depth + 1,
          headers: isHeadersKey(key),
          secret: secretLeaf,
        });
        return target;
      }
      default:
        throw new RecordProblem(`${at()}: not a JSON value (${typeof v})`);
    }
  };

  const root = convert(value, opts.key, () => opts.path, 0, false, false);
  while (jobs.length > 0) {
    const { source, target, path, depth, headers, secret } = jobs.pop()!;
    if (Array.isArray(source)) {
      const out = target as unknown[];
      for (let i = 0; i < source.length; i++) {
        if (scrub && headers && isCredentialPair(source[i])) continue;
        out.push(convert(source[i], undefined, () => childPath(path, i), depth, false, secret));
      }
    } else {
      const out = target as Record<string, unknown>;
      for (const k of Object.keys(source)) {
        const problem = unsafeText(k);
        if (problem) throw new RecordProblem(`${path}: a key contains ${problem}`);
        if (scrub && headers && credentialHeader_(k)) continue;
        setOwn(
          out,
          k,
          convert(source[k], k, () => childPath(path, k), depth, headers, secret),
        );
      }
    }
  }
  return root;
}
