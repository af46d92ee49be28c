/**
 * Strict query-parameter parsing: unknown, repeated or malformed parameters are
 * refused with the parameter's name and what was expected.
 */
import { z } from 'zod';
import { parseStatusList } from '../core/status.js';

export interface ParamRule<T> {
  schema: z.ZodType<T>;
  expected: string;
}
export type ParamRules = Record<string, ParamRule<unknown>>;
export type Parsed<R extends ParamRules> = {
  [K in keyof R]?: R[K] extends ParamRule<infer T> ? T : never;
};

/**
 * A refused parameter. The message names the parameter and what was expected, never the
 * value given: an error body or a log line must not echo what a client sent.
 */
export class ParamError extends Error {
  constructor(
    readonly param: string,
    readonly expected: string,
    /** Whether a value was given (false: the parameter itself is unknown). */
    given: unknown = undefined,
    readonly where: 'query' | 'path' | 'body' = 'query',
  ) {
    super(
      where === 'body'
        ? `Invalid body: expected ${expected}.`
        : given === undefined
          ? `Unknown ${where} parameter '${param}': ${expected}.`
          : `Invalid ${where} parameter '${param}': expected ${expected}.`,
    );
  }
}

/**
 * Characters no text parameter or id may hold: NUL (PostgreSQL text cannot store it) and
 * lone surrogates (not Unicode).
 */
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SAFE_TEXT_EXPECTED = 'text without NUL characters or lone surrogates';

/** Refuses a parameter value that no text column can hold (`%00`). */
export function checkText(param: string, value: string, where: 'query' | 'path' = 'query'): string {
  if (UNSAFE_TEXT.test(value)) throw new ParamError(param, SAFE_TEXT_EXPECTED, value, where);
  return value;
}

export function parseParams<R extends ParamRules>(url: string, rules: R): Parsed<R> {
  const search = new URL(url).searchParams;
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [key, raw] of search) {
    // Own rules only: `?constructor=1` must not find Object.prototype's (it was a 500).
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (!rule)
      throw new ParamError(
        /^[\w.[\]-]{1,64}$/.test(key) ? key : '(a name not shown)',
        `supported parameters are ${Object.keys(rules).join(', ')}`,
      );
    if (seen.has(key)) throw new ParamError(key, `${rule.expected} (given once)`, raw);
    seen.add(key);
    checkText(key, raw);
    if (raw === '') continue;
    const res = rule.schema.safeParse(raw);
    if (!res.success) throw new ParamError(key, rule.expected, raw);
    out[key] = res.data;
  }
  return out as Parsed<R>;
}

export const text = (max = 500): ParamRule<string> => ({
  schema: z.string().max(max),
  expected: `text of at most ${max} characters`,
});

export const int = (min: number, max: number): ParamRule<number> => ({
  schema: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max)),
  expected: `an integer from ${min} to ${max}`,
});

export const oneOf = <T extends string>(values: readonly T[]): ParamRule<T> => ({
  schema: z.enum(values as [T, ...T[]]),
  expected: `one of ${values.join(', ')}`,
});

/** Epoch milliseconds or an ISO 8601 date/date-time. `endOfDay` makes a bare date inclusive. */
export const instant = (endOfDay = false): ParamRule<number> => ({
  schema: z.string().transform((s, ctx) => {
    if (/^\d{1,15}$/.test(s)) return Number(s);
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(s);
    const ms = Date.parse(dateOnly ? `${s}T00:00:00Z` : s);
    if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a date' });
      return z.NEVER;
    }
    return dateOnly && endOfDay ? ms + 86_399_999 : ms;
  }),
  expected: 'epoch milliseconds or an ISO 8601 date-time (2024-12-01T00:00:00Z)',
});

export const status: ParamRule<string> = {
  schema: z.string().refine((s) => parseStatusList(s).ok),
  expected:
    'a status code (201), a class (4xx), a range (>=400), success or error, or a comma list of them (either); ! negates',
};

export const httpMethod: ParamRule<string> = {
  schema: z
    .string()
    .regex(/^!?[A-Za-z]{3,7}$/)
    .transform((s) => s.toUpperCase()),
  expected: 'an HTTP method (GET, POST, PUT, PATCH, DELETE, ...); ! excludes it',
};

/** Text that a leading `!` turns into an exclusion (`plugin=!create ticket`). */
export const excludableText = (max: number): ParamRule<string> => ({
  schema: z.string().max(max + 1),
  expected: `text of at most ${max} characters; a leading ! excludes that value`,
});
