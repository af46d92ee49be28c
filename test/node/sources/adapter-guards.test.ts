/**
 * The Kore, Nected, org-audit and mapped adapters validate with the guards of
 * `core/sources/guard.ts` and `guard-checks.ts` instead of zod (10 KB min+gzip, gone from the
 * package). Below, the zod/mini schemas they used before, as oracles: on the seeded backends'
 * own records and on the org-audit mapping, valid and broken (one value replaced or removed,
 * or a key added), the guards give the same records, the same rejected rows and the same
 * issues (path and message), so what a user reads did not change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { Validator } from '../../../core/client.js';
import { FILTER_KEYS, REDACTION_MARKER } from '../../../core/model.js';
import { KoreLog, parseKoreDate } from '../../../core/sources/kore.js';
import orgAuditMapping from '../../../core/sources/mappings/org-audit.json' with { type: 'json' };
import {
  CONVERTERS,
  MAPPED_FIELDS,
  Mapping,
  parsePath,
  validateMapping,
} from '../../../core/sources/mapped.js';
import { NectedRecord, parseNectedDate } from '../../../core/sources/nected.js';
import { OrgAuditDetail, OrgAuditItem } from '../../../core/sources/org-audit.js';
import { validateRows } from '../../../core/sources/rows.js';
import { generateSeed } from '../../../server/seed/generate.js';
import { broken, outcome, paths, replaced, zodWithRaw, type Parser } from './mutate.js';

// zod's English messages, as the guards say them (zod/mini alone says "Invalid input").
z.config(z.locales.en());

// -------------------------------------------------------------------------------------------
// The zod/mini schemas the adapters had (git show 57bbb7b:core/sources/kore.ts and the others)

// The adapters' own tests of a date and a status, with their messages.
const koreDate = z.refine<string>((s) => parseKoreDate(s) >= 0, {
  message: 'expected an ISO 8601 date-time with a zone (2024-12-10T14:27:20.286Z)',
});
const nectedDate = z.refine<string>((s) => parseNectedDate(s) >= 0, {
  message: 'expected an RFC 3339 date-time (2024-11-27T06:00:38.470511956Z)',
});
const nectedStatus = z.refine<string>(
  (s) => ['success', 'completed', 'error', 'failed'].includes(s.toLowerCase()),
  { message: 'expected Success, Error, Completed or Failed' },
);
const isDateTime = (s: string) => Number.isFinite(Date.parse(s)) && Date.parse(s) >= 0;

const ZodKoreLog = z.looseObject({
  parentIds: z.optional(z.array(z.string())),
  _id: z.string().check(z.minLength(1)),
  entity: z.string(),
  action: z.string(),
  userId: z.string(),
  accountId: z.string(),
  entityId: z.string(),
  delta: z.optional(z.looseObject({ from: z.unknown(), to: z.unknown() })),
  htmlText: z.string(),
  userName: z.string(),
  emailId: z.string(),
  keywords: z.optional(z.string()),
  cOn: z.string().check(koreDate),
  __v: z.optional(z.number()),
});

const ZodPayload = z.union([
  z.null(),
  z.literal(REDACTION_MARKER),
  z.record(z.string(), z.unknown()),
]);
const ZodNectedRecord = z.looseObject({
  entityId: z.string(),
  executionId: z.string(),
  type: z.string(),
  name: z.string(),
  event: z.string(),
  status: z.string().check(nectedStatus),
  environment: z.string(),
  user: z.string(),
  workspaceId: z.string(),
  ip: z.string(),
  logId: z.string().check(z.minLength(1)),
  statusTimeMs: z.optional(z.int()),
  date: z.string().check(nectedDate),
  rootNode: z.looseObject({ id: z.string(), name: z.string(), logId: z.string() }),
  traceId: z.string(),
  message: z.string(),
  input: z.optional(ZodPayload),
  output: z.optional(ZodPayload),
  path: z.optional(z.union([z.null(), z.string(), z.array(z.unknown())])),
  version: z.optional(z.string()),
});

const Marker = z.literal(REDACTION_MARKER);
const ParamMap = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const ZodOrgItemFields = z.object({
  id: z.string().check(z.minLength(1)),
  method: z.string().check(z.minLength(1)),
  path: z.string(),
  statusCode: z.int().check(z.gte(100), z.lte(599)),
  resource: z.string(),
  authType: z.optional(z.string()),
  createdAt: z.string().check(z.refine(isDateTime, 'expected an ISO 8601 date-time')),
  account: z.optional(
    z.nullable(z.object({ id: z.string(), email: z.optional(z.nullable(z.string())) })),
  ),
  apiKey: z.optional(
    z.nullable(z.object({ id: z.string(), name: z.optional(z.nullable(z.string())) })),
  ),
  workspace: z.optional(z.nullable(z.object({ id: z.string() }))),
});
const ZodOrgDetails = z.object({
  body: z.optional(z.unknown()),
  query: z.optional(z.nullable(z.union([Marker, ParamMap]))),
  params: z.optional(z.nullable(z.union([Marker, ParamMap]))),
  headers: z.optional(z.nullable(z.union([Marker, z.record(z.string(), z.string())]))),
});
const ZodOrgItem = zodWithRaw(ZodOrgItemFields);
const ZodOrgDetail = zodWithRaw(z.extend(ZodOrgItemFields, { details: ZodOrgDetails }));

const Path = z.string().check(
  z.refine((s) => typeof parsePath(s) !== 'string', {
    message: 'not a JSON path (use $.items, data.logs, a[0].b or ["odd key"])',
  }),
);
const FieldSpec = z.union([
  Path,
  z.strictObject({
    path: z.union([Path, z.array(Path).check(z.minLength(1))]),
    convert: z.optional(z.enum(CONVERTERS)),
    values: z.optional(z.record(z.string(), z.string())),
  }),
  z.strictObject({ const: z.string() }),
]);
const Size = z.int().check(z.gte(1), z.lte(10_000));
const ZodMapping = z.strictObject({
  name: z.optional(z.string()),
  path: z.string().check(z.regex(/^\//, 'must start with /')),
  auth: z.optional(
    z.strictObject({
      header: z.string().check(z.minLength(1)),
      scheme: z.optional(z.literal('Bearer')),
    }),
  ),
  records: Path,
  fields: z
    .strictObject(Object.fromEntries(MAPPED_FIELDS.map((f) => [f, z.optional(FieldSpec)])))
    .check(
      z.refine((f) => f.id !== undefined, { message: 'required', path: ['id'] }),
      z.refine((f) => f.timestamp !== undefined, { message: 'required', path: ['timestamp'] }),
    ),
  filters: z.optional(
    z.strictObject({
      ...Object.fromEntries(
        FILTER_KEYS.filter((k) => k !== 'time').map((k) => [
          k,
          z.optional(z.string().check(z.minLength(1))),
        ]),
      ),
      time: z.optional(
        z.strictObject({
          from: z.optional(z.string().check(z.minLength(1))),
          to: z.optional(z.string().check(z.minLength(1))),
          format: z.enum(['iso', 'epoch-ms', 'epoch-s']),
        }),
      ),
    }),
  ),
  order: z.optional(z.enum(['desc', 'asc'])),
  pagination: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('page'),
      page: z.string(),
      size: z.string(),
      maxPageSize: Size,
      first: z.optional(z.int().check(z.gte(0))),
      totalPages: z.optional(Path),
      total: z.optional(Path),
    }),
    z.strictObject({
      type: z.literal('offset'),
      offset: z.string(),
      size: z.string(),
      maxPageSize: Size,
      total: z.optional(Path),
    }),
    z.strictObject({
      type: z.literal('cursor'),
      cursor: z.string(),
      next: Path,
      size: z.optional(z.string()),
      maxPageSize: Size,
    }),
    z.strictObject({ type: z.literal('link'), size: z.optional(z.string()), maxPageSize: Size }),
  ]),
  detail: z.optional(
    z.strictObject({
      path: z.string().check(z.regex(/^\/.*\{id\}/, 'must start with / and hold {id}')),
      record: z.optional(Path),
    }),
  ),
});

// -------------------------------------------------------------------------------------------

const SEED = generateSeed({ seed: 11, events: 600, now: Date.UTC(2026, 10, 1), days: 7 });
const natives = (origin: string) =>
  SEED.filter((r) => r.origin === origin).map(
    (r) => JSON.parse(JSON.stringify(r.native)) as Record<string, unknown>,
  );

/** `value` with a key added to one of its objects (a strict object refuses it). */
const withExtraKey = (valid: fc.Arbitrary<unknown>) =>
  valid.chain((v) =>
    fc
      .tuple(
        fc.constantFrom(
          ...paths(v).filter((p) => {
            const at = p.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], v);
            return typeof at === 'object' && at !== null && !Array.isArray(at);
          }),
        ),
        fc.constantFrom('extra', 'colour', '__proto__x'),
      )
      .map(([path, key]) => {
        const at = path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], v);
        return replaced(v, path, { ...(at as object), [key]: 1 });
      }),
  );

const RUNS = { numRuns: 600 };

/**
 * The same outcome, record for record: the value (keys sorted: a loose object's extra keys
 * may come in another order), or the first issue's path and message.
 */
function same(guard: Parser, oracle: Parser, input: unknown) {
  const sorted = (o: { ok?: string }) =>
    o.ok === undefined ? o : { ok: JSON.stringify(sortKeys(JSON.parse(o.ok) as unknown)) };
  expect(sorted(outcome(guard, input))).toEqual(sorted(outcome(oracle, input)));
}
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}

describe('the adapters’ guards agree with the zod/mini schemas they replace', () => {
  const cases: {
    name: string;
    origin: string;
    guard: Validator<unknown>;
    oracle: Validator<unknown>;
  }[] = [
    { name: 'Kore logs', origin: 'kore', guard: KoreLog, oracle: ZodKoreLog },
    {
      name: 'Nected records',
      origin: 'nected',
      guard: NectedRecord,
      oracle: ZodNectedRecord,
    },
    {
      name: 'org-audit items',
      origin: 'org-audit',
      guard: OrgAuditItem,
      oracle: ZodOrgItem,
    },
    {
      name: 'org-audit details',
      origin: 'org-audit',
      guard: OrgAuditDetail,
      oracle: ZodOrgDetail,
    },
  ];
  for (const { name, origin, guard: g, oracle } of cases) {
    const records = natives(origin);
    const valid = fc.constantFrom(...records);

    it(`${name}: every seeded record passes, with the same value`, () => {
      expect(records.length).toBeGreaterThan(20);
      for (const record of records) {
        expect(g.safeParse(record).success).toBe(true);
        same(g, oracle, record);
      }
    });

    it(`${name}: one value replaced, removed or added: the same first issue, the same rejected row`, () => {
      fc.assert(
        fc.property(fc.oneof(broken(valid), withExtraKey(valid)), (record) => {
          same(g, oracle, record);
          expect(validateRows([record], g, (x) => x as never, 'logs')).toEqual(
            validateRows([record], oracle, (x) => x as never, 'logs'),
          );
        }),
        RUNS,
      );
    });
  }
});

describe('the mapping’s guard agrees with the zod/mini schema it replaces', () => {
  const base = orgAuditMapping as Record<string, unknown>;
  const paginations = [
    base.pagination,
    { type: 'offset', offset: 'skip', size: 'take', maxPageSize: 4, total: 'meta.total' },
    { type: 'cursor', cursor: 'after', next: 'meta.next', size: 'n', maxPageSize: 3 },
    { type: 'link', maxPageSize: 3 },
  ];
  const valid = fc
    .record({
      pagination: fc.constantFrom(...paginations),
      detail: fc.constantFrom(undefined, base.detail, { path: '/x/{id}', record: '$.data' }),
      filters: fc.constantFrom(undefined, base.filters),
    })
    .map((parts) => JSON.parse(JSON.stringify({ ...base, ...parts })) as unknown);

  /**
   * Every issue, path and message. zod names an unknown pagination type with its own message
   * (the guard lists the types), and goes on checking the length of a value of the wrong type
   * (`[]` for a string: "expected array to have >=1 items") where the guard stops: those
   * later issues at a path already said to have the wrong type are left out.
   */
  const issues = (parser: Parser, input: unknown) => {
    const all = parser.safeParse(input).error?.issues ?? [];
    const wrongType = new Set<string>();
    const out: { path: readonly PropertyKey[]; message: string }[] = [];
    for (const i of all) {
      const at = JSON.stringify(i.path);
      if (wrongType.has(at)) continue;
      if ((i as { code?: string }).code === 'invalid_type') wrongType.add(at);
      const unknownType =
        (i as { note?: string }).note === 'No matching discriminator' ||
        /expected one of "page"/.test(i.message);
      out.push({ path: i.path, message: unknownType ? '(an unknown pagination type)' : i.message });
    }
    return out;
  };

  it('takes the mappings the tests use', () => {
    fc.assert(
      fc.property(valid, (m) => {
        expect(Mapping.safeParse(m).success).toBe(true);
        same(Mapping, ZodMapping, m);
      }),
      { numRuns: 50 },
    );
  });

  it('broken mappings: every issue the same (path and message), in the same order', () => {
    fc.assert(
      fc.property(fc.oneof(broken(valid), withExtraKey(valid)), (m) => {
        expect(issues(Mapping, m)).toEqual(issues(ZodMapping, m));
      }),
      RUNS,
    );
  });

  it('an unknown pagination type names the four there are', () => {
    const result = validateMapping({ ...base, pagination: { type: 'pages', maxPageSize: 3 } });
    expect(!result.ok && result.problems).toEqual([
      'pagination.type: expected one of "page", "offset", "cursor", "link"',
    ]);
  });
});
