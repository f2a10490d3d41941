/**
 * Queries of the whole-project export: a project's documents, which of them changed since a time,
 * and the remembered time of the last export per project and target.
 */
import type { Db } from './client.js';
import { findProject, type Project } from './projects.js';

/** A project by name with its documents (id, path, format), in path order. 404 when there is no such project. */
export async function projectWithDocuments(db: Db, name: string) {
  return withDocuments(db, await findProject(db, { name }));
}

/** The same by project id. */
export async function projectWithDocumentsById(db: Db, id: number) {
  return withDocuments(db, await findProject(db, { id }));
}

async function withDocuments(db: Db, project: Project) {
  const documents = await db.document.findMany({
    where: { projectId: project.id },
    select: { id: true, path: true, format: true },
    orderBy: { path: 'asc' },
  });
  return { ...project, documents };
}

/**
 * Ids of the project's documents changed after `since`: imported or re-imported (the document row),
 * or with a translation into one of `langs` saved since (any status change or edit).
 */
export async function documentsChangedSince(db: Db, projectId: number, since: Date, langs: string[]): Promise<Set<number>> {
  const rows = await db.document.findMany({
    where: {
      projectId,
      OR: [
        { updatedAt: { gt: since } },
        ...(langs.length ? [{ segments: { some: { translations: { some: { lang: { in: langs }, updatedAt: { gt: since } } } } } }] : []),
      ],
    },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

/** When the project was last exported to `target`, or null. */
export async function lastExportTime(db: Db, projectId: number, target: string): Promise<Date | null> {
  const mark = await db.exportMark.findUnique({ where: { projectId_target: { projectId, target } } });
  return mark?.exportedAt ?? null;
}

/** Remembers that the project was exported to `target` at `at` (the start of that export). */
export async function rememberExport(db: Db, projectId: number, target: string, at: Date): Promise<void> {
  await db.exportMark.upsert({
    where: { projectId_target: { projectId, target } },
    create: { projectId, target, exportedAt: at },
    update: { exportedAt: at },
  });
}
