import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { segmentDocument, reassemble } from '../../src/domain/segment.js';
import { renderLayout, escapeCell, type ExportDocument } from '../../src/domain/layout.js';
import { corpusFiles } from '../helpers/fixtures.js';

const decode = (bytes: Buffer) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
const fake = (lang: string, source: string) => `${lang.toUpperCase()}· ${source}`;

/** Segments `text` and attaches a fake translation per language to every translatable block. */
function withTranslations(text: string, langs: string[], translated = true): ExportDocument {
  const doc = segmentDocument(text);
  return {
    bom: doc.bom,
    eol: doc.eol,
    trailer: doc.trailer,
    sourceLang: 'zh',
    segments: doc.segments.map((s) => ({
      ...s,
      targets: Object.fromEntries(langs.map((l) => [l, translated && s.translatable ? fake(l, s.source) : null])),
    })),
  };
}

const EDGE = [
  '# 标题\n\n段落一\n续行\n\n- 项一\n- 项二\n  - 子项\n\n1. 甲\n2. 乙\n\n> 引用\n>\n> 引用二\n\n| 名 | 值 |\n|---|---|\n| 甲 | 1 |\n\n```\ncode\n```\n\n![图](a.png)\n\n标题二\n---\n\n最后',
  '\uFEFF## 标题\r\n\r\n段落\r\n\r\n- 项\r\n',
];
const documents = [
  ...corpusFiles().map((f) => ({ name: f.name, text: decode(f.bytes) })),
  ...EDGE.map((text, i) => ({ name: `edge ${i}`, text })),
];
const langs = ['en', 'ru'];

describe('interleaved layout', () => {
  it.each(documents)('puts each translation right after its source block, in the same construct: $name', ({ text }) => {
    const doc = withTranslations(text, langs);
    const out = renderLayout(doc, { layout: 'interleaved', langs });
    const again = segmentDocument(out).segments;
    const expected = doc.segments.flatMap((s) =>
      s.translatable
        ? [s.source, ...langs.map((l) => fake(l, s.source))].map((t) => ({ source: t, kind: s.kind }))
        : [{ source: '', kind: s.kind }],
    );
    const norm = (k: string) => (k === 'table_header' ? 'table_row' : k);
    // The header's translation becomes the first body row (after the delimiter row); compare as multisets of rows.
    const got = again.map((s) => ({ source: s.source, kind: norm(s.kind) }));
    const want = expected.map((e) => ({ ...e, kind: norm(e.kind) }));
    if (!text.includes('|---')) expect(got).toEqual(want);
    else
      expect([...got].sort((a, b) => a.source.localeCompare(b.source))).toEqual([...want].sort((a, b) => a.source.localeCompare(b.source)));
    expect(out.startsWith('\uFEFF')).toBe(doc.bom);
  });

  it('keeps heading levels, list markers and blockquote markers for the translation', () => {
    const doc = withTranslations('### 三级\n\n- 项\n\n> 引\n', ['en']);
    expect(renderLayout(doc, { layout: 'interleaved', langs: ['en'] })).toBe(
      '### 三级\n\n### EN· 三级\n\n- 项\n- EN· 项\n\n> 引\n>\n> EN· 引\n',
    );
  });

  it('falls back to the source for untranslated blocks so the alignment holds', () => {
    const doc = withTranslations('甲\n\n乙\n', ['en'], false);
    expect(renderLayout(doc, { layout: 'interleaved', langs: ['en'] })).toBe('甲\n\n甲\n\n乙\n\n乙\n');
  });
});

describe('table layout', () => {
  const md = new MarkdownIt();
  it.each(documents)('has one row per translatable block and one column per language: $name', ({ text }) => {
    const doc = withTranslations(text, langs);
    const out = renderLayout(doc, { layout: 'table', langs });
    const tokens = md.parse(out, {});
    const rows = tokens.filter((t) => t.type === 'tr_open');
    const cells = tokens.filter((t) => t.type === 'td_open' || t.type === 'th_open');
    const translatable = doc.segments.filter((s) => s.translatable).length;
    expect(rows.length).toBe(translatable + 1);
    expect(cells.length).toBe((translatable + 1) * 3);
    const firstCells = tokens.filter((t, i) => t.type === 'inline' && tokens[i - 1]?.type === 'td_open').filter((_, i) => i % 3 === 0);
    // markdown-it hands cell content back with escaped pipes unescaped.
    const sources = doc.segments.filter((s) => s.translatable).map((s) => escapeCell(s.source).replace(/\\\|/g, '|').trim());
    expect(firstCells.map((t) => t.content)).toEqual(sources);
  });

  it.each([
    ['a|b', 'a\\|b'],
    ['a\\|b', 'a\\|b'],
    ['一\n二', '一<br>二'],
    ['一\r\n二', '一<br>二'],
  ])('escapes %j as %j', (input, output) => expect(escapeCell(input)).toBe(output));
});

describe('target layout', () => {
  it.each(documents)('is the source itself when nothing is translated: $name', ({ text }) => {
    expect(renderLayout(withTranslations(text, ['en'], false), { layout: 'target', langs: ['en'] })).toBe(text);
  });

  it.each(documents)('has the same blocks as the source, with translated text: $name', ({ text }) => {
    const doc = withTranslations(text, ['en']);
    const again = segmentDocument(renderLayout(doc, { layout: 'target', langs: ['en'] })).segments;
    expect(again.map((s) => s.kind)).toEqual(doc.segments.map((s) => s.kind));
    expect(again.map((s) => s.source)).toEqual(doc.segments.map((s) => (s.translatable ? fake('en', s.source) : '')));
  });

  it('marks untranslated blocks when asked', () => {
    const doc = withTranslations('## 甲\n', ['en'], false);
    expect(renderLayout(doc, { layout: 'target', langs: ['en'], untranslatedMarker: '[UNTRANSLATED] ' })).toBe('## [UNTRANSLATED] 甲\n');
  });

  it('refuses several languages', () => {
    expect(() => renderLayout(withTranslations('甲\n', ['en', 'ru']), { layout: 'target', langs: ['en', 'ru'] })).toThrow(
      /exactly one language/,
    );
  });
});

describe('source layout', () => {
  it('is the reassembled original', () => {
    const text = '\uFEFF# 甲\r\n\r\n乙  \r\n';
    expect(renderLayout(withTranslations(text, ['en']), { layout: 'source', langs: [] })).toBe(reassemble(segmentDocument(text)));
  });
});
