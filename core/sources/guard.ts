/**
 * A small validator for the adapters: it checks backend responses (and a host's mapping)
 * without zod (10 KB min+gzip), with the issues zod/mini's schemas report (code, path,
 * `expected`/`values`, zod's English message), so a rejected record or a SchemaError reads as
 * it did with zod. `test/node/sources/guard.test.ts` and `adapter-guards.test.ts` compare the
 * two on generated records.
 *
 * Here, what the generic adapter needs: strings, numbers and integers with bounds, fixed
 * values, optional, nullable, arrays, string-keyed records, unions, objects (unknown keys
 * dropped). What only the other adapters need (booleans, refinements, objects that keep or
 * refuse unknown keys, unions on a discriminating key) is in `guard-checks.ts`, off the
 * generic adapter's first-row path.
 *
 * Where it differs from zod, on purpose: an unknown value of a discriminating key is an
 * `invalid_value` issue listing the values there are (zod: an `invalid_union`, which a mapping's
 * problems said as "Invalid input"); a value of the wrong type gets that one issue (zod goes on
 * to check a string's length on an array, say); messages are always zod's English ones (zod/mini
 * without a locale says "Invalid input").
 */
import { describeIssue } from './rows.js';

/** One problem with the input, shaped like a zod issue (`describeIssue` reads it the same). */
export interface GuardIssue {
  code:
    | 'invalid_type'
    | 'invalid_value'
    | 'invalid_union'
    | 'too_small'
    | 'too_big'
    | 'unrecognized_keys'
    | 'custom';
  path: PropertyKey[];
  message: string;
  expected?: string;
  values?: readonly unknown[];
  /** `unrecognized_keys`: the keys a strict object does not know. */
  keys?: string[];
  /**
   * A check's issue (a bound, a refinement, a strict object's unknown keys): the value
   * had the right type. zod goes
   * on past such issues (to an object's refinements) and, in a union, reports the one option
   * that failed only on them.
   */
  continue?: true;
}

export type GuardResult<T> =
  | { success: true; data: T; error?: never }
  | { success: false; error: { issues: GuardIssue[] }; data?: never };

/** A validator: `safeParse` as zod's; `check` is the step the others compose. */
export interface Guard<T> {
  /** The value as validated (objects without unknown keys), or `FAILED` with `issues` filled. */
  check(input: unknown, path: PropertyKey[], issues: GuardIssue[]): T | typeof FAILED;
  safeParse(input: unknown): GuardResult<T>;
  /** Optional in an object: an absent key passes and stays absent. */
  optional?: true;
}

export const FAILED: unique symbol = Symbol('failed');

/** What a guard gives when it passes (zod's `z.infer`). */
export type Infer<G> = G extends Guard<infer T> ? T : never;

/** Whether the issues from `from` on are all a check's (see `GuardIssue.continue`). */
export const onlyChecks = (issues: GuardIssue[], from = 0) =>
  issues.slice(from).every((issue) => issue.continue);

/** A guard of `check` (for the guards of `guard-checks.ts`). */
export function guard<T>(check: Guard<T>['check'], optional?: true): Guard<T> {
  return {
    check,
    optional,
    safeParse(input) {
      const issues: GuardIssue[] = [];
      const data = check(input, [], issues);
      return data === FAILED || issues.length
        ? { success: false, error: { issues } }
        : { success: true, data };
    },
  };
}

function received(input: unknown): string {
  // As zod says it: NaN, Infinity and -Infinity by name (JSON's 1e999 is Infinity).
  if (typeof input === 'number') return Number.isFinite(input) ? 'number' : String(input);
  if (Array.isArray(input)) return 'array';
  if (input === null) return 'null';
  return typeof input;
}

export const typeIssue = (expected: string, input: unknown, path: PropertyKey[]): GuardIssue => ({
  code: 'invalid_type',
  expected,
  path,
  message: `Invalid input: expected ${expected}, received ${received(input)}`,
});

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function string(minLength?: number): Guard<string> {
  return guard((input, path, issues) => {
    if (typeof input !== 'string')
      return (void issues.push(typeIssue('string', input, path)), FAILED);
    if (minLength !== undefined && input.length < minLength)
      issues.push({
        code: 'too_small',
        path,
        message: `Too small: expected string to have >=${minLength} characters`,
        continue: true,
      });
    return input;
  });
}

/** A finite number; `int` a safe integer. Bounds: `>=` min (`>` with `exclusive`), `<=` max. */
export function number(
  options: { int?: boolean; min?: number; exclusive?: boolean; max?: number } = {},
): Guard<number> {
  const { int, min, exclusive, max } = options;
  const expected = int ? 'int' : 'number';
  return guard((input, path, issues) => {
    if (typeof input !== 'number' || !Number.isFinite(input))
      return (void issues.push(typeIssue('number', input, path)), FAILED);
    if (int && !Number.isInteger(input))
      return (void issues.push(typeIssue(expected, input, path)), FAILED);
    // zod names the integer's own safe range `int`, the schema's bounds `number`.
    const small = (bound: number, inclusive: boolean, of = 'number') =>
      issues.push({
        code: 'too_small',
        path,
        message: `Too small: expected ${of} to be ${inclusive ? '>=' : '>'}${bound}`,
        continue: true,
      });
    const big = (bound: number, of = 'number') =>
      issues.push({
        code: 'too_big',
        path,
        message: `Too big: expected ${of} to be <=${bound}`,
        continue: true,
      });
    if (int && input < Number.MIN_SAFE_INTEGER) small(Number.MIN_SAFE_INTEGER, true, 'int');
    if (int && input > Number.MAX_SAFE_INTEGER) big(Number.MAX_SAFE_INTEGER, 'int');
    if (min !== undefined && (exclusive ? input <= min : input < min)) small(min, !exclusive);
    if (max !== undefined && input > max) big(max);
    return input;
  });
}

/** One of fixed values (zod's `enum` and `literal`). */
export function oneOf<const V extends readonly (string | number)[]>(values: V): Guard<V[number]> {
  const message =
    values.length === 1
      ? `Invalid input: expected ${JSON.stringify(values[0])}`
      : `Invalid option: expected one of ${values.map((v) => JSON.stringify(v)).join('|')}`;
  return guard((input, path, issues) =>
    values.includes(input as V[number])
      ? (input as V[number])
      : (issues.push({ code: 'invalid_value', values, path, message }), FAILED),
  );
}

/** Anything at all (an array's items). */
export const anything: Guard<unknown> = guard((input) => input);

/** Anything, but present (zod's `unknown` as an object's key is required). */
export const unknown: Guard<unknown> = guard((input, path, issues) =>
  input === undefined ? (issues.push(typeIssue('nonoptional', input, path)), FAILED) : input,
);

export function optional<T>(inner: Guard<T>): Guard<T | undefined> {
  return guard(
    (input, path, issues) => (input === undefined ? undefined : inner.check(input, path, issues)),
    true,
  );
}

export function nullable<T>(inner: Guard<T>): Guard<T | null> {
  return guard((input, path, issues) => (input === null ? null : inner.check(input, path, issues)));
}

/** An array of `item`s, at least `minLength` of them. */
export function array<T>(item: Guard<T>, minLength?: number): Guard<T[]> {
  return guard((input, path, issues) => {
    if (!Array.isArray(input)) return (void issues.push(typeIssue('array', input, path)), FAILED);
    const out: T[] = [];
    for (let i = 0; i < input.length; i++) {
      const r = item.check(input[i], [...path, i], issues);
      if (r !== FAILED) out.push(r);
    }
    if (minLength !== undefined && input.length < minLength)
      issues.push({
        code: 'too_small',
        path,
        message: `Too small: expected array to have >=${minLength} items`,
        continue: true,
      });
    return out;
  });
}

/** String keys to values of `value` (`__proto__` is left out unchecked, as zod does). */
export function record<T>(value: Guard<T>): Guard<Record<string, T>> {
  return guard((input, path, issues) => {
    if (!isObject(input)) return (void issues.push(typeIssue('record', input, path)), FAILED);
    const out: Record<string, T> = {};
    for (const key of Object.keys(input)) {
      if (key === '__proto__') continue;
      const r = value.check(input[key], [...path, key], issues);
      if (r !== FAILED) out[key] = r;
    }
    return out;
  });
}

/**
 * The first option that passes. When none does and exactly one failed only on checks (the
 * right type, a bound or refinement wrong), that option's issues, as zod reports them; else one
 * `invalid_union` issue.
 */
export function union<T extends readonly Guard<unknown>[]>(
  ...options: T
): Guard<T[number] extends Guard<infer U> ? U : never> {
  type U = T[number] extends Guard<infer X> ? X : never;
  return guard((input, path, issues) => {
    const near: { value: unknown; issues: GuardIssue[] }[] = [];
    for (const option of options) {
      const mine: GuardIssue[] = [];
      const r = option.check(input, path, mine);
      if (r !== FAILED && !mine.length) return r as U;
      if (r !== FAILED && onlyChecks(mine)) near.push({ value: r, issues: mine });
    }
    if (near.length === 1) {
      issues.push(...near[0]!.issues);
      return near[0]!.value as U;
    }
    issues.push({ code: 'invalid_union', path, message: 'Invalid input' });
    return FAILED;
  });
}

export type Shape = Record<string, Guard<unknown>>;
type Out<G> = G extends Guard<infer T> ? T : never;
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: undefined extends Out<S[K]> ? K : never;
}[keyof S];
export type ObjectOf<S extends Shape> = {
  [K in Exclude<keyof S, OptionalKeys<S>>]: Out<S[K]>;
} & { [K in OptionalKeys<S>]?: Exclude<Out<S[K]>, undefined> };

/** The keys of `shape`, in its order; other keys are dropped (`guard-checks.ts` has the others). */
export function object<S extends Shape>(shape: S): Guard<ObjectOf<S>> {
  const keys = Object.keys(shape);
  return guard((input, path, issues) => {
    if (!isObject(input)) return (void issues.push(typeIssue('object', input, path)), FAILED);
    const out: Record<string, unknown> = {};
    let failed = false;
    for (const key of keys) {
      const g = shape[key]!;
      const v = input[key];
      if (v === undefined && g.optional) continue;
      const r = g.check(v, [...path, key], issues);
      if (r === FAILED) failed = true;
      else out[key] = r;
    }
    return failed ? FAILED : (out as ObjectOf<S>);
  });
}

/** `inner`, then `then` over its value (run only when `inner` passed). */
export function map<T, U>(inner: Guard<T>, then: (value: T, input: unknown) => U): Guard<U> {
  return guard((input, path, issues) => {
    const before = issues.length;
    const r = inner.check(input, path, issues);
    return r === FAILED || issues.length > before ? FAILED : then(r, input);
  });
}

/** `inner`, its issues said as what was expected (`describeIssue`), as a rejected row says them. */
export function describeFailures<T>(inner: Guard<T>): Guard<T> {
  return guard((input, path, issues) => {
    const mine: GuardIssue[] = [];
    const r = inner.check(input, path, mine);
    if (!mine.length) return r;
    for (const issue of mine)
      issues.push({ code: 'custom', path: issue.path, message: describeIssue(issue) });
    return FAILED;
  });
}

/**
 * `inner`, with the record as received kept as `raw` (the validated value drops what the
 * viewer does not know, `raw` keeps everything the backend sent); its issues said as what was
 * expected, at their paths (`data[2].timestamp`).
 */
export function withRaw<T extends object>(inner: Guard<T>): Guard<T & { raw: unknown }> {
  return describeFailures(map(inner, (value, input) => ({ ...value, raw: input })));
}
