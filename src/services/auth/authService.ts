/**
 * Accounts use cases: users, login with throttling, sessions, API tokens, first-run setup, project access, audit.
 */
import type { Db, DbOrTx } from '../../db/client.js';
import {
  addMembership,
  clearFailures,
  releaseAttempt,
  reserveAttempt,
  countUsers,
  findLiveSession,
  findTokenUser,
  findUserByName,
  findUserForLogin,
  insertAudit,
  insertSession,
  insertSetupToken,
  insertToken,
  insertUser,
  isMember,
  revokeSessions,
  revokeToken,
  revokeUserTokens,
  touchSession,
  updateUser,
  useSetupToken,
  type AuthUser,
} from '../../db/users.js';
import { ROLES, type Role } from '../../domain/roles.js';
import { loadDocumentHeader } from '../../db/documents.js';
import { getSegmentDocumentId } from '../../db/segments.js';
import { insertAuditRow, saveSegmentById } from '../../db/saveRows.js';
import type { Provider } from '../../db/adapter.js';
import type { RawSql } from '../../db/direct.js';
import { AppError, NotFoundError, ValidationError, type ErrorText } from '../../domain/errors.js';
import { DUMMY_HASH, hashPassword, newToken, tokenHash, verifyPassword } from './secrets.js';

/** How long a browser session lives without activity. */
export const SESSION_DAYS = 14;
/** Failed logins allowed per account and per address in one window. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
/** Length of a throttling window. */
export const THROTTLE_MINUTES = 15;
const SETUP_HOURS = 24;
const MIN_PASSWORD = 10;
const NAME = /^[\p{L}\p{N}._@-]{2,64}$/u;

/** A failed login: one generic message whatever the reason (401). */
export class LoginFailed extends AppError {
  constructor() {
    super('login_failed', 'Wrong user name or password.', 401, undefined, {});
  }
}

/** Too many failed logins (429); `retryAfterSeconds` is for the Retry-After header. */
export class LoginThrottled extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super('login_throttled', `Too many failed logins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, 429, undefined, {
      params: { count: minutes },
    });
  }
}

/** The request is authenticated but not allowed (403). */
export class Forbidden extends AppError {
  constructor(message = 'You are not allowed to do that.', text: ErrorText = {}) {
    super('forbidden', message, 403, undefined, text);
  }
}

/** Checks a new user name and password; throws naming the field. */
function validateCredentials(name: string, password: string): void {
  if (!NAME.test(name)) {
    throw new ValidationError('name: 2 to 64 letters, digits or . _ @ -', { field: 'name' }, undefined, { key: 'bad_user_name' });
  }
  if (password.length < MIN_PASSWORD) {
    throw new ValidationError(`password: at least ${MIN_PASSWORD} characters`, { field: 'password' }, undefined, {
      key: 'password_short',
      params: { count: MIN_PASSWORD },
    });
  }
}

/** Creates a user (names are unique). */
export async function createUser(db: Db, name: string, role: Role, password: string, actor?: AuthUser): Promise<AuthUser> {
  validateCredentials(name, password);
  if (!ROLES.includes(role)) throw new ValidationError(`role: "${role}" is not one of ${ROLES.join(', ')}`, { field: 'role' });
  if (await findUserByName(db, name))
    throw new AppError('user_exists', `a user named ${name} already exists`, 409, undefined, { params: { name } });
  const user = await insertUser(db, { name, role, passwordHash: await hashPassword(password) });
  await audit(db, actor ?? user, 'user.create', `user:${name}`, { role });
  return user;
}

/**
 * Changes a user's password and ends every credential the old one gave: the user's browser sessions and
 * API tokens are revoked (a password change is what an admin does when an account may be compromised).
 * Returns how many sessions and tokens were revoked.
 */
export async function setPassword(db: Db, name: string, password: string, actor: AuthUser): Promise<{ sessions: number; tokens: number }> {
  validateCredentials(name, password);
  const user = await findUserByName(db, name);
  if (!user) throw new NotFoundError('user', name);
  await updateUser(db, user.id, { passwordHash: await hashPassword(password) });
  const now = new Date();
  const revoked = { sessions: await revokeSessions(db, { userId: user.id }, now), tokens: await revokeUserTokens(db, user.id, now) };
  await audit(db, actor, 'user.password', `user:${name}`, revoked);
  return revoked;
}

/** Changes a user's role or disables them (revoking their sessions). */
export async function changeUser(db: Db, id: number, change: { role?: Role; disabled?: boolean }, actor: AuthUser) {
  const user = await updateUser(db, id, change);
  if (change.disabled) await revokeSessions(db, { userId: id }, new Date());
  await audit(db, actor, 'user.update', `user:${user.name}`, change);
  return user;
}

/**
 * Verifies a login. Each attempt is first reserved against the limits (per account and per address, see
 * reserveAttempt): past a limit the login is refused (429) before the password is checked, so parallel
 * requests get no more checks than the limits allow. A failed attempt keeps its reservation (it is the
 * failure); a successful one clears the account's failures and gives back the address's reservation.
 * Unknown users cost the same time as wrong passwords.
 */
export async function login(db: Db, name: string, password: string, address: string, now = new Date()): Promise<AuthUser> {
  const since = new Date(now.getTime() - THROTTLE_MINUTES * 60_000);
  const userKey = `user:${name.toLowerCase()}`;
  const addressKey = `ip:${address}`;
  const throttled = (windowEnds: Date) => new LoginThrottled(Math.max(1, Math.ceil((windowEnds.getTime() - now.getTime()) / 1000)));
  const byUser = await reserveAttempt(db, userKey, MAX_FAILURES_PER_ACCOUNT, since, now);
  if (!byUser.reserved) throw throttled(byUser.windowEnds);
  const byAddress = await reserveAttempt(db, addressKey, MAX_FAILURES_PER_ADDRESS, since, now);
  if (!byAddress.reserved) {
    await releaseAttempt(db, userKey);
    throw throttled(byAddress.windowEnds);
  }
  const user = await findUserForLogin(db, name);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) {
    await insertAudit(db, { userName: name.slice(0, 64), action: 'login.failed', target: `ip:${address}`, details: '' });
    throw new LoginFailed();
  }
  await clearFailures(db, userKey);
  await releaseAttempt(db, addressKey);
  const result = { id: user.id, name: user.name, role: user.role as Role };
  await audit(db, result, 'login', `ip:${address}`);
  return result;
}

/** Opens a session; returns the cookie value (only its hash is stored). */
export async function openSession(db: Db, user: AuthUser, meta: { address: string; userAgent: string }, now = new Date()) {
  const token = newToken('bts');
  await insertSession(db, {
    tokenHash: tokenHash(token),
    userId: user.id,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    address: meta.address,
    userAgent: meta.userAgent.slice(0, 300),
  });
  return { token, maxAgeMs: SESSION_DAYS * 86_400_000 };
}

/** The user of a session cookie, sliding the session's expiry; null when absent, expired or revoked. */
export async function userOfSession(db: Db, token: string, now = new Date()): Promise<AuthUser | null> {
  const s = await findLiveSession(db, tokenHash(token), now);
  if (!s) return null;
  // Touch at most once a minute to keep reads cheap.
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000)
    await touchSession(db, s.id, now, new Date(now.getTime() + SESSION_DAYS * 86_400_000));
  return { id: s.user.id, name: s.user.name, role: s.user.role as Role, locale: s.user.locale };
}

/** Ends a session (logout). */
export async function closeSession(db: Db, token: string, user: AuthUser): Promise<void> {
  await revokeSessions(db, { tokenHash: tokenHash(token) }, new Date());
  await audit(db, user, 'logout', '');
}

/** Creates an API token for a user; the token is shown once and stored hashed. */
export async function createApiToken(db: Db, userName: string, name: string, actor?: AuthUser) {
  const user = await findUserByName(db, userName);
  if (!user) throw new NotFoundError('user', userName);
  const token = newToken('btx');
  const row = await insertToken(db, { userId: user.id, name, prefix: token.slice(0, 10), tokenHash: tokenHash(token) });
  await audit(db, actor ?? { id: user.id, name: user.name, role: user.role as Role }, 'token.create', `user:${userName}`, {
    id: row.id,
    name,
  });
  return { ...row, token };
}

/** Revokes an API token. */
export async function revokeApiToken(db: Db, id: number, actor?: AuthUser): Promise<void> {
  if (!(await revokeToken(db, id, new Date()))) throw new NotFoundError('token', id);
  await audit(db, actor, 'token.revoke', `token:${id}`);
}

/** Revokes every live API token of a user (`bitext token revoke --all USER`); returns how many. */
export async function revokeAllApiTokens(db: Db, userName: string, actor?: AuthUser): Promise<number> {
  const user = await findUserByName(db, userName);
  if (!user) throw new NotFoundError('user', userName);
  const count = await revokeUserTokens(db, user.id, new Date());
  await audit(db, actor, 'token.revoke', `user:${userName}`, { all: true, count });
  return count;
}

/** The user of a bearer token, or null. */
export async function userOfToken(db: Db, token: string): Promise<AuthUser | null> {
  const u = await findTokenUser(db, tokenHash(token), new Date());
  return u ? { id: u.id, name: u.name, role: u.role as Role, locale: u.locale } : null;
}

/** At first start (no users yet) creates a one-time setup token; returns it, or null when users exist. */
export async function firstRunSetupToken(db: Db, now = new Date()): Promise<string | null> {
  if ((await countUsers(db)) > 0) return null;
  const token = newToken('setup');
  await insertSetupToken(db, tokenHash(token), new Date(now.getTime() + SETUP_HOURS * 3_600_000));
  return token;
}

/** Uses a setup link to create the first admin. Refused once any user exists or the link is used or expired. */
export async function completeSetup(db: Db, token: string, name: string, password: string): Promise<AuthUser> {
  if ((await countUsers(db)) > 0) throw new AppError('setup_done', 'setup is already done: log in instead', 409, undefined, {});
  validateCredentials(name, password);
  if (!(await useSetupToken(db, tokenHash(token), new Date()))) {
    throw new AppError(
      'setup_link_invalid',
      'this setup link is unknown, used or expired: restart bitext for a new one',
      403,
      undefined,
      {},
    );
  }
  return createUser(db, name, 'admin', password);
}

/** True when the user may see the project (admins see everything). */
export async function canAccessProject(db: Db, user: AuthUser, projectId: number): Promise<boolean> {
  return user.role === 'admin' || isMember(db, user.id, projectId);
}

/** What a request asked for, as a 404 names it: `['document', 12]`. */
export type Requested = readonly [what: string, id: string | number];

/**
 * Throws 404 (not 403) when the user may not see the project. The 404 names what was asked for
 * (`requested`, default the project itself) exactly as when it does not exist, so that nobody learns
 * that a document, segment or job exists in a project they cannot see.
 */
export async function assertProjectAccess(
  db: Db,
  user: AuthUser,
  projectId: number,
  requested: Requested = ['project', projectId],
): Promise<void> {
  if (!(await canAccessProject(db, user, projectId))) throw new NotFoundError(...requested);
}

/**
 * A document (header and project, no segments) the user may see; otherwise the same 404 as for a missing one,
 * naming `requested` (the document, or the segment, comment or job reached through it).
 */
export async function documentForUser(db: Db, user: AuthUser, documentId: number, requested: Requested = ['document', documentId]) {
  const doc = await loadDocumentHeader(db, documentId).catch((err: unknown) => {
    throw err instanceof NotFoundError ? new NotFoundError(...requested) : err;
  });
  await assertProjectAccess(db, user, doc.projectId, requested);
  return doc;
}

/** The document of a segment the user may see (404 naming the segment otherwise). */
export async function segmentDocumentForUser(db: Db, user: AuthUser, segmentId: number) {
  return documentForUser(db, user, await getSegmentDocumentId(db, segmentId), ['segment', segmentId]);
}

/**
 * A segment the user may see, as a save reads it (with its project; 404 naming the segment otherwise): the access
 * check of a save, one statement whose result the save uses (where {@link segmentDocumentForUser} reads the whole
 * document header).
 */
export async function segmentForSave(db: Db, user: AuthUser, segmentId: number) {
  // The membership is read with the segment; the 404 is the same as for a missing segment (see assertProjectAccess).
  const segment = await saveSegmentById(db, segmentId, user.role === 'admin' ? 0 : user.id);
  if (!segment || (user.role !== 'admin' && !segment.member)) throw new NotFoundError('segment', segmentId);
  return segment;
}

/** Throws 403 unless the user has one of the roles. */
export function assertRole(user: AuthUser, ...roles: Role[]): void {
  if (!roles.includes(user.role))
    throw new Forbidden(`this needs the role ${roles.join(' or ')}; you are ${user.role}`, {
      key: 'forbidden_role',
      params: { roles, role: user.role },
    });
}

/** Makes the creator of a project its member (admins see all projects anyway). */
export async function joinProject(db: Db, user: AuthUser, projectId: number): Promise<void> {
  if (user.role !== 'admin') await addMembership(db, user.id, projectId);
}

/**
 * Records an audit event. With `dialect` (the database's; a transaction client does not know it) the event goes in as
 * one raw statement (a save's transaction, whose client may offer only raw statements), otherwise through the model.
 */
export async function audit(db: DbOrTx, user: AuthUser | undefined, action: string, target: string, details?: unknown): Promise<void>;
export async function audit(
  db: RawSql,
  user: AuthUser | undefined,
  action: string,
  target: string,
  details: unknown,
  dialect: Provider,
): Promise<void>;
export async function audit(
  db: DbOrTx | RawSql,
  user: AuthUser | undefined,
  action: string,
  target: string,
  details?: unknown,
  dialect?: Provider,
): Promise<void> {
  const event = {
    ...(user ? { userId: user.id } : {}),
    userName: user?.name ?? 'system',
    action,
    target,
    details: details === undefined ? '' : JSON.stringify(details),
  };
  await (dialect ? insertAuditRow(db, dialect, event) : insertAudit(db as DbOrTx, event));
}
