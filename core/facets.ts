/**
 * The facet panel's domain: which fields it counts, what a value of each field is for an
 * event, which values a view's filters include or exclude, the filters after a one-click
 * include or exclude, "errors only", counting fetched events for backends that cannot count,
 * and a cache of facet requests (per partition, filters and field) that shares one request
 * between callers and aborts it when none of them wants it any more.
 *
 * The filter model takes one value per field, included (`plugin: 'x'`) or excluded
 * (`plugin: '!x'`, see `isExclusion`), except `status`, which takes alternatives (`4xx,5xx`)
 * and excludes several at once (`!4xx,5xx`): only status values can be several at once.
 */
import { EXCLUDABLE_KEYS, isExclusion } from './filter.js';
import { pluginOf } from './format.js';
import { eventStatusClass } from './histogram.js';
import type { AuditEvent, Filters } from './model.js';
import type { Capabilities, FacetField, FacetValue } from './sources/types.js';
import { parseStatusList, statusClass, type StatusTest } from './status.js';
import { filtersKey } from './view-state.js';

export type { FacetField, FacetValue };

/** The fields of the panel, in the order shown. */
export const PANEL_FACETS = [
  'plugin',
  'actor',
  'status',
  'method',
  'skill',
  'environment',
] as const satisfies readonly FacetField[];
export type PanelFacet = (typeof PANEL_FACETS)[number];

/** What a field is called on screen (a heading), and in a control's name ("Only plugin …"). */
export const FACET_LABELS: Record<PanelFacet, { heading: string; noun: string }> = {
  plugin: { heading: 'Plugin', noun: 'plugin' },
  actor: { heading: 'User', noun: 'user' },
  status: { heading: 'Status', noun: 'status' },
  method: { heading: 'Method', noun: 'method' },
  skill: { heading: 'Skill', noun: 'skill' },
  environment: { heading: 'Environment', noun: 'environment' },
};

/** Filters a source takes when it does not list its own (`Capabilities.filters` absent). */
const COMMON: readonly PanelFacet[] = ['plugin', 'actor', 'status', 'method', 'skill'];

/** The panel's fields that mean something for a source (its records carry them). */
export function facetFields(capabilities: Pick<Capabilities, 'filters'> | undefined): PanelFacet[] {
  const known = capabilities?.filters;
  return PANEL_FACETS.filter((f) => (known ? known.includes(f) : COMMON.includes(f)));
}

/** Whether several values of the field can be included at once (`status:4xx,5xx`). */
export const isMultiValue = (field: FacetField): boolean => field === 'status';

/** Whether a value of the field can be excluded (`-status:4xx`, `-plugin:x`). */
export const canExclude = (field: FacetField): boolean =>
  field === 'status' || (EXCLUDABLE_KEYS as readonly string[]).includes(field);

/** The field's value for an event, as the filter of that field matches it (`core/filter.ts`). */
export function facetValueOf(event: AuditEvent, field: FacetField): string | undefined {
  switch (field) {
    case 'actor':
      return event.actor.email ?? event.actor.name;
    case 'plugin':
      return pluginOf(event);
    case 'skill':
      return event.skill;
    case 'kind':
      return event.kind;
    case 'method':
      return event.http?.method?.toUpperCase();
    case 'status':
      return eventStatusClass(event);
    case 'environment':
      return event.environment;
  }
}

const byCount = (a: FacetValue, b: FacetValue): number =>
  b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

/**
 * Counts of each value of a field over `events`, most frequent first (ties by value): each
 * count is how many of them the filter of that value keeps. A status outcome (`error`) is
 * offered for events without an HTTP status code, and counts every event with that outcome.
 */
export function countFacet(events: readonly AuditEvent[], field: FacetField): FacetValue[] {
  const counts = new Map<string, number>();
  for (const e of events) {
    const v = facetValueOf(e, field);
    if (v !== undefined && v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (field === 'status')
    for (const outcome of ['success', 'error'] as const)
      if (counts.has(outcome))
        counts.set(outcome, events.filter((e) => e.status === outcome).length);
  return [...counts].map(([value, count]) => ({ value, count })).sort(byCount);
}

/**
 * A backend's status facet (counts per status code: `201`, `404`, or an outcome) folded into
 * status classes (`2xx`, `4xx`), the values the panel offers.
 */
export function statusClassCounts(values: readonly FacetValue[]): FacetValue[] {
  const counts = new Map<string, number>();
  for (const { value, count } of values) {
    const code = /^\d{3}$/.test(value) ? Number(value) : undefined;
    const cls = statusClass(code) ?? value.toLowerCase();
    counts.set(cls, (counts.get(cls) ?? 0) + count);
  }
  return [...counts].map(([value, count]) => ({ value, count })).sort(byCount);
}

/** The filters without the field's own filter: a facet counts every value of its field. */
export function withoutField(filters: Filters, field: FacetField): Filters {
  const out = { ...filters };
  delete out[field];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Active values, include and exclude

function testText(t: StatusTest): string {
  switch (t.type) {
    case 'code':
      return String(t.code);
    case 'class':
      return `${t.digit}xx`;
    case 'range':
      return `${t.op}${t.code}`;
    case 'outcome':
      return t.outcome;
  }
}

/** The values the filters include and those they exclude, for one field. */
export function activeValues(
  filters: Filters,
  field: FacetField,
): { include: string[]; exclude: string[] } {
  const raw = filters[field];
  if (typeof raw !== 'string' || !raw.trim()) return { include: [], exclude: [] };
  if (field !== 'status') {
    const value = raw.trim();
    if (!isExclusion(field, value)) return { include: [value], exclude: [] };
    return value.length > 1
      ? { include: [], exclude: [value.slice(1)] }
      : { include: [], exclude: [] };
  }
  const parsed = parseStatusList(raw);
  if (!parsed.ok) return { include: [], exclude: [] };
  const values = parsed.value.tests.map(testText);
  return parsed.value.negate ? { include: [], exclude: values } : { include: values, exclude: [] };
}

/** Two values of a field are the same value (the filters match case-insensitively). */
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function isIncluded(filters: Filters, field: FacetField, value: string): boolean {
  return activeValues(filters, field).include.some((v) => same(v, value));
}

export function isExcluded(filters: Filters, field: FacetField, value: string): boolean {
  return activeValues(filters, field).exclude.some((v) => same(v, value));
}

function withStatus(filters: Filters, values: string[], negate: boolean): Filters {
  const out = withoutField(filters, 'status');
  if (values.length) out.status = `${negate ? '!' : ''}${values.join(',')}`;
  return out;
}

function withValue(filters: Filters, field: FacetField, value: string | undefined): Filters {
  const out = withoutField(filters, field);
  if (value !== undefined) (out as Record<string, unknown>)[field] = value;
  return out;
}

/**
 * The filters after a click on a value's include control: an included value is removed; for
 * a field that takes several values (status) an unchecked value joins the others included
 * (`4xx` then `5xx`: `4xx,5xx`); otherwise the field shows only that value (an exclusion of
 * the field is replaced).
 */
export function toggleInclude(filters: Filters, field: FacetField, value: string): Filters {
  const { include } = activeValues(filters, field);
  if (field !== 'status')
    return withValue(filters, field, isIncluded(filters, field, value) ? undefined : value);
  if (include.some((v) => same(v, value)))
    return withStatus(
      filters,
      include.filter((v) => !same(v, value)),
      false,
    );
  return withStatus(filters, [...include, value], false);
}

/**
 * The filters after a click on a value's exclude control (see `canExclude`): an excluded value
 * is no longer excluded; otherwise it is excluded (for status, it joins the values excluded:
 * `!4xx,5xx`), replacing an inclusion of the field.
 */
export function toggleExclude(filters: Filters, field: FacetField, value: string): Filters {
  if (!canExclude(field)) throw new RangeError(`${field} values cannot be excluded`);
  const { exclude } = activeValues(filters, field);
  if (field !== 'status')
    return withValue(filters, field, isExcluded(filters, field, value) ? undefined : `!${value}`);
  if (exclude.some((v) => same(v, value)))
    return withStatus(
      filters,
      exclude.filter((v) => !same(v, value)),
      true,
    );
  return withStatus(filters, [...exclude, value], true);
}

const ERROR_CLASSES = ['4xx', '5xx'];

/** What "Errors only" filters by: 4xx and 5xx, or `error` where records have no status code. */
export const errorValues = (outcomesOnly = false): readonly string[] =>
  outcomesOnly ? ['error'] : ERROR_CLASSES;

/** "Errors only" is on: the status filter is exactly `errorValues` (in any order). */
export function isErrorsOnly(filters: Filters, outcomesOnly = false): boolean {
  const { include } = activeValues(filters, 'status');
  const errors = errorValues(outcomesOnly);
  return include.length === errors.length && errors.every((c) => include.some((v) => same(v, c)));
}

/** The filters with "errors only" switched on (status 4xx,5xx or error) or off (no status filter). */
export function setErrorsOnly(filters: Filters, on: boolean, outcomesOnly = false): Filters {
  if (on) return withStatus(filters, [...errorValues(outcomesOnly)], false);
  return isErrorsOnly(filters, outcomesOnly) ? withoutField(filters, 'status') : filters;
}

/**
 * The values to list for a field: the counted ones, with any value the filters include or
 * exclude that was not counted added (count 0), so it can always be unchecked.
 */
export function valuesToList(
  counted: readonly FacetValue[],
  filters: Filters,
  field: FacetField,
): ListedValue[] {
  const { include, exclude } = activeValues(filters, field);
  const out: ListedValue[] = [...counted];
  // Not among the values counted (a value past the top ones, an expression like >=400): its
  // count is not known, which is not 0.
  for (const v of [...include, ...exclude])
    if (!out.some((c) => same(c.value, v))) out.push({ value: v, count: 0, uncounted: true });
  return out;
}

/** A value as the panel lists it: counted, or active in the filters without a count. */
export interface ListedValue extends FacetValue {
  uncounted?: true;
}

// ---------------------------------------------------------------------------------------------
// Requests

/** The key of one facet request: partition, the filters it is counted under, and the field. */
export const facetKey = (partition: string, filters: Filters, field: FacetField): string =>
  `${partition}\n${filtersKey(withoutField(filters, field))}\n${field}`;

const abortError = (): Error => {
  const e = new Error('The facet request was aborted');
  e.name = 'AbortError';
  return e;
};

interface Entry<T> {
  /** Settled value and when it settled; absent while in flight. */
  value?: T;
  at?: number;
  inflight?: { promise: Promise<T>; abort: AbortController; waiters: number };
}

export interface FacetCacheOptions {
  /** How long an answer is reused (new events arrive all the time). Default 60 s. */
  maxAgeMs?: number;
  /** Most answers kept; the least recently used go first. Default 200. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Facet answers by key (`facetKey`): a fresh answer is reused, callers of a request in flight
 * share it, and the request is aborted once every caller has aborted. Failures are not kept.
 */
export class FacetCache<T = FacetValue[]> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: FacetCacheOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 200;
    this.now = options.now ?? Date.now;
  }

  /** The fresh answer for `key`, if there is one (no request). */
  peek(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e || e.at === undefined || this.now() - e.at > this.maxAgeMs) return undefined;
    return e.value;
  }

  /** The answer for `key`: cached, joined if in flight, or loaded with `load`. */
  get(key: string, load: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(abortError());
    const cached = this.peek(key);
    if (cached !== undefined) {
      // Most recently used last.
      const e = this.entries.get(key)!;
      this.entries.delete(key);
      this.entries.set(key, e);
      return Promise.resolve(cached);
    }
    let entry = this.entries.get(key);
    if (!entry?.inflight) {
      const abort = new AbortController();
      const next: Entry<T> = {};
      const promise = load(abort.signal).then(
        (value) => {
          if (this.entries.get(key) === next) {
            next.value = value;
            next.at = this.now();
            delete next.inflight;
            this.trim();
          }
          return value;
        },
        (error: unknown) => {
          if (this.entries.get(key) === next) this.entries.delete(key);
          throw error;
        },
      );
      // The callers each see the result; this catch keeps an unwanted failure quiet.
      promise.catch(() => {});
      next.inflight = { promise, abort, waiters: 0 };
      this.entries.delete(key);
      this.entries.set(key, next);
      entry = next;
    }
    const inflight = entry.inflight!;
    inflight.waiters++;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const onAbort = () => {
        if (done) return;
        done = true;
        reject(abortError());
        if (--inflight.waiters === 0) {
          inflight.abort.abort();
          if (this.entries.get(key) === entry) this.entries.delete(key);
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      inflight.promise.then(
        (value) => {
          if (done) return;
          done = true;
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: Error) => {
          if (done) return;
          done = true;
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** Forgets every answer (Refresh); requests in flight go on for their callers. */
  clear(): void {
    for (const [key, e] of this.entries) if (!e.inflight) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private trim(): void {
    for (const [key, e] of this.entries) {
      if (this.entries.size <= this.maxEntries) break;
      if (!e.inflight) this.entries.delete(key);
    }
  }
}
