/**
 * The one place errors become responses: JSON for API clients, an HTML page for browsers, both in the
 * request's interface language (`errors.<key>` in locales/); the English message goes to the log.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { TFunction } from 'i18next';
import { ZodError, type z } from 'zod';
import { AppError, NotFoundError, ValidationError } from '../domain/errors.js';
import { formatters, requestLang, translator, type UiLang } from './i18n.js';
import { localizedIssues, type LocalizableIssue } from './presenters/qa.js';

/** One zod issue, reduced to what a localized message needs. */
export interface FieldIssue {
  /** Dotted path of the field, `(body)` for the whole input. */
  field: string;
  /** English message (zod's, or the custom one). */
  message: string;
  code: string;
  origin?: string;
  minimum?: number;
  maximum?: number;
  expected?: string;
  values?: unknown[];
  /** Message key and parameters of a custom issue (`ctx.addIssue({params: {key, …}})`). */
  params?: Record<string, unknown>;
}

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);

/** Converts anything thrown into an AppError (unknown errors become a generic 500). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const issues: FieldIssue[] = (err.issues as z.core.$ZodIssue[]).map((i) => {
      const raw = i as unknown as Record<string, unknown>;
      const issue: FieldIssue = { field: i.path.join('.') || '(body)', message: i.message, code: i.code };
      if (typeof raw.origin === 'string') issue.origin = raw.origin;
      if (num(raw.minimum) !== undefined) issue.minimum = num(raw.minimum)!;
      if (num(raw.maximum) !== undefined) issue.maximum = num(raw.maximum)!;
      if (typeof raw.expected === 'string') issue.expected = raw.expected;
      if (Array.isArray(raw.values)) issue.values = raw.values;
      if (raw.params && typeof raw.params === 'object') issue.params = raw.params as Record<string, unknown>;
      return issue;
    });
    return new ValidationError(
      issues.map((i) => `${i.field}: ${i.message}`).join('; '),
      { issues: issues.map(({ field, message }) => ({ field, message })) },
      'invalid_input',
      { key: 'invalid_fields', params: { issues } },
    );
  }
  const status = (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // body-parser errors: malformed JSON, body too large
    const type = (err as { type?: string }).type;
    const code = type === 'entity.too.large' ? 'body_too_large' : type === 'entity.parse.failed' ? 'malformed_body' : 'bad_request';
    return new AppError(code, (err as Error).message, status, undefined, { params: {} });
  }
  return new AppError('internal_error', 'internal error', 500, undefined, { params: {} });
}

/** A message key with its parameters and the English text to fall back on. */
export interface Localizable {
  key?: string | undefined;
  params?: Record<string, unknown> | undefined;
  message: string;
}

const MISSING = '\u0000missing';

/** Whether `key` has a text (in the language of `t` or in English); `params` with a count select plural keys. */
function has(t: TFunction, key: string, params: Record<string, unknown> = {}): boolean {
  return (t as (k: string, o: object) => string)(key, { ...params, defaultValue: MISSING }) !== MISSING;
}

/** `t` with a dynamic key (the resource types do not list keys). */
function tr(t: TFunction, key: string, params: Record<string, unknown> = {}): string {
  return (t as (k: string, o: object) => string)(key, params);
}

/** A key's text if it exists, else `fallback`. */
function labelOr(t: TFunction, key: string, fallback: string): string {
  return has(t, key) ? tr(t, key) : fallback;
}

/**
 * Parameters as the message shows them: names of things, fields, roles and statuses are translated,
 * lists are joined the language's way; numbers stay numbers (for plurals and `{{n, number}}`).
 */
function localParams(t: TFunction, lang: UiLang, params: Record<string, unknown>): Record<string, unknown> {
  const { fmtList } = formatters(lang);
  const out: Record<string, unknown> = { ...params };
  if (typeof params.what === 'string') out.what = labelOr(t, `errors.things.${params.what}`, params.what);
  if (typeof params.field === 'string') out.field = labelOr(t, `errors.fields.${params.field}`, params.field);
  if (typeof params.role === 'string') out.role = labelOr(t, `roles.${params.role}`, params.role);
  if (typeof params.status === 'string') out.status = labelOr(t, `status.${params.status}`, params.status);
  if (Array.isArray(params.roles))
    out.roles = fmtList(
      params.roles.map((r) => labelOr(t, `roles.${String(r)}`, String(r))),
      'disjunction',
    );
  // Choices ("use one of …") read as alternatives.
  if (Array.isArray(params.valid)) out.valid = fmtList(params.valid.map(String), 'disjunction');
  for (const [k, v] of Object.entries(out)) {
    if (Array.isArray(v) && k !== 'issues') out[k] = fmtList(v.map(String));
  }
  return out;
}

/** What is wrong with one field, in the language of `t`. */
function issueProblem(t: TFunction, lang: UiLang, i: FieldIssue): string {
  const custom = i.params && typeof i.params.key === 'string' ? `errors.${i.params.key}` : undefined;
  if (custom && has(t, custom, i.params)) return tr(t, custom, localParams(t, lang, i.params!));
  const sized = i.origin === 'string' ? 'Chars' : i.origin === 'array' || i.origin === 'set' ? 'Items' : '';
  switch (i.code) {
    case 'too_small':
      if (sized === 'Chars' && (i.minimum ?? 0) <= 1) return tr(t, 'errors.zod.required');
      return sized ? tr(t, `errors.zod.min${sized}`, { count: i.minimum }) : tr(t, 'errors.zod.minNumber', { minimum: i.minimum });
    case 'too_big':
      return sized ? tr(t, `errors.zod.max${sized}`, { count: i.maximum }) : tr(t, 'errors.zod.maxNumber', { maximum: i.maximum });
    case 'invalid_type':
      // zod keeps no input in its issues; its message says when the field was absent.
      if (/received undefined$/.test(i.message)) return tr(t, 'errors.zod.required');
      return i.expected === 'number' || i.expected === 'int' ? tr(t, 'errors.zod.notNumber') : tr(t, 'errors.zod.invalid');
    case 'invalid_value':
      return tr(t, 'errors.zod.oneOf', {
        values: formatters(lang).fmtList(
          (i.values ?? []).map((v) => `"${String(v)}"`),
          'disjunction',
        ),
      });
    default:
      return tr(t, 'errors.zod.invalid');
  }
}

/** One field's problem with the field named, e.g. "Password: at least 10 characters". */
export function issueMessage(t: TFunction, lang: UiLang, i: FieldIssue): string {
  const name = i.field === '(body)' ? 'body' : i.field;
  return tr(t, 'errors.fieldProblem', { field: labelOr(t, `errors.fields.${name}`, i.field), problem: issueProblem(t, lang, i) });
}

/**
 * The message of an error (or of an import refusal) in `lang`: its key's text with localized parameters,
 * or, for errors without a key, the English message inside a localized sentence.
 */
export function localizeError(lang: UiLang, e: Localizable): string {
  // The English message is already English; other languages say in their words that the detail follows.
  return localizedOrNull(lang, e) ?? (lang === 'en' ? e.message : tr(translator(lang), 'errors.generic', { message: e.message }));
}

/** The message of an error in `lang` when its key has a text there, else null. */
export function localizedOrNull(lang: UiLang, e: Omit<Localizable, 'message'>): string | null {
  const t = translator(lang);
  if (e.key === 'invalid_fields' && Array.isArray(e.params?.issues)) {
    return (e.params.issues as FieldIssue[]).map((i) => issueMessage(t, lang, i)).join('; ');
  }
  const key = e.key ? `errors.${e.key}` : undefined;
  return key && has(t, key, e.params) ? tr(t, key, localParams(t, lang, e.params ?? {})) : null;
}

/**
 * A job as the API shows it: `errorMessage` says why it failed in `lang` (with how far it got) when the
 * failure code has a text; `error` stays the English sentence.
 */
export function localizedJob<J extends { errorCode: string | null; progress: { done: number; total: number } }>(
  lang: UiLang,
  job: J,
): J & { errorMessage?: string } {
  const message = job.errorCode ? localizedOrNull(lang, { key: job.errorCode }) : null;
  if (!message) return job;
  const progress = tr(translator(lang), 'errors.job_progress', job.progress);
  return { ...job, errorMessage: `${message} ${progress}` };
}

/** The JSON body of an error: stable code and details, message (and field messages) in `lang`. */
export function errorBody(lang: UiLang, e: AppError): { error: Record<string, unknown> } {
  const details: Record<string, unknown> = { ...(e.details ?? {}) };
  if (e.key === 'invalid_fields' && Array.isArray(e.params.issues)) {
    const t = translator(lang);
    details.issues = (e.params.issues as FieldIssue[]).map((i) => ({ field: i.field, message: issueMessage(t, lang, i) }));
  }
  // "Reviewed" refused for QA errors: the issues as a save answer gives them (localizedMessage beside message).
  if ((e.code === 'qa_errors' || e.code === 'qa_errors_confirm') && Array.isArray(details.issues))
    details.issues = localizedIssues(lang, details.issues as LocalizableIssue[]);
  return { error: { code: e.code, message: localizeError(lang, e), ...details } };
}

/** 404 for anything no route answered. */
export const notFound: RequestHandler = (req, _res, next) => next(new NotFoundError('page', req.path));

/** Renders errors; logs unexpected ones (without request bodies, which may hold secrets). */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.status >= 500) log(`error ${req.method} ${req.path}: ${(err as Error)?.stack ?? String(err)}\n`);
    // Errors raised before the language was chosen (a bad bearer token) still speak the request's language.
    const lang = (res.locals.lang as UiLang | undefined) ?? requestLang(req, res);
    const wantsJson = req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
    res.status(appError.status);
    if (wantsJson) {
      res.json(errorBody(lang, appError));
    } else {
      res.render('error', {
        status: appError.status,
        code: appError.code,
        message: localizeError(lang, appError),
        lang,
        uiLang: lang,
        t: translator(lang),
        ...formatters(lang),
      });
    }
  };
}
