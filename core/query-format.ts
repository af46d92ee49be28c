/**
 * The query language's printing half (`formatQuery` and its parts): what a link, a chip or a
 * note writes. Kept apart from the parser (`query-language.ts`), which only the query box and
 * a link being read need, so the viewer's first rows do not wait for it.
 */
import { FILTER_KEYS, type FilterKey, type Filters } from './model.js';

export type QualifierName =
  | 'user'
  | 'plugin'
  | 'skill'
  | 'kind'
  | 'method'
  | 'status'
  | 'trace'
  | 'action'
  | 'env'
  | 'entityId'
  | 'userId'
  | 'workspace'
  | 'auth'
  | 'last'
  | 'after'
  | 'before';

/**
 * What the query box calls each filter but the time range (which `last:`, `after:` and
 * `before:` set): `actor` is `user:`, `environment` is `env:`.
 */
export const QUALIFIER_OF: Readonly<Partial<Record<FilterKey, QualifierName>>> = {
  actor: 'user',
  plugin: 'plugin',
  skill: 'skill',
  kind: 'kind',
  method: 'method',
  status: 'status',
  traceId: 'trace',
  action: 'action',
  environment: 'env',
  entityId: 'entityId',
  userId: 'userId',
  workspace: 'workspace',
  authType: 'auth',
};

export const DAY_MS = 86_400_000;
/** The largest time a `Date` can hold. */
export const MAX_TIME = 8.64e15;

/** The shortest text `parseInstant` reads back as `ms`. */
export function formatInstant(ms: number, endOfDay: boolean): string {
  const iso = new Date(ms).toISOString();
  const dateEnd = iso.indexOf('T');
  if ((endOfDay ? ms + 1 : ms) % DAY_MS === 0) {
    return new Date(endOfDay ? ms + 1 - DAY_MS : ms).toISOString().slice(0, dateEnd);
  }
  if (ms % 60_000 === 0) return `${iso.slice(0, dateEnd + 6)}Z`;
  if (ms % 1000 === 0) return `${iso.slice(0, dateEnd + 9)}Z`;
  return iso;
}

/** Qualifiers whose values may hold spaces: the words after them may belong to the value. */
export const PHRASE_QUALIFIERS = new Set<QualifierName>([
  'user',
  'plugin',
  'skill',
  'action',
  'env',
]);

// ---------------------------------------------------------------------------------------------
// Formatting

const quoted = (v: string): string => `"${v.replace(/["\\]/g, '\\$&')}"`;

/** A qualifier value as text: quoted when it is empty or has whitespace, quotes or colons. */
export function formatValue(v: string): string {
  return v === '' || /[\s":]/.test(v) ? quoted(v) : v;
}

/** A free-text word: also quoted when it starts with `-` (which would read as exclusion). */
function formatWord(w: string): string {
  return /[":]/.test(w) || w.startsWith('-') ? quoted(w) : w;
}

/**
 * Each filter set in `filters` but free text, as its own query-language text, in the query
 * box's order: `[{ key: 'actor', text: 'user:jane@example.com' }, …]`. The viewer shows them
 * as removable chips where the structured controls are folded away.
 */
export function filterTokens(filters: Filters): { key: FilterKey; text: string }[] {
  const out: { key: FilterKey; text: string }[] = [];
  for (const key of FILTER_ORDER) {
    if (filters[key] === undefined) continue;
    const text = formatQuery({ [key]: filters[key] });
    if (text) out.push({ key, text });
  }
  return out;
}

/**
 * The filters in the order `formatQuery` writes them: FILTER_KEYS' order with the time last
 * (free text comes last of all, and is not one of these).
 */
const FILTER_ORDER: readonly FilterKey[] = [
  ...FILTER_KEYS.filter((k) => k !== 'q' && k !== 'time'),
  'time',
];
/**
 * The canonical text of `filters`: qualifiers in a fixed order (user, plugin, skill, kind,
 * method, status, trace, action, env, entityId, userId, workspace, auth, time), then the free
 * text.
 *
 * Round trip: `parseQuery(formatQuery(f)).filters` deep-equals `f` when `f` is canonical:
 * no empty strings, `method` in capital letters, `q` made of words joined by single spaces,
 * an absolute time range with at least one bound, and times a `Date` can hold. Anything
 * else prints as its canonical equivalent (empty values and ranges are left out).
 */
export function formatQuery(filters: Filters): string {
  const parts: string[] = [];
  /** The last qualifier written, when its value may hold spaces and went out unquoted. */
  let bare: { at: number; name: string; value: string } | undefined;
  const add = (name: string, v: string | undefined): void => {
    if (!v) return;
    const text = formatValue(v);
    const phrase = PHRASE_QUALIFIERS.has(name.replace(/^-/, '') as QualifierName);
    // (An address is one word: the query box reads what follows it as free text already.)
    const address = name.endsWith('user') && v.includes('@');
    bare = phrase && !address && text === v ? { at: parts.length, name, value: v } : undefined;
    parts.push(`${name}:${text}`);
  };
  // `!value` excludes: `-name:value`.
  const addNegatable = (name: string, v: string | undefined): void => {
    if (v?.startsWith('!')) add(`-${name}`, v.slice(1));
    else add(name, v);
  };
  addNegatable('user', filters.actor);
  addNegatable('plugin', filters.plugin);
  addNegatable('skill', filters.skill);
  add('kind', filters.kind);
  addNegatable('method', filters.method);
  const status = filters.status;
  if (status?.startsWith('!')) add('-status', status.slice(1));
  else add('status', status);
  add('trace', filters.traceId);
  add('action', filters.action);
  addNegatable('env', filters.environment);
  add('entityId', filters.entityId);
  add('userId', filters.userId);
  add('workspace', filters.workspace);
  add('auth', filters.authType);
  const time = filters.time;
  if (time?.type === 'relative') add('last', time.last);
  else if (time?.type === 'absolute') {
    const valid = (ms: number | undefined): ms is number =>
      ms !== undefined && Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIME;
    if (valid(time.from)) parts.push(`after:${formatInstant(time.from, false)}`);
    if (valid(time.to)) parts.push(`before:${formatInstant(time.to, true)}`);
    if (valid(time.from) || valid(time.to)) bare = undefined;
  }
  const words = (filters.q ?? '').split(/\s+/).filter(Boolean);
  // `env:production timeout` would read as a value cut at its first word (and the query box
  // would offer env:"production timeout"): a phrase value right before free text is quoted.
  if (words.length > 0 && bare && bare.at === parts.length - 1)
    parts[bare.at] = `${bare.name}:${quoted(bare.value)}`;
  for (const w of words) parts.push(formatWord(w));
  return parts.join(' ');
}
