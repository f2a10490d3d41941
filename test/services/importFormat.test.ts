import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { IMPORT_JOB, importFiles, importJobHandler, type ImportJobParams, type ImportOptions } from '../../src/services/importService.js';
import { JobRunner } from '../../src/services/jobs.js';
import { ParseWorker } from '../../src/services/importWorker.js';
import { getJob } from '../../src/db/jobs.js';
import { exportDocument } from '../../src/services/exportService.js';
import { freshDb, ROOT } from '../helpers/db.js';

/** The design article as it came from the field: a `.txt` file whose content is Markdown. */
const SEED_NAME = '000_2f1ea46cb1892beb.txt';
const SEED = readFileSync(path.join(ROOT, 'test/fixtures', SEED_NAME));
const options: ImportOptions = { project: 'fmt', sourceLang: 'zh', targetLangs: ['en', 'ru'], maxBytes: 1024 * 1024 };
let db: Db;

beforeAll(async () => {
  db = (await freshDb()).db;
});
afterAll(async () => db.$disconnect());

const importOne = async (name: string, bytes: Uint8Array, extra: Partial<ImportOptions> = {}) => {
  const report = await importFiles(db, [{ name, bytes }], { ...options, ...extra });
  expect(report.refused).toEqual([]);
  return report.documents[0]!;
};
const sourceBytes = async (documentId: number) =>
  Buffer.from((await exportDocument(db, { documentId, layout: 'source', langs: [] })).text, 'utf8');
const segments = (documentId: number) => db.segment.findMany({ where: { documentId }, orderBy: { index: 'asc' } });

describe('a .txt file whose content is Markdown (the design article)', () => {
  it('is read as Markdown by default: 30 segments, 29 translatable, headings and links as Markdown, byte-exact round trip', async () => {
    const doc = await importOne(SEED_NAME, SEED, { project: 'auto' });
    expect(doc).toMatchObject({ segments: 30, translatable: 29, format: 'markdown', formatReason: 'detected', action: 'created' });
    const segs = await segments(doc.id);
    expect(segs.filter((s) => s.kind === 'heading').map((s) => s.source)).toEqual([
      '[:house:返回首頁](https://github.com/ourhimalayas/txt)',
      '俄美峰会可能涉及的议题',
    ]);
    expect(segs.find((s) => s.kind === 'hr')).toMatchObject({ raw: '---\n', translatable: false });
    // No Markdown marker is left in a text to translate: `###`, `##` and `---` belong to the frame or to opaque blocks.
    expect(segs.filter((s) => s.translatable && /^(#{1,6} |---$)/m.test(s.source))).toEqual([]);
    expect(segs.some((s) => s.source.includes('[轉載自GNews](https://gnews.org/zh-hans/1273823/)'))).toBe(true);
    expect((await sourceBytes(doc.id)).equals(SEED)).toBe(true);
    expect(await db.document.findUniqueOrThrow({ where: { id: doc.id } })).toMatchObject({ format: 'markdown', formatChoice: 'auto' });
  });

  it('keeps the old plain-text behaviour with format text: 28 segments with the markers inside the text', async () => {
    const doc = await importOne(SEED_NAME, SEED, { project: 'plain', format: 'text' });
    expect(doc).toMatchObject({ segments: 28, translatable: 28, format: 'text', formatReason: 'chosen' });
    const segs = await segments(doc.id);
    expect(segs[0]!.source).toBe('###  [:house:返回首頁](https://github.com/ourhimalayas/txt)\n---');
    expect(segs.every((s) => s.kind === 'paragraph')).toBe(true);
    expect((await sourceBytes(doc.id)).equals(SEED)).toBe(true);
    expect(await db.document.findUniqueOrThrow({ where: { id: doc.id } })).toMatchObject({ format: 'text', formatChoice: 'text' });
  });

  it.each([
    { choice: 'auto' as const, variant: 'as is', bytes: SEED },
    {
      choice: 'markdown' as const,
      variant: 'with BOM and CRLF',
      bytes: Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(SEED.toString('utf8').replace(/\n/g, '\r\n'))]),
    },
    {
      choice: 'text' as const,
      variant: 'with BOM and CRLF',
      bytes: Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(SEED.toString('utf8').replace(/\n/g, '\r\n'))]),
    },
    { choice: 'text' as const, variant: 'without final newline', bytes: Buffer.from(SEED.toString('utf8').trimEnd()) },
    { choice: 'markdown' as const, variant: 'prose only', bytes: Buffer.from('正文第一段。\n\n\n正文第二段。  \n') },
  ])('round-trips byte for byte in format $choice ($variant)', async ({ choice, variant, bytes }) => {
    const doc = await importOne(`rt-${choice}-${variant}.txt`, bytes, { project: 'roundtrip', format: choice });
    expect((await sourceBytes(doc.id)).equals(bytes)).toBe(true);
  });
});

describe('re-import keeps the stored format', () => {
  it('keeps a chosen plain-text format when the changed file is re-imported with auto, and an explicit choice changes it', async () => {
    const first = await importOne('keep.txt', SEED, { project: 'keep', format: 'text' });
    expect(first.format).toBe('text');
    const changed = Buffer.concat([SEED, Buffer.from('\n新的一段。\n')]);
    const again = await importOne('keep.txt', changed, { project: 'keep' });
    expect(again).toMatchObject({ id: first.id, action: 'updated', format: 'text', formatReason: 'kept', segments: 29 });
    expect(await db.document.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ format: 'text', formatChoice: 'text' });
    // The same bytes with another explicit format are a change (segmented anew), not "unchanged".
    const md = await importOne('keep.txt', changed, { project: 'keep', format: 'markdown' });
    expect(md).toMatchObject({ id: first.id, action: 'updated', format: 'markdown', formatReason: 'chosen', segments: 31 });
    expect((await sourceBytes(first.id)).equals(changed)).toBe(true);
  });

  it('keeps a detected Markdown format even when an edit leaves too little Markdown for detection', async () => {
    const first = await importOne('detected.txt', Buffer.from('# 标题\n\n## 小标题\n\n正文。\n'), { project: 'keep' });
    expect(first).toMatchObject({ format: 'markdown', formatReason: 'detected' });
    const again = await importOne('detected.txt', Buffer.from('# 标题\n\n正文，改过了。\n'), { project: 'keep' });
    expect(again).toMatchObject({ action: 'updated', format: 'markdown', formatReason: 'kept' });
    expect((await segments(first.id))[0]).toMatchObject({ kind: 'heading', source: '标题' });
  });

  it('reports an identical re-import as unchanged and says the format was kept', async () => {
    const first = await importOne('same.txt', SEED, { project: 'same' });
    expect(await importOne('same.txt', SEED, { project: 'same' })).toMatchObject({
      id: first.id,
      action: 'unchanged',
      format: 'markdown',
      formatReason: 'kept',
    });
  });
});

describe('background import jobs', () => {
  it('read the files with the format chosen for the upload (the choice travels with the job)', async () => {
    const runner = new JobRunner(db, { [IMPORT_JOB]: importJobHandler(1 << 20) });
    await runner.start();
    const params: ImportJobParams = { project: 'job', sourceLang: 'zh', targetLangs: ['en'], files: 2, format: 'text' };
    const job = await runner.enqueue(IMPORT_JOB, params, [
      { name: 'a.txt', bytes: SEED },
      { name: 'b.md', bytes: Buffer.from('# 标题\n') },
    ]);
    await runner.idle();
    await runner.stop();
    const result = (await getJob(db, job.id)).result as {
      documents: { path: string; format: string; formatReason: string; segments: number }[];
    };
    expect(result.documents.map((d) => [d.path, d.format, d.formatReason, d.segments])).toEqual([
      ['a.txt', 'text', 'chosen', 28],
      ['b.md', 'text', 'chosen', 1],
    ]);
  });

  it("keep a re-imported document's stored format although the worker parsed the file ahead as a new one", async () => {
    const first = await importOne('kept-in-job.txt', SEED, { project: 'jobkeep', format: 'text' });
    const runner = new JobRunner(db, { [IMPORT_JOB]: importJobHandler(1 << 20) });
    await runner.start();
    const changed = Buffer.concat([SEED, Buffer.from('\n新的一段。\n')]);
    const params: ImportJobParams = { project: 'jobkeep', sourceLang: 'zh', targetLangs: ['en'], files: 2 };
    const job = await runner.enqueue(IMPORT_JOB, params, [
      { name: 'kept-in-job.txt', bytes: changed },
      { name: 'new.txt', bytes: SEED },
    ]);
    await runner.idle();
    await runner.stop();
    const result = (await getJob(db, job.id)).result as {
      documents: { path: string; action: string; format: string; formatReason: string }[];
    };
    expect(result.documents.map((d) => [d.path, d.action, d.format, d.formatReason])).toEqual([
      ['kept-in-job.txt', 'updated', 'text', 'kept'],
      ['new.txt', 'created', 'markdown', 'detected'],
    ]);
    expect((await sourceBytes(first.id)).equals(changed)).toBe(true);
  });

  it('parse on the importing thread when the parser worker dies (here: out of memory at start), and import everything', async () => {
    const tiny = () => new ParseWorker({ maxOldGenerationSizeMb: 1, maxYoungGenerationSizeMb: 1 });
    const runner = new JobRunner(db, { [IMPORT_JOB]: importJobHandler(1 << 20, { files: 1, bytes: 1 << 20 }, tiny) });
    await runner.start();
    const params: ImportJobParams = { project: 'noworker', sourceLang: 'zh', targetLangs: ['en'], files: 3 };
    const job = await runner.enqueue(IMPORT_JOB, params, [
      { name: 'a.md', bytes: SEED },
      { name: 'empty.md', bytes: new Uint8Array() },
      { name: 'c.md', bytes: Buffer.from('# 标题\n\n正文。\n') },
    ]);
    await runner.idle();
    await runner.stop();
    const done = await getJob(db, job.id);
    expect(done.status).toBe('done');
    const result = done.result as { documents: { path: string; action: string }[]; refused: { path: string; code: string }[] };
    expect(result.documents.map((d) => [d.path, d.action])).toEqual([
      ['a.md', 'created'],
      ['c.md', 'created'],
    ]);
    expect(result.refused).toEqual([expect.objectContaining({ path: 'empty.md', code: 'file_empty' })]);
    const a = await db.document.findFirstOrThrow({ where: { path: 'a.md', project: { name: 'noworker' } } });
    expect((await sourceBytes(a.id)).equals(SEED)).toBe(true);
  });
});
