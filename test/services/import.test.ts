import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Db } from '../../src/db/client.js';
import { importFiles, importPaths, type ImportOptions } from '../../src/services/importService.js';
import { exportDocument } from '../../src/services/exportService.js';
import { saveTranslation } from '../../src/db/translations.js';
import { saveDocument, type DocumentInput } from '../../src/db/documents.js';
import { segmentDocument } from '../../src/domain/segment.js';
import { corpusFiles, CORPUS_DIR, freshDb, tableCounts, tempDir } from '../helpers/db.js';

const options: ImportOptions = { project: 'p', sourceLang: 'zh', targetLangs: ['en', 'ru'], maxBytes: 1024 * 1024 };
let db: Db;
const docInput: Omit<DocumentInput, 'projectName' | 'path' | 'segments'> = {
  sourceLang: 'zh',
  targetLangs: ['en'],
  format: 'markdown',
  encoding: 'utf-8',
  bom: false,
  eol: '\n',
  trailer: '',
  sourceHash: 'x',
  byteLength: 1,
  notes: '',
};

beforeAll(async () => {
  db = (await freshDb()).db;
});
afterAll(async () => db.$disconnect());

describe('import and source export', () => {
  it('imports every corpus file and exports it back byte for byte', async () => {
    const report = await importPaths(db, [CORPUS_DIR], { ...options, project: 'corpus' });
    expect(report.refused).toEqual([]);
    const files = corpusFiles();
    expect(report.documents.map((d) => d.path)).toEqual(files.map((f) => f.name));
    for (const [i, d] of report.documents.entries()) {
      const { text } = await exportDocument(db, { documentId: d.id, layout: 'source', langs: [] });
      expect(Buffer.from(text, 'utf8').equals(files[i]!.bytes), d.path).toBe(true);
    }
  });

  it('stores opaque blocks as non-translatable and counts translatable ones', async () => {
    const [doc] = (
      await importFiles(db, [{ name: 'mixed.md', bytes: Buffer.from('# 标题\n\n```\ncode\n```\n\n![](a.png)\n\n正文\n') }], options)
    ).documents;
    expect(doc).toMatchObject({ segments: 4, translatable: 2, action: 'created' });
    const segs = await db.segment.findMany({ where: { documentId: doc!.id }, orderBy: { index: 'asc' } });
    expect(segs.map((s) => [s.kind, s.translatable])).toEqual([
      ['heading', true],
      ['code', false],
      ['image', false],
      ['paragraph', true],
    ]);
  });

  it('converts GB18030 files to UTF-8 and says so', async () => {
    const text = '美国总统乔·拜登\r\n\r\n将于6月16日在日内瓦会晤。\r\n';
    const report = await importFiles(db, [{ name: 'gbk.md', bytes: iconv.encode(text, 'gb18030') }], options);
    expect(report.documents[0]).toMatchObject({ notes: 'converted from GB18030/GBK to UTF-8', translatable: 2 });
    const { text: out } = await exportDocument(db, { documentId: report.documents[0]!.id, layout: 'source', langs: [] });
    expect(out).toBe(text);
  });

  it('imports a folder recursively with paths relative to it, skipping other file types', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'a.md'), '甲\n');
    writeFileSync(path.join(dir, 'sub', 'b.txt'), '乙\n\n丙\n');
    writeFileSync(path.join(dir, 'picture.png'), Buffer.from([0x89, 0x50]));
    const report = await importPaths(db, [dir], { ...options, project: 'folder' });
    expect(report.documents.map((d) => [d.path, d.translatable])).toEqual([
      ['a.md', 1],
      ['sub/b.txt', 2],
    ]);
  });
});

describe('refused input leaves the database unchanged', () => {
  it.each([
    { name: 'empty file', bytes: Buffer.alloc(0), code: 'file_empty' },
    { name: 'binary file', bytes: Buffer.from([0, 1, 2, 3, 0, 255]), code: 'file_binary' },
    { name: 'undecodable file', bytes: Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xfd, 0x80]), code: 'file_undecodable' },
    { name: 'file over the size limit', bytes: Buffer.alloc(2 * 1024 * 1024, 0x61), code: 'file_too_large' },
  ])('$name', async ({ bytes, code }) => {
    const before = await tableCounts(db);
    const report = await importFiles(db, [{ name: 'bad.md', bytes }], options);
    expect(report.documents).toEqual([]);
    expect(report.refused).toEqual([expect.objectContaining({ path: 'bad.md', code, message: expect.stringContaining('bad.md') })]);
    expect(await tableCounts(db)).toEqual(before);
  });

  it('a failure inside the transaction leaves nothing half-written (not even the new project)', async () => {
    const before = await tableCounts(db);
    const good = segmentDocument('甲\n\n乙\n').segments;
    // The second segment cannot be stored (NOT NULL column): project, document and first segment must roll back.
    const broken = [good[0]!, { ...good[1]!, raw: null as unknown as string }];
    await expect(saveDocument(db, { ...docInput, projectName: 'tx-test', path: 'tx.md', segments: broken })).rejects.toThrow();
    expect(await tableCounts(db)).toEqual(before);
    expect(await db.project.findUnique({ where: { name: 'tx-test' } })).toBeNull();
  });

  it('refuses a path that does not exist, naming it', async () => {
    await expect(importPaths(db, ['/nonexistent/x.md'], options)).rejects.toThrow('/nonexistent/x.md: no such file or folder');
  });
});

describe('re-import', () => {
  it('keeps translations of unchanged segments and drops those of changed ones', async () => {
    const v1 = '# 标题\n\n第一段。\n\n第二段。\n\n第三段。\n';
    const v2 = '# 标题\n\n新的段落。\n\n第一段。\n\n第二段（改）。\n\n第三段。\n';
    const [doc] = (await importFiles(db, [{ name: 're.md', bytes: Buffer.from(v1) }], options)).documents;
    const segs = await db.segment.findMany({ where: { documentId: doc!.id }, orderBy: { index: 'asc' } });
    for (const s of segs) {
      await saveTranslation(db, {
        segmentId: s.id,
        lang: 'en',
        text: `EN ${s.source}`,
        status: 'translated',
        origin: 'human',
        version: 0,
        user: 't',
      });
    }
    const again = await importFiles(db, [{ name: 're.md', bytes: Buffer.from(v2) }], options);
    expect(again.documents[0]).toMatchObject({ id: doc!.id, action: 'updated', keptSegments: 3 });
    const { text } = await exportDocument(db, { documentId: doc!.id, layout: 'target', langs: ['en'] });
    expect(text).toBe('# EN 标题\n\n新的段落。\n\nEN 第一段。\n\n第二段（改）。\n\nEN 第三段。\n');
    const { text: source } = await exportDocument(db, { documentId: doc!.id, layout: 'source', langs: [] });
    expect(source).toBe(v2);
  });

  it('reports an identical file as unchanged', async () => {
    const bytes = Buffer.from('不变。\n');
    await importFiles(db, [{ name: 'same.md', bytes }], options);
    const again = await importFiles(db, [{ name: 'same.md', bytes }], options);
    expect(again.documents[0]?.action).toBe('unchanged');
  });
});
