/**
 * The generic adapter validates with its own small guard (`core/sources/guard.ts`) instead of
 * zod, to keep zod out of what loads before the first row. On generated records (valid ones,
 * and valid ones with one value replaced by something else), the guard and the zod/mini
 * schemas of `core/schema.ts` agree: the same events out, or the same first issue (path, message).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { REDACTABLE_PARTS, REDACTION_MARKER } from '../../../core/model.js';
import * as S from '../../../core/schema.js';
import {
  GenericEvent,
  GenericEventDetail,
  GenericEventsPage,
  GenericFacets,
  GenericHistogram,
} from '../../../core/sources/generic.js';
import { validateRows } from '../../../core/sources/rows.js';
import { broken, outcome, zodWithRaw as withRaw } from './mutate.js';

// The guard says what zod's English messages say (zod/mini alone says "Invalid input"; the
// English locale is what Node processes that load `zod` itself, like the service, use).
z.config(z.locales.en());

/** What the generic adapter validated with before the guard. */
const Zod = {
  event: withRaw(S.AuditEvent),
  page: z.object({ data: z.array(withRaw(S.AuditEvent)), nextCursor: z.nullable(z.string()) }),
  detail: z.object({ data: withRaw(S.AuditEvent) }),
  facets: z.object({
    field: z.string(),
    data: z.array(
      z.object({ value: z.union([z.string(), z.number()]), count: z.int().check(z.gte(0)) }),
    ),
  }),
  histogram: z.object({
    from: z.number(),
    to: z.number(),
    interval: z.number().check(z.gt(0)),
    data: z.array(
      z.object({
        start: z.number(),
        end: z.number(),
        total: z.int().check(z.gte(0)),
        counts: z.record(z.string(), z.int().check(z.gte(0))),
      }),
    ),
  }),
};

const text = fc.string({ maxLength: 6 });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const headers = fc.oneof(fc.constant(REDACTION_MARKER), fc.dictionary(text, text));
const params = fc.oneof(
  fc.constant(REDACTION_MARKER),
  fc.dictionary(text, fc.oneof(text, fc.array(text))),
);

/** Valid events, with the optional parts present or not (undefined keys are dropped as JSON). */
const validEvent = fc
  .record({
    id: fc.string({ minLength: 1, maxLength: 6 }),
    timestamp: fc.nat(),
    kind: fc.constantFrom('api-call', 'change', 'request'),
    actor: fc.record({
      id: maybe(text),
      email: maybe(text),
      name: maybe(text),
      type: fc.constantFrom('user', 'api-key', 'system'),
    }),
    action: text,
    status: fc.constantFrom('success', 'error'),
    message: maybe(text),
    messageHtml: maybe(text),
    environment: maybe(text),
    workspace: maybe(text),
    ip: maybe(text),
    target: maybe(fc.record({ type: text, id: maybe(text), name: maybe(text) })),
    plugin: maybe(text),
    skill: maybe(text),
    http: maybe(
      fc.record({
        method: text,
        url: maybe(text),
        path: maybe(text),
        statusCode: maybe(fc.integer({ min: 100, max: 599 })),
        durationMs: maybe(fc.double({ min: 0, max: 1e6, noNaN: true })),
        attempt: maybe(fc.integer({ min: 1, max: 9 })),
      }),
    ),
    traceId: maybe(text),
    executionId: maybe(text),
    parentId: maybe(text),
    request: maybe(
      fc.record({
        headers: maybe(headers),
        query: maybe(params),
        params: maybe(params),
        body: maybe(fc.jsonValue()),
      }),
    ),
    response: maybe(fc.record({ headers: maybe(headers), body: maybe(fc.jsonValue()) })),
    delta: maybe(fc.record({ from: fc.jsonValue(), to: fc.jsonValue() })),
    redacted: maybe(fc.subarray([...REDACTABLE_PARTS])),
    raw: maybe(fc.jsonValue()),
    unknownField: maybe(fc.jsonValue()),
  })
  .map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);

const RUNS = { numRuns: 1000 };

describe('the generic adapter’s guard agrees with the zod/mini schemas', () => {
  it('on valid events: the same event out, raw included, keys in the same order', () => {
    fc.assert(
      fc.property(validEvent, (e) => {
        expect(GenericEvent.safeParse(e).success).toBe(true);
        expect(outcome(GenericEvent, e)).toEqual(outcome(Zod.event, e));
      }),
      RUNS,
    );
  });

  it('on events with one value replaced or removed: the same first issue (path and message)', () => {
    fc.assert(
      fc.property(broken(validEvent), (e) => {
        expect(outcome(GenericEvent, e)).toEqual(outcome(Zod.event, e));
      }),
      RUNS,
    );
  });

  it('on pages and details of events, and as rejected rows', () => {
    const page = fc.record({
      data: fc.array(validEvent, { maxLength: 3 }),
      nextCursor: fc.option(text, { nil: null }),
    });
    fc.assert(
      fc.property(broken(page), (p) => {
        expect(outcome(GenericEventsPage, p)).toEqual(outcome(Zod.page, p));
        expect(outcome(GenericEventDetail, { data: p })).toEqual(outcome(Zod.detail, { data: p }));
        const records = (p as { data?: unknown } | undefined)?.data;
        if (Array.isArray(records))
          expect(validateRows(records, GenericEvent, (x) => x, 'data')).toEqual(
            validateRows(records, Zod.event, (x) => x, 'data'),
          );
      }),
      RUNS,
    );
  });

  it('on facets and histograms', () => {
    const facets = fc.record({
      field: text,
      data: fc.array(fc.record({ value: fc.oneof(text, fc.integer()), count: fc.nat() }), {
        maxLength: 3,
      }),
    });
    const histogram = fc.record({
      from: fc.integer(),
      to: fc.integer(),
      interval: fc.integer({ min: 1 }),
      data: fc.array(
        fc.record({
          start: fc.integer(),
          end: fc.integer(),
          total: fc.nat(),
          counts: fc.dictionary(fc.constantFrom('2xx', '4xx', '5xx'), fc.nat()),
        }),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(broken(facets), (f) => {
        expect(outcome(GenericFacets, f)).toEqual(outcome(Zod.facets, f));
      }),
      RUNS,
    );
    fc.assert(
      fc.property(broken(histogram), (h) => {
        expect(outcome(GenericHistogram, h)).toEqual(outcome(Zod.histogram, h));
      }),
      RUNS,
    );
  });

  it('names a wrong field as the adapter’s users read it', () => {
    const event = {
      id: 'e1',
      timestamp: 1,
      kind: 'change',
      actor: { type: 'user' },
      action: 'update',
      status: 'success',
    };
    const rows = validateRows(
      [event, { ...event, timestamp: 'yesterday' }, { ...event, kind: 'login' }],
      GenericEvent,
      (x) => x,
      'data',
    );
    expect(rows.slice(1)).toEqual([
      { rejected: { id: 'e1', path: 'data[1].timestamp', message: 'expected number' } },
      {
        rejected: {
          id: 'e1',
          path: 'data[2].kind',
          message: 'expected one of "api-call", "change", "request"',
        },
      },
    ]);
  });

  it('what JSON can hold that generated records do not: 1e999, a "__proto__" key', () => {
    // JSON.parse makes `__proto__` an own key, and 1e999 Infinity: a backend can send both.
    const page = JSON.parse('{"data":[],"nextCursor":null}') as Record<string, unknown>;
    const infinite = { ...page, nextCursor: JSON.parse('1e999') as number };
    expect(outcome(GenericEventsPage, infinite)).toEqual(outcome(Zod.page, infinite));
    expect(outcome(GenericEventsPage, infinite)).toMatchObject({
      message: 'Invalid input: expected string, received Infinity',
    });
    const proto = JSON.parse(
      '{"id":"e1","timestamp":1,"kind":"change","actor":{"type":"user"},"action":"a","status":"success","request":{"headers":{"a":"b","__proto__":1}}}',
    ) as unknown;
    expect(outcome(GenericEvent, proto)).toEqual(outcome(Zod.event, proto));
    const parsed = GenericEvent.safeParse(proto);
    expect(parsed.success && parsed.data.request?.headers).toEqual({ a: 'b' });
    expect(Object.prototype).not.toHaveProperty('a');
  });
});
