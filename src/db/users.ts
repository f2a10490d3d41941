/**
 * Persistence of users, sessions, API tokens, project memberships, setup links, login throttling and the audit log.
 */
import { isUniqueViolation, type Db, type DbOrTx } from './client.js';
import { rawOf } from './direct.js';
import { dateOf } from './saveRows.js';
import type { Role } from '../domain/roles.js';

/** The signed-in user as the rest of the app sees it (never the password hash). */
export interface AuthUser {
  id: number;
  name: string;
  role: Role;
  /** Interface language the user chose ('' or absent: none). */
  locale?: string;
}

const publicUser = { id: true, name: true, role: true, locale: true } as const;

/** Remembers a user's interface language. */
export async function setUserLocale(db: Db, id: number, locale: string): Promise<void> {
  await db.user.update({ where: { id }, data: { locale } });
}

/** Number of users (0 means first run). */
export function countUsers(db: Db): Promise<number> {
  return db.user.count();
}

/** Creates a user. */
export async function insertUser(db: Db, data: { name: string; role: Role; passwordHash: string }): Promise<AuthUser> {
  return (await db.user.create({ data, select: publicUser })) as AuthUser;
}

/** A user with the password hash, for login. */
export function findUserForLogin(db: Db, name: string) {
  return db.user.findUnique({ where: { name } });
}

/** All users with their project ids, for the admin page. */
export function listUsers(db: Db) {
  return db.user.findMany({
    orderBy: { name: 'asc' },
    select: { ...publicUser, disabled: true, createdAt: true, memberships: { select: { projectId: true } } },
  });
}

/** Changes a user's role, disabled flag or password hash. */
export async function updateUser(db: Db, id: number, data: { role?: Role; disabled?: boolean; passwordHash?: string }) {
  return db.user.update({ where: { id }, data, select: publicUser });
}

/** Looks a user up by name. */
export function findUserByName(db: Db, name: string) {
  return db.user.findUnique({ where: { name }, select: { ...publicUser, disabled: true } });
}

/** Stores a new session. */
export function insertSession(db: Db, data: { tokenHash: string; userId: number; expiresAt: Date; address: string; userAgent: string }) {
  return db.session.create({ data });
}

/** The live session and its user for a cookie's token hash. */
export async function findLiveSession(db: Db, tokenHash: string, now: Date) {
  // Read on every request: one raw statement (direct on SQLite, see src/db/direct.ts) instead of a model query.
  const rows = await rawOf(db).$queryRaw<SessionUserRow[]>`
    SELECT s."id", s."expiresAt", s."lastSeenAt", s."revokedAt", u."id" AS "userId", u."name", u."role", u."locale", u."disabled"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."tokenHash" = ${tokenHash}`;
  const r = rows[0];
  if (!r || r.revokedAt !== null || dateOf(r.expiresAt) <= now || Boolean(r.disabled)) return null;
  return { id: Number(r.id), lastSeenAt: dateOf(r.lastSeenAt), user: userOfRow(r) };
}

type SessionUserRow = UserRow & { id: unknown; expiresAt: unknown; lastSeenAt: unknown; revokedAt: unknown };
type UserRow = { userId: unknown; name: string; role: string; locale: string; disabled: unknown };
const userOfRow = (r: UserRow) => ({ id: Number(r.userId), name: r.name, role: r.role, locale: r.locale });

/** Records activity on a session and slides its expiry. */
export function touchSession(db: Db, id: number, now: Date, expiresAt: Date) {
  return db.session.update({ where: { id }, data: { lastSeenAt: now, expiresAt } });
}

/** Revokes one session (logout) or all of a user's sessions. */
export async function revokeSessions(db: Db, where: { tokenHash?: string; userId?: number }, now: Date): Promise<number> {
  const { count } = await db.session.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: now } });
  return count;
}

/** Stores a new API token. */
export function insertToken(db: Db, data: { userId: number; name: string; prefix: string; tokenHash: string }) {
  return db.apiToken.create({ data, select: { id: true, name: true, prefix: true, createdAt: true } });
}

/** The user of a live API token, recording its use. */
export async function findTokenUser(db: Db, tokenHash: string, now: Date) {
  const rows = await rawOf(db).$queryRaw<(UserRow & { id: unknown; lastUsedAt: unknown; revokedAt: unknown })[]>`
    SELECT t."id", t."lastUsedAt", t."revokedAt", u."id" AS "userId", u."name", u."role", u."locale", u."disabled"
    FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."tokenHash" = ${tokenHash}`;
  const t = rows[0];
  if (!t || t.revokedAt !== null || Boolean(t.disabled)) return null;
  // Record use at most once a minute: a write on every API request would halve the API's throughput.
  if (t.lastUsedAt === null || now.getTime() - dateOf(t.lastUsedAt).getTime() > 60_000) {
    await db.apiToken.update({ where: { id: Number(t.id) }, data: { lastUsedAt: now } });
  }
  return userOfRow(t);
}

/** Tokens of one user or of everyone (never the hashes). */
export function listTokens(db: Db, userId?: number) {
  return db.apiToken.findMany({
    where: userId === undefined ? {} : { userId },
    orderBy: { id: 'asc' },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, user: { select: { name: true } } },
  });
}

/** Revokes a token by id; false when there was no live token with that id. */
export async function revokeToken(db: Db, id: number, now: Date): Promise<boolean> {
  const { count } = await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
  return count > 0;
}

/** Revokes every live token of a user; returns how many. */
export async function revokeUserTokens(db: Db, userId: number, now: Date): Promise<number> {
  const { count } = await db.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}

/** Project ids a user is a member of. */
export async function memberProjectIds(db: Db, userId: number): Promise<number[]> {
  return (await db.projectMember.findMany({ where: { userId }, select: { projectId: true } })).map((m) => m.projectId);
}

/** True when the user is a member of the project. */
export async function isMember(db: Db, userId: number, projectId: number): Promise<boolean> {
  return (await db.projectMember.count({ where: { userId, projectId } })) > 0;
}

/** Replaces a user's memberships. */
export async function setMemberships(db: Db, userId: number, projectIds: number[]): Promise<void> {
  await db.$transaction([
    db.projectMember.deleteMany({ where: { userId } }),
    db.projectMember.createMany({ data: projectIds.map((projectId) => ({ userId, projectId })) }),
  ]);
}

/** Adds one membership (idempotent). */
export async function addMembership(db: Db, userId: number, projectId: number): Promise<void> {
  await db.projectMember.upsert({ where: { userId_projectId: { userId, projectId } }, create: { userId, projectId }, update: {} });
}

/** Stores a one-time setup link. */
export function insertSetupToken(db: Db, tokenHash: string, expiresAt: Date) {
  return db.setupToken.create({ data: { tokenHash, expiresAt } });
}

/** Marks a setup link used; false when it is unknown, used or expired. */
export async function useSetupToken(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  const { count } = await db.setupToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  return count > 0;
}

/** True when a setup link is live (not used, not expired). */
export async function setupTokenLive(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  return (await db.setupToken.count({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } } })) > 0;
}

/** The outcome of {@link reserveAttempt}: reserved, or refused with the end of the key's window. */
export type Reservation = { reserved: true } | { reserved: false; windowEnds: Date };

/**
 * Atomically counts one login attempt for a throttle key before the password is checked: the count goes
 * up only while it is under `limit` in the live window (the window started after `since`), else a new
 * window opens at `now` with a count of 1. Each step is one conditional UPDATE (or an INSERT racing
 * on the primary key), so parallel requests can never take more than `limit` attempts, on SQLite
 * and PostgreSQL alike. Refused: the window is live and full.
 */
export async function reserveAttempt(db: Db, key: string, limit: number, since: Date, now: Date): Promise<Reservation> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const live = await db.loginThrottle.updateMany({
      where: { key, windowStart: { gt: since }, failures: { lt: limit } },
      data: { failures: { increment: 1 } },
    });
    if (live.count > 0) return { reserved: true };
    const reopened = await db.loginThrottle.updateMany({
      where: { key, windowStart: { lte: since } },
      data: { failures: 1, windowStart: now },
    });
    if (reopened.count > 0) return { reserved: true };
    const row = await db.loginThrottle.findUnique({ where: { key } });
    if (row) {
      if (row.windowStart > since && row.failures >= limit)
        return { reserved: false, windowEnds: new Date(row.windowStart.getTime() + (now.getTime() - since.getTime())) };
      continue; // changed meanwhile: try again
    }
    try {
      await db.loginThrottle.create({ data: { key, failures: 1, windowStart: now } });
      return { reserved: true };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  throw new Error(`login throttle ${key}: too much contention`);
}

/** Gives back one attempt reserved by {@link reserveAttempt} (the attempt turned out not to be a failure). */
export async function releaseAttempt(db: Db, key: string): Promise<void> {
  await db.loginThrottle.updateMany({ where: { key, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
}

/** Clears a throttle key after a successful login. */
export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}

/** Appends an audit event (inside a caller's transaction when given one). */
export async function insertAudit(db: DbOrTx, e: { userId?: number; userName: string; action: string; target: string; details: string }) {
  await db.auditEvent.create({ data: e });
}

/** The newest audit events, optionally of one action. */
export function listAudit(db: Db, options: { action?: string; limit: number; offset: number }) {
  const where = options.action ? { action: options.action } : {};
  return Promise.all([
    db.auditEvent.findMany({ where, orderBy: { id: 'desc' }, take: options.limit, skip: options.offset }),
    db.auditEvent.count({ where }),
  ]);
}
