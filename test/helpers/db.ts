/** Test helpers: a fresh, migrated SQLite database per test file, and corpus access. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Db } from '../../src/db/client.js';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** ../shared/corpus beside the checkout. */
export const CORPUS_DIR = path.resolve(ROOT, '../shared/corpus');

/** Every corpus file: name and bytes. */
export function corpusFiles(): { name: string; bytes: Buffer }[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(CORPUS_DIR, name)) }));
}

/** A new empty temporary directory. */
export function tempDir(prefix = 'bitext-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh database (migrated) in a temporary folder, with its URL. */
export async function freshDb(): Promise<{ db: Db; url: string; dir: string }> {
  const dir = tempDir();
  const url = `file:${path.join(dir, 'test.db')}`;
  return { db: await openDatabase(url), url, dir };
}

/** Row counts of every table, to prove that refused input changed nothing. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const [projects, documents, segments, translations, revisions] = await Promise.all([
    db.project.count(),
    db.document.count(),
    db.segment.count(),
    db.translation.count(),
    db.revision.count(),
  ]);
  return { projects, documents, segments, translations, revisions };
}
