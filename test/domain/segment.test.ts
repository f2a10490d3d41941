import { describe, expect, it } from 'vitest';
import { reassemble, segmentDocument, splitLines, splitTableRow } from '../../src/domain/segment.js';
import { rebuildBlock } from '../../src/domain/layout.js';
import { corpusFiles } from '../helpers/fixtures.js';

const kindsOf = (text: string, format: 'markdown' | 'text' = 'markdown') =>
  segmentDocument(text, format).segments.map((s) => `${s.kind}${s.translatable ? '' : '*'}`);

// Each edge case must round-trip byte for byte and produce these block kinds (* = opaque).
const cases: { name: string; text: string; kinds: string[] }[] = [
  { name: 'setext headings keep their underline', text: '标题\n===\n\n副标题\r\n---\r\n', kinds: ['heading', 'heading'] },
  { name: 'ATX heading with closing hashes', text: '## 标题 ##  \n正文\n', kinds: ['heading', 'paragraph'] },
  {
    name: 'nested lists give one segment per item',
    text: '- 一\n  - 二\n    - 三\n- 四\n\n1. 甲\n2) 乙\n',
    kinds: ['list_item', 'list_item', 'list_item', 'list_item', 'list_item', 'list_item'],
  },
  { name: 'task list items', text: '- [ ] 待办\n- [x] 完成\n', kinds: ['list_item', 'list_item'] },
  {
    name: 'table rows and the delimiter row',
    text: '| 名 | 值 |\n|---|:-:|\n| 甲 | 1 |\n| 乙 \\| 丙 | 2 |\n',
    kinds: ['table_header', 'table_delim*', 'table_row', 'table_row'],
  },
  {
    name: 'fence with blank lines inside stays one opaque block',
    text: '前\n\n```js\nconst a = 1;\n\n\nconst b = 2;\n```\n\n后\n',
    kinds: ['paragraph', 'code*', 'paragraph'],
  },
  { name: 'indented code', text: '段落\n\n    code line\n\n    more\n', kinds: ['paragraph', 'code*'] },
  { name: 'HTML block', text: '<div align="center">\n<b>加粗</b>\n</div>\n\n正文\n', kinds: ['html*', 'paragraph'] },
  { name: 'hard breaks (two spaces and backslash) stay inside the paragraph', text: '第一行  \n第二行\\\n第三行\n', kinds: ['paragraph'] },
  { name: 'front matter is opaque', text: '---\ntitle: 标题\ntags: [a, b]\n---\n\n# 正文\n', kinds: ['front_matter*', 'heading'] },
  { name: 'thematic breaks', text: '甲\n\n***\n\n乙\n\n- - -\n', kinds: ['paragraph', 'hr*', 'paragraph', 'hr*'] },
  {
    name: 'image-only paragraph is opaque',
    text: '![图](a.png)\n\n<img src="b.png">\n\n[![x](c.png)](d)\n',
    kinds: ['image*', 'image*', 'image*'],
  },
  { name: 'link reference definitions', text: '见[链接][1]。\n\n[1]: https://example.com "标题"\n', kinds: ['paragraph', 'linkdef*'] },
  { name: 'blockquote paragraphs, with a bare > between', text: '> 引用一\n> 续行\n>\n> 引用二\n', kinds: ['blockquote', 'blockquote'] },
  { name: 'no final newline', text: '# 标题\n\n最后一段', kinds: ['heading', 'paragraph'] },
  {
    name: 'CRLF with BOM, trailing spaces and runs of blank lines',
    text: '\uFEFF# 标题  \r\n\r\n\r\n\r\n段落 \r\n  \r\n\r\n',
    kinds: ['heading', 'paragraph'],
  },
  { name: 'lone CR line endings', text: '甲\r\r乙\r', kinds: ['paragraph', 'paragraph'] },
  { name: 'empty heading is not translatable', text: '#\n\n正文\n', kinds: ['heading*', 'paragraph'] },
  { name: 'only blank lines', text: '\n\n  \n', kinds: [] },
  { name: 'tabs in indentation', text: '-\t项目\n\t续行\n', kinds: ['list_item'] },
  { name: 'plain text splits at blank lines only', text: '# 不是标题\n第二行\n\n- 不是列表\n', kinds: ['paragraph', 'paragraph'] },
];

describe('segmentDocument', () => {
  it.each(cases)('round-trips and splits: $name', ({ name, text, kinds }) => {
    const format = name.startsWith('plain text') ? 'text' : 'markdown';
    const doc = segmentDocument(text, format);
    expect(reassemble(doc)).toBe(text);
    expect(kindsOf(text, format)).toEqual(kinds);
    doc.segments.forEach((s, i) => expect(s.index).toBe(i));
  });

  it.each(corpusFiles())('reassembles $name byte for byte', ({ bytes }) => {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const doc = segmentDocument(text);
    expect(Buffer.from(reassemble(doc), 'utf8').equals(bytes)).toBe(true);
    expect(doc.segments.filter((s) => s.translatable).length).toBeGreaterThan(0);
  });

  it('strips block markers from the source text and keeps them in the frame', () => {
    const doc = segmentDocument('> - **要点**：内容\n>   续行\n\n## 标题 ##\n\n| 甲 | 乙 |\n|--|--|\n');
    const [item, heading, row] = doc.segments;
    expect(item).toMatchObject({ kind: 'list_item', source: '**要点**：内容\n续行', frame: { lead: '> - ', cont: '>   ', tail: '' } });
    expect(heading).toMatchObject({ source: '标题', frame: { lead: '## ', tail: ' ##' } });
    expect(row).toMatchObject({ kind: 'table_header', source: '甲 | 乙', frame: { lead: '| ', tail: ' |' } });
  });

  it('rebuilds every translatable block of the corpus from its frame and source', () => {
    for (const { bytes } of corpusFiles()) {
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      const doc = segmentDocument(text);
      for (const s of doc.segments.filter((x) => x.translatable)) {
        const lines = splitLines(s.raw);
        // Blocks whose lines mix CRLF and LF rebuild with the dominant ending only.
        if (new Set(lines.map((l) => l.eol).filter(Boolean)).size > 1) continue;
        const eol = lines[0]?.eol || doc.eol;
        expect(rebuildBlock(s.frame, s.source, eol) + (lines[lines.length - 1]?.eol ?? '')).toBe(s.raw);
      }
    }
  });

  it('records the dominant line ending', () => {
    expect(segmentDocument('a\r\nb\r\nc\n').eol).toBe('\r\n');
    expect(segmentDocument('a\nb').eol).toBe('\n');
  });
});

describe('splitTableRow: lead, content and tail of a table row, without a backtracking pattern', () => {
  it.each([
    ['| a | b |', ['| ', 'a | b', ' |']],
    ['|a|b|', ['|', 'a|b', '|']],
    ['a | b', ['', 'a | b', '']],
    ['> | x | y |  ', ['> | ', 'x | y', ' |  ']],
    ['| esc \\| |', ['| ', 'esc \\|', ' |']],
    ['| esc \\|', ['| ', 'esc \\|', '']],
    ['| a |\t\r', ['| ', 'a', ' |\t\r']],
    ['|', ['|', '', '']],
    ['   ', ['   ', '', '']],
    ['| tail\\ |', ['| ', 'tail\\', ' |']],
    ['> > | a | b |', ['> > | ', 'a | b', ' |']],
    ['| 中文 | 英文 |', ['| ', '中文 | 英文', ' |']],
    ['| x\\', null],
    // A cell of 100,000 spaces: the former regular expression needed minutes (cubic), this is one scan.
    [`| a${' '.repeat(100_000)}b |`, ['| ', `a${' '.repeat(100_000)}b`, ' |']],
  ] as [string, [string, string, string] | null][])('%j', (row, parts) => {
    expect(splitTableRow(row)).toEqual(parts);
  });
});

describe('hostile tables (long runs of spaces) segment in linear time and round-trip', () => {
  it.each([
    ['a delimiter-like line of 100,000 spaces', `| a | b |\n|-${' '.repeat(100_000)}x\n`],
    ['a quote marker and 100,000 spaces', `| a | b |\n|---|---|\n>${' '.repeat(100_000)}x\n`],
    ['a table cell of 100,000 spaces', `| a | b |\n|---|---|\n| c${' '.repeat(100_000)}d | e |\n`],
  ])('%s', (_why, text) => {
    const doc = segmentDocument(text, 'markdown');
    expect(reassemble(doc)).toBe(text);
  });
});
