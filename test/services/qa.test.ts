import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { saveFromEditor } from '../../src/services/editorService.js';
import { runDocumentQa, type GlossaryLoader } from '../../src/services/qaService.js';
import { createUser } from '../../src/services/auth/authService.js';
import type { AuthUser } from '../../src/db/users.js';
import { freshDb } from '../helpers/db.js';
import { addGlossaryEntry, removeGlossaryTerm, updateGlossaryEntry } from '../../src/db/glossary.js';
import { storeDrafts } from '../../src/db/mt.js';
import { recordBatchSent } from '../../src/db/mtLedger.js';
import { draftDocumentTargets } from '../../src/services/chineseTargetsService.js';

let db: Db;
let docId: number;
let projectId: number;
let segs: number[];
let rita: AuthUser;
const asked: [number, string][] = [];

/** A glossary loader standing in for the glossary store: 川普 is Trump / Трамп, never Chuan Pu / Трумп. */
const glossary: GlossaryLoader = async (_db, project, lang) => {
  asked.push([project, lang]);
  return [
    { source: '川普', lang: 'en', target: ['Trump'], forbidden: ['Chuan Pu'] },
    { source: '川普', lang: 'ru', target: ['Трамп'], forbidden: ['Трумп'] },
  ];
};

beforeAll(async () => {
  ({ db } = await freshDb());
  const report = await importFiles(db, [{ name: 'a.md', bytes: Buffer.from('川普说。\n\n川普在日内瓦。\n') }], {
    project: 'news',
    sourceLang: 'zh',
    targetLangs: ['en', 'ru'],
    maxBytes: 1e7,
  });
  docId = report.documents[0]!.id;
  projectId = report.documents[0]!.projectId;
  segs = (await db.segment.findMany({ where: { documentId: docId }, orderBy: { index: 'asc' } })).map((s) => s.id);
  rita = await createUser(db, 'rita', 'reviewer', 'rita-password-long');
});
afterAll(async () => db.$disconnect());

describe('QA service with an injected glossary loader', () => {
  it('checks a save against the project glossary of the saved language', async () => {
    const saved = await saveFromEditor(db, {
      segmentId: segs[0]!,
      lang: 'ru',
      text: 'Трумп сказал.',
      version: 0,
      user: rita,
      qa: { glossary },
    });
    expect(saved.qa.issues.map((i) => [i.check, i.severity, i.message])).toEqual([
      ['glossary', 'warning', 'Glossary: "川普" should be translated as "Трамп".'],
      ['glossary', 'error', 'Glossary: "Трумп" must not be used for "川普".'],
    ]);
    expect(asked).toContainEqual([projectId, 'ru']);
  });

  it('refuses reviewed on a forbidden glossary variant', async () => {
    await expect(
      saveFromEditor(db, {
        segmentId: segs[0]!,
        lang: 'ru',
        text: 'Трумп сказал.',
        status: 'reviewed',
        version: 1,
        user: rita,
        qa: { glossary },
      }),
    ).rejects.toMatchObject({ code: 'qa_errors', status: 422, details: { checks: ['glossary'] } });
  });

  it('uses the stored glossary (project and shared) when no loader is given', async () => {
    // Nothing stored yet: the forbidden spelling passes.
    const saved = await saveFromEditor(db, {
      segmentId: segs[0]!,
      lang: 'ru',
      text: 'Трумп сказал.',
      status: 'reviewed',
      version: 1,
      user: rita,
    });
    expect(saved.status).toBe('reviewed');
    // A shared entry forbids it: the next review of the same text is refused by the glossary check.
    await addGlossaryEntry(db, { shared: true }, { source: '川普', targets: [{ lang: 'ru', terms: ['Трамп'], forbidden: ['Трумп'] }] });
    await expect(
      saveFromEditor(db, {
        segmentId: segs[0]!,
        lang: 'ru',
        text: 'Трумп сказал.',
        status: 'reviewed',
        version: saved.version,
        user: rita,
      }),
    ).rejects.toMatchObject({ code: 'qa_errors', details: { checks: ['glossary'] } });
    await db.termEntry.deleteMany({});
  });

  it('runs document QA with the loader, once per run', async () => {
    await saveFromEditor(db, { segmentId: segs[1]!, lang: 'en', text: 'Chuan Pu is in Geneva.', version: 0, user: rita });
    asked.length = 0;
    const report = await runDocumentQa(db, docId, 'en', { glossary });
    expect(asked).toEqual([[projectId, 'en']]);
    expect(report.segments.map((s) => [s.number, s.issues.map((i) => i.check)])).toEqual([[2, ['glossary', 'glossary']]]);
  });
});

describe('provenance of bulk drafts', () => {
  it('records the MT provider as the engine of MT drafts, and nothing for TM drafts', async () => {
    await storeDrafts(db, [{ segmentId: segs[1]!, lang: 'ru', text: 'Трамп в Женеве.', origin: 'mt', flags: [] }], {
      overwriteDrafts: false,
      user: 'rita',
      billing: {
        batchId: await recordBatchSent(db, { runId: null, projectId, lang: 'ru', provider: 'deepl', texts: 1, sentCharacters: 6 }),
        runId: null,
        projectId,
        lang: 'ru',
        provider: 'deepl',
        texts: 1,
        billedCharacters: 6,
        requests: 1,
        retries: 0,
        durationMs: 1,
      },
    });
    const t = await db.translation.findUniqueOrThrow({
      where: { segmentId_lang: { segmentId: segs[1]!, lang: 'ru' } },
      include: { revisions: true },
    });
    expect([t.origin, t.engine, t.revisions.map((r) => r.engine)]).toEqual(['mt', 'deepl', ['deepl']]);
  });

  it('records the OpenCC configuration as the engine of Traditional Chinese drafts', async () => {
    await draftDocumentTargets(db, docId, ['zh-TW']);
    const drafts = await db.translation.findMany({ where: { lang: 'zh-TW' }, include: { revisions: true } });
    expect(drafts.map((d) => [d.origin, d.engine, d.revisions[0]!.engine])).toEqual([
      ['opencc', 's2twp', 's2twp'],
      ['opencc', 's2twp', 's2twp'],
    ]);
  });
});

describe('the glossary a save checks against', () => {
  it('is read again after every change to the stored glossary, though saves keep it between changes', async () => {
    const scope = { projectId };
    const current = await db.translation.findUnique({ where: { segmentId_lang: { segmentId: segs[1]!, lang: 'ru' } } });
    let version = current?.version ?? 0;
    const save = async () => {
      const saved = await saveFromEditor(db, { segmentId: segs[1]!, lang: 'ru', text: 'Трумп в Женеве.', version, user: rita });
      version = saved.version;
      return saved.qa.issues.filter((i) => i.check === 'glossary').map((i) => i.severity);
    };
    await db.termEntry.deleteMany({});
    let id = 0;
    const steps: [string, () => Promise<unknown>, string[]][] = [
      ['no entry', async () => undefined, []],
      [
        'an entry forbids the spelling',
        async () =>
          (id = await addGlossaryEntry(db, scope, {
            source: '川普',
            targets: [
              { lang: 'ru', terms: ['Трамп'], forbidden: ['Трумп'] },
              { lang: 'en', terms: ['Trump'], forbidden: [] },
            ],
          })),
        ['warning', 'error'],
      ],
      ['nothing changed (the cached glossary)', async () => undefined, ['warning', 'error']],
      [
        'the entry is edited to allow it',
        () => updateGlossaryEntry(db, scope, id, { source: '川普', targets: [{ lang: 'ru', terms: ['Трумп'], forbidden: [] }] }, ['ru']),
        [],
      ],
      [
        'the entry is edited to forbid it again',
        () =>
          updateGlossaryEntry(db, scope, id, { source: '川普', targets: [{ lang: 'ru', terms: ['Трамп'], forbidden: ['Трумп'] }] }, ['ru']),
        ['warning', 'error'],
      ],
      ['only its Russian translations are removed (the entry stays)', () => removeGlossaryTerm(db, scope, '川普', 'ru'), []],
      [
        'a shared entry forbids it',
        () => addGlossaryEntry(db, { shared: true }, { source: '川普', targets: [{ lang: 'ru', terms: ['Трамп'], forbidden: ['Трумп'] }] }),
        ['warning', 'error'],
      ],
      ['every entry is deleted', () => db.termEntry.deleteMany({}), []],
    ];
    for (const [why, change, expected] of steps) {
      await change();
      expect(await save(), why).toEqual(expected);
    }
  });
});
