/**
 * Client-side detectors and masking, for "safe to share" mode and for everything that
 * leaves the viewer (copy as cURL, exports).
 *
 * This is not the security boundary: the server withholds what a principal may not see
 * (`REDACTION_MARKER`). It is what keeps a principal who may see a payload from pasting
 * credentials and personal data into a ticket. It is tuned against false positives as
 * much as against misses: masking every timestamp and trace ID would make shared entries
 * useless, so each detector has negative cases in its tests.
 *
 * Everything here is linear in the input (no regex that can backtrack quadratically) and
 * iterative over JSON (no recursion limit).
 */
import { REDACTION_MARKER, type AuditEvent } from './model.js';

export type SensitiveKind =
  | 'email'
  | 'phone'
  | 'card'
  | 'jwt'
  | 'token'
  | 'api-key'
  | 'secret'
  /** An IPv4 or IPv6 address (personal data: it can identify a person's device). */
  | 'ip'
  /** A known person's name (`MaskOptions.names`: the event's actor, a user it targets). */
  | 'name'
  /** The detectors could not finish: the whole value is hidden (masking fails closed). */
  | 'unchecked';

export interface SensitiveMatch {
  start: number;
  end: number;
  kind: SensitiveKind;
}

/** What each kind of finding is replaced by (a bearer token keeps its scheme: `Bearer [token]`). */
export const MASKS: Readonly<Record<SensitiveKind, string>> = {
  email: '[email]',
  phone: '[phone]',
  card: '[card]',
  jwt: '[jwt]',
  token: '[token]',
  'api-key': '[api-key]',
  secret: '[secret]',
  ip: '[ip]',
  name: '[name]',
  unchecked: '[hidden: could not be checked]',
};

/** What a value becomes when masking it failed: hidden whole, never shown unmasked. */
export const UNCHECKED_MASK = MASKS.unchecked;

/**
 * What the reference service stores in place of a secret it was handed (a password, a
 * token, a card number): it never keeps one. Like `REDACTION_MARKER`, never a finding.
 */
export const SCRUBBED_MARKER = '[secret removed at ingest]';

/** What a value under a sensitive key becomes, whatever it was. */
export const SECRET_MASK = MASKS.secret;

export interface MaskOptions {
  /** Only these kinds are looked for (default: all). */
  kinds?: readonly SensitiveKind[];
  /**
   * Look for unprefixed high-entropy strings (32+ hex or base64 characters) as API keys
   * (default true). Off for values under identifier keys (`traceId`, `x-request-id`...).
   */
  entropy?: boolean;
  /**
   * Known identifiers (the event's id, trace ID...) never masked as high-entropy strings.
   * They are not secrets, and shared entries must keep them to be followed.
   */
  keep?: ReadonlySet<string>;
  /**
   * Names of people the text may mention (an actor's "Priya Nair", an email's local part
   * "priya.nair"): each is masked wherever it appears, in any case, and so is each of its
   * capitalised words of three letters or more ("Priya", "Nair") on its own.
   */
  names?: readonly string[];
  /**
   * Other people's full names (`peopleOf`: the people of the loaded list), masked whole
   * wherever they appear, in any case ("loop in my manager, Samuel Green"); their words alone
   * are not (a surname can be an everyday word). Pass the same array for every text: its
   * pattern is made once per array.
   */
  people?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Keys

/** Lower-cased, without `-`, `_`, `.` and spaces: `X-Api-Key`, `api_key`, `apiKey` -> `apikey`. */
const normalizeKey = (key: string): string => key.toLowerCase().replace(/[-_.\s]/g, '');

const SENSITIVE_KEYS = new Set(
  [
    'password',
    'passwd',
    'pwd',
    'secret',
    'client_secret',
    'token',
    'access_token',
    'refresh_token',
    'id_token',
    'api_key',
    'apikey',
    'x-api-key',
    'authorization',
    'proxy-authorization',
    'cookie',
    'set-cookie',
    'private_key',
    'ssn',
    'credit_card',
    'card_number',
    'cvv',
    'cvc',
  ].map(normalizeKey),
);
/** `db_password`, `clientSecret`, `x-auth-token`, `stripeApiKey`... */
const SENSITIVE_SUFFIXES = [
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'privatekey',
  'cardnumber',
  'creditcard',
  'cvv',
  'ssn',
  'authorization',
  'cookie',
];

/**
 * Whether values under this key (object property, header name, query parameter) are
 * credentials or personal data to be hidden whole. Case-insensitive; `-`, `_` and `.`
 * are ignored, and compound keys ending in a sensitive word count (`db_password`,
 * `x-auth-token`). Counts and types do not (`max_tokens`, `token_type`).
 */
export function isSensitiveKey(key: string): boolean {
  const k = normalizeKey(key);
  return SENSITIVE_KEYS.has(k) || SENSITIVE_SUFFIXES.some((s) => k.endsWith(s));
}

/**
 * Keys whose value is a person (`assigned_to`, `requested_by`, `owner`, `user`...): a name or
 * handle there, or a name field of the object there, is a person's name, masked whole with
 * Safe to share (`[name]`). Not their identifiers: `assigned_to_id` and sys_ids stay readable.
 */
const PERSON_KEY =
  /^(?:users?|assign(?:ed(?:to)?|ees?)|owners?|requester|request(?:ed)?(?:by|for)|reporter|reportedby|caller|(?:opened|created|updated|modified|closed|resolved|approved|submitted|assigned|changed|deleted|invited)by|approvers?|author|manager|contacts?|customer|employee|members?|person|people|actor|agent|watchers?|recipients?|(?:from|to|cc|bcc)user)$/;
/** Keys that name a person wherever they are (`full_name`, `last_name`, `display_name`...). */
const PERSON_NAME_KEY =
  /^(?:full|first|last|given|family|middle|sur|user|nick|legal|display)name$|^(?:customer|employee|contact|requester|caller|assignee|owner|author|agent|manager|member|person|actor|cardholder|holder|accountholder)(?:full)?(?:display)?name$/;
/** Within a person's object: its name fields (`name`, `display_value`, `login`...). */
const NAME_FIELD = /^(?:name|displayname|displayvalue|login|handle)$/;

const isPersonKey = (key: string): boolean => PERSON_KEY.test(normalizeKey(key));

/** Keys of an email address: an object holding one (`{ name, email }`) is a person's. */
const EMAIL_KEY = /^(?:e?mail|emailaddress|userprincipalname|upn|workemail|primaryemail)$/;

function holdsEmail(o: object): boolean {
  if (Array.isArray(o)) return false;
  for (const [k, v] of Object.entries(o))
    if (typeof v === 'string' && v.includes('@') && EMAIL_KEY.test(normalizeKey(k))) return true;
  return false;
}

/** Whether an object or a list under key `at` is a person's (or people's): its fields name them. */
function isPersonContainer(at: string | undefined, v: unknown): boolean {
  return (
    (at !== undefined && isPersonKey(at)) || (typeof v === 'object' && v !== null && holdsEmail(v))
  );
}

/** Whether a string under `key` (in a person's object when `inPerson`) names a person. */
function isPersonField(key: string | undefined, inPerson: boolean): boolean {
  if (key === undefined) return false;
  const k = normalizeKey(key);
  return PERSON_KEY.test(k) || PERSON_NAME_KEY.test(k) || (inPerson && NAME_FIELD.test(k));
}

/**
 * A person's field as masked: whole (`[name]`) when what the detectors leave of it reads as a
 * name or a handle. An email stays `[email]`; an identifier under `assigned_to` (a sys_id or
 * UUID, `12345`, one word with digits: `usr_8fA2`, `INC0012345`) is checked like any text.
 */
function maskPersonField(masked: string): string {
  const rest = masked.replace(/\[[a-z-]+\]/g, '').trim();
  if (!/\p{L}/u.test(rest) || /^[0-9a-f-]+$/i.test(rest)) return masked;
  if (!/\s/.test(rest) && /\d/.test(rest)) return masked;
  return MASKS.name;
}

/**
 * A reference to a record (ServiceNow's `{ link: "…/sys_user/<sys_id>", value: "<sys_id>" }`):
 * its `value` is the identifier its link ends with, readable where the link's path, masked,
 * still shows it. It is masked as if under `REFERENCE_ID`, an identifier's key.
 */
function isReference(v: unknown, options: MaskOptions): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const { link, value } = v as Record<string, unknown>;
  if (typeof link !== 'string' || typeof value !== 'string' || value === '') return false;
  const path = link.split(/[?#]/)[0]!;
  // Only as readable as the link shows it: a token the link's masking hides stays hidden.
  return path.endsWith(`/${value}`) && maskText(path, options).endsWith(`/${value}`);
}
const REFERENCE_ID = 'sys_id';

/** Headers whose value runs to the end of the line in a text dump (`Cookie: a=1; b=2`). */
const LINE_KEYS = new Set(['authorization', 'proxyauthorization', 'cookie', 'setcookie']);

/**
 * Keys whose values are identifiers (trace, request, span IDs, hashes): high-entropy but
 * not secrets, and needed to follow an entry. Session IDs are credentials, so they are not.
 */
function isIdentifierKey(key: string): boolean {
  const k = normalizeKey(key);
  if (k === 'sid' || k.includes('session') || isSensitiveKey(key)) return false;
  return /(?:id|ids|uuid|guid|etag|hash|sha|sha1|sha256|digest|checksum|commit|traceparent|tracestate)$/.test(
    k,
  );
}

// ---------------------------------------------------------------------------------------------
// Detectors

interface Candidate extends SensitiveMatch {
  /** Lower wins when candidates overlap. */
  rank: number;
  /** An unprefixed high-entropy string (subject to `keep`). */
  generic?: boolean;
}

const RANK: Record<SensitiveKind, number> = {
  unchecked: -1,
  secret: 0,
  token: 1,
  jwt: 2,
  'api-key': 3,
  card: 4,
  email: 5,
  name: 5.5,
  phone: 6,
  ip: 7,
};
const GENERIC_RANK = 8;

const candidate = (start: number, end: number, kind: SensitiveKind): Candidate => ({
  start,
  end,
  kind,
  rank: RANK[kind],
});

/** Starts with a mask already (masking is idempotent) or with the server's marker. */
const isMasked = (text: string, at: number): boolean =>
  text[at] === '[' &&
  (Object.values(MASKS).some((m) => text.startsWith(m, at)) ||
    text.startsWith(REDACTION_MARKER, at) ||
    text.startsWith(SCRUBBED_MARKER, at));

// Key-value pairs in text: `password=x`, `token: x`, `"client_secret":"x"`, `\"pwd\": \"x\"`.
const KEY_VALUE = /(?<![\w.-])(\\?["']|)([A-Za-z_][\w.-]{0,63})\1[ \t]*([:=])[ \t]*/g;

function findKeyValues(text: string, out: Candidate[]): void {
  KEY_VALUE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KEY_VALUE.exec(text))) {
    const key = m[2]!;
    if (!isSensitiveKey(key)) continue;
    let i = KEY_VALUE.lastIndex;
    let start = i;
    let end: number;
    const escapedQuote = text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === "'");
    if (text[i] === '"' || text[i] === "'" || escapedQuote) {
      // A quoted value: up to the matching (unescaped, or escaped-like-the-opening) quote.
      const quote = escapedQuote ? `\\${text[i + 1]!}` : text[i]!;
      start = i + quote.length;
      i = start;
      end = -1;
      while (i < text.length) {
        if (text.startsWith(quote, i)) {
          end = i;
          break;
        }
        if (text[i] === '\n') break;
        i += !escapedQuote && text[i] === '\\' ? 2 : 1;
      }
      if (end < 0) end = Math.min(i, text.length);
    } else if (m[3] === ':' && !m[1] && LINE_KEYS.has(normalizeKey(key))) {
      end = i;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    } else if ((text[i] === '{' || text[i] === '[') && !isMasked(text, i)) {
      end = closingBracket(text, i);
    } else {
      end = i;
      while (end < text.length && !/[\s&;,"'<>{}[\]]/.test(text[end]!)) end++;
      if (text.slice(start, end) === 'null') continue;
    }
    if (end > start && !isMasked(text, start)) out.push(candidate(start, end, 'secret'));
    KEY_VALUE.lastIndex = Math.max(KEY_VALUE.lastIndex, end);
  }
}

/** Just past the bracket closing the JSON object or array opening at `open` (or the end). */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

// `scheme://user:password@host`: the password.
const URL_PASSWORD = /\b[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/([^\s/:@?#]{1,256}):([^\s/@?#]{1,256})@/g;

function findUrlPasswords(text: string, out: Candidate[]): void {
  URL_PASSWORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL_PASSWORD.exec(text))) {
    const end = m.index + m[0].length - 1;
    out.push(candidate(end - m[2]!.length, end, 'secret'));
  }
}

// ---------------------------------------------------------------------------------------------
// Runs of characters, scanned by hand. V8's regex engine keeps a backtracking stack as
// long as the run a greedy `{n,}` quantifier followed by a lookahead consumed, and throws
// "Maximum call stack size exceeded" on runs of a few million characters (a base64
// attachment). Every unbounded run below is found by these loops instead.

/** A lookup table of the ASCII characters in `chars` (ranges as `a-z`). */
function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      for (let c = chars.charCodeAt(i); c <= chars.charCodeAt(i + 2); c++) table[c] = 1;
      i += 2;
    } else {
      table[chars.charCodeAt(i)] = 1;
    }
  }
  return table;
}

const inTable = (table: Uint8Array, text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c < 128 && table[c] === 1;
};

/** The end of the run of `table` characters starting at `i`. */
function runEnd(text: string, i: number, table: Uint8Array): number {
  while (i < text.length && inTable(table, text, i)) i++;
  return i;
}

/** Every maximal run of `table` characters at least `min` long, as [start, end). */
function forEachRun(
  text: string,
  table: Uint8Array,
  min: number,
  visit: (start: number, end: number) => void,
): void {
  let i = 0;
  while (i < text.length) {
    if (!inTable(table, text, i)) {
      i++;
      continue;
    }
    const end = runEnd(text, i, table);
    if (end - i >= min) visit(i, end);
    i = end;
  }
}

/** Whether every character of `text[start, end)` is in `table`. */
function allIn(text: string, start: number, end: number, table: Uint8Array): boolean {
  return runEnd(text, start, table) >= end;
}

const URL_SAFE = charTable('A-Za-z0-9_-');
const ALNUM = charTable('A-Za-z0-9');
const HEX = charTable('0-9a-fA-F');
const B64_OR_PAD = charTable('A-Za-z0-9+/_=-');
const B64 = charTable('A-Za-z0-9+/_-');

/** `eyJ<5+>.<5+>.<any>`, url-safe base64 segments, not inside a longer word. */
/**
 * `text[i]` is the letter of a JSON/C escape (`\n`, `\t`...): a value quoted into a log line
 * or a message often follows one, and must not count as glued to it (`"…\neyJhbGci…"`).
 */
const afterEscape = (text: string, i: number): boolean =>
  text[i - 1] === '\\' && 'nrtbf'.includes(text[i] ?? '');

function findJwts(text: string, out: Candidate[]): void {
  for (let at = text.indexOf('eyJ'); at >= 0; at = text.indexOf('eyJ', at + 1)) {
    if (at > 0 && inTable(URL_SAFE, text, at - 1) && !afterEscape(text, at - 1)) continue;
    const first = runEnd(text, at + 3, URL_SAFE);
    if (first - (at + 3) < 5 || text[first] !== '.') {
      at = first - 1; // no JWT starts inside this run
      continue;
    }
    const second = runEnd(text, first + 1, URL_SAFE);
    if (second - (first + 1) < 5 || text[second] !== '.') continue;
    const end = runEnd(text, second + 1, URL_SAFE);
    out.push(candidate(at, end, 'jwt'));
    at = end - 1;
  }
}

// `Bearer <token>`, `Basic <credentials>`: the token, which must look like one (not prose
// such as "a Bearer token is required").
const AUTH_SCHEME = /\b(?:Bearer|Basic)[ \t]+([A-Za-z0-9._~+/-]+=*)/gi;

function findAuthTokens(text: string, out: Candidate[]): void {
  AUTH_SCHEME.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = AUTH_SCHEME.exec(text))) {
    const token = m[1]!.replace(/\.+$/, '');
    const looksLikeToken =
      token.length >= 8 &&
      (/[0-9_~+/=.-]/.test(token) || (/[a-z]/.test(token) && /[A-Z]/.test(token)));
    if (!looksLikeToken) continue;
    const start = m.index + m[0].length - m[1]!.length;
    out.push(candidate(start, start + token.length, 'token'));
  }
}

/**
 * Vendor-prefixed keys: a whole run of url-safe characters (`[A-Za-z0-9_-]`) that starts
 * with the prefix and continues with `min` to `max` characters of `body`.
 */
const API_KEY_SHAPES: readonly { prefix: RegExp; body: Uint8Array; min: number; max?: number }[] = [
  { prefix: /^sk-(?:proj-|ant-)?/, body: URL_SAFE, min: 20 }, // OpenAI, Anthropic
  { prefix: /^(?:sk|pk|rk)_(?:live|test)_/, body: ALNUM, min: 10 }, // Stripe
  { prefix: /^gh[pousr]_/, body: ALNUM, min: 30 }, // GitHub
  { prefix: /^github_pat_/, body: charTable('A-Za-z0-9_'), min: 30 },
  { prefix: /^xox[abposr]-/, body: charTable('A-Za-z0-9-'), min: 10 }, // Slack
  { prefix: /^(?:AKIA|ASIA)/, body: charTable('0-9A-Z'), min: 16, max: 16 }, // AWS key IDs
  { prefix: /^AIza/, body: URL_SAFE, min: 35, max: 35 }, // Google
  { prefix: /^glpat-/, body: URL_SAFE, min: 20 }, // GitLab
];

function findApiKeys(text: string, out: Candidate[]): void {
  forEachRun(text, URL_SAFE, 14, (runStart, end) => {
    // After an escape (`\nsk_live_…`) the key starts one letter later.
    for (const start of afterEscape(text, runStart) ? [runStart, runStart + 1] : [runStart]) {
      const head = text.slice(start, Math.min(end, start + 16));
      for (const { prefix, body, min, max } of API_KEY_SHAPES) {
        const p = prefix.exec(head);
        if (!p) continue;
        const rest = end - start - p[0].length;
        if (rest < min || (max !== undefined && rest > max)) continue;
        if (!allIn(text, start + p[0].length, end, body)) continue;
        out.push(candidate(start, end, 'api-key'));
        return;
      }
    }
  });
}

/** Shannon entropy, in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Whether a 32+ character hex string is a W3C `traceparent`'s trace or parent ID. */
function inTraceparent(text: string, start: number, end: number): boolean {
  return (
    /(?:^|[^0-9a-f-])[0-9a-f]{2}-$/i.test(text.slice(Math.max(0, start - 4), start)) &&
    /^-[0-9a-f]{16}-[0-9a-f]{2}(?![0-9a-z])/i.test(text.slice(end, end + 24))
  );
}

/** A whole segment of a URL path (`/table/incident/<sys_id>`): a resource ID, not a key. */
function isPathSegment(text: string, start: number, end: number): boolean {
  return text[start - 1] === '/' && (end === text.length || /[/?#\s"'<>)\]]/.test(text[end]!));
}

/**
 * Random-looking: both cases, digits scattered (not one run, as in `Account2024`), no long
 * same-case runs (words), not a path (`/sobjects/Case`), varied characters.
 */
/** How many runs of digits `s` has, counting up to 2. */
function digitRuns(s: string): number {
  let runs = 0;
  let inRun = false;
  for (let i = 0; i < s.length && runs < 2; i++) {
    const c = s.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit && !inRun) runs++;
    inRun = digit;
  }
  return runs;
}

function looksRandomBase64(s: string): boolean {
  const body = s.replace(/=+$/, '');
  if (!/[a-z]/.test(body) || !/[A-Z]/.test(body)) return false;
  if (digitRuns(body) < 2) return false;
  if (/[a-z]{8}|[A-Z]{8}/.test(body)) return false;
  if (body.startsWith('/') || body.split('/').some((seg) => /^[A-Z]?[a-z]{3,}$/.test(seg)))
    return false;
  return entropy(body) >= 4;
}

/** The longest run of base64 characters read as a URL path (its segments looked at alone). */
const MAX_PATH_RUN = 512;

function findHighEntropy(text: string, out: Candidate[]): void {
  // Hex: a whole alphanumeric run of 32+ hex digits.
  forEachRun(text, ALNUM, 32, (start, end) => {
    if (!allIn(text, start, end, HEX)) return;
    const s = text.slice(start, end);
    if (!/[0-9]/.test(s) || !/[a-f]/i.test(s) || entropy(s) < 3) return;
    if (inTraceparent(text, start, end) || isPathSegment(text, start, end)) return;
    out.push({ start, end, kind: 'api-key', rank: GENERIC_RANK, generic: true });
  });
  // Base64 (standard or url-safe): a whole run of 32+ characters and up to two `=`.
  forEachRun(text, B64_OR_PAD, 32, (start, end) => {
    /** Where the base64 from `from` to `to` ends, its up to two `=` of padding left out. */
    const bodyEnd = (from: number, to: number) => {
      let body = to;
      while (body > from && to - body < 2 && text[body - 1] === '=') body--;
      return body;
    };
    const body = bodyEnd(start, end);
    if (
      body - start >= 32 &&
      allIn(text, start, body, B64) &&
      looksRandomBase64(text.slice(start, end))
    ) {
      out.push({ start, end, kind: 'api-key', rank: GENERIC_RANK, generic: true });
      return;
    }
    // A path holding a token (`/invite/<token>`, `/files/<token>==/download`): its words (or a
    // padded token inside it) make the whole run read as no key, so each segment is looked at
    // alone. (Not in a long run: an attachment's base64 has words by chance, and random
    // segments between its slashes.)
    if (end - start > MAX_PATH_RUN) return;
    for (let from = start, i = start; i <= end; i++) {
      if (i < end && text[i] !== '/') continue;
      const segment = bodyEnd(from, i);
      if (
        segment - from >= 32 &&
        allIn(text, from, segment, B64) &&
        looksRandomBase64(text.slice(from, i))
      )
        out.push({ start: from, end: i, kind: 'api-key', rank: GENERIC_RANK, generic: true });
      from = i + 1;
    }
  });
}

// Luhn-valid card numbers of a real scheme: 13-19 digits, optionally grouped by spaces or
// dashes (4-4-4-4, 4-6-5...). The scheme prefix keeps timestamps and IDs out.
const CARD = /(?<![\d.,-])\d(?:[ -]?\d){12,18}(?!\d|[.,-]\d)/g;

export function luhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Whether the digits have the prefix and length of a card scheme. */
function cardScheme(d: string): boolean {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p4 = Number(d.slice(0, 4));
  if (d[0] === '4') return n === 13 || n === 16 || n === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return n === 15; // Amex
  if (p2 === 35 || d[0] === '6') return n >= 16; // JCB, Discover, UnionPay, Maestro
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p4 >= 3000 && p4 <= 3059)) return n >= 14; // Diners
  if (p2 === 50 || (p2 >= 56 && p2 <= 58)) return true; // Maestro
  return false;
}

export function isCardNumber(text: string): boolean {
  const groups = text.split(/[ -]/);
  const separators = text.replace(/\d/g, '');
  if (separators && new Set(separators).size > 1) return false;
  if (
    groups.length > 1 &&
    (groups[0]!.length !== 4 || groups.some((g) => g.length < 3 || g.length > 6))
  )
    return false;
  const digits = groups.join('');
  return digits.length >= 13 && digits.length <= 19 && cardScheme(digits) && luhn(digits);
}

function findCards(text: string, out: Candidate[]): void {
  CARD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CARD.exec(text))) {
    if (isCardNumber(m[0])) out.push(candidate(m.index, m.index + m[0].length, 'card'));
  }
}

// Emails, scanned from each `@` (or URL-encoded `%40`) outwards so that long runs without
// one cost nothing.
const LOCAL_CHAR = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/;
/** Characters that may be in a local part but more likely end a key: `email=jane@x.io`. */
const LOCAL_SEPARATOR = /[=/?&|{}#]/;
const DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}/y;
const RETINA_ASSET = /^\d(?:\.\d+)?x\.(?:png|jpe?g|gif|svg|webp|avif)$/i;

function findEmails(text: string, out: Candidate[]): void {
  const at = /@|%40/g;
  let m: RegExpExecArray | null;
  while ((m = at.exec(text))) {
    const sign = m.index;
    const domainStart = sign + m[0].length;
    if (!/[A-Za-z0-9]/.test(text[domainStart] ?? '')) continue;
    DOMAIN.lastIndex = 0;
    const d = DOMAIN.exec(text.slice(domainStart, domainStart + 255));
    if (!d || RETINA_ASSET.test(d[0])) continue;
    let start = sign;
    while (start > 0 && sign - start < 256 && LOCAL_CHAR.test(text[start - 1]!)) start--;
    // `email=jane@x.io`: the local part starts after the last separator-like character.
    for (let i = sign - 1; i > start; i--) {
      if (LOCAL_SEPARATOR.test(text[i - 1]!)) {
        start = i;
        break;
      }
    }
    if (start === sign) continue;
    out.push(candidate(start, domainStart + d[0].length, 'email'));
  }
}

// Phone numbers: international (+ and a country code) or US national (NANP, 3-3-4).
const INTL_PHONE = /(?<![\w+])\+[1-9]\d{0,2}(?:[ .-]?\(\d{1,4}\)|[ .-]?\d{1,4}){1,6}(?!\d)/g;
const US_PHONE =
  /(?<![\w.+/:-])(?:\([2-9]\d{2}\)[ .-]?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?![\w]|[.-]\d)/g;

function findPhones(text: string, out: Candidate[]): void {
  for (const re of [INTL_PHONE, US_PHONE]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const s = m[0];
      const digits = s.replace(/\D/g, '').length;
      if (re === INTL_PHONE && (digits < 8 || digits > 15 || /\d{4}-\d{2}-\d{2}/.test(s))) continue;
      out.push(candidate(m.index, m.index + s.length, 'phone'));
    }
  }
}

// IP addresses: dotted IPv4 (each part 0-255), and IPv6 with at least two colons and hex groups.
const IPV4 =
  /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w.]|\.\d)/g;
// A run of hex digits and colons (one linear scan), checked as IPv6 in findIps.
const IPV6 = /[0-9a-f:]{3,39}/gi;

function findIps(text: string, out: Candidate[]): void {
  for (const re of [IPV4, IPV6]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      // `12:30:45` is a time, not an address: IPv6 needs a hex letter or one `::`, and at
      // most one empty group.
      if (re === IPV6) {
        const v = m[0];
        const before = text[m.index - 1] ?? '';
        const after = text[m.index + v.length] ?? '';
        if (/[\w:]/.test(before) || /[\w:]/.test(after) || (v.match(/:/g)?.length ?? 0) < 2)
          continue;
        if (v.split(':').some((group) => group.length > 4)) continue;
        const compressed = v.split('::').length - 1;
        if (compressed > 1 || v.includes(':::') || !(/[a-f]/i.test(v) || compressed === 1))
          continue;
        if (compressed === 0 && (v.startsWith(':') || v.endsWith(':') || v.split(':').length !== 8))
          continue;
      }
      out.push(candidate(m.index, m.index + m[0].length, 'ip'));
    }
  }
}

const DETECTORS: readonly [SensitiveKind, (text: string, out: Candidate[]) => void][] = [
  ['secret', findKeyValues],
  ['secret', findUrlPasswords],
  ['jwt', findJwts],
  ['token', findAuthTokens],
  ['api-key', findApiKeys],
  ['card', findCards],
  ['email', findEmails],
  ['phone', findPhones],
  ['ip', findIps],
];

/**
 * Sensitive spans of `text`: sorted, non-overlapping. Where detectors overlap, the more
 * specific wins (a key's value, then JWT, bearer token, prefixed API key, card, email,
 * phone, and last unprefixed high-entropy strings), then the longer. The server's
 * `REDACTION_MARKER` and masks already in the text are never findings.
 */
export function findSensitive(text: string, options: MaskOptions = {}): SensitiveMatch[] {
  try {
    return detect(text, options);
  } catch {
    // Fail closed: a detector that cannot finish leaves nothing to be shown unchecked.
    return text.length === 0 ? [] : [{ start: 0, end: text.length, kind: 'unchecked' }];
  }
}

/** `text` as a regular expression matching itself. */
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each known name (`MaskOptions.names`) and each of its capitalised words, as whole words. */
function findNames(text: string, names: readonly string[], out: Candidate[]): void {
  const known = nameNeedles(names);
  // Most texts name no one: one lower-casing and a few substring tests, no regular expression
  // (compiled only for a text that may name someone).
  if (!known.needles.length) return;
  const lower = text.toLowerCase();
  if (!known.needles.some((n) => lower.includes(n))) return;
  known.patterns ??= namePatterns(known);
  for (const re of known.patterns)
    for (const m of text.matchAll(re)) out.push(candidate(m.index, m.index + m[0].length, 'name'));
}

interface KnownNames {
  /** The names, whole. */
  wholes: string[];
  /** Their capitalised words of three letters or more. */
  words: string[];
  /** Lower-cased, each in any text a pattern matches. */
  needles: string[];
  /** The whole names in any case; their words as written (made on first need). */
  patterns?: RegExp[];
}

/** The names of one list, once (an event's masking reuses its options for every text). */
const KNOWN_NAMES = new WeakMap<readonly string[], KnownNames>();
function nameNeedles(names: readonly string[]): KnownNames {
  let known = KNOWN_NAMES.get(names);
  if (known) return known;
  const wholes = new Set<string>();
  const words = new Set<string>();
  for (const raw of names) {
    const name = raw.trim();
    if (name.length < 3) continue;
    wholes.add(name);
    for (const word of name.split(/[^\p{L}'’]+/u))
      if (/^\p{Lu}\p{Ll}{2,}$/u.test(word)) words.add(word);
  }
  known = {
    wholes: [...wholes],
    words: [...words],
    needles: [...wholes, ...words].map((n) => n.toLowerCase()),
  };
  KNOWN_NAMES.set(names, known);
  return known;
}

/** Any of `list`, as whole words (the longest first). */
function anyOf(list: readonly string[], flags: string): RegExp {
  const alternatives = [...list].sort((x, y) => y.length - x.length).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, flags);
}

function namePatterns({ wholes, words }: KnownNames): RegExp[] {
  return [
    ...(wholes.length ? [anyOf(wholes, 'giu')] : []),
    ...(words.length ? [anyOf(words, 'gu')] : []),
  ];
}

interface KnownPeople {
  /** Their first words, lower-cased: a text with none of them names none of them. */
  firstWords: Set<string>;
  /** The full names, whole, in any case. */
  pattern: RegExp;
}

/** One list of people's full names (`MaskOptions.people`), prepared once. */
const PEOPLE = new WeakMap<readonly string[], KnownPeople | null>();

const WORD = /[\p{L}\p{N}'’]+/gu;

/** Each full name of `people`, whole, in any case. */
function findPeople(text: string, people: readonly string[], out: Candidate[]): void {
  let known = PEOPLE.get(people);
  if (known === undefined) {
    const names = [...new Set(people.map((p) => p.trim()).filter((p) => p.length >= 3))];
    known = names.length
      ? {
          firstWords: new Set(names.map((n) => (n.match(WORD)?.[0] ?? n).toLowerCase())),
          pattern: anyOf(names, 'giu'),
        }
      : null;
    PEOPLE.set(people, known);
  }
  if (!known) return;
  // Most texts name no one: one pass over their words, and the pattern (thousands of names,
  // case-insensitive) only for a text holding the first word of one.
  const words = text.toLowerCase().match(WORD);
  if (!words?.some((w) => known.firstWords.has(w))) return;
  for (const m of text.matchAll(known.pattern))
    out.push(candidate(m.index, m.index + m[0].length, 'name'));
}

/** At most this many people are looked for (the first met). */
const MAX_PEOPLE = 2000;

/**
 * The people `events` name, for `MaskOptions.people`: the full names (two words or more) of
 * their actors who are users and of the users they target, each once. An integration's name
 * ("Zapier integration") is not a person's.
 */
export function peopleOf(events: readonly AuditEvent[]): readonly string[] {
  const people = new Set<string>();
  const add = (name: string | undefined) => {
    const n = name?.trim().replace(/\s+/g, ' ');
    if (n && /\p{L}[^\s]*\s+\p{L}/u.test(n) && people.size < MAX_PEOPLE) people.add(n);
  };
  for (const e of events) {
    if (e.actor.type === 'user') add(e.actor.name);
    if (e.target && PEOPLE_TARGET.test(e.target.type)) add(e.target.name);
  }
  return [...people];
}

/**
 * A target type that is a person's, strictly: the list's people are masked everywhere, so a
 * group's or a company's name ("Help Desk" of a `usergroup`, a `customer`) must not be one.
 */
const PEOPLE_TARGET = /^(?:users?|persons?|people|members?|employees?)$/i;

function detect(text: string, options: MaskOptions): SensitiveMatch[] {
  const kinds = options.kinds ? new Set(options.kinds) : undefined;
  const found: Candidate[] = [];
  for (const [kind, detect] of DETECTORS) if (!kinds || kinds.has(kind)) detect(text, found);
  if (!kinds || kinds.has('name')) {
    if (options.names?.length) findNames(text, options.names, found);
    if (options.people?.length) findPeople(text, options.people, found);
  }
  if ((options.entropy ?? true) && (!kinds || kinds.has('api-key'))) {
    const generic: Candidate[] = [];
    findHighEntropy(text, generic);
    for (const c of generic) if (!options.keep?.has(text.slice(c.start, c.end))) found.push(c);
  }
  if (found.length === 0) return [];

  // Protected ranges: the server's markers wherever they appear.
  const taken: [number, number][] = [];
  for (const marker of [REDACTION_MARKER, SCRUBBED_MARKER])
    for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1))
      taken.push([i, i + marker.length]);

  found.sort((a, b) => a.rank - b.rank || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen: SensitiveMatch[] = [];
  const used = new Uint8Array(text.length);
  for (const [s, e] of taken) used.fill(1, s, e);
  for (const c of found) {
    let free = true;
    for (let i = c.start; i < c.end; i++) {
      if (used[i]) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    used.fill(1, c.start, c.end);
    chosen.push({ start: c.start, end: c.end, kind: c.kind });
  }
  return chosen.sort((a, b) => a.start - b.start);
}

function replaceFindings(text: string, options: MaskOptions | undefined): string {
  const found = findSensitive(text, options);
  if (found.length === 0) return text;
  let out = '';
  let last = 0;
  for (const f of found) {
    out += text.slice(last, f.start) + MASKS[f.kind];
    last = f.end;
  }
  return out + text.slice(last);
}

/**
 * `text` with every finding replaced by its mask (`[email]`, `Bearer [token]`...).
 * Repeated until nothing more is found, so that the remainder of a finding that lost an
 * overlap (`Bearer abc123!@x.io`: the token wins, `!@x.io` is left) is masked too, and
 * masking masked text changes nothing.
 */
export function maskText(text: string, options?: MaskOptions): string {
  if (text === REDACTION_MARKER) return text;
  try {
    let current = text;
    for (let pass = 0; pass < 8; pass++) {
      const next = replaceFindings(current, options);
      if (next === current) break;
      current = next;
    }
    return current;
  } catch {
    return UNCHECKED_MASK;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON

/** A number that is a card number (JSON numbers up to 2^53 hold 16 digits). */
function maskNumber(n: number): number | string {
  return Number.isSafeInteger(n) && n > 0 && isCardNumber(String(n)) ? MASKS.card : n;
}

type Container = unknown[] | Record<string, unknown>;

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/**
 * A deep copy of a JSON value with every string masked (`maskText`), every value under a
 * sensitive key (`isSensitiveKey`, at any depth; `key` is the key `value` itself sits
 * under) replaced whole by `[secret]`, card numbers among numbers masked, and object keys
 * masked too. A person's name (`assigned_to: "Priya Nair"`, `full_name`, the `name` of an
 * object under `owner` or holding an email...) is `[name]`; `parent` is the object or list
 * `value` sits in and the key that sits under, when `value` is masked on its own (a JSON tree's
 * node: a person's `name`). `null`s under sensitive keys stay (they hold nothing), as does the
 * server's `REDACTION_MARKER`. The input is never modified.
 */
export function maskValue(
  value: unknown,
  key?: string,
  options: MaskOptions = {},
  parent?: { key: string | undefined; value: unknown },
): unknown {
  try {
    const inPerson = parent !== undefined && isPersonContainer(parent.key, parent.value);
    const at = key === 'value' && isReference(parent?.value, options) ? REFERENCE_ID : key;
    return maskValueOrThrow(value, at, options, inPerson);
  } catch {
    return UNCHECKED_MASK; // fail closed: hidden whole
  }
}

function maskValueOrThrow(
  value: unknown,
  key: string | undefined,
  options: MaskOptions,
  rootInPerson: boolean,
): unknown {
  const jobs: {
    source: Container;
    target: Container;
    key: string | undefined;
    person: boolean;
  }[] = [];
  const copies = new Map<object, Container>();
  // People's fields are looked for with names (`kinds` without 'name': credentials only).
  const people = !options.kinds || options.kinds.includes('name');
  const optionsFor = (k: string | undefined): MaskOptions =>
    k !== undefined && isIdentifierKey(k) ? { ...options, entropy: false } : options;

  const convert = (
    v: unknown,
    k: string | undefined,
    inherited: string | undefined,
    inPerson: boolean,
  ): unknown => {
    if (v === null || v === undefined || v === REDACTION_MARKER || v === SCRUBBED_MARKER) return v;
    if (k !== undefined && isSensitiveKey(k)) return SECRET_MASK;
    switch (typeof v) {
      case 'string':
        return people && isPersonField(k ?? inherited, inPerson)
          ? maskPersonField(maskText(v, optionsFor(k ?? inherited)))
          : maskText(v, optionsFor(k ?? inherited));
      case 'number':
        return maskNumber(v);
      case 'bigint':
        return isCardNumber(String(v)) ? MASKS.card : v;
      case 'object': {
        if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
        const existing = copies.get(v);
        if (existing) return existing;
        const target: Container = Array.isArray(v) ? [] : {};
        copies.set(v, target);
        const at = k ?? inherited;
        jobs.push({
          source: v as Container,
          target,
          key: at,
          person: people && isPersonContainer(at, v),
        });
        return target;
      }
      default:
        return v; // booleans; functions and symbols are not JSON
    }
  };

  const root = convert(value, key, undefined, rootInPerson);
  while (jobs.length > 0) {
    const { source, target, key: parentKey, person } = jobs.pop()!;
    if (Array.isArray(source)) {
      const out = target as unknown[];
      for (let i = 0; i < source.length; i++)
        out[i] = convert(source[i], undefined, parentKey, person);
    } else {
      const out = target as Record<string, unknown>;
      const reference = isReference(source, options);
      for (const k of Object.keys(source)) {
        let masked = maskText(k, { ...options, entropy: false });
        if (masked !== k) {
          const base = masked;
          for (let n = 2; hasOwn(out, masked) || hasOwn(source, masked); n++)
            masked = `${base} (${n})`;
        }
        const at = k === 'value' && reference ? REFERENCE_ID : k;
        setOwn(out, masked, convert(source[k], at, undefined, person));
      }
    }
  }
  return root;
}

type Headers = NonNullable<NonNullable<AuditEvent['request']>['headers']>;

/** Headers with credential headers replaced by `[secret]` and the rest masked. */
export function maskHeaders<H extends Headers | undefined>(headers: H, options?: MaskOptions): H {
  return maskValue(headers, undefined, options) as H;
}

// ---------------------------------------------------------------------------------------------
// URLs and events

export const encodeQueryPart = (s: string): string =>
  encodeURIComponent(s).replace(/%5B/g, '[').replace(/%5D/g, ']');

export function decodeQueryPart(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * A URL (absolute or a path) with credentials in it masked: the userinfo password, query
 * parameters under sensitive names (`?token=[secret]`), and detected values in the path,
 * query values and fragment.
 */
export function maskUrl(url: string, options?: MaskOptions): string {
  try {
    return maskUrlOrThrow(url, options);
  } catch {
    return UNCHECKED_MASK;
  }
}

function maskUrlOrThrow(url: string, options?: MaskOptions): string {
  const hash = url.indexOf('#');
  const beforeHash = hash >= 0 ? url.slice(0, hash) : url;
  const fragment = hash >= 0 ? url.slice(hash) : '';
  const q = beforeHash.indexOf('?');
  const base = q >= 0 ? beforeHash.slice(0, q) : beforeHash;
  const query = q >= 0 ? beforeHash.slice(q + 1) : undefined;

  let out = maskText(base, options);
  if (query !== undefined) {
    const pairs = query.split('&').map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq >= 0 ? pair.slice(0, eq) : pair;
      const maskedKey = maskText(rawKey, { ...options, entropy: false });
      if (eq < 0) return maskedKey;
      const rawValue = pair.slice(eq + 1);
      const key = decodeQueryPart(rawKey);
      if (isSensitiveKey(key)) return `${maskedKey}=${SECRET_MASK}`;
      const value = decodeQueryPart(rawValue);
      const masked = maskText(
        value,
        isIdentifierKey(key) ? { ...options, entropy: false } : options,
      );
      return `${maskedKey}=${masked === value ? rawValue : encodeQueryPart(masked)}`;
    });
    out += `?${pairs.join('&')}`;
  }
  return out + maskText(fragment, options);
}

/** A target type that is a person's. */
const PERSON_TARGET = /user|person|member|employee|customer/i;

/**
 * Masking options that keep the event's own identifiers (ids, trace id) readable, with the
 * people it names and `people` (the loaded list's, `peopleOf`).
 */
export function eventMaskOptions(e: AuditEvent, people?: readonly string[]): MaskOptions {
  // The people it names: its actor, a person (by name and by email's user part, when that
  // reads as a name: "priya.nair", not "e2"), and a user it targets. An integration's name
  // ("Zapier integration") is not a person's, and its words are everyday words elsewhere.
  const user = e.actor.email?.split('@')[0];
  const person = e.actor.type === 'user';
  const names = person ? [e.actor.name, user && /\p{L}{3}/u.test(user) ? user : undefined] : [];
  if (e.target && PERSON_TARGET.test(e.target.type)) names.push(e.target.name);
  return {
    keep: new Set(
      [e.id, e.traceId, e.executionId, e.parentId, e.actor.id, e.target?.id].filter(
        (s): s is string => !!s,
      ),
    ),
    names: names.filter((s): s is string => !!s),
    ...(people && { people }),
  };
}

/**
 * The event as it may be shared: `maskText` over the actor's email, name and ID, message,
 * target name and URL (`maskUrl`); `maskValue` over request and response headers, query,
 * params and bodies, delta and raw record. The event's own identifiers (id, trace ID,
 * execution, parent, actor and target IDs) are kept wherever they appear. Parts the server
 * withheld keep their `REDACTION_MARKER`. The input is not modified.
 * `people`: other people's full names to mask too (`peopleOf`).
 */
export function maskEvent(e: AuditEvent, people?: readonly string[]): AuditEvent {
  try {
    return maskEventOrThrow(e, people);
  } catch {
    // Fail closed: only what identifies the entry, every free-form part hidden.
    const hidden: AuditEvent = {
      id: e.id,
      timestamp: e.timestamp,
      kind: e.kind,
      actor: { type: e.actor.type },
      action: UNCHECKED_MASK,
      status: e.status,
      message: UNCHECKED_MASK,
    };
    if (e.http) hidden.http = { method: e.http.method, url: UNCHECKED_MASK };
    return hidden;
  }
}

/**
 * An event without what only its entry shows (request and response bodies, the changes, the
 * backend's record): what a list needs, and far less to mask.
 */
export function withoutPayloads(e: AuditEvent): AuditEvent {
  const out: AuditEvent = { ...e };
  if (e.request) {
    const { body: _body, ...request } = e.request;
    out.request = request;
  }
  if (e.response) {
    const { body: _body, ...response } = e.response;
    out.response = response;
  }
  delete out.delta;
  delete out.raw;
  return out;
}

/**
 * A list row in safe-to-share mode: `maskEvent` of what a list shows (no payloads, no
 * headers or parameters, no backend record). The entry masks its own, fuller copy.
 */
export function maskListEvent(e: AuditEvent, people?: readonly string[]): AuditEvent {
  const { request: _request, response: _response, ...rest } = withoutPayloads(e);
  return maskEvent(rest, people);
}

/** What an actor's name becomes in safe-to-share mode. */
export const NAME_MASK = MASKS.name;

/** The event's free-text fields, masked by the detectors in safe-to-share mode. */
const TEXT_FIELDS = [
  'action',
  'message',
  'messageHtml',
  'environment',
  'workspace',
  'plugin',
  'skill',
  'traceId',
  'executionId',
  'parentId',
] as const satisfies readonly (keyof AuditEvent)[];

function maskEventOrThrow(e: AuditEvent, people?: readonly string[]): AuditEvent {
  const options = eventMaskOptions(e, people);
  const text = (s: string | undefined): string | undefined =>
    s === undefined ? undefined : maskText(s, options);
  const out: AuditEvent = { ...e, actor: { ...e.actor } };

  // Who: an actor's email and name are personal data whatever they look like.
  if (e.actor.email !== undefined) out.actor.email = MASKS.email;
  // (An integration's or the system's name is not a person's: the detectors read it.)
  if (e.actor.name !== undefined)
    out.actor.name = e.actor.type === 'user' ? NAME_MASK : text(e.actor.name);
  if (e.actor.id !== undefined) out.actor.id = text(e.actor.id);
  if (e.ip !== undefined) out.ip = MASKS.ip;
  // Every other text a person sees goes through the detectors.
  for (const key of TEXT_FIELDS) {
    const value = e[key];
    if (value !== undefined) out[key] = maskText(value, options);
  }
  if (e.target)
    out.target = {
      type: text(e.target.type)!,
      ...(e.target.id !== undefined && { id: text(e.target.id) }),
      ...(e.target.name !== undefined && { name: text(e.target.name) }),
    };
  if (e.http) {
    out.http = { ...e.http };
    if (e.http.url !== undefined) out.http.url = maskUrl(e.http.url, options);
    if (e.http.path !== undefined) out.http.path = maskUrl(e.http.path, options);
  }
  if (e.request) {
    const r = { ...e.request };
    if (r.headers !== undefined) r.headers = maskHeaders(r.headers, options);
    if (r.query !== undefined) r.query = maskValue(r.query, undefined, options) as typeof r.query;
    if (r.params !== undefined)
      r.params = maskValue(r.params, undefined, options) as typeof r.params;
    if ('body' in r) r.body = maskValue(r.body, undefined, options);
    out.request = r;
  }
  if (e.response) {
    const r = { ...e.response };
    if (r.headers !== undefined) r.headers = maskHeaders(r.headers, options);
    if ('body' in r) r.body = maskValue(r.body, undefined, options);
    out.response = r;
  }
  if (e.delta) {
    out.delta = {
      from: maskValue(e.delta.from, undefined, options),
      to: maskValue(e.delta.to, undefined, options),
    };
  }
  if ('raw' in e) out.raw = maskValue(e.raw, undefined, options);
  return out;
}
