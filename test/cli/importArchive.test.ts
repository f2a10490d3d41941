/**
 * `bitext import DIR` of an archive (issue #16): thousands of files in one command, on SQLite and PostgreSQL
 * (BITEXT_TEST_DATABASE=postgres). PostgreSQL once refused it: the job stored one row per file inside one
 * interactive transaction, which outlived Prisma's 5 s limit and printed a raw multi-line error. Files are now
 * saved in bounded batches; a document the database refuses is reported on one line and leaves nothing behind.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { providerOf } from '../../src/db/client.js';
import { createJob, jobFilesFrom, nextQueuedJobId } from '../../src/db/jobs.js';
import { exportDocument } from '../../src/services/exportService.js';
import { IMPORT_JOB, importFiles, importJobHandler, type ImportJobParams } from '../../src/services/importService.js';
import { JobRunner } from '../../src/services/jobs.js';
import { runCli, useCliDatabase } from '../helpers/cli.js';
import { corpusFiles, CORPUS_DIR } from '../helpers/db.js';

const state = useCliDatabase();

/** A short post like the thousands of news and social files of the archive (two paragraphs, a heading). */
const post = (i: number) => `# 第${i}篇\n\n新闻内容${i}。\n\n评论${i}：好。\n`;

/** Makes the database refuse any segment whose source contains 模拟故障 (a failure in the middle of a document's write). */
async function installFailure(): Promise<void> {
  const db = state.db;
  if (providerOf(db) === 'postgresql') {
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION bitext_test_fail() RETURNS trigger AS $$
      BEGIN IF position('模拟故障' in NEW.source) > 0 THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER bitext_test_fail BEFORE INSERT ON "Segment" FOR EACH ROW EXECUTE FUNCTION bitext_test_fail()`,
    );
  } else {
    await db.$executeRawUnsafe(
      `CREATE TRIGGER bitext_test_fail BEFORE INSERT ON "Segment" WHEN instr(NEW.source, '模拟故障') > 0 BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`,
    );
  }
}

async function removeFailure(): Promise<void> {
  await state.db.$executeRawUnsafe(
    providerOf(state.db) === 'postgresql' ? 'DROP TRIGGER bitext_test_fail ON "Segment"' : 'DROP TRIGGER bitext_test_fail',
  );
}

describe('bitext import of an archive', () => {
  it(
    'imports 3,000 short posts and the corpus in one command (one job) and exports every file back byte for byte',
    { timeout: 300_000 },
    async () => {
      const dir = path.join(state.dir, 'archive');
      for (let i = 0; i < 3000; i++) {
        const folder = path.join(dir, 'gnews', String(Math.floor(i / 100)).padStart(2, '0'));
        if (i % 100 === 0) mkdirSync(folder, { recursive: true });
        writeFileSync(path.join(folder, `${i}.md`), post(i));
      }
      mkdirSync(path.join(dir, 'corpus'));
      for (const f of corpusFiles()) copyFileSync(path.join(CORPUS_DIR, f.name), path.join(dir, 'corpus', f.name));

      const r = await runCli(['import', dir, '--project', 'archive', '--json']);
      expect(r.stderr).toMatch(/importing 3018 files as job #\d+/);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as {
        documents: { id: number; path: string; action: string; segments: number }[];
        refused: unknown[];
      };
      expect(out.refused).toEqual([]);
      expect(out.documents).toHaveLength(3018);
      expect(new Set(out.documents.map((d) => d.action))).toEqual(new Set(['created']));
      // The report's segment counts are what the database holds.
      expect(await state.db.segment.count()).toBe(out.documents.reduce((n, d) => n + d.segments, 0));
      // The job named the files on disk: nothing of the archive was copied into the job's table.
      expect(await state.db.jobFile.count()).toBe(0);

      const byPath = new Map(out.documents.map((d) => [d.path, d.id]));
      const expected = [
        ...corpusFiles().map((f) => ({ path: `corpus/${f.name}`, bytes: f.bytes })),
        ...Array.from({ length: 3000 }, (_, i) => ({
          path: `gnews/${String(Math.floor(i / 100)).padStart(2, '0')}/${i}.md`,
          bytes: Buffer.from(post(i)),
        })),
      ];
      for (const e of expected) {
        const { text } = await exportDocument(state.db, { documentId: byPath.get(e.path)!, layout: 'source', langs: [] });
        expect(Buffer.from(text, 'utf8').equals(e.bytes), e.path).toBe(true);
      }

      // Imported again: every document is unchanged, and the report says so.
      const again = await runCli(['import', dir, '--project', 'archive', '--json']);
      expect(again.code, again.stderr).toBe(0);
      const second = JSON.parse(again.stdout) as { documents: { action: string }[] };
      expect(second.documents).toHaveLength(3018);
      expect(new Set(second.documents.map((d) => d.action))).toEqual(new Set(['unchanged']));
    },
  );

  it(
    'reports a document the database refuses on one line, keeps nothing of it, and saves the rest of its batch',
    { timeout: 120_000 },
    async () => {
      const dir = path.join(state.dir, 'failing');
      mkdirSync(dir);
      for (let i = 1; i <= 30; i++) writeFileSync(path.join(dir, `f${String(i).padStart(2, '0')}.md`), post(i));
      // f15 exists in its first version; its second version fails in the middle of its segments.
      const first = await runCli(['import', dir, '--project', 'failing', '--json']);
      expect(first.code, first.stderr).toBe(0);
      const before = await state.db.document.findFirstOrThrow({
        where: { path: 'f15.md', project: { name: 'failing' } },
        include: { segments: true },
      });
      writeFileSync(path.join(dir, 'f15.md'), '# 第15篇\n\n改过的段落。\n\n模拟故障的段落。\n');
      writeFileSync(path.join(dir, 'new.md'), '# 新文章\n\n正文。\n\n模拟故障。\n');
      writeFileSync(path.join(dir, 'other.md'), '# 另一篇\n\n正文。\n');
      await installFailure();
      try {
        const r = await runCli(['import', dir, '--project', 'failing', '--json']);
        expect(r.code).toBe(1);
        const refusals = r.stderr.split('\n').filter((l) => l.startsWith('bitext: refused'));
        expect(refusals).toEqual([
          expect.stringMatching(new RegExp(`^bitext: refused ${path.join(dir, 'f15.md')}: not saved: .*simulated failure`)),
          expect.stringMatching(new RegExp(`^bitext: refused ${path.join(dir, 'new.md')}: not saved: .*simulated failure`)),
        ]);
        expect(r.stderr).not.toMatch(/invocation|prisma/i);
        const out = JSON.parse(r.stdout) as { documents: { path: string; action: string }[]; refused: { path: string; code: string }[] };
        expect(out.refused.map((x) => [x.path, x.code])).toEqual([
          ['f15.md', 'import_failed'],
          ['new.md', 'import_failed'],
        ]);
        expect(out.documents.find((d) => d.path === 'other.md')?.action).toBe('created');
        expect(out.documents.filter((d) => d.action === 'unchanged')).toHaveLength(29);
      } finally {
        await removeFailure();
      }
      // Nothing half-written: the new document does not exist, f15 is its first version, segment for segment.
      expect(await state.db.document.count({ where: { path: 'new.md' } })).toBe(0);
      const after = await state.db.document.findFirstOrThrow({
        where: { path: 'f15.md', project: { name: 'failing' } },
        include: { segments: true },
      });
      expect(after.sourceHash).toBe(before.sourceHash);
      expect(after.segments.map((s) => [s.id, s.raw])).toEqual(before.segments.map((s) => [s.id, s.raw]));
      expect(await state.db.segment.count({ where: { document: { project: { name: 'failing' } } } })).toBe(30 * 3 + 2);
    },
  );

  it(
    'stores an upload of 2,500 files with its job in bounded statements, unseen by workers until the last is stored, and the job imports them all',
    { timeout: 180_000 },
    async () => {
      const files = Array.from({ length: 2500 }, (_, i) => ({ name: `up/${i}.md`, bytes: Buffer.from(post(i)) }));
      const params: ImportJobParams = { project: 'upload', sourceLang: 'zh', targetLangs: ['en'], files: files.length };
      let seenWhileStoring: number | null | undefined;
      async function* upload() {
        for (const [i, f] of files.entries()) {
          // Halfway through, no worker can take the job yet (its remaining files are not stored).
          if (i === 1250) seenWhileStoring = await nextQueuedJobId(state.db, [IMPORT_JOB]);
          yield f;
        }
      }
      const job = await createJob(state.db, IMPORT_JOB, params, upload());
      expect(seenWhileStoring).toBeNull();
      expect(job.status).toBe('queued');
      const stored = await jobFilesFrom(state.db, job.id, 0, { files: 5000, bytes: 1e9 });
      expect(stored.map((f) => f.name)).toEqual(files.map((f) => f.name));
      const runner = new JobRunner(state.db, { [IMPORT_JOB]: importJobHandler(1 << 20) });
      await runner.start();
      // The runner's own poll may have claimed the job first (runJob then returns false at once): wait for the end.
      await runner.runJob(job.id);
      await expect
        .poll(() => state.db.job.findUniqueOrThrow({ where: { id: job.id } }).then((j) => j.status), { timeout: 120_000, interval: 100 })
        .toBe('done');
      await runner.stop();
      expect(await state.db.document.count({ where: { project: { name: 'upload' } } })).toBe(2500);
      expect(await state.db.jobFile.count({ where: { jobId: job.id } })).toBe(0);
    },
  );

  it('saves a batch whose names repeat as the files come (the later file updates the earlier document)', async () => {
    const report = await importFiles(
      state.db,
      [
        { name: 'twice.md', bytes: Buffer.from('第一版。\n') },
        { name: 'once.md', bytes: Buffer.from('一次。\n') },
        { name: 'twice.md', bytes: Buffer.from('第二版。\n') },
      ],
      { project: 'repeat', sourceLang: 'zh', targetLangs: ['en'], maxBytes: 1 << 20 },
    );
    expect(report.documents.map((d) => [d.path, d.action])).toEqual([
      ['twice.md', 'created'],
      ['once.md', 'created'],
      ['twice.md', 'updated'],
    ]);
    const doc = await state.db.document.findFirstOrThrow({
      where: { path: 'twice.md', project: { name: 'repeat' } },
      include: { segments: true },
    });
    expect(doc.segments.map((s) => s.source)).toEqual(['第二版。']);
  });
});
