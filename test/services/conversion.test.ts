import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Db } from '../../src/db/client.js';
import { importFiles, type ImportOptions } from '../../src/services/importService.js';
import { exportDocument } from '../../src/services/exportService.js';
import {
  addTerm,
  convertWithProject,
  importTermsFile,
  removeTerm,
  setProjectTargetConfigs,
  projectConversionSettings,
} from '../../src/services/conversionService.js';
import { draftDocumentTargets, draftProjectTargets, draftSegmentTarget } from '../../src/services/chineseTargetsService.js';
import { draftDocument, listTerms } from '../../src/db/conversion.js';
import { saveTranslation } from '../../src/db/translations.js';
import { convertMarkdownDocument, scriptStats } from '../../src/domain/convert.js';
import { CORPUS_DIR, freshDb, tableCounts } from '../helpers/db.js';

const options: ImportOptions = { project: 'cc', sourceLang: 'zh', targetLangs: ['en'], maxBytes: 1024 * 1024 };
const seedBytes = readFileSync(path.join(CORPUS_DIR, 'seed-article.md'));
let db: Db;
let projectId: number;

beforeAll(async () => {
  db = (await freshDb()).db;
  const report = await importFiles(db, [{ name: 'seed.md', bytes: seedBytes }], options);
  projectId = report.documents[0]!.projectId;
});
afterAll(async () => db.$disconnect());

const file = (name: string, text: string) => ({ name, bytes: Buffer.from(text, 'utf8') });

describe('protected terms and overrides', () => {
  it('stores terms from a CSV file and applies them with priority over OpenCC', async () => {
    const r = await importTermsFile(db, { name: 'cc' }, file('o.csv', 'from,to\n软件,軟件\n'), 'override', 1e6);
    expect(r).toEqual({ project: 'cc', added: 1, updated: 0, unchanged: 0 });
    await importTermsFile(db, { id: projectId }, file('p.tsv', '乔·拜登\n'), 'protect', 1e6);
    const out = await convertWithProject(db, { text: '乔·拜登谈软件', config: 's2twp', projectId });
    expect(out.text).toBe('乔·拜登談軟件');
    expect(out.changed.length).toBeGreaterThan(0);
  });

  it('importing again reports unchanged and updated terms; a term can switch kind', async () => {
    const again = await importTermsFile(db, { id: projectId }, file('o.csv', '软件,軟件\n乔·拜登,喬·拜登\n'), 'override', 1e6);
    expect(again).toMatchObject({ added: 0, updated: 1, unchanged: 1 });
    expect((await listTerms(db, projectId)).map((t) => [t.kind, t.term, t.replacement])).toEqual([
      ['override', '乔·拜登', '喬·拜登'],
      ['override', '软件', '軟件'],
    ]);
  });

  it('stores nothing when any row of the file is bad, naming the lines', async () => {
    const before = await db.conversionTerm.count();
    await expect(importTermsFile(db, { id: projectId }, file('bad.csv', '甲,乙\n丙\n丁,戊,己\n'), 'override', 1e6)).rejects.toMatchObject({
      code: 'bad_terms_file',
      status: 400,
      message: expect.stringMatching(/line 2: .*; line 3: /),
    });
    expect(await db.conversionTerm.count()).toBe(before);
  });

  it.each([
    { why: 'an empty file', bytes: Buffer.alloc(0), code: 'bad_terms_file' },
    { why: 'a binary file', bytes: Buffer.from([0, 1, 2, 0]), code: 'file_binary' },
  ])('refuses $why', async ({ bytes, code }) => {
    await expect(importTermsFile(db, { id: projectId }, { name: 'x.csv', bytes }, 'protect', 1e6)).rejects.toMatchObject({ code });
  });

  it('refuses terms for a project that does not exist', async () => {
    await expect(importTermsFile(db, { name: 'nope' }, file('o.csv', 'a,b\n'), 'override', 1e6)).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
  });

  it('adds and removes single terms (as the page does)', async () => {
    expect(await addTerm(db, projectId, 'protect', '郭文贵')).toMatchObject({ added: 1 });
    await expect(addTerm(db, projectId, 'override', '鼠标', '')).rejects.toMatchObject({ code: 'bad_term' });
    const term = (await listTerms(db, projectId)).find((t) => t.term === '郭文贵')!;
    await removeTerm(db, projectId, term.id);
    await expect(removeTerm(db, projectId, term.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe('import normalisation', () => {
  const mixed = '# 返回首頁\r\n\r\n美国总统乔·拜登與普京會晤。\r\n\r\n```\n這是代碼\n```\r\n\r\n简体段落，[連結](http://例.com/頁)。'; // CRLF, no final newline

  it('keeps the source export byte-identical while the segment sources become Simplified', async () => {
    const bytes = Buffer.from('\uFEFF' + mixed, 'utf8');
    const [doc] = (await importFiles(db, [{ name: 'mixed.md', bytes }], { ...options, project: 'norm', normalize: 't2s' })).documents;
    expect(doc!.notes).toContain('normalised with t2s');
    const { text } = await exportDocument(db, { documentId: doc!.id, layout: 'source', langs: [] });
    expect(Buffer.from(text, 'utf8').equals(bytes)).toBe(true);
    const segs = await db.segment.findMany({ where: { documentId: doc!.id, translatable: true }, orderBy: { index: 'asc' } });
    expect(segs.map((s) => s.source)).toEqual(['返回首页', '美国总统乔·拜登与普京会晤。', '简体段落，[连结](http://例.com/頁)。']);
    for (const s of segs) expect(scriptStats(s.source.replace(/\(http[^)]*\)/, '')).traditionalOnly).toBe(0);
    expect(await db.document.findUniqueOrThrow({ where: { id: doc!.id } })).toMatchObject({ sourceNormalization: 't2s' });
    expect(segs.every((s) => s.raw.length > 0)).toBe(true);
  });

  it('re-importing the same bytes with another normalisation is an update, not "unchanged"', async () => {
    const bytes = Buffer.from('\uFEFF' + mixed, 'utf8');
    const [doc] = (await importFiles(db, [{ name: 'mixed.md', bytes }], { ...options, project: 'norm' })).documents;
    expect(doc!.action).toBe('updated');
    const segs = await db.segment.findMany({ where: { documentId: doc!.id, translatable: true }, orderBy: { index: 'asc' } });
    expect(segs[0]!.source).toBe('返回首頁');
  });
});

describe('Traditional Chinese targets drafted by conversion', () => {
  let docId: number;
  let segIds: number[];

  beforeAll(async () => {
    const [doc] = (
      await importFiles(db, [{ name: 'a.md', bytes: Buffer.from('# 软件\n\n鼠标和内存。\n\n```\n软件\n```\n\n第三段：信息。\n') }], {
        ...options,
        project: 'hant',
      })
    ).documents;
    docId = doc!.id;
    segIds = (await db.segment.findMany({ where: { documentId: docId, translatable: true }, orderBy: { index: 'asc' } })).map((s) => s.id);
  });

  it('drafts every translatable segment with origin opencc, status draft and a revision each', async () => {
    const report = await draftDocumentTargets(db, docId, ['zh-TW', 'zh-Hant']);
    expect(report.langs).toEqual([
      { lang: 'zh-TW', config: 's2twp', drafted: 3, updated: 0, unchanged: 0, kept: 0 },
      { lang: 'zh-Hant', config: 's2t', drafted: 3, updated: 0, unchanged: 0, kept: 0 },
    ]);
    expect(report.addedTargets).toEqual(['zh-TW', 'zh-Hant']);
    const tw = await db.translation.findMany({
      where: { lang: 'zh-TW', segmentId: { in: segIds } },
      orderBy: { segmentId: 'asc' },
      include: { revisions: true },
    });
    expect(tw.map((t) => [t.text, t.status, t.origin, t.version, t.revisions.length])).toEqual([
      ['軟體', 'draft', 'opencc', 1, 1],
      ['滑鼠和記憶體。', 'draft', 'opencc', 1, 1],
      ['第三段：資訊。', 'draft', 'opencc', 1, 1],
    ]);
    const { text } = await exportDocument(db, { documentId: docId, layout: 'target', langs: ['zh-TW'] });
    expect(text).toBe('# 軟體\n\n滑鼠和記憶體。\n\n```\n软件\n```\n\n第三段：資訊。\n');
  });

  it('never overwrites human, MT or reviewed work, and re-drafts only its own drafts', async () => {
    const [s0, s1, s2] = segIds;
    const cur = async (id: number) => db.translation.findUniqueOrThrow({ where: { segmentId_lang: { segmentId: id, lang: 'zh-TW' } } });
    await saveTranslation(db, {
      segmentId: s0!,
      lang: 'zh-TW',
      text: '軟件（人工）',
      status: 'translated',
      origin: 'human',
      version: (await cur(s0!)).version,
      user: 'ann',
    });
    await saveTranslation(db, {
      segmentId: s1!,
      lang: 'zh-TW',
      text: 'MT 草稿',
      status: 'draft',
      origin: 'mt',
      version: (await cur(s1!)).version,
      user: 'deepl',
    });
    await setProjectTargetConfigs(
      db,
      (await projectConversionSettings(db, (await db.document.findUniqueOrThrow({ where: { id: docId } })).projectId)).project.id,
      { 'zh-TW': 's2tw' },
    );
    const revisionsBefore = await db.revision.count();
    const report = await draftDocumentTargets(db, docId, ['zh-TW']);
    expect(report.langs[0]).toMatchObject({ config: 's2tw', kept: 2, updated: 1, drafted: 0 });
    expect((await cur(s0!)).text).toBe('軟件（人工）');
    expect((await cur(s1!)).text).toBe('MT 草稿');
    expect(await cur(s2!)).toMatchObject({ text: '第三段：信息。', version: 2, origin: 'opencc' });
    expect(await db.revision.count()).toBe(revisionsBefore + 1);
    expect((await draftDocumentTargets(db, docId, ['zh-TW'])).langs[0]).toMatchObject({ unchanged: 1, kept: 2, updated: 0 });
  });

  it('drafts one segment and refuses (409) where a translation must be kept', async () => {
    const t = await draftSegmentTarget(db, segIds[2]!, 'zh-HK');
    expect(t).toMatchObject({ text: '第三段：信息。', status: 'draft', origin: 'opencc', version: 1, updatedBy: 'opencc' });
    expect(t.updatedAt).toBeInstanceOf(Date);
    await expect(draftSegmentTarget(db, segIds[0]!, 'zh-TW')).rejects.toMatchObject({
      status: 409,
      code: 'translation_kept',
      details: { current: expect.objectContaining({ origin: 'human' }) },
    });
    await expect(draftSegmentTarget(db, segIds[0]!, 'en')).rejects.toMatchObject({ code: 'not_convertible' });
  });

  it('writes one document in one transaction: a failure midway stores nothing', async () => {
    const before = await tableCounts(db);
    let calls = 0;
    const failing = {
      lang: 'zh-Hant-HK',
      convert: (s: string) =>
        ++calls === 2
          ? (() => {
              throw new Error('boom');
            })()
          : s,
    };
    await expect(draftDocument(db, docId, [failing], 'x')).rejects.toThrow('boom');
    expect(await tableCounts(db)).toEqual(before);
    expect((await db.project.findFirstOrThrow({ where: { name: 'hant' } })).targetLangs).not.toContain('zh-Hant-HK');
  });

  it('drafts a whole project, one document at a time', async () => {
    const reports = await draftProjectTargets(db, 'hant', ['zh-Hant']);
    expect(reports.map((r) => r.langs[0]!.unchanged)).toEqual([3]);
  });

  it('refuses documents whose source is not Simplified Chinese', async () => {
    const [doc] = (
      await importFiles(db, [{ name: 'en.md', bytes: Buffer.from('Hello.\n') }], { ...options, project: 'english', sourceLang: 'en' })
    ).documents;
    await expect(draftDocumentTargets(db, doc!.id, ['zh-Hant'])).rejects.toMatchObject({ code: 'not_convertible' });
  });
});

describe('export through a conversion', () => {
  it('converts the rendered output markup-safely and names the file after the configuration', async () => {
    const doc = await db.document.findFirstOrThrow({ where: { path: 'seed.md' } });
    const plain = await exportDocument(db, { documentId: doc.id, layout: 'source', langs: [] });
    const converted = await exportDocument(db, { documentId: doc.id, layout: 'source', langs: [], convert: 's2hk' });
    expect(converted.fileName).toBe('seed.s2hk.md');
    const terms = await listTerms(db, doc.projectId);
    const expected = convertMarkdownDocument(plain.text, 's2hk', {
      protectedTerms: terms.filter((t) => t.kind === 'protect').map((t) => t.term),
      overrides: terms.filter((t) => t.kind === 'override').map((t) => ({ from: t.term, to: t.replacement })),
    });
    expect(converted.text).toBe(expected);
    expect(converted.text).not.toBe(plain.text);
    expect(converted.text).toContain('喬·拜登'); // the project's override applies
    const inter = await exportDocument(db, { documentId: doc.id, layout: 'interleaved', langs: ['en'], convert: 's2t' });
    expect(inter.fileName).toBe('seed.interleaved.en.s2t.md');
  });
});
