/**
 * The text query language of the search box, kept in sync both ways with the filter
 * controls: GitHub-audit-log-style qualifiers plus free text.
 *
 *     user:jane@example.com plugin:"create ticket" status:>=400 -user:bot@acme.example
 *     after:2024-12-01 before:2024-12-05T10:00Z timeout
 *
 * - `parseQuery` never throws: every problem becomes a `QueryError` with character offsets
 *   into the text, so the UI can underline the offending token. A token with an error
 *   contributes nothing to the filters (for a repeated qualifier, the last one wins).
 * - `formatQuery` prints the canonical text of a `Filters`; for canonical filters (see
 *   `formatQuery`) `parseQuery(formatQuery(f)).filters` deep-equals `f`.
 *
 * Syntax: tokens are separated by whitespace. `name:value` is a qualifier (names are
 * case-insensitive); a value may be double-quoted, with `\"` and `\\` as escapes. `status`,
 * `user`, `plugin`, `skill`, `method` and `env` may be negated, as `-plugin:value` (the filter's
 * value is then `!value`). Anything else is free text (`q`); a quoted
 * phrase is free text too. Dates are ISO 8601, in UTC unless they carry an offset.
 * `status` takes alternatives: `status:4xx OR status:5xx`, or `status:4xx,5xx`. `AND` between
 * terms is what a space means already; `OR` anywhere else is an error (quote it to search it).
 */
import {
  AUTH_TYPES,
  EVENT_KINDS,
  RELATIVE_RANGES,
  type AuthType,
  type EventKind,
  type FilterKey,
  type Filters,
  type RelativeRange,
} from './model.js';
import {
  DAY_MS,
  MAX_TIME,
  PHRASE_QUALIFIERS,
  formatValue,
  type QualifierName,
} from './query-format.js';
import { parseStatusList } from './status.js';

export { filterTokens, formatQuery, formatValue, type QualifierName } from './query-format.js';

export interface QueryError {
  /** Offset of the first character of the offending token. */
  start: number;
  /** Offset just past its last character. */
  end: number;
  message: string;
}

/** A rewrite of part of the query that probably says what was meant (`plugin:"create ticket"`). */
export interface QueryHint {
  start: number;
  end: number;
  /** The text to put in place of `start`..`end`. */
  replacement: string;
  message: string;
}

export interface QueryParse {
  filters: Filters;
  errors: QueryError[];
  /** Rewrites to offer (absent when there are none): valid as written, but likely not meant. */
  hints?: QueryHint[];
}

export interface QualifierInfo {
  /** Canonical name, as `formatQuery` prints it. */
  name: QualifierName;
  /** Other accepted spellings. */
  aliases: readonly string[];
  /** The filter it sets. */
  filter: FilterKey;
  /** One line, for help and autocomplete. */
  description: string;
  example: string;
  /** Suggested values, for autocomplete (the complete set when `closed`). */
  values?: readonly string[];
  /** Whether `values` are the only valid values. */
  closed?: boolean;
  /** Whether `-name:value` is allowed. */
  negatable?: boolean;
}

export const QUALIFIERS: readonly QualifierInfo[] = [
  {
    name: 'user',
    aliases: ['actor'],
    filter: 'actor',
    description: 'Email or name of the user who acted (case-insensitive); -user: excludes',
    example: 'user:jane@example.com',
    negatable: true,
  },
  {
    name: 'plugin',
    aliases: [],
    filter: 'plugin',
    description: 'Plugin, module, entity or resource; -plugin: excludes',
    example: 'plugin:"create ticket"',
    negatable: true,
  },
  {
    name: 'skill',
    aliases: [],
    filter: 'skill',
    description: 'Skill the call was made for; -skill: excludes',
    example: 'skill:Ticketing',
    negatable: true,
  },
  {
    name: 'kind',
    aliases: [],
    filter: 'kind',
    description: 'Kind of event: api-call, change or request',
    example: 'kind:api-call',
    values: EVENT_KINDS,
    closed: true,
  },
  {
    name: 'method',
    aliases: [],
    filter: 'method',
    description: 'HTTP method; -method: excludes',
    example: 'method:POST',
    values: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    negatable: true,
  },
  {
    name: 'status',
    aliases: [],
    filter: 'status',
    description: 'HTTP status: 201, 4xx, >=400, success or error; -status: excludes',
    example: 'status:>=400',
    values: ['success', 'error', '2xx', '4xx', '5xx', '>=400', '201', '429'],
    negatable: true,
  },
  {
    name: 'trace',
    aliases: ['traceId'],
    filter: 'traceId',
    description: 'Trace ID shared by the calls of one workflow, retries included',
    example: 'trace:4bf92f3577b34da6a3ce929d0e0e4736',
  },
  {
    name: 'action',
    aliases: ['event'],
    filter: 'action',
    description: 'What was done: Kore create/update/delete, a Nected event (case-insensitive)',
    example: 'action:update',
    values: ['create', 'update', 'delete', 'Call Via API', 'Test Via Console'],
  },
  {
    name: 'env',
    aliases: ['environment'],
    filter: 'environment',
    description: 'Environment the event happened in (case-insensitive); -env: excludes',
    example: 'env:production',
    values: ['production', 'staging'],
    negatable: true,
  },
  {
    name: 'entityId',
    aliases: [],
    filter: 'entityId',
    description: 'ID of the changed entity (exact)',
    example: 'entityId:66a389b40e9b336c5e6edb19',
  },
  {
    name: 'userId',
    aliases: [],
    filter: 'userId',
    description: 'ID of the user or key who acted (exact)',
    example: 'userId:u-6fd26567-2b99-5265-9b69-54fba448d26f',
  },
  {
    name: 'workspace',
    aliases: ['ws'],
    filter: 'workspace',
    description: 'Workspace ID (exact)',
    example: 'workspace:68987795c090f4ae5e94abc2',
  },
  {
    name: 'auth',
    aliases: ['authType'],
    filter: 'authType',
    description: 'How the request was authenticated: api-key or jwt (a signed-in user)',
    example: 'auth:api-key',
    values: AUTH_TYPES,
    closed: true,
  },
  {
    name: 'last',
    aliases: [],
    filter: 'time',
    description: 'Only the last 15m, 1h, 24h or 7d',
    example: 'last:24h',
    values: RELATIVE_RANGES,
    closed: true,
  },
  {
    name: 'after',
    aliases: [],
    filter: 'time',
    description: 'From this ISO date or date-time on (UTC unless an offset is given)',
    example: 'after:2024-12-01',
  },
  {
    name: 'before',
    aliases: [],
    filter: 'time',
    description: 'Up to this ISO date-time, or to the end of this ISO date (UTC)',
    example: 'before:2024-12-05T10:00Z',
  },
];

const BY_NAME = new Map<string, QualifierInfo>();
for (const q of QUALIFIERS) {
  BY_NAME.set(q.name.toLowerCase(), q);
  for (const a of q.aliases) BY_NAME.set(a.toLowerCase(), q);
}

const NEGATABLE_LIST = QUALIFIERS.filter((q) => q.negatable)
  .map((q) => `${q.name}:`)
  .join(', ');

const KNOWN_LIST = QUALIFIERS.flatMap((q) => [q.name, ...q.aliases])
  .map((n) => `${n}:`)
  .join(', ');

// ---------------------------------------------------------------------------------------------
// Tokens

interface Token {
  start: number;
  end: number;
  /** Written with a leading `-`. */
  negated: boolean;
  /** Qualifier name as written (no `-`, no `:`); absent for free text. */
  name?: string;
  /** Offset where the value (or its opening quote) starts. */
  valueStart: number;
  /** The value, quotes removed and escapes resolved. */
  value: string;
  quoted: boolean;
  /** A quote was opened and never closed (the token runs to the end of the text). */
  unterminated: boolean;
}

const SPACE = /\s/;
const QUALIFIER_PREFIX = /-?([A-Za-z][A-Za-z0-9_-]*):/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (SPACE.test(text[i]!)) {
      i++;
      continue;
    }
    const start = i;
    let negated = false;
    let name: string | undefined;
    QUALIFIER_PREFIX.lastIndex = i;
    const m = QUALIFIER_PREFIX.exec(text);
    if (m) {
      negated = text[i] === '-';
      name = m[1];
      i = QUALIFIER_PREFIX.lastIndex;
    } else if (text[i] === '-' && i + 1 < n && !SPACE.test(text[i + 1]!)) {
      negated = true;
      i++;
    }
    const valueStart = i;
    let value = '';
    let quoted = false;
    let unterminated = false;
    if (text[i] === '"') {
      quoted = true;
      unterminated = true;
      i++;
      while (i < n) {
        const c = text[i]!;
        const next = text[i + 1];
        if (c === '\\' && (next === '"' || next === '\\')) {
          value += next;
          i += 2;
        } else if (c === '"') {
          i++;
          unterminated = false;
          break;
        } else {
          value += c;
          i++;
        }
      }
    } else {
      while (i < n && !SPACE.test(text[i]!)) i++;
      value = text.slice(valueStart, i);
    }
    const token: Token = { start, end: i, negated, valueStart, value, quoted, unterminated };
    if (name !== undefined) token.name = name;
    tokens.push(token);
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Dates

const ISO =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Epoch ms of an ISO date or date-time. A bare date is the start of that day (UTC), or its
 * last millisecond when `endOfDay`. A date-time without an offset is UTC.
 */
function parseInstant(text: string, endOfDay: boolean): number | string {
  const m = ISO.exec(text);
  const expected = 'expected an ISO date (2024-12-01) or date-time (2024-12-01T10:00Z)';
  if (!m) return expected;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (
    month < 1 ||
    month > 12 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return `${text} is not a date: ${expected}`;
  let ms = date.getTime();
  if (h === undefined) {
    if (endOfDay) ms += DAY_MS - 1;
  } else {
    const hour = Number(h);
    const minute = Number(mi);
    const second = Number(s ?? 0);
    if (hour > 23 || minute > 59 || second > 59) return `${text} is not a time of day: ${expected}`;
    ms +=
      ((hour * 60 + minute) * 60 + second) * 1000 + Number((frac ?? '').padEnd(3, '0').slice(0, 3));
    if (zone && zone !== 'Z' && zone !== 'z') {
      const digits = zone.replace(':', '');
      const oh = Number(digits.slice(1, 3));
      const om = Number(digits.slice(3, 5));
      if (oh > 23 || om > 59) return `${zone} is not a UTC offset: ${expected}`;
      ms -= (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
    }
  }
  if (ms < 0) return `${text} is before 1970`;
  if (ms > MAX_TIME) return `${text} is too far in the future`;
  return ms;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** What one qualifier token sets, once its value is valid. */
type StringKey =
  | 'actor'
  | 'plugin'
  | 'skill'
  | 'method'
  | 'status'
  | 'traceId'
  | 'action'
  | 'environment'
  | 'entityId'
  | 'userId'
  | 'workspace';
type Setting =
  | { key: StringKey; value: string }
  | { key: 'kind'; value: EventKind }
  | { key: 'authType'; value: AuthType }
  | { key: 'last'; value: RelativeRange }
  | { key: 'after' | 'before'; value: number };

type Checked = { ok: true; setting: Setting } | { ok: false; message: string };

function check(info: QualifierInfo, written: string, token: Token): Checked {
  const raw = token.value;
  const not = token.negated ? '!' : '';
  const fail = (message: string): Checked => ({ ok: false, message: `${written} ${message}` });
  switch (info.name) {
    case 'user':
    case 'plugin':
    case 'skill':
    case 'env':
      return { ok: true, setting: { key: info.filter as StringKey, value: `${not}${raw}` } };
    case 'trace':
    case 'action':
    case 'entityId':
    case 'userId':
    case 'workspace':
      return { ok: true, setting: { key: info.filter as StringKey, value: raw } };
    case 'auth': {
      const auth = raw.toLowerCase();
      if (!(AUTH_TYPES as readonly string[]).includes(auth))
        return fail(`expected ${AUTH_TYPES.join(' or ')}, not "${raw}"`);
      return { ok: true, setting: { key: 'authType', value: auth as AuthType } };
    }
    case 'kind': {
      const kind = raw.toLowerCase();
      if (!(EVENT_KINDS as readonly string[]).includes(kind))
        return fail(`expected ${EVENT_KINDS.join(', ')}, not "${raw}"`);
      return { ok: true, setting: { key: 'kind', value: kind as EventKind } };
    }
    case 'method':
      if (!/^[A-Za-z]+$/.test(raw)) return fail(`expected an HTTP method such as GET or POST`);
      return { ok: true, setting: { key: 'method', value: `${not}${raw.toUpperCase()}` } };
    case 'status': {
      const expr = token.negated ? `!${raw}` : raw;
      const parsed = parseStatusList(expr);
      if (!parsed.ok) return fail(parsed.error);
      return { ok: true, setting: { key: 'status', value: expr } };
    }
    case 'last': {
      const range = raw.toLowerCase();
      if (!(RELATIVE_RANGES as readonly string[]).includes(range))
        return fail(`expected ${RELATIVE_RANGES.join(', ')}, not "${raw}"`);
      return { ok: true, setting: { key: 'last', value: range as RelativeRange } };
    }
    case 'after':
    case 'before': {
      const ms = parseInstant(raw, info.name === 'before');
      if (typeof ms === 'string') return fail(ms);
      return { ok: true, setting: { key: info.name, value: ms } };
    }
  }
}

interface Occurrence {
  token: Token;
  written: string;
  /** Which setting it competes for: a repeated slot means "the last one wins". */
  slot: string;
  setting?: Setting;
}

export function parseQuery(text: string): QueryParse {
  const errors: QueryError[] = [];
  const erred = new Set<Token>();
  const error = (token: Token, message: string, end = token.end): void => {
    if (erred.has(token)) return;
    erred.add(token);
    errors.push({ start: token.start, end, message });
  };
  const words: string[] = [];
  const occurrences: Occurrence[] = [];
  const tokens = joinAlternatives(tokenize(text), error);
  const hints = quoteHints(text, tokens);

  for (const token of tokens) {
    if (token.unterminated) {
      error(token, 'Unterminated quote: add the closing "', text.length);
      continue;
    }
    if (token.name === undefined) {
      if (token.negated) {
        error(
          token,
          `Only ${NEGATABLE_LIST} can be excluded with "-" (as in -status:2xx). To search for ` +
            `"-${token.value}", put it in double quotes.`,
        );
        continue;
      }
      words.push(...token.value.split(/\s+/).filter(Boolean));
      continue;
    }
    const written = `${token.name}:`;
    const info = BY_NAME.get(token.name.toLowerCase());
    if (!info) {
      error(
        token,
        `Unknown qualifier "${written}". Known qualifiers: ${KNOWN_LIST}. ` +
          `To search for the text, put it in double quotes.`,
      );
      continue;
    }
    if (token.negated && !info.negatable) {
      error(
        token,
        `"-${written}": only ${NEGATABLE_LIST} can be excluded with "-" (as in -status:2xx)`,
      );
      continue;
    }
    const slot = info.filter === 'time' ? info.name : info.filter;
    const occurrence: Occurrence = { token, written, slot };
    occurrences.push(occurrence);
    if (token.value === '') {
      error(token, `${written} needs a value, as in ${info.example}`);
      continue;
    }
    const checked = check(info, written, token);
    if (checked.ok) occurrence.setting = checked.setting;
    else error(token, checked.message);
  }

  // Repeated qualifiers: the last one wins.
  const lastOf = new Map<string, Occurrence>();
  for (const o of occurrences) lastOf.set(o.slot, o);
  for (const o of occurrences) {
    const last = lastOf.get(o.slot);
    if (last === o) continue;
    // One filter per field: a list it is in, or a list it is not in; never both.
    if (last && !!last.token.negated !== !!o.token.negated)
      error(
        o.token,
        `${o.token.negated ? '-' : ''}${o.written} cannot be combined with ` +
          `${last.token.negated ? '-' : ''}${last.written}; the last one wins` +
          (o.slot === 'status'
            ? '. Give one list: status:4xx,5xx (any of them) or -status:429,503 (none of them)'
            : ''),
      );
    else error(o.token, `${o.written} given twice; the last one wins`);
  }
  // `last:` against `after:`/`before:`: the later kind wins.
  const winners = [...lastOf.values()];
  const relative = lastOf.get('last');
  const absolute = winners.filter((o) => o.slot === 'after' || o.slot === 'before');
  const absoluteEnd = Math.max(-1, ...absolute.map((o) => o.token.start));
  if (relative && absolute.length > 0) {
    const losers = relative.token.start > absoluteEnd ? absolute : [relative];
    for (const o of losers) {
      error(
        o.token,
        `${o.written} cannot be combined with ${o.slot === 'last' ? 'after:/before:' : 'last:'}; the later one wins`,
      );
      lastOf.delete(o.slot);
    }
  }

  const filters: Filters = {};
  for (const o of lastOf.values()) {
    const s = o.setting;
    if (!s) continue;
    switch (s.key) {
      case 'last':
        filters.time = { type: 'relative', last: s.value };
        break;
      case 'after':
      case 'before': {
        const time =
          filters.time?.type === 'absolute' ? filters.time : { type: 'absolute' as const };
        if (s.key === 'after') time.from = s.value;
        else time.to = s.value;
        filters.time = time;
        break;
      }
      case 'kind':
        filters.kind = s.value;
        break;
      case 'authType':
        filters.authType = s.value;
        break;
      default:
        filters[s.key] = s.value;
    }
  }
  // A range that ends before it starts matches nothing: offered the right way round, rather
  // than left to "no events" (a hint: as written, it is a valid filter).
  const range = filters.time;
  if (range?.type === 'absolute' && (range.from ?? -1) > (range.to ?? Infinity)) {
    const [a, b] = [lastOf.get('after')!.token, lastOf.get('before')!.token];
    const [lo, hi] = a.start < b.start ? [a, b] : [b, a];
    const swapped = (t: Token, other: Token) =>
      text.slice(t.start, t.valueStart) + text.slice(other.valueStart, other.end);
    hints.push({
      start: lo.start,
      end: hi.end,
      replacement: swapped(lo, hi) + text.slice(lo.end, hi.start) + swapped(hi, lo),
      message: `${text.slice(a.start, a.end)} is later than ${text.slice(b.start, b.end)}: no event can match; swap the two`,
    });
  }
  if (words.length > 0) filters.q = words.join(' ');
  errors.sort((a, b) => a.start - b.start);
  return hints.length
    ? { filters: ordered(filters), errors, hints }
    : { filters: ordered(filters), errors };
}

const isOperator = (t: Token, word: 'OR' | 'AND') =>
  t.name === undefined && !t.quoted && !t.negated && t.value === word;
const qualifierOf = (t: Token | undefined) =>
  t?.name === undefined ? undefined : BY_NAME.get(t.name.toLowerCase());

/**
 * `status:4xx OR status:5xx` becomes one token `status:4xx,5xx`; a bare `AND` is dropped (a
 * space means it already); any other `OR` is an error, and not searched as a word.
 */
function joinAlternatives(
  tokens: Token[],
  error: (token: Token, message: string) => void,
): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isOperator(token, 'AND')) continue;
    if (!isOperator(token, 'OR')) {
      out.push(token);
      continue;
    }
    const before = out.at(-1);
    const after = tokens[i + 1];
    const info = qualifierOf(before);
    if (
      before &&
      after &&
      info?.name === 'status' &&
      qualifierOf(after) === info &&
      !before.negated &&
      !after.negated &&
      before.value &&
      after.value &&
      !after.unterminated
    ) {
      out[out.length - 1] = { ...before, end: after.end, value: `${before.value},${after.value}` };
      i++;
      continue;
    }
    error(
      token,
      info && qualifierOf(after) === info
        ? `OR was not applied: it joins status: values only (status:4xx OR status:5xx). To search for the word, write "OR".`
        : `OR was not applied: it joins two values of one qualifier, as in status:4xx OR status:5xx. To search for the word, write "OR".`,
    );
  }
  return out;
}

/**
 * `plugin:create ticket` is plugin "create" and the word "ticket": offer
 * `plugin:"create ticket"`, taking the words up to the next qualifier.
 */
function quoteHints(text: string, tokens: Token[]): QueryHint[] {
  const hints: QueryHint[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const info = qualifierOf(token);
    if (!info || !PHRASE_QUALIFIERS.has(info.name) || token.quoted || !token.value) continue;
    // An address is one word: what follows it is free text.
    if (info.name === 'user' && token.value.includes('@')) continue;
    let j = i + 1;
    while (j < tokens.length) {
      const next = tokens[j]!;
      if (next.name !== undefined || next.quoted || next.negated) break;
      j++;
    }
    if (j === i + 1) continue;
    const last = tokens[j - 1]!;
    const value = [token.value, ...tokens.slice(i + 1, j).map((t) => t.value)].join(' ');
    const name = text.slice(token.start, token.valueStart);
    const replacement = `${name}${formatValue(value)}`;
    hints.push({
      start: token.start,
      end: last.end,
      replacement,
      message: `${name}${token.value} takes one word; for "${value}" write ${replacement}`,
    });
    i = j - 1;
  }
  return hints;
}

/** The filters with their keys in `formatQuery` order (for stable output when serialized). */
function ordered(f: Filters): Filters {
  const out: Filters = {};
  if (f.actor !== undefined) out.actor = f.actor;
  if (f.plugin !== undefined) out.plugin = f.plugin;
  if (f.skill !== undefined) out.skill = f.skill;
  if (f.kind !== undefined) out.kind = f.kind;
  if (f.method !== undefined) out.method = f.method;
  if (f.status !== undefined) out.status = f.status;
  if (f.traceId !== undefined) out.traceId = f.traceId;
  if (f.action !== undefined) out.action = f.action;
  if (f.environment !== undefined) out.environment = f.environment;
  if (f.entityId !== undefined) out.entityId = f.entityId;
  if (f.userId !== undefined) out.userId = f.userId;
  if (f.workspace !== undefined) out.workspace = f.workspace;
  if (f.authType !== undefined) out.authType = f.authType;
  if (f.time !== undefined) out.time = f.time;
  if (f.q !== undefined) out.q = f.q;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Autocomplete

export interface TokenAtCursor {
  /**
   * The qualifier being typed: its canonical name when known (`actor:` gives `user`),
   * otherwise as written. Absent for free text.
   */
  qualifier?: string;
  /** Written with a leading `-`. */
  negated: boolean;
  /** The value typed so far (without quotes); for free text, the word. */
  value: string;
  /** The whole token, `-qualifier:` included: the range a suggestion replaces. */
  start: number;
  end: number;
  /** Where the value starts (after `qualifier:`). */
  valueStart: number;
}

/**
 * The token under the caret (a caret right after a token is on it). Between tokens, an
 * empty free-text token at the caret.
 */
export function tokenAt(text: string, cursor: number): TokenAtCursor {
  const at = Math.max(0, Math.min(text.length, Math.trunc(cursor) || 0));
  for (const token of tokenize(text)) {
    if (token.start > at) break;
    if (at > token.end) continue;
    const out: TokenAtCursor = {
      negated: token.negated,
      value: token.value,
      start: token.start,
      end: token.end,
      valueStart: token.valueStart,
    };
    if (token.name !== undefined) {
      out.qualifier = BY_NAME.get(token.name.toLowerCase())?.name ?? token.name;
    }
    return out;
  }
  return { negated: false, value: '', start: at, end: at, valueStart: at };
}
