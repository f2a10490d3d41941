/**
 * Account administration shared by the web (*Users*, *Audit* pages, language switcher) and the CLI (`bitext user`,
 * `bitext token`): listing users and tokens, project memberships, the audit log, a user's interface language.
 */
import type { Db } from '../../db/client.js';
import { listAudit, listTokens, listUsers, memberProjectIds, setMemberships, setUserLocale, type AuthUser } from '../../db/users.js';
import { assertRole, audit } from './authService.js';

/** Every user with their memberships (admins only when an actor is given; the CLI is the machine's owner). */
export function usersList(db: Db, actor?: AuthUser) {
  if (actor) assertRole(actor, 'admin');
  return listUsers(db);
}

/** Every API token (or a user's), without secrets. */
export function tokensList(db: Db, userId?: number) {
  return listTokens(db, userId);
}

/** Replaces a user's project memberships, audited as `user.projects`. */
export async function setUserProjects(db: Db, actor: AuthUser, user: { id: number; name: string }, projectIds: number[]): Promise<void> {
  assertRole(actor, 'admin');
  await setMemberships(db, user.id, projectIds);
  await audit(db, actor, 'user.projects', `user:${user.name}`, { projects: projectIds });
}

/** A page of the audit log, newest first, with the total (admins only). */
export function auditLog(db: Db, actor: AuthUser, options: { action?: string; limit: number; offset: number }) {
  assertRole(actor, 'admin');
  return listAudit(db, options);
}

/** Stores the interface language a signed-in user chose. */
export function rememberLocale(db: Db, user: AuthUser, locale: string): Promise<void> {
  return setUserLocale(db, user.id, locale);
}

/** Ids of the projects a user is a member of. */
export function projectIdsOf(db: Db, user: AuthUser): Promise<number[]> {
  return memberProjectIds(db, user.id);
}
