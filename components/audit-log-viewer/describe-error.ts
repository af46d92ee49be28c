/** What the viewer tells a person about a failure to load: a title, what to do, whether to retry. */
import { SourceError, messageOf } from '../../core/errors.js';

/** What to tell a person about a failure, by kind. */
export function describeError(error: unknown): {
  title: string;
  detail: string;
  retryable: boolean;
  /** What the person can do, in words, shown instead of the technical detail. */
  hint?: string;
} {
  if (error instanceof SourceError) {
    const titles: Record<SourceError['kind'], string> = {
      unauthorized: 'Not signed in, or the key was refused',
      forbidden: 'You do not have permission to read these audit logs',
      'not-found': 'Not found',
      'bad-request': 'The audit service refused this query',
      'rate-limited': 'The audit service is rate limiting requests',
      server: 'The audit service failed',
      network: 'The audit service could not be reached',
      timeout: 'The audit service took too long to answer',
      schema: 'The audit service sent a response the viewer does not understand',
    };
    const hints: Partial<Record<SourceError['kind'], string>> = {
      unauthorized: 'Check the API key this viewer uses, or sign in again.',
      forbidden: 'Your account has no read access to the audit logs. Ask an administrator for it.',
    };
    return {
      title: titles[error.kind],
      detail: error.message,
      retryable: error.retryable,
      hint: hints[error.kind],
    };
  }
  return { title: 'Something went wrong', detail: messageOf(error), retryable: true };
}
