/** Test helper: a 20-document project in folders (Markdown and Markdown-in-.txt articles), partly translated into en and ru. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../src/db/client.js';
import { importPaths } from '../../src/services/importService.js';
import { ROOT } from './db.js';

const SEED = readFileSync(path.join(ROOT, 'test/fixtures/000_2f1ea46cb1892beb.txt'), 'utf8');

/** Stored paths of the 20 documents: three folder levels, `.md` and `.txt`, non-ASCII names. */
export const PROJECT20_PATHS = Array.from({ length: 20 }, (_, i) => {
  const folder = ['', 'politics/', 'world/asia/', '国际/'][i % 4];
  return `${folder}article-${String(i).padStart(2, '0')}${i % 5 === 0 ? '.txt' : '.md'}`;
});

/**
 * Writes the 20 files under `dir/src` and imports them into `project`; every third translatable segment
 * gets an English and a Russian translation (reviewed in English, draft in Russian). Returns the documents.
 */
export async function makeProject20(db: Db, dir: string, project: string): Promise<{ id: number; path: string }[]> {
  const src = path.join(dir, 'src');
  for (const [i, p] of PROJECT20_PATHS.entries()) {
    const file = path.join(src, ...p.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    // Each article differs (its own first heading), CRLF in some, to show the bytes follow each source.
    const text = SEED.replace('俄美峰会可能涉及的议题', `俄美峰会可能涉及的议题 ${i}`);
    writeFileSync(file, i % 3 === 0 ? text.replace(/\n/g, '\r\n') : text);
  }
  const report = await importPaths(db, [src], { project, sourceLang: 'zh', targetLangs: ['en', 'ru'], maxBytes: 1 << 20 });
  if (report.refused.length) throw new Error(JSON.stringify(report.refused));
  const segments = await db.segment.findMany({
    where: { document: { project: { name: project } }, translatable: true },
    orderBy: [{ documentId: 'asc' }, { index: 'asc' }],
  });
  await db.translation.createMany({
    data: segments
      .filter((_, i) => i % 3 === 0)
      .flatMap((s) => [
        { segmentId: s.id, lang: 'en', text: `EN ${s.index}: translated`, status: 'reviewed', origin: 'human' },
        { segmentId: s.id, lang: 'ru', text: `RU ${s.index}: перевод`, status: 'draft', origin: 'mt' },
      ]),
  });
  return report.documents.map((d) => ({ id: d.id, path: d.path }));
}
