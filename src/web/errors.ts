/**
 * The one place errors become responses: JSON for API clients, an HTML page for browsers.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError, NotFoundError, ValidationError } from '../domain/errors.js';

/** Converts anything thrown into an AppError (unknown errors become a generic 500). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    return new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues });
  }
  const status = (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // body-parser errors: malformed JSON, body too large
    const type = (err as { type?: string }).type;
    const code = type === 'entity.too.large' ? 'body_too_large' : type === 'entity.parse.failed' ? 'malformed_body' : 'bad_request';
    return new AppError(code, (err as Error).message, status);
  }
  return new AppError('internal_error', 'internal error', 500);
}

/** 404 for anything no route answered. */
export const notFound: RequestHandler = (req, _res, next) => next(new NotFoundError('page', req.path));

/** Renders errors; logs unexpected ones (without request bodies, which may hold secrets). */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.status >= 500) log(`error ${req.method} ${req.path}: ${(err as Error)?.stack ?? String(err)}\n`);
    const wantsJson = req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
    res.status(appError.status);
    if (wantsJson) {
      res.json({ error: { code: appError.code, message: appError.message, ...(appError.details ?? {}) } });
    } else {
      res.render('error', { status: appError.status, code: appError.code, message: appError.message });
    }
  };
}
