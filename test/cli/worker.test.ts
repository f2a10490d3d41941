/** `bitext worker` (the real process, once: it runs a queued job and stops on SIGTERM), `bitext import` of many files as a job, `bitext jobs` (in-process). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createJob } from '../../src/db/jobs.js';
import { CONVERT_TARGETS_JOB } from '../../src/services/chineseTargetsService.js';
import { runCli, startCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { importText } from '../helpers/mt.js';

describe('bitext worker', () => {
  it('runs the queued jobs of the database and stops cleanly on SIGTERM', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const url = `file:${path.join(dir, 'worker.db')}`;
    const db = await openDatabase(url);
    await importText(db, 'p', 'a.md', '软件。\n\n发展。\n');
    const project = await db.project.findUniqueOrThrow({ where: { name: 'p' } });
    const job = await createJob(db, CONVERT_TARGETS_JOB, { projectId: project.id, langs: ['zh-Hant'] });

    const child = startCli(['worker', '--concurrency', '2'], { env: { DATABASE_URL: url }, cwd: dir });
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Wait for the job's state (not a time): the worker finds it in the table.
    for (;;) {
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      if (row.status === 'done') break;
      if (child.exitCode !== null) throw new Error(`worker exited: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      done: 1,
      total: 1,
      workerId: expect.stringContaining(':'),
    });
    expect(await db.translation.count({ where: { lang: 'zh-Hant', origin: 'opencc' } })).toBe(2);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(log).toMatch(/running jobs \(in-process queue, concurrency 2/);
    expect(log).toContain('bitext worker: stopped');
    await db.$disconnect();
  });
});

describe('bitext import of many files', () => {
  it('imports as a job with progress per file and prints the same report', async () => {
    const dir = tempDir();
    const src = path.join(dir, 'articles');
    mkdirSync(src);
    for (let i = 1; i <= 3; i++) writeFileSync(path.join(src, `a${i}.md`), `第${i}篇。\n`);
    writeFileSync(path.join(src, 'empty.md'), '');
    const r = await runCli(['import', src, '--project', 'bulk', '--json'], {
      env: { DATABASE_URL: `file:${path.join(dir, 'cli.db')}`, IMPORT_JOB_FILES: '2' },
    });
    expect(r.stderr).toMatch(/importing 4 files as job #1/);
    expect(r.stderr).toContain(`refused ${path.join(src, 'empty.md')}`);
    expect(r.code).toBe(1); // a refused file
    const out = JSON.parse(r.stdout) as { documents: { path: string; action: string }[] };
    expect(out.documents.map((d) => d.path)).toEqual(['a1.md', 'a2.md', 'a3.md']);
  });
});

describe('bitext jobs', () => {
  it('lists jobs newest first and cancels a queued one, audited as the web Cancel button is', async () => {
    const dir = tempDir();
    const url = `file:${path.join(dir, 'jobs.db')}`;
    const db = await openDatabase(url);
    const first = await createJob(db, 'import', { files: 2 });
    const second = await createJob(db, CONVERT_TARGETS_JOB, { projectId: 1, langs: ['zh-Hant'] });
    const cli = async (...args: string[]) => {
      const r = await runCli(args, { env: { DATABASE_URL: url } });
      expect(r).toMatchObject({ code: 0, stderr: '' });
      return r.stdout;
    };
    try {
      expect(await cli('jobs', 'cancel', String(first.id))).toMatch(new RegExp(`^#${first.id} import +cancelled`));
      const { jobs } = JSON.parse(await cli('jobs', '--json')) as { jobs: { id: number; status: string }[] };
      expect(jobs.map((j) => [j.id, j.status])).toEqual([
        [second.id, 'queued'],
        [first.id, 'cancelled'],
      ]);
      const audits = await db.auditEvent.findMany({ where: { action: 'job.cancel' } });
      expect(audits.map((a) => [a.userName, a.target])).toEqual([['cli', `job:${first.id}`]]);
    } finally {
      await db.$disconnect();
    }
  });
});
