import type { Guard } from '../../../core/sources/guard.js';

/** `input` validated by `schema`, or an error naming the first issue (zod's `parse`). */
export function parse<T>(schema: Guard<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new Error(`${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
}
