/**
 * Authentication (session cookie or bearer token), CSRF protection and route guards.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { AppContext } from './app.js';
import type { AuthUser } from '../db/users.js';
import type { Role } from '../domain/roles.js';
import { AppError } from '../domain/errors.js';
import {
  assertRole,
  documentForUser,
  segmentDocumentForUser,
  segmentForSave,
  userOfSession,
  userOfToken,
  type Requested,
} from '../services/auth/authService.js';

/** Cookie holding the session token. */
export const SESSION_COOKIE = 'bitext_session';
/** Cookie holding the CSRF token (double-submit: forms and scripts send it back). */
export const CSRF_COOKIE = 'bitext_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Paths anyone may reach. */
const PUBLIC = [/^\/login$/, /^\/setup$/, /^\/healthz$/, /^\/static\//, /^\/language$/];

/** Cookie options: HttpOnly, SameSite, and Secure whenever the request came over TLS (see TRUST_PROXY). */
export function cookieOptions(req: Request, maxAge?: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: req.secure, path: '/', ...(maxAge ? { maxAge } : {}) };
}

/** Resolves the user from `Authorization: Bearer` or the session cookie into res.locals.user. */
export function authenticate(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    try {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
      if (bearer) {
        const user = await userOfToken(ctx.db, bearer);
        if (!user) throw new AppError('invalid_token', 'the API token is unknown or revoked', 401, undefined, {});
        res.locals.user = user;
        res.locals.authVia = 'token';
      } else {
        const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
        const user = cookie ? await userOfSession(ctx.db, cookie) : null;
        if (user) {
          res.locals.user = user;
          res.locals.authVia = 'session';
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Sends anonymous requests to the login page (pages) or answers 401 (API and non-GET). */
export const requireUser: RequestHandler = (req, res, next) => {
  if (res.locals.user || PUBLIC.some((p) => p.test(req.path))) return next();
  if (req.method === 'GET' && !req.path.startsWith('/api/') && req.accepts(['html', 'json']) === 'html') {
    return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  }
  next(new AppError('unauthenticated', 'log in first (or send Authorization: Bearer <token>)', 401, undefined, {}));
};

/**
 * Double-submit CSRF protection: every page gets a token (cookie + meta tag / hidden field); state-changing
 * requests authenticated by cookie must send it back in X-CSRF-Token, a `_csrf` field or `_csrf` query parameter.
 * Requests authenticated by bearer token carry no ambient credentials and are exempt.
 */
export const csrf: RequestHandler = (req, res, next) => {
  let token = (req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE];
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
    token = randomBytes(32).toString('base64url');
    res.cookie(CSRF_COOKIE, token, cookieOptions(req));
  }
  res.locals.csrfToken = token;
  if (!UNSAFE.has(req.method) || res.locals.authVia === 'token') return next();
  const sent = req.get('x-csrf-token') ?? (req.body as { _csrf?: unknown } | undefined)?._csrf ?? req.query._csrf;
  const a = Buffer.from(typeof sent === 'string' ? sent : '');
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return next(
      new AppError('csrf_failed', 'the form is out of date or came from another site: reload the page and try again', 403, undefined, {}),
    );
  }
  next();
};

/** The signed-in user (routes behind requireUser always have one). */
export function currentUser(res: Response): AuthUser {
  const user = res.locals.user as AuthUser | undefined;
  if (!user) throw new AppError('unauthenticated', 'log in first', 401, undefined, {});
  return user;
}

/**
 * Loads a document the user may see; otherwise the same 404 as for a missing one, naming `requested`
 * (what the request asked for: the document, or the segment, comment or job reached through it).
 */
export async function guardDocument(ctx: AppContext, res: Response, documentId: number, requested: Requested = ['document', documentId]) {
  return documentForUser(ctx.db, currentUser(res), documentId, requested);
}

/** Loads the document of a segment the user may see (404 naming the segment otherwise). */
export async function guardSegment(ctx: AppContext, res: Response, segmentId: number) {
  return segmentDocumentForUser(ctx.db, currentUser(res), segmentId);
}

/** {@link guardSegment} for a save: the segment as the save reads it, with its project (one statement). */
export async function guardSegmentForSave(ctx: AppContext, res: Response, segmentId: number) {
  return segmentForSave(ctx.db, currentUser(res), segmentId);
}

/** Checks the user's role (403 otherwise) and returns the user. */
export function guardRole(res: Response, ...roles: Role[]): AuthUser {
  const user = currentUser(res);
  assertRole(user, ...roles);
  return user;
}
