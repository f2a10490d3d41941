/**
 * Projects as the rest of the code sees them: target languages as a list (the column stores them
 * comma-joined, which nothing outside src/db needs to know), and one lookup that fails one way.
 */
import type { Db } from './client.js';
import { NotFoundError } from '../domain/errors.js';

/** A stored project. */
export interface Project {
  id: number;
  name: string;
  sourceLang: string;
  /** BCP 47 codes in the project's order. */
  targetLangs: string[];
  /** OpenCC configuration per Traditional target, as stored (see domain/chineseTargets.ts). */
  conversionConfigs: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The target languages stored in a project's `targetLangs` column. */
export function splitLangs(stored: string): string[] {
  return stored.split(',').filter(Boolean);
}

/** The `targetLangs` column value of a list of languages. */
export function joinLangs(langs: readonly string[]): string {
  return langs.join(',');
}

/** A project row (or any selection of it with `targetLangs`) with its target languages as a list. */
export function toProject<T extends { targetLangs: string }>(row: T): Omit<T, 'targetLangs'> & { targetLangs: string[] } {
  return { ...row, targetLangs: splitLangs(row.targetLangs) };
}

/** A project by id or name, or null: for callers to whom a missing project is normal (an import creates it). */
export async function findProjectIfAny(db: Db, key: { id: number } | { name: string }): Promise<Project | null> {
  const row = await db.project.findUnique({ where: key });
  return row ? toProject(row) : null;
}

/**
 * A project by id or name. A missing one throws {@link NotFoundError} (404, code `not_found`, naming the
 * project: "project <name> not found"), wherever it is looked up from.
 */
export async function findProject(db: Db, key: { id: number } | { name: string }): Promise<Project> {
  const project = await findProjectIfAny(db, key);
  if (!project) throw new NotFoundError('project', 'id' in key ? key.id : key.name);
  return project;
}

/** The target languages of every project (for the shared glossary's form), in first-seen order. */
export async function allTargetLangs(db: Db): Promise<string[]> {
  const rows = await db.project.findMany({ select: { targetLangs: true }, orderBy: { id: 'asc' } });
  return [...new Set(rows.flatMap((r) => splitLangs(r.targetLangs)))];
}

/** Every language code used by projects (sources and targets), to map TMX variants such as zh-CN onto them. */
export async function knownLanguages(db: Db): Promise<string[]> {
  const rows = await db.project.findMany({ select: { sourceLang: true, targetLangs: true } });
  return [...new Set(rows.flatMap((r) => [r.sourceLang, ...splitLangs(r.targetLangs)]))];
}
