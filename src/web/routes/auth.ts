/**
 * Login, logout and first-run setup pages.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { SESSION_COOKIE, cookieOptions, currentUser } from '../auth.js';
import { closeSession, completeSetup, login, LoginThrottled, openSession } from '../../services/auth/authService.js';
import { AppError, ValidationError } from '../../domain/errors.js';
import { LANG_COOKIE, UI_LANGS, uiLangOf, type UiLang } from '../i18n.js';
import { localizeError } from '../errors.js';
import type { AuthUser } from '../../db/users.js';
import { rememberLocale } from '../../services/auth/accountService.js';

const loginBody = z.object({ name: z.string().trim().min(1).max(64), password: z.string().min(1).max(1024), next: z.string().optional() });
const setupBody = z.object({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
});

/** Only same-site paths may be redirected to after login. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Routes for signing in and out. */
export function authRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    if (res.locals.user) return res.redirect(303, safeNext(req.query.next));
    res.render('login', { next: safeNext(req.query.next), error: null, name: '' });
  });

  router.post('/login', async (req, res) => {
    const body = loginBody.safeParse(req.body);
    const next = safeNext(req.body?.next);
    const lang = res.locals.lang as UiLang;
    if (!body.success) {
      return res.status(400).render('login', {
        next,
        error: localizeError(lang, { key: 'login_missing', message: 'Enter a user name and a password.' }),
        name: '',
      });
    }
    try {
      const user = await login(ctx.db, body.data.name, body.data.password, req.ip ?? '');
      const session = await openSession(ctx.db, user, { address: req.ip ?? '', userAgent: req.get('user-agent') ?? '' });
      res.cookie(SESSION_COOKIE, session.token, cookieOptions(req, session.maxAgeMs));
      res.redirect(303, next);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 401 && err.status !== 429)) throw err;
      if (err instanceof LoginThrottled) res.set('Retry-After', String(err.retryAfterSeconds));
      res.status(err.status).render('login', { next, error: localizeError(lang, err), name: body.data.name });
    }
  });

  router.post('/logout', async (req, res) => {
    const token = (req.cookies as Record<string, string>)[SESSION_COOKIE];
    if (token) await closeSession(ctx.db, token, currentUser(res));
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.redirect(303, '/login');
  });

  // The language switcher: remembered in a cookie, and in the account of a signed-in user.
  router.post('/language', async (req, res) => {
    const body = z.object({ lng: z.string().max(20), back: z.string().max(2000).optional() }).parse(req.body);
    const lang = uiLangOf(body.lng);
    if (!lang) {
      throw new ValidationError(`lng: "${body.lng}" is not one of ${UI_LANGS.join(', ')}`, { field: 'lng' }, undefined, {
        key: 'bad_ui_lang',
        params: { value: body.lng, langs: [...UI_LANGS] },
      });
    }
    res.cookie(LANG_COOKIE, lang, { ...cookieOptions(req), maxAge: 365 * 86_400_000 });
    const user = res.locals.user as AuthUser | undefined;
    if (user) await rememberLocale(ctx.db, user, lang);
    res.redirect(303, safeNext(body.back));
  });

  router.get('/setup', (req, res) => {
    res.render('setup', { token: typeof req.query.token === 'string' ? req.query.token : '', error: null });
  });

  router.post('/setup', async (req, res) => {
    const body = setupBody.parse(req.body);
    try {
      const user = await completeSetup(ctx.db, body.token, body.name, body.password);
      const session = await openSession(ctx.db, user, { address: req.ip ?? '', userAgent: req.get('user-agent') ?? '' });
      res.cookie(SESSION_COOKIE, session.token, cookieOptions(req, session.maxAgeMs));
      res.redirect(303, '/');
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      res.status(err.status).render('setup', { token: body.token, error: localizeError(res.locals.lang as UiLang, err) });
    }
  });

  return router;
}
