/**
 * Projects and documents as the web and the CLI look them up: one lookup with one answer for a missing project,
 * the project choices of forms, and deleting a document (reviewers and admins, audited).
 */
import type { Db } from '../db/client.js';
import { projectChoices, projectDocumentIds } from '../db/conversion.js';
import { deleteDocument as removeDocument } from '../db/documents.js';
import { allTargetLangs, findProject, findProjectIfAny, type Project } from '../db/projects.js';
import type { AuthUser } from '../db/users.js';
import { assertRole, audit, documentForUser } from './auth/authService.js';

export type { Project };

/** A project by id or name; 404 `not_found` ("project NAME not found") when there is none. */
export function projectOf(db: Db, key: { id: number } | { name: string }): Promise<Project> {
  return findProject(db, key);
}

/** A project by id or name, or null where a missing project is normal (an import creates it). */
export function projectIfAny(db: Db, key: { id: number } | { name: string }): Promise<Project | null> {
  return findProjectIfAny(db, key);
}

/** Every target language some project has (for language pickers). */
export function targetLanguagesInUse(db: Db): Promise<string[]> {
  return allTargetLangs(db);
}

/** Every project as `{id, name}`, by name (form choices; callers filter by membership). */
export function projectList(db: Db): Promise<{ id: number; name: string }[]> {
  return projectChoices(db);
}

/** The ids of a project's documents, by path. */
export function documentIdsOf(db: Db, projectId: number): Promise<number[]> {
  return projectDocumentIds(db, projectId);
}

/** Deletes a document with its segments and translations (reviewers and admins of its project), audited. */
export async function deleteDocument(db: Db, actor: AuthUser, documentId: number): Promise<void> {
  assertRole(actor, 'admin', 'reviewer');
  const doc = await documentForUser(db, actor, documentId);
  await removeDocument(db, documentId);
  await audit(db, actor, 'document.delete', `document:${documentId}`, { path: doc.path, project: doc.project.name });
}
