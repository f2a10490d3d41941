/** Test helper: a finished import job whose report refuses a file over the size limit (for job page tests). */
import type { Db } from '../../src/db/client.js';
import { createJob } from '../../src/db/jobs.js';
import { importFiles } from '../../src/services/importService.js';

/** Creates the job (status done) with the real report of importing a 1,500-byte big.md against a 1,000-byte limit; returns its id. */
export async function finishedImportJobRefusingBigFile(db: Db, project: string): Promise<number> {
  const refused = await importFiles(db, [{ name: 'big.md', bytes: Buffer.alloc(1500, 'a') }], {
    project,
    sourceLang: 'zh',
    targetLangs: ['en'],
    maxBytes: 1000,
  });
  const job = await createJob(db, 'import', { project, sourceLang: 'zh', targetLangs: ['en'], files: 1 });
  await db.job.update({
    where: { id: job.id },
    data: { status: 'done', done: 1, total: 1, result: JSON.stringify(refused), finishedAt: new Date() },
  });
  return job.id;
}
