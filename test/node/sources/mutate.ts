/**
 * Comparing a validator with zod on broken inputs: valid values with one value replaced by
 * something wrong, or removed; the outcome as a comparable value.
 */
import fc from 'fast-check';
import * as z from 'zod/mini';
import { REDACTION_MARKER } from '../../../core/model.js';
import { describeIssue } from '../../../core/sources/rows.js';

export interface Parser {
  safeParse(input: unknown): {
    success: boolean;
    data?: unknown;
    error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
  };
}

/**
 * Outcome as a comparable value: the data (key order included) or the first issue, the one a
 * rejected row and a SchemaError report (zod goes on checking a value of the wrong type, for
 * a length say, where the guard stops: their later issues may differ).
 */
export function outcome(parser: Parser, input: unknown) {
  const r = parser.safeParse(input);
  if (r.success) return { ok: JSON.stringify(r.data) };
  const first = r.error!.issues[0]!;
  return { path: first.path, message: first.message };
}

/** Values that break a field in every way the schemas check. */
export const wrongValue = fc.oneof(
  fc.constantFrom(
    null,
    '',
    'x',
    -1,
    0,
    0.5,
    1.5,
    99,
    600,
    1e300,
    -1e300,
    true,
    [],
    ['x', 1],
    {},
    { a: 1 },
    { a: ['x', 2] },
    REDACTION_MARKER,
  ),
  fc.jsonValue(),
);

/** Every path to a value inside `value` (objects and arrays, depth first). */
export function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [at];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [at, ...keys.flatMap((k) => paths((value as Record<string, unknown>)[k], [...at, k]))];
}

/** `value` with the value at `path` replaced (`undefined`: removed). */
export function replaced(value: unknown, path: (string | number)[], next: unknown): unknown {
  if (path.length === 0) return next;
  const copy = (
    Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }
  ) as Record<string | number, unknown>;
  const [head, ...rest] = path;
  if (rest.length === 0 && next === undefined) delete copy[head!];
  else copy[head!] = replaced(copy[head!], rest, next);
  return copy;
}

/** As the service would send it: JSON (a removed array item is a `null`). */
const asJson = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

export const broken = (valid: fc.Arbitrary<unknown>) =>
  valid.chain((v) =>
    fc
      .tuple(fc.constantFrom(...paths(v)), fc.oneof(wrongValue, fc.constant(undefined)))
      .map(([path, next]) => asJson(replaced(v, path, next))),
  );

/** `withRaw` as the adapters had it with zod: the record kept as `raw`, issues described. */
export function zodWithRaw<S extends z.ZodMiniType<object>>(schema: S) {
  return z.pipe(
    z.unknown(),
    z.transform((input: unknown, ctx): z.output<S> & { raw: unknown } => {
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.issues.push({
            code: 'custom',
            message: describeIssue(issue),
            path: issue.path,
            input,
          });
        return z.NEVER;
      }
      return { ...parsed.data, raw: input };
    }),
  );
}
