// `bitext replace` and `bitext analyze`, run in-process through the real command definitions
// (spawning costs a second per call; bin/bitext.js itself is covered by cli.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { saveTranslation } from '../../src/db/translations.js';
import { runCli } from '../helpers/cli.js';
import { freshDb } from '../helpers/db.js';

let db: Db;
let docId: number;

/** Runs `bitext` in this process (see test/helpers/cli.ts). */
async function cli(...args: string[]): Promise<{ out: string; err: string; failed: boolean }> {
  const r = await runCli(args);
  return { out: r.stdout, err: r.stderr, failed: r.code !== 0 };
}

let savedUrl: string | undefined;

beforeAll(async () => {
  const fresh = await freshDb();
  db = fresh.db;
  savedUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = fresh.url; // read by the commands' loadConfig()
  const report = await importFiles(db, [{ name: 'a.md', bytes: Buffer.from('普京说。\n\n王毅说。\n') }], {
    project: 'p',
    sourceLang: 'zh',
    targetLangs: ['en'],
    maxBytes: 1e6,
  });
  docId = report.documents[0]!.id;
  const segs = await db.segment.findMany({ where: { documentId: docId }, orderBy: { index: 'asc' } });
  const save = (i: number, text: string, status: 'draft' | 'translated' | 'reviewed', origin: 'mt' | 'human', version: number) =>
    saveTranslation(db, { segmentId: segs[i]!.id, lang: 'en', text, status, origin, version, user: 'x' });
  await save(0, 'Putin said.', 'draft', 'mt', 0);
  await save(0, 'Putin said.', 'translated', 'mt', 1);
  await save(1, 'Wang Yi said.', 'reviewed', 'human', 0);
});
afterAll(async () => {
  // Test files share a process (isolate: false): the next file must not inherit this database.
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
  await db.$disconnect();
});

describe('bitext replace', () => {
  it('--dry-run shows the change and writes nothing', async () => {
    const r = await cli('replace', String(docId), '--lang', 'en', '--find', 'said', '--replace', 'stated', '--dry-run');
    expect(r.failed).toBe(false);
    expect(r.out).toContain('+ Putin stated.');
    expect(r.out).toContain('1 translations would change (1 matches); 1 reviewed skipped');
    expect((await db.translation.findMany({ where: { text: { contains: 'stated' } } })).length).toBe(0);
  });

  it('applies the change as the cli user, skipping the reviewed translation', async () => {
    const r = await cli('replace', String(docId), '--lang', 'en', '--find', 'said', '--replace', 'stated', '--json');
    expect(JSON.parse(r.out)).toMatchObject({ changed: 1, skippedReviewed: 1, conflicts: [] });
    const changed = await db.translation.findFirstOrThrow({ where: { text: 'Putin stated.' } });
    expect(changed.updatedBy).toBe('cli');
    expect(await db.auditEvent.count({ where: { action: 'translation.replace', userName: 'cli' } })).toBe(1);
  });

  it('fails with a message naming the field for a bad pattern', async () => {
    const r = await cli('replace', String(docId), '--lang', 'en', '--find', '(', '--replace', 'x', '--regex');
    expect(r.failed).toBe(true);
    expect(r.err).toMatch(/find: "\(" is not a valid regular expression/);
  });

  it.each([
    ['(a+)\\1', /find: "\(a\+\)\\1" uses a backreference/],
    ['a(?=b)', /find: "a\(\?=b\)" uses a lookahead/],
    ['a{1000}{1000}', /find: "a\{1000\}\{1000\}" is too large/],
  ])('refuses %s, as the web does, naming the pattern (RE2 runs user patterns in linear time)', async (find, message) => {
    const r = await cli('replace', String(docId), '--lang', 'en', '--find', find, '--replace', 'x', '--regex');
    expect(r.failed).toBe(true);
    expect(r.err).toMatch(message);
  });

  it('runs the freezing pattern of issue 13 at once and finds nothing to change', async () => {
    const segs = await db.segment.findMany({ where: { documentId: docId }, orderBy: { index: 'asc' } });
    const before = await db.translation.findFirstOrThrow({ where: { segmentId: segs[0]!.id, lang: 'en' } });
    await saveTranslation(db, {
      segmentId: segs[0]!.id,
      lang: 'en',
      text: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!',
      status: 'translated',
      origin: 'human',
      version: before.version,
      user: 'x',
    });
    const r = await cli('replace', String(docId), '--lang', 'en', '--find', '(a+)+$', '--replace', 'x', '--regex', '--dry-run');
    expect(r.failed).toBe(false);
    expect(r.out).toContain('0 translations would change (0 matches)');
  });
});

describe('bitext analyze', () => {
  it('prints the report, and JSON with --json', async () => {
    const text = await cli('analyze', String(docId), '--lang', 'en');
    expect(text.out).toContain('p / a.md → en');
    expect(text.out).toMatch(/Post-edit distance: \d+(\.\d)? % on average/);
    const json = JSON.parse((await cli('analyze', String(docId), '--lang', 'en', '--json')).out);
    expect(json.total).toEqual({ segments: 2, characters: 8 });
    expect(json.postEdit.segments).toHaveLength(1); // the MT draft, then edited by replace
  });

  it('refuses a language the project does not translate into', async () => {
    const r = await cli('analyze', String(docId), '--lang', 'ru');
    expect(r.failed).toBe(true);
    expect(r.err).toContain('not a target language');
  });
});
