/**
 * Seeds a bench database: the longest corpus article imported into project "bench", an admin user and an
 * API token for the HTTP benches.
 */
import { openDatabase, type Db } from '../src/db/client.js';
import { importFiles } from '../src/services/importService.js';
import { createApiToken, createUser } from '../src/services/auth/authService.js';
import { longestArticle } from './common.js';

/** What a seeded database holds. */
export interface Seeded {
  db: Db;
  /** File name of the article. */
  article: string;
  documentId: number;
  segments: number;
  translatable: number;
  /** `Authorization` header value for the API. */
  authorization: string;
}

/** Opens the database at `url`, imports the longest article with the given target languages, adds user and token. */
export async function seedLongest(url: string, targetLangs: string[]): Promise<Seeded> {
  const db = await openDatabase(url);
  const article = longestArticle();
  const report = await importFiles(db, [article], { project: 'bench', sourceLang: 'zh', targetLangs, maxBytes: 1e9 });
  const doc = report.documents[0];
  if (!doc) throw new Error(`refused: ${JSON.stringify(report.refused)}`);
  await createUser(db, 'bench', 'admin', 'bench-password-long');
  const { token } = await createApiToken(db, 'bench', 'bench');
  return {
    db,
    article: article.name,
    documentId: doc.id,
    segments: doc.segments,
    translatable: doc.translatable,
    authorization: `Bearer ${token}`,
  };
}
