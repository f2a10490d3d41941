/**
 * Reads HTML form posts, `multipart/form-data` (file uploads, parsed by multer) or
 * `application/x-www-form-urlencoded` (already parsed by the app's urlencoded middleware).
 */
import type { Request, Response } from 'express';
import multer from 'multer';
import { AppError } from '../domain/errors.js';

/** An uploaded file. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * A multer refusal as a 413 naming the limit: `body_too_large` for a file over `fileLimit` bytes,
 * `upload_refused` for too many files or fields.
 */
export function uploadRefused(err: multer.MulterError, fileLimit: number, fileCount?: number): AppError {
  const field = err.field ? ` (field ${err.field})` : '';
  if (err.code === 'LIMIT_FILE_SIZE') {
    return new AppError(
      'body_too_large',
      `upload refused: ${err.message}${field}`,
      413,
      { limit: fileLimit },
      { key: 'upload_too_large', params: { limit: fileLimit } },
    );
  }
  if (err.code === 'LIMIT_FILE_COUNT' && fileCount !== undefined) {
    return new AppError(
      'upload_refused',
      `upload refused: ${err.message}${field}`,
      413,
      { limit: fileCount },
      { key: 'upload_too_many', params: { count: fileCount } },
    );
  }
  return new AppError('upload_refused', `upload refused: ${err.message}${field}`, 413, undefined, {});
}

/**
 * Any failure of an upload's parsing as a clear 4xx: multer's limits (see {@link uploadRefused}), else a
 * malformed multipart body (busboy: "Malformed part header" for control characters in a file name,
 * "Unexpected end of form"…), which is the client's fault, never a 500.
 */
export function uploadError(err: unknown, fileLimit: number, fileCount?: number): AppError {
  if (err instanceof multer.MulterError) return uploadRefused(err, fileLimit, fileCount);
  if (err instanceof AppError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new AppError(
    'malformed_upload',
    `upload refused: the multipart body is malformed (${reason}); check the file names for control characters`,
    400,
    undefined,
    {
      key: 'upload_malformed',
      params: { reason },
    },
  );
}

/** A parsed form: text fields (the last value of a repeated name wins) and files. */
export interface ParsedForm {
  fields: Record<string, string>;
  /** Every value of each field, for checkbox groups. */
  all: Record<string, string[]>;
  files: Record<string, UploadedFile>;
}

/**
 * Parses the request body of a form post. File inputs left empty are ignored. Throws 413 over
 * `limit` bytes per file and 415 on a body that is not a form.
 */
export async function parseForm(req: Request, res: Response, limit: number): Promise<ParsedForm> {
  const type = req.headers['content-type'] ?? '';
  const form: ParsedForm = { fields: {}, all: {}, files: {} };
  if (/^multipart\/form-data/i.test(type)) {
    const upload = multer({
      storage: multer.memoryStorage(),
      defParamCharset: 'utf8',
      limits: { fileSize: limit, files: 5, fields: 200 },
    }).any();
    await new Promise<void>((resolve, reject) =>
      upload(req, res, (err: unknown) => {
        if (err) reject(uploadError(err, limit));
        else resolve();
      }),
    );
    for (const f of (req.files as Express.Multer.File[] | undefined) ?? []) {
      if (f.originalname !== '' || f.size > 0) form.files[f.fieldname] = { name: f.originalname, bytes: new Uint8Array(f.buffer) };
    }
  } else if (!/^application\/x-www-form-urlencoded/i.test(type)) {
    throw new AppError('bad_request', 'expected a form post (multipart/form-data or urlencoded)', 415, undefined, { key: 'not_a_form' });
  }
  for (const [name, value] of Object.entries((req.body ?? {}) as Record<string, string | string[]>)) {
    const values = Array.isArray(value) ? value : [value];
    form.all[name] = values;
    form.fields[name] = values[values.length - 1] ?? '';
  }
  return form;
}
