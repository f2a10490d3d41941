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

/** `bitext backup` on a database it cannot copy (PostgreSQL: use pg_dump instead). */
export class BackupUnsupportedError extends AppError {
  constructor(readonly provider: string) {
    super(
      'backup_unsupported',
      `backup copies SQLite databases only; this one is ${provider}: use pg_dump --format=custom --file=bitext.dump "$DATABASE_URL" (see the README)`,
      400,
      { provider },
    );
  }
}
