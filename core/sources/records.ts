/**
 * `withRaw` for the adapters that validate with zod/mini; validating records one by one
 * (`validateRows`) lives in `rows.ts`, which needs no zod.
 */
import * as z from 'zod/mini';
import { describeIssue } from './rows.js';

export { describeIssue, validateRows, type Row } from './rows.js';

/**
 * `schema`, with the input record kept as `raw`: the parsed value drops fields the
 * viewer does not know, the raw one keeps everything the backend sent. Issues keep
 * their paths, so a failure inside an array reads `data[2].timestamp`.
 */
export function withRaw<S extends z.ZodMiniType<object>>(schema: S) {
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
