/**
 * What each `Filters` field means, as one executable definition. The service indexes
 * `searchText` for free text; adapters use `matchesFilters` for the
 * filters their backend cannot apply.
 */
import {
  RELATIVE_RANGE_MS,
  type AuditEvent,
  type Filters,
  type RelativeRange,
  type TimeRange,
} from './model.js';
import { pluginOf } from './format.js';
import { matchesStatusList, parseStatusList } from './status.js';

/** What each relative range is called on screen (the time select, the histogram's zoom out). */
export const RELATIVE_RANGE_LABELS: Readonly<Record<RelativeRange, string>> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

/** Inclusive epoch-ms bounds of a time range, relative ranges resolved against `now`. */
export function timeBounds(
  time: TimeRange | undefined,
  now: number,
): { from?: number; to?: number } {
  if (!time) return {};
  if (time.type === 'relative') return { from: now - RELATIVE_RANGE_MS[time.last] };
  return { from: time.from, to: time.to };
}

function leafText(value: unknown, out: string[], depth = 0): void {
  if (value === null || value === undefined || depth > 64) return;
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) leafText(v, out, depth + 1);
  else if (typeof value === 'object')
    for (const v of Object.values(value as Record<string, unknown>)) leafText(v, out, depth + 1);
}

/**
 * The text that free-text search (`q`) looks in: every field a person sees in the list or
 * the entry — the action, the actor's email and name, the target's type, name and id, the
 * plugin and skill, the HTTP method, the URL (or path), the trace id, the message — and the
 * leaf values of the request and response bodies, lower-cased, one field a line. Parts the
 * server redacted are left out, so a restricted principal cannot probe withheld bodies
 * through search.
 */
export function searchText(event: AuditEvent): string {
  const out: string[] = [];
  const add = (v: string | undefined): void => {
    if (v) out.push(v);
  };
  add(event.action);
  add(event.actor.email);
  add(event.actor.name);
  add(event.target?.type);
  add(event.target?.name);
  add(event.target?.id);
  add(event.plugin);
  add(event.skill);
  add(event.http?.method);
  add(event.http?.url ?? event.http?.path);
  add(event.traceId);
  add(event.message);
  const withheld = new Set(event.redacted ?? []);
  if (!withheld.has('request.body')) leafText(event.request?.body, out);
  if (!withheld.has('response.body')) leafText(event.response?.body, out);
  return out.join('\n').toLowerCase();
}

/**
 * Filters whose value can exclude instead: `!value` (written `-plugin:value` in the query box)
 * keeps the events the value would not. `status` has its own negated lists (`!4xx,5xx`).
 */
export const EXCLUDABLE_KEYS = ['actor', 'plugin', 'skill', 'method', 'environment'] as const;
export type ExcludableKey = (typeof EXCLUDABLE_KEYS)[number];

/** Whether this filter value excludes (`plugin: '!create ticket'`): adapters leave it to the viewer. */
export function isExclusion(key: keyof Filters, value: unknown): boolean {
  return (
    (EXCLUDABLE_KEYS as readonly string[]).includes(key) &&
    typeof value === 'string' &&
    value.startsWith('!')
  );
}

/** Whitespace-separated, lower-cased terms of a free-text query. */
export function searchTerms(q: string | undefined): string[] {
  return (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

const eqi = (a: string | undefined, b: string): boolean =>
  a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * A user filter that looks like part of a name (`Ava`: one word, no `@`). A user filter matches
 * a whole email or display name, so this one matches only someone called exactly that.
 */
export function isPartialName(actor: string | undefined): boolean {
  return !!actor && !actor.startsWith('!') && !actor.includes('@') && !actor.includes(' ');
}

/** Does one filter hold for this event? Unset filters always hold. */
export function matchesFilter<K extends keyof Filters>(
  event: AuditEvent,
  key: K,
  value: Filters[K],
  now: number,
): boolean {
  if (value === undefined || value === '') return true;
  if (isExclusion(key, value)) {
    const excluded = (value as string).slice(1);
    return excluded === '' || !matchesFilter(event, key, excluded as Filters[K], now);
  }
  switch (key) {
    case 'q': {
      const text = searchText(event);
      return searchTerms(value as string).every((t) => text.includes(t));
    }
    case 'actor':
      // An email where the backend has one, a display name where it has only names.
      return eqi(event.actor.email, value as string) || eqi(event.actor.name, value as string);
    case 'plugin':
      return eqi(pluginOf(event), value as string);
    case 'skill':
      return eqi(event.skill, value as string);
    case 'kind':
      return event.kind === value;
    case 'method':
      return eqi(event.http?.method, value as string);
    case 'status': {
      const parsed = parseStatusList(value as string);
      return parsed.ok && matchesStatusList(parsed.value, event.http?.statusCode, event.status);
    }
    case 'traceId':
      return event.traceId === value;
    case 'time': {
      const { from, to } = timeBounds(value as TimeRange, now);
      return (
        (from === undefined || event.timestamp >= from) &&
        (to === undefined || event.timestamp <= to)
      );
    }
    case 'action':
      return eqi(event.action, value as string);
    case 'environment':
      return eqi(event.environment, value as string);
    case 'entityId':
      return event.target?.id === value;
    case 'userId':
      return event.actor.id === value;
    case 'workspace':
      return event.workspace === value;
    case 'authType':
      return value === 'api-key' ? event.actor.type === 'api-key' : event.actor.type !== 'api-key';
    default:
      return true;
  }
}

export function matchesFilters(
  event: AuditEvent,
  filters: Filters,
  now: number,
  keys: readonly (keyof Filters)[] = Object.keys(filters) as (keyof Filters)[],
): boolean {
  return keys.every((k) => matchesFilter(event, k, filters[k], now));
}

/** Newest first (desc) or oldest first (asc); ties broken by id the same way. */
export function compareEvents(
  a: AuditEvent,
  b: AuditEvent,
  order: 'asc' | 'desc' = 'desc',
): number {
  const c = a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return order === 'asc' ? c : -c;
}
