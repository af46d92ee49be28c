/**
 * The guards only the Kore, Nected, org-audit and mapped adapters need (see `guard.ts`), kept
 * apart so the generic adapter, which loads before the first row, does not carry them.
 */
import {
  FAILED,
  guard,
  isObject,
  oneOf,
  onlyChecks,
  typeIssue,
  object,
  type Guard,
  type Infer,
  type ObjectOf,
  type Shape,
} from './guard.js';

/** The keys other than `shape`'s. */
const othersOf = (shape: Shape, input: Record<string, unknown>) =>
  Object.keys(input).filter((key) => !Object.hasOwn(shape, key));

/** `object`, with the other keys kept as they are (zod's `looseObject`; `__proto__` left out). */
export function looseObject<S extends Shape>(
  shape: S,
): Guard<ObjectOf<S> & Record<string, unknown>> {
  const known = object(shape);
  return guard((input, path, issues) => {
    const r = known.check(input, path, issues);
    if (r === FAILED || !isObject(input)) return FAILED;
    const out: Record<string, unknown> = r;
    for (const key of othersOf(shape, input)) if (key !== '__proto__') out[key] = input[key];
    return out as ObjectOf<S> & Record<string, unknown>;
  });
}

/** `object`, refusing other keys (zod's `strictObject`): one `unrecognized_keys` issue naming them. */
export function strictObject<S extends Shape>(shape: S): Guard<ObjectOf<S>> {
  const known = object(shape);
  return guard((input, path, issues) => {
    const r = known.check(input, path, issues);
    if (!isObject(input)) return r;
    const keys = othersOf(shape, input);
    if (keys.length)
      issues.push({
        code: 'unrecognized_keys',
        keys,
        path,
        message: `Unrecognized key${keys.length > 1 ? 's' : ''}: ${keys.map((k) => `"${k}"`).join(', ')}`,
        continue: true,
      });
    return r;
  });
}

export const boolean: Guard<boolean> = guard((input, path, issues) =>
  typeof input === 'boolean' ? input : (issues.push(typeIssue('boolean', input, path)), FAILED),
);

/**
 * The option named by the input's `key` (zod's `discriminatedUnion`): `options` maps each value
 * of `key` to its object. Another value is an `invalid_value` issue at `key` naming them.
 */
export function discriminated<O extends Record<string, Guard<unknown>>>(
  key: string,
  options: O,
): Guard<Infer<O[keyof O]>> {
  const values = Object.keys(options);
  const wrong = oneOf(values);
  return guard((input, path, issues) => {
    if (!isObject(input)) return (void issues.push(typeIssue('object', input, path)), FAILED);
    const tag = input[key];
    if (typeof tag === 'string' && Object.hasOwn(options, tag))
      return options[tag]!.check(input, path, issues) as Infer<O[keyof O]>;
    return wrong.check(tag, [...path, key], issues) as typeof FAILED;
  });
}

/**
 * `inner`, then `test` over its value (zod's `refine`): a `custom` issue with `message` (at
 * `at` inside the value) when it fails. Run when `inner` gave the right type, even with issues
 * of its own checks, as zod runs refinements.
 */
export function refine<T>(
  inner: Guard<T>,
  test: (value: T) => boolean,
  message: string,
  at: PropertyKey[] = [],
): Guard<T> {
  return guard((input, path, issues) => {
    const before = issues.length;
    const r = inner.check(input, path, issues);
    if (r === FAILED || !onlyChecks(issues, before)) return r;
    if (!test(r)) issues.push({ code: 'custom', path: [...path, ...at], message, continue: true });
    return r;
  }, inner.optional);
}
