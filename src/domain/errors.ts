/**
 * Typed errors with an HTTP status and a stable code. Thrown anywhere, rendered once
 * (HTML page or JSON by the web layer, one stderr line and an exit code by the CLI).
 */
export class AppError extends Error {
  constructor(
    /** Stable machine-readable code, e.g. "file_empty". */
    readonly code: string,
    message: string,
    /** HTTP status the web layer answers with. */
    readonly status = 400,
    /** Extra data for JSON error bodies (never secrets). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Input that cannot be accepted (400). */
export class ValidationError extends AppError {
  constructor(message: string, details?: Record<string, unknown>, code = 'invalid_input') {
    super(code, message, 400, details);
  }
}

/** A file refused at import (422), naming the file. */
export class ImportRefused extends AppError {
  constructor(code: string, readonly file: string, reason: string) {
    super(code, `${file}: ${reason}`, 422, { file });
  }
}

/** Something that does not exist (404). */
export class NotFoundError extends AppError {
  constructor(what: string, id: string | number) {
    super('not_found', `${what} ${id} not found`, 404, { what, id });
  }
}

/** A save based on a stale version (409); details carry the current state. */
export class ConflictError extends AppError {
  constructor(message: string, details: Record<string, unknown>) {
    super('version_conflict', message, 409, details);
  }
}

/** "Reviewed" refused (422) while error-level QA issues remain; details list the failing checks and issues. */
export class QaErrorsRemain extends AppError {
  constructor(issues: readonly { check: string; severity: string; message: string }[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    const checks = [...new Set(errors.map((i) => i.check))];
    super(
      'qa_errors',
      `cannot mark reviewed: ${errors.length} QA error(s) remain (${checks.join(', ')}); fix them or give an override reason`,
      422,
      { checks, issues: errors },
    );
  }
}
