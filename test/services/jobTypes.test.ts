/**
 * The import and project-conversion jobs: progress per file or document, and a job stopped midway
 * (worker shutdown) resumes with the next file or document, doing none twice.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { getJob } from '../../src/db/jobs.js';
import { CONVERT_TARGETS_JOB, convertTargetsJobHandler, type ConvertTargetsJobParams } from '../../src/services/chineseTargetsService.js';
import { IMPORT_JOB, importAsJob, importJobHandler, type ImportJobParams } from '../../src/services/importService.js';
import { JobRunner, type JobHandler } from '../../src/services/jobs.js';
import { freshDb } from '../helpers/db.js';
import { importText } from '../helpers/mt.js';

/**
 * Runs a job of `type` with `handler` in a first worker that is shut down right after `stopAfter`
 * units of progress, then in a second worker that finishes it. Returns the finished job.
 */
async function stopAndResume(
  db: Db,
  type: string,
  handler: JobHandler,
  params: unknown,
  stopAfter: number,
  files: { name: string; bytes: Uint8Array }[] = [],
) {
  let stopping: Promise<void> | undefined;
  const first: JobRunner = new JobRunner(db, {
    [type]: (ctx) =>
      handler({
        ...ctx,
        progress: async (done, total, checkpoint) => {
          await ctx.progress(done, total, checkpoint);
          if (done === stopAfter) stopping ??= first.stop();
        },
      }),
  });
  await first.start();
  const job = await first.enqueue(type, params, files);
  await first.idle();
  await stopping;
  const stopped = await getJob(db, job.id);
  const second = new JobRunner(db, { [type]: handler });
  await second.start();
  await second.idle();
  await second.stop();
  return { stopped, finished: await getJob(db, job.id) };
}

const md = (i: number) => ({ name: `a${i}.md`, bytes: Buffer.from(`# 第${i}篇\n\n软件${i}。\n`) });

describe('import jobs', () => {
  it.each([
    { name: 'few small files', files: 3, bytes: 100, job: false },
    { name: 'more files than the limit', files: 4, bytes: 100, job: true },
    { name: 'more bytes than the limit', files: 1, bytes: 2000, job: true },
  ])('importAsJob: $name → $job', ({ files, bytes, job }) => {
    const list = Array.from({ length: files }, (_, i) => ({ name: `${i}.md`, bytes: new Uint8Array(bytes) }));
    expect(importAsJob(list, { files: 3, bytes: 1000 })).toBe(job);
  });

  it('imports batch after batch, and a job stopped after its first batch (2 files) resumes with file 3 (none imported twice)', async () => {
    const { db } = await freshDb();
    const files = [md(1), md(2), { name: 'empty.md', bytes: new Uint8Array() }, md(4)];
    const params: ImportJobParams = { project: 'p', sourceLang: 'zh', targetLangs: ['en'], files: files.length };
    const { stopped, finished } = await stopAndResume(
      db,
      IMPORT_JOB,
      importJobHandler(1 << 20, { files: 2, bytes: 1 << 20 }),
      params,
      2,
      files,
    );
    expect(stopped).toMatchObject({ status: 'queued', progress: { done: 2, total: 4 }, checkpoint: { next: 2 } });
    expect(finished).toMatchObject({ status: 'done', progress: { done: 4, total: 4 } });
    const result = finished.result as { documents: { path: string; action: string }[]; refused: { path: string; code: string }[] };
    expect(result.documents.map((d) => [d.path, d.action])).toEqual([
      ['a1.md', 'created'],
      ['a2.md', 'created'],
      ['a4.md', 'created'],
    ]);
    expect(result.refused).toEqual([expect.objectContaining({ path: 'empty.md' })]);
    expect(await db.document.count()).toBe(3);
    expect(await db.jobFile.count()).toBe(0); // the files go with the finished job
    await db.$disconnect();
  });
});

describe('project conversion jobs', () => {
  it('drafts document after document, and a job stopped after document 2 resumes with document 3', async () => {
    const { db } = await freshDb();
    const ids = [];
    for (let i = 1; i <= 4; i++) ids.push(await importText(db, 'p', `d${i}.md`, `软件${i}。\n\n发展。\n`));
    const project = await db.project.findUniqueOrThrow({ where: { name: 'p' } });
    const params: ConvertTargetsJobParams = { projectId: project.id, langs: ['zh-Hant'] };
    const { stopped, finished } = await stopAndResume(db, CONVERT_TARGETS_JOB, convertTargetsJobHandler(), params, 2);
    expect(stopped).toMatchObject({ status: 'queued', progress: { done: 2, total: 4 }, checkpoint: { afterId: ids[1], drafted: 4 } });
    expect(finished).toMatchObject({
      status: 'done',
      progress: { done: 4, total: 4 },
      result: { documents: 4, drafted: 8, updated: 0, unchanged: 0, kept: 0, addedTargets: ['zh-Hant'] },
    });
    // Each segment was drafted once: one revision per translation.
    expect(await db.translation.count({ where: { lang: 'zh-Hant' } })).toBe(8);
    expect(await db.revision.count()).toBe(8);
    await db.$disconnect();
  });
});
