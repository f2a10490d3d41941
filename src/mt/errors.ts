/** Typed machine-translation errors with stable codes, shared by all providers. */

/** Stable error codes; callers branch on these, never on messages. */
export type MtErrorCode =
  | 'quota_exceeded'
  | 'rate_limited'
  | 'unsupported_language'
  | 'auth_failed'
  | 'network'
  | 'server_error'
  | 'bad_response'
  | 'bad_request'
  | 'request_too_large'
  /** The glossary sent with a request does not exist (deleted, expired, made with another key). */
  | 'glossary_not_found';

const RETRYABLE: ReadonlySet<MtErrorCode> = new Set(['rate_limited', 'network', 'server_error']);
// Errors that concern one batch only; the others (quota, auth, language, an unreachable or
// overloaded server) would fail every following batch too.
const BATCH_LOCAL: ReadonlySet<MtErrorCode> = new Set(['bad_response', 'bad_request', 'request_too_large']);

/** Options for {@link MtError}. */
export interface MtErrorOptions {
  /** HTTP status, when the error came from a response. */
  status?: number;
  /** Server-requested delay before retrying (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** A machine-translation failure with a stable `code` and whether retrying may help. */
export class MtError extends Error {
  readonly code: MtErrorCode;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(code: MtErrorCode, message: string, options: MtErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MtError';
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** Whether an error is an {@link MtError} worth retrying (429, 5xx, network). */
export function isRetryable(err: unknown): boolean {
  return err instanceof MtError && err.retryable;
}

/** Whether a (final) error should stop a run from launching further batches. */
export function stopsRun(err: unknown): boolean {
  return !(err instanceof MtError && BATCH_LOCAL.has(err.code));
}

/** Maps an HTTP status to an error code (for providers speaking plain HTTP). */
export function codeForStatus(status: number): MtErrorCode {
  if (status === 401 || status === 403) return 'auth_failed';
  if (status === 456) return 'quota_exceeded';
  if (status === 429) return 'rate_limited';
  if (status === 413) return 'request_too_large';
  if (status >= 500) return 'server_error';
  return 'bad_request';
}

/** Wraps anything thrown into an {@link MtError} (`bad_response` for what is not one already). */
export function toMtError(err: unknown): MtError {
  if (err instanceof MtError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new MtError('bad_response', message, { cause: err });
}
