/**
 * Strict query-parameter parsing: unknown, repeated or malformed parameters are
 * refused with the parameter's name and what was expected.
 */
import { z } from 'zod';
import { parseStatusFilter } from '../core/status.js';

export interface ParamRule<T> {
  schema: z.ZodType<T>;
  expected: string;
}
export type ParamRules = Record<string, ParamRule<unknown>>;
export type Parsed<R extends ParamRules> = {
  [K in keyof R]?: R[K] extends ParamRule<infer T> ? T : never;
};

export class ParamError extends Error {
  constructor(
    readonly param: string,
    readonly expected: string,
    readonly got?: string,
  ) {
    super(
      got === undefined
        ? `Unknown query parameter '${param}': ${expected}.`
        : `Invalid query parameter '${param}': expected ${expected}, got ${JSON.stringify(got.slice(0, 80))}.`,
    );
  }
}

export function parseParams<R extends ParamRules>(url: string, rules: R): Parsed<R> {
  const search = new URL(url).searchParams;
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [key, raw] of search) {
    const rule = rules[key];
    if (!rule)
      throw new ParamError(key, `supported parameters are ${Object.keys(rules).join(', ')}`);
    if (seen.has(key)) throw new ParamError(key, `${rule.expected} (given once)`, raw);
    seen.add(key);
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
  schema: z.string().refine((s) => parseStatusFilter(s).ok),
  expected: 'a status code (201), a class (4xx), a range (>=400), success or error (! negates)',
};

export const httpMethod: ParamRule<string> = {
  schema: z
    .string()
    .regex(/^[A-Za-z]{3,7}$/)
    .transform((s) => s.toUpperCase()),
  expected: 'an HTTP method (GET, POST, PUT, PATCH, DELETE, ...)',
};
