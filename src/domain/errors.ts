/**
 * Typed errors with an HTTP status and a stable code. Thrown anywhere, rendered once
 * (HTML page or JSON by the web layer, one stderr line and an exit code by the CLI).
 *
 * The `message` is English (logs, CLI). Errors a user meets in the browser also carry a message key
 * (`errors.<key>` in locales/) and its parameters, so that the web layer can say the same in the
 * request's language; an error without a key is shown in English inside a localized sentence.
 */

/** Message key and parameters of an error, for the interface language. */
export interface ErrorText {
  /** Key under `errors.` in locales/<lng>/common.json; defaults to the error's code. */
  key?: string;
  /** Interpolation values of the key (file names, limits, counts…). */
  params?: Record<string, unknown>;
}

export class AppError extends Error {
  /** Message key under `errors.` (undefined: not localized, shown in English within a generic sentence). */
  readonly key: string | undefined;
  /** Parameters of {@link key}. */
  readonly params: Record<string, unknown>;

  constructor(
    /** Stable machine-readable code, e.g. "file_empty". */
    readonly code: string,
    message: string,
    /** HTTP status the web layer answers with. */
    readonly status = 400,
    /** Extra data for JSON error bodies (never secrets). */
    readonly details?: Record<string, unknown>,
    /** Message key and parameters for the interface language. */
    text?: ErrorText,
  ) {
    super(message);
    this.name = 'AppError';
    this.key = text ? (text.key ?? code) : undefined;
    this.params = text?.params ?? {};
  }
}

/** Input that cannot be accepted (400). */
export class ValidationError extends AppError {
  constructor(message: string, details?: Record<string, unknown>, code = 'invalid_input', text?: ErrorText) {
    super(code, message, 400, details, text);
  }
}

/** A file refused at import (422), naming the file; the key is the code, with `file` among its parameters. */
export class ImportRefused extends AppError {
  constructor(
    code: string,
    readonly file: string,
    reason: string,
    params: Record<string, unknown> = {},
  ) {
    super(code, `${file}: ${reason}`, 422, { file }, { params: { file, ...params } });
  }
}

/** A file the database could not save at import (500): nothing of it was written; the reason is one line. */
export class ImportFailed extends AppError {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super('import_failed', `${file}: not saved: ${reason}`, 500, { file }, { params: { file, reason } });
  }
}

/** Something that does not exist (404). `what` is a thing's name in English (`document`, `segment`…). */
export class NotFoundError extends AppError {
  constructor(what: string, id: string | number) {
    super('not_found', `${what} ${id} not found`, 404, { what, id }, { params: { what, id } });
  }
}

/** A save based on a stale version (409); details carry the current state. */
export class ConflictError extends AppError {
  constructor(message: string, details: Record<string, unknown>, text?: ErrorText) {
    super('version_conflict', message, 409, details, text);
  }
}

/**
 * A save that stored nothing (503): a write that belongs to it (memory entry, QA results, audit record) failed, so
 * the whole transaction was rolled back, the translation included. The editor keeps the text and tries again.
 */
export class SaveNotStored extends AppError {
  constructor(segmentId: number, lang: string, cause: unknown) {
    super(
      'save_not_stored',
      `segment ${segmentId} (${lang}): nothing was stored, the save failed while writing its memory entry, QA results or audit record (${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}); try again`,
      503,
      { segmentId, lang },
      { params: { segment: segmentId, lang } },
    );
    this.cause = cause;
  }
}

/** "Reviewed" refused (422) while error-level QA issues remain; details list the failing checks and issues. */
export class QaErrorsRemain extends AppError {
  /** `qa_errors`: approving needs an override; `qa_errors_confirm`: the editor asks before confirming (see EditorSave.askOnQaErrors). */
  constructor(
    issues: readonly { check: string; severity: string; message: string }[],
    code: 'qa_errors' | 'qa_errors_confirm' = 'qa_errors',
  ) {
    const errors = issues.filter((i) => i.severity === 'error');
    const checks = [...new Set(errors.map((i) => i.check))];
    super(
      code,
      code === 'qa_errors'
        ? `cannot mark reviewed: ${errors.length} QA error(s) remain (${checks.join(', ')}); fix them or give an override reason`
        : `${errors.length} QA error(s) remain (${checks.join(', ')}); confirm again to confirm anyway`,
      422,
      { checks, issues: errors },
      { params: { count: errors.length, checks: checks.join(', ') } },
    );
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
