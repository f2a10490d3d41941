import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../../src/db/client.js';
import { toTagged } from '../../src/domain/mtTags.js';
import { runCli, startCli, type CliResult } from '../helpers/cli.js';
import { freshDatabaseUrl, tempDir } from '../helpers/db.js';
import { chars } from '../helpers/mt.js';
import { startDeepLStub, type DeepLStub } from '../mt/deeplStub.js';

/** Runs `bitext` in this process (see test/helpers/cli.ts); the stub answers from this process too. */
const bitext = (env: Record<string, string>, args: string[]): Promise<CliResult> => runCli(args, { env });

/** Runs the real bin/bitext.js, for the one test that kills it (kill -9 needs a process of its own). */
function bitextProcess(
  env: Record<string, string>,
  args: string[],
  onSpawn: (kill: () => void) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = startCli(args, { env });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onSpawn(() => child.kill('SIGKILL'));
  });
}

let stub: DeepLStub;
let dir: string;
let db: Db;
let env: Record<string, string>;
const noMt = () => ({ DATABASE_URL: env.DATABASE_URL! });

beforeAll(async () => {
  stub = await startDeepLStub();
  dir = tempDir();
  env = { DATABASE_URL: await freshDatabaseUrl(), DEEPL_AUTH_KEY: stub.authKey, DEEPL_SERVER_URL: stub.url };
  writeFileSync(path.join(dir, 'small.md'), '# 标题\n\n第一段。\n\n```\ncode\n```\n\n第一段。\n');
  const paragraphs = Array.from({ length: 600 }, (_, i) => `第${i}段：**新闻**内容。`).join('\n\n');
  writeFileSync(path.join(dir, 'big.md'), paragraphs + '\n');
  const r = await bitext(noMt(), ['import', path.join(dir, 'small.md'), '--project', 'small']);
  expect(r.code).toBe(0);
  expect((await bitext(noMt(), ['import', path.join(dir, 'big.md'), '--project', 'big'])).code).toBe(0);
  db = await openDatabase(env.DATABASE_URL!);
});
afterAll(async () => {
  await db.$disconnect();
  await stub.close();
});

describe('bitext pretranslate', () => {
  it('--dry-run --json prints what would be sent and the cost, without a key and without sending', async () => {
    const r = await bitext({ ...noMt(), MT_PRICE_PER_MILLION: '25' }, [
      'pretranslate',
      '--project',
      'small',
      '--lang',
      'en,ru',
      '--dry-run',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e).toEqual({
      provider: 'deepl',
      langs: [
        {
          lang: 'en',
          project: 'small',
          texts: 2,
          segments: 3,
          characters: 6,
          requests: 1,
          skipped: {
            alreadyTranslated: 0,
            nonTranslatable: 1,
            duplicate: 1,
            tmReuse: 0,
            changedMeanwhile: 0,
            notSent: 0,
            nothingToTranslate: 0,
          },
        },
        {
          lang: 'ru',
          project: 'small',
          texts: 2,
          segments: 3,
          characters: 6,
          requests: 1,
          skipped: {
            alreadyTranslated: 0,
            nonTranslatable: 1,
            duplicate: 1,
            tmReuse: 0,
            changedMeanwhile: 0,
            notSent: 0,
            nothingToTranslate: 0,
          },
        },
      ],
      texts: 4,
      characters: 12,
      requests: 2,
      pricePerMillion: 25,
      estimatedCost: 0,
    });
    expect(stub.requests).toEqual([]);
  });

  it('fails with the variables to set when MT is not configured', async () => {
    const r = await bitext(noMt(), ['pretranslate', '--project', 'small', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bitext: machine translation \(deepl\) is not configured: set DEEPL_AUTH_KEY/);
  });

  it('needs exactly one of --document, --project, --all', async () => {
    const r = await bitext(env, ['pretranslate', '--project', 'small', '--all', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exactly one of --document ID, --project NAME and --all');
  });

  it('--json prints the summary; plain progress lines go to stderr when it is not a terminal', async () => {
    const r = await bitext(env, ['pretranslate', '--project', 'small', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('drafted 3 segments');
    expect(r.stderr).toContain('pretranslate: 3/3 segments (100%)');
    const again = await bitext(env, ['pretranslate', '--project', 'small', '--lang', 'en,ru', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      provider: 'deepl',
      langs: ['en', 'ru'],
      drafted: 3,
      tmReused: 0,
      skipped: { alreadyTranslated: 3, nonTranslatable: 2, duplicate: 1 },
      texts: 2,
      requests: 1,
      billedCharacters: 6,
      errors: [],
      complete: true,
    });
  });

  it('glossary add / list manage the terms pretranslate syncs', async () => {
    expect((await bitext(noMt(), ['glossary', 'add', '标题', 'Headline', '--project', 'small', '--lang', 'en'])).code).toBe(0);
    const r = await bitext(noMt(), ['glossary', 'list', '--project', 'small', '--json']);
    expect(JSON.parse(r.stdout)).toEqual({
      entries: [expect.objectContaining({ source: '标题', targets: [{ lang: 'en', terms: ['Headline'], forbidden: [] }] })],
    });
    const bad = await bitext(noMt(), ['glossary', 'add', '标题', 'x', '--project', 'nope', '--lang', 'en']);
    expect(bad.stderr).toBe('bitext: project nope not found\n');
  });

  it('usage --json shows the account and the recorded billed characters', async () => {
    const r = await bitext(env, ['usage', '--json']);
    expect(r.code).toBe(0);
    const u = JSON.parse(r.stdout);
    expect(u.provider).toMatchObject({ name: 'deepl', characterLimit: 500_000 });
    expect(u.recorded).toEqual([
      expect.objectContaining({ project: 'small', lang: 'en', billedCharacters: 6 }),
      expect.objectContaining({ project: 'small', lang: 'ru', billedCharacters: 6 }),
    ]);
  });

  // The real process (tsx start and migrations: seconds, more on a loaded machine): a longer timeout.
  it(
    'survives kill -9 mid-batch: recovery counts the batches in flight as possibly billed, marks the run interrupted, shows the provider difference; a re-run completes',
    { timeout: 120_000 },
    async () => {
      const big = await db.project.findUniqueOrThrow({ where: { name: 'big' }, include: { documents: { include: { segments: true } } } });
      const sources = new Set(big.documents.flatMap((d) => d.segments.filter((s) => s.translatable).map((s) => s.source)));
      const floor = 2 * [...sources].reduce((n, s) => n + chars(toTagged(s).xml), 0); // en and ru
      const stubBilledBefore = stub.usage.character_count;
      // Two batches are answered; the next two (one per concurrent slot) are billed by the stub and never answered.
      stub.holdTranslations({ after: 2 });
      const killed = await bitextProcess(env, ['pretranslate', '--project', 'big', '--lang', 'en,ru', '--concurrency', '2'], (kill) => {
        void stub.waitHeld(2).then(kill);
      });
      expect(killed.signal).toBe('SIGKILL');
      const run = await db.mtRun.findFirstOrThrow({ where: { params: { contains: '"projectName":"big"' } }, orderBy: { id: 'desc' } });
      expect(run.status).toBe('running'); // as the dead process left it
      const states = async () => (await db.mtBatch.findMany({ where: { runId: run.id }, orderBy: { id: 'asc' } })).map((b) => b.state);
      expect(await states()).toEqual(['done', 'done', 'sent', 'sent']);
      const heldCharacters = stub.heldCharacters;
      expect(heldCharacters).toBeGreaterThan(0);

      // Recovery: `bitext usage` finds the dead run (its pid is gone) before reporting.
      const usage = await bitext(env, ['usage', '--json']);
      expect(usage.code).toBe(0);
      const u = JSON.parse(usage.stdout);
      expect(u.recoveredRuns).toEqual([run.id]);
      expect(await db.mtRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
        status: 'interrupted',
        finishedAt: expect.any(Date),
      });
      expect(await states()).toEqual(['done', 'done', 'unknown', 'unknown']);
      expect(u.totals.possiblyBilledCharacters).toBe(heldCharacters);
      // Our count (billed + possibly billed) covers everything the provider billed; the difference is exactly the unknown batches.
      expect(u.totals.billedCharacters + u.totals.possiblyBilledCharacters).toBeGreaterThanOrEqual(stub.usage.character_count);
      expect(u.comparison).toEqual({
        providerCount: stub.usage.character_count,
        billed: u.totals.billedCharacters,
        possiblyBilled: heldCharacters,
        difference: heldCharacters,
        unexplained: 0,
      });
      const text = await bitext(env, ['usage']);
      expect(text.stdout).toContain(`big en deepl:`);
      expect(text.stdout).toContain(`${heldCharacters} possibly billed (sent, outcome unknown)`);
      expect(text.stdout).toContain(
        `difference: ${stub.usage.character_count} counted by deepl − ${u.totals.billedCharacters} recorded as billed = ${heldCharacters} (${heldCharacters} possibly billed; 0 not explained by them)`,
      );
      // Recovered once only.
      expect(JSON.parse((await bitext(env, ['usage', '--json'])).stdout).recoveredRuns).toEqual([]);

      stub.release();
      const draftedBefore = await db.translation.count({ where: { segment: { document: { projectId: big.id } } } });
      const rerun = await bitext(env, ['pretranslate', '--project', 'big', '--lang', 'en,ru', '--json']);
      expect(rerun.code).toBe(0);
      expect(JSON.parse(rerun.stdout)).toMatchObject({ complete: true, skipped: { alreadyTranslated: draftedBefore } });
      expect(await db.translation.count({ where: { segment: { document: { projectId: big.id } } } })).toBe(1200);
      const billed = (await db.mtBatch.aggregate({ where: { projectId: big.id, state: 'done' }, _sum: { billedCharacters: true } }))._sum
        .billedCharacters;
      expect(billed).toBe(floor);
      // The provider billed the floor plus the lost batches, which the re-run sent again: nothing else was paid twice.
      expect(stub.usage.character_count - stubBilledBefore).toBe(floor + heldCharacters);
    },
  );

  it('exits non-zero on quota, printing how far it got', async () => {
    writeFileSync(path.join(dir, 'quota.md'), Array.from({ length: 80 }, (_, i) => `配额${i}。`).join('\n\n') + '\n');
    expect((await bitext(noMt(), ['import', path.join(dir, 'quota.md'), '--project', 'quota'])).code).toBe(0);
    stub.usage.character_limit = stub.usage.character_count + 300;
    const r = await bitext(env, ['pretranslate', '--project', 'quota', '--lang', 'en', '--concurrency', '1', '--json']);
    stub.usage.character_limit = 500_000_000;
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ complete: false, stoppedBy: { code: 'quota_exceeded' }, drafted: 50 });
    expect(r.stderr).toMatch(/bitext: DeepL: Quota.*\(50 of 80 segment translations done; run again to continue/);
  });
});
