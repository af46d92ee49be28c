/**
 * Property: on the generic API, filtering server-side (the adapter with the view, all
 * pages) and the filters' meaning written out in the test (`oracle.ts`) over one unfiltered fetch of
 * everything) give the same events in the same order, for random views drawn from
 * values that occur in the data.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareEvents } from '../../../core/filter.js';
import { expectedToMatch, visibleText } from './oracle.js';
import {
  RELATIVE_RANGES,
  type AuditEvent,
  type Filters,
  type SortOrder,
  type TimeRange,
  type ViewState,
} from '../../../core/model.js';
import { createGenericSource, type GenericSource } from '../../../core/sources/generic.js';
import { DAY, KEYS, NOW, startHarness, type Harness } from '../server/harness.js';
import { pageThrough } from './paging.js';

const pageAll = async (source: GenericSource, view: ViewState): Promise<AuditEvent[]> =>
  (await pageThrough(source, view, 500)).events;

const distinct = <T>(values: Iterable<T | undefined>): T[] =>
  [...new Set([...values].filter((v): v is T => v !== undefined))].sort();

/** Upper, lower or unchanged: the text filters are case-insensitive. */
const anyCase = (values: readonly string[]) =>
  fc
    .tuple(
      fc.constantFrom(...values),
      fc.constantFrom<'as-is' | 'upper' | 'lower'>('as-is', 'upper', 'lower'),
    )
    .map(([v, c]) => (c === 'upper' ? v.toUpperCase() : c === 'lower' ? v.toLowerCase() : v));

function viewArbitrary(
  events: AuditEvent[],
): fc.Arbitrary<{ principal: 'pii' | 'restricted'; view: ViewState }> {
  const actors = distinct(events.map((e) => e.actor.email));
  const plugins = distinct(events.map((e) => e.plugin ?? e.target?.type));
  const skills = distinct(events.map((e) => e.skill));
  const methods = distinct(events.map((e) => e.http?.method));
  const codes = distinct(events.map((e) => e.http?.statusCode));
  const traces = distinct(events.map((e) => e.traceId));
  const texts = events.map(visibleText).filter((t) => t.length > 0);
  const words = distinct(texts.flatMap((t) => t.split(/\s+/))).filter((w) => w.length >= 2);

  const status = fc
    .tuple(
      fc.boolean(),
      fc.oneof(
        fc.constantFrom(...codes).map(String),
        fc.integer({ min: 1, max: 5 }).map((d) => `${d}xx`),
        fc
          .tuple(
            fc.constantFrom('>=', '>', '<=', '<'),
            fc.constantFrom(...codes),
            fc.integer({ min: -1, max: 1 }),
          )
          .map(([op, code, d]) => `${op}${code + d}`),
        fc.constantFrom('success', 'error'),
      ),
    )
    .map(([negate, s]) => (negate ? `!${s}` : s));

  // Whole words, or a piece of some event's searchable text (URLs with %-escapes, JSON bodies...).
  const term = fc.oneof(
    fc.constantFrom(...words),
    fc.tuple(fc.constantFrom(...texts), fc.nat(), fc.integer({ min: 2, max: 12 })).map(
      ([t, at, n]) =>
        t
          .slice(at % t.length)
          .slice(0, n)
          .trim()
          .split(/\s+/)[0] ?? '',
    ),
  );
  const q = fc.array(term, { minLength: 1, maxLength: 2 }).map((ts) => ts.join(' '));

  const instant = fc.integer({ min: NOW - 7 * DAY, max: NOW });
  const time: fc.Arbitrary<TimeRange> = fc.oneof(
    fc.constantFrom(...RELATIVE_RANGES).map((last) => ({ type: 'relative' as const, last })),
    fc
      .tuple(instant, instant)
      .map(([a, b]) => ({ type: 'absolute' as const, from: Math.min(a, b), to: Math.max(a, b) })),
    instant.map((from) => ({ type: 'absolute' as const, from })),
    instant.map((to) => ({ type: 'absolute' as const, to })),
  );

  /** Absent `absent` times as often as present. */
  const maybe = <T>(arb: fc.Arbitrary<T>, absent: number) =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: arb, weight: 1 });
  const filters: fc.Arbitrary<Filters> = fc
    .record({
      q: maybe(q, 4),
      actor: maybe(fc.oneof(anyCase(actors), fc.constant('nobody@nowhere.example')), 4),
      plugin: maybe(anyCase(plugins), 4),
      skill: maybe(anyCase(skills), 5),
      kind: maybe(fc.constantFrom('api-call' as const, 'change' as const, 'request' as const), 4),
      method: maybe(anyCase(methods), 4),
      status: maybe(status, 3),
      traceId: maybe(fc.constantFrom(...traces), 8),
      time: maybe(time, 3),
    })
    .map(
      (f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Filters,
    );

  return fc.record({
    principal: fc.constantFrom<'pii' | 'restricted'>('pii', 'pii', 'restricted'),
    view: fc.record({
      v: fc.constant(1 as const),
      filters,
      sort: fc.constantFrom<SortOrder>('desc', 'asc'),
    }),
  });
}

describe('generic API: server-side filtering equals client-side filtering', () => {
  let h: Harness;
  const sources = {} as Record<'pii' | 'restricted', GenericSource>;
  const everything = {} as Record<'pii' | 'restricted', AuditEvent[]>;

  beforeAll(async () => {
    h = await startHarness();
    for (const principal of ['pii', 'restricted'] as const) {
      sources[principal] = createGenericSource({
        endpoint: h.url,
        credentials: () => KEYS[principal],
        now: () => NOW,
      });
      // The one unfiltered fetch of everything, per principal.
      everything[principal] = await pageAll(sources[principal], {
        v: 1,
        filters: {},
        sort: 'desc',
      });
    }
  });
  afterAll(() => h?.service.close());

  it('for random views (100 runs)', async () => {
    expect(everything.pii).toHaveLength(h.truth.length);
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(viewArbitrary(everything.pii), async ({ principal, view }) => {
        const client = everything[principal]
          .filter((e) => expectedToMatch(e, view.filters, NOW))
          .sort((a, b) => compareEvents(a, b, view.sort));
        const server = await pageAll(sources[principal], view);
        if (client.length) nonEmpty++;
        expect(server.map((e) => e.id)).toEqual(client.map((e) => e.id));
        expect(server).toEqual(client);
      }),
      { numRuns: 100 },
    );
    // The draws are not all trivially empty.
    expect(nonEmpty).toBeGreaterThan(30);
  });
});
