import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR } from '../../helpers/fixtures.js';
import { segmentDocument } from '../../../src/domain/segment.js';
import { tokenizeInline } from '../../../src/domain/inline.js';
import { ValidationError } from '../../../src/domain/errors.js';
import {
  readXliff,
  readXliffFiles,
  writeXliff12,
  writeXliff2,
  type TranslationStatus,
  type XliffDocument,
  type XliffUnit,
} from '../../../src/domain/formats/xliff.js';

const STATUSES: TranslationStatus[] = ['untranslated', 'draft', 'translated', 'reviewed'];
const WRITERS = [
  ['2.1', writeXliff2],
  ['1.2', writeXliff12],
] as const;

/** A fake translation that keeps, drops, adds and reorders markup. */
function fakeTarget(source: string, i: number): string {
  const pieces = tokenizeInline(source);
  let out = pieces.map((p) => (p.type === 'text' ? `T${i}<${p.raw.length}>&` : p.raw)).join('');
  if (i % 5 === 0)
    out =
      pieces
        .filter((p) => p.type !== 'atom')
        .map((p) => p.raw)
        .join('') + ' 译';
  if (i % 7 === 0) out += ' [新 & <旧>](https://x.y/?a=1&b="2") **粗**';
  if (i % 11 === 0) out = `"${out}"\r\n'第二行'\t\u00A0`;
  return out;
}

function corpusDoc(file: string): XliffDocument {
  const doc = segmentDocument(readFileSync(path.join(CORPUS_DIR, file), 'utf8'));
  const units: XliffUnit[] = doc.segments
    .filter((s) => s.translatable)
    .map((s) => {
      const status = STATUSES[s.index % 4]!;
      return {
        id: 1000 + s.index,
        index: s.index,
        source: s.source,
        kind: s.kind,
        status,
        ...(status === 'untranslated' ? {} : { target: fakeTarget(s.source, s.index) }),
        ...(s.index % 6 === 0 ? { comment: `注意 <${s.kind}> & "引号"` } : {}),
      };
    });
  return { id: 7, path: `articles/${file}`, sourceLang: 'zh', targetLang: 'en', units };
}

const FILES = readdirSync(CORPUS_DIR).filter((f) => /\.(md|markdown|txt)$/.test(f));

describe.each(WRITERS)('XLIFF %s', (version, write) => {
  it.each(FILES)('round-trips %s: sources, targets, states, comments', (file) => {
    const doc = corpusDoc(file);
    expect(doc.units.length).toBeGreaterThan(0);
    const back = readXliff(write(doc));
    expect(back).toMatchObject({ version, documentId: '7', path: doc.path, sourceLang: 'zh', targetLang: 'en' });
    expect(back.units.map((u) => ({ id: u.id, source: u.source, target: u.target, state: u.state, comment: u.comment }))).toEqual(
      doc.units.map((u) => ({ id: String(u.id), source: u.source, target: u.target ?? null, state: u.status, comment: u.comment })),
    );
  });

  it('protects the corpus markup as inline codes', () => {
    const xml = FILES.map((f) => write(corpusDoc(f))).join('');
    const codes = version === '1.2' ? ['<g id=', '<x id='] : ['<pc id=', '<ph id='];
    // Wiki links are pairs (their display text is translatable), so there are fewer atoms than pairs.
    for (const code of codes) expect(xml.split(code).length).toBeGreaterThan(20);
    expect(xml.split(codes[0]!).length).toBeGreaterThan(50);
  });

  it('reads back a hand-edited file with exactly the two changed targets', () => {
    const doc = corpusDoc('seed-article.md');
    const xml = write(doc);
    const translated = doc.units.filter((u) => u.status === 'translated');
    const [a, b] = translated;
    let edited = xml;
    for (const [u, text] of [
      [a!, 'Edited &amp; <fixed>'],
      [b!, '修改后的译文'],
    ] as const) {
      const at = edited.indexOf(`id="${u.id}"`);
      const start = edited.indexOf('<target', at);
      const open = edited.indexOf('>', start) + 1;
      const end = edited.indexOf('</target>', open);
      edited = edited.slice(0, open) + text.replace('<fixed>', '&lt;fixed&gt;') + edited.slice(end);
    }
    const before = readXliff(xml).units;
    const after = readXliff(edited).units;
    const changed = after.filter((u, i) => u.target !== before[i]!.target);
    expect(changed.map((u) => [u.id, u.target])).toEqual([
      [String(a!.id), 'Edited & <fixed>'],
      [String(b!.id), '修改后的译文'],
    ]);
    expect(after.map((u) => u.state)).toEqual(before.map((u) => u.state));
  });

  it('escapes XML special characters and keeps CJK, markup and white space', () => {
    const units: XliffUnit[] = [
      { id: 1, index: 0, source: 'a < b && c > "d" \'e\' ]]> 中文', target: '甲 < 乙 && 丙 > “丁” ]]>', status: 'reviewed' },
      {
        id: 2,
        index: 1,
        source: '见[新闻 *要闻*](https://a.com/?x=1&y=<2>)和`<code>`',
        target: '`<code>` and [*news* <b>](https://a.com/?x=1&y=<2>)',
        status: 'draft',
      },
      { id: 3, index: 2, source: '  前后空格  \n第二行\t制表', target: ' lead\r\nCRLF  ', status: 'translated' },
      { id: 4, index: 3, source: '甲 | 乙 \\| 丙', kind: 'table_row', target: 'A | B \\| C', status: 'translated' },
      { id: 5, index: 4, source: '未译', target: null, status: 'untranslated' },
    ];
    const xml = write({ id: 'd&1', path: 'a&b/<c>.md', sourceLang: 'zh-Hans', targetLang: 'ru', units });
    expect(xml).toContain('a &lt; b &amp;&amp; c &gt;');
    const back = readXliff(xml);
    expect(back.path).toBe('a&b/<c>.md');
    expect(back.documentId).toBe('d&1');
    expect(back.units.map((u) => [u.source, u.target, u.state])).toEqual(units.map((u) => [u.source, u.target ?? null, u.status]));
  });
});

describe('XLIFF 2 specifics', () => {
  it('uses pc/ph with originalData, states and notes', () => {
    const xml = writeXliff2({
      id: 1,
      path: 'a.md',
      sourceLang: 'zh',
      targetLang: 'en',
      units: [
        { id: 42, index: 0, source: '见 **[新闻](u)** 和![图](p.png)', target: 'See **[news](u)**', status: 'draft', comment: 'check' },
      ],
    });
    expect(xml).toContain('version="2.1" srcLang="zh" trgLang="en"');
    expect(xml).toContain('<file id="f1" original="a.md"');
    expect(xml).toContain('<unit id="42" name="0">');
    expect(xml).toContain('<notes><note category="comment">check</note></notes>');
    expect(xml).toContain('<data id="d1">**</data>');
    expect(xml).toContain('<segment state="initial" subState="bitext:draft">');
    expect(xml).toMatch(
      /<source xml:space="preserve">见 <pc id="1" dataRefStart="d1" dataRefEnd="d1" type="fmt"><pc id="2" dataRefStart="d2" dataRefEnd="d3" type="link">新闻<\/pc><\/pc> 和<ph id="\d" dataRef="d4" type="image"\/><\/source>/,
    );
    expect(xml).toContain('<target xml:space="preserve">See <pc id="1" dataRefStart="d1" dataRefEnd="d1" type="fmt"><pc id="2"');
  });

  it('carries characters XML forbids as <cp>', () => {
    const xml = writeXliff2({
      id: 1,
      path: 'a',
      sourceLang: 'zh',
      targetLang: 'en',
      units: [{ id: 1, index: 0, source: 'a\u0001b', target: 'x\u001Fy', status: 'translated' }],
    });
    expect(xml).toContain('a<cp hex="0001"/>b');
    expect(readXliff(xml).units[0]).toMatchObject({ source: 'a\u0001b', target: 'x\u001Fy' });
    expect(() =>
      writeXliff12({
        id: 1,
        path: 'a',
        sourceLang: 'zh',
        targetLang: 'en',
        units: [{ id: 1, index: 0, source: 'a\u0001b', status: 'untranslated' }],
      }),
    ).toThrow(ValidationError);
  });

  it('joins units that a tool split into several segments, with the lowest state', () => {
    const xml = `<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="en">
 <file id="f1" original="x.md">
  <group id="g1"><unit id="u1">
   <originalData><data id="d1">**</data></originalData>
   <segment state="reviewed"><source>第一句。</source><target>One.</target></segment>
   <ignorable><source> </source></ignorable>
   <segment state="translated"><source><pc id="1" dataRefStart="d1" dataRefEnd="d1">第二句</pc>。</source><target><sc id="1" dataRef="d1"/>Two<ec startRef="1" dataRef="d1"/>.</target></segment>
  </unit></group>
 </file>
</xliff>`;
    expect(readXliff(xml).units).toEqual([
      { id: 'u1', source: '第一句。 **第二句**。', target: 'One. **Two**.', state: 'translated', xliffState: 'translated' },
    ]);
  });

  it.each([
    ['final', 'reviewed'],
    ['reviewed', 'reviewed'],
    ['translated', 'translated'],
    ['initial', 'draft'],
  ])('maps state %s to %s', (state, status) => {
    const xml = `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru"><file id="f"><unit id="1"><segment state="${state}"><source>a</source><target>b</target></segment></unit></file></xliff>`;
    expect(readXliff(xml).units[0]?.state).toBe(status);
  });
});

describe('XLIFF 1.2 from other CAT tools', () => {
  it('reads <g>/<x> targets whose tags kept only their ids (source twin supplies the Markdown)', () => {
    const ours = writeXliff12({
      id: 3,
      path: 'a.md',
      sourceLang: 'zh',
      targetLang: 'en',
      units: [{ id: 9, index: 0, source: '见[新闻](https://a.b)和`x`', status: 'untranslated' }],
    });
    expect(ours).toContain('<g id="1" ctype="link" bitext:open="[" bitext:close="](https://a.b)">新闻</g>');
    expect(ours).toContain('<x id="2" ctype="x-md-code" equiv-text="`x`"/>');
    const fromTool = ours.replace('</source>', '</source>\n        <target state="translated"><x id="2"/> and <g id="1">news</g></target>');
    expect(readXliff(fromTool).units[0]).toMatchObject({ target: '`x` and [news](https://a.b)', state: 'translated' });
  });

  it('reads a file shaped like other tools write it', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\r
<!-- exported by a CAT tool -->\r
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\r
  <file original="news/a.md" source-language="zh-CN" target-language="en-US" datatype="plaintext">\r
    <header><tool tool-id="x" tool-name="X"/></header>\r
    <body>\r
      <group id="grp">\r
        <trans-unit id="1" approved="yes">\r
          <source>你好，<g id="1" ctype="bold">世界</g>！</source>\r
          <target state="translated">Hello, <g id="1" ctype="bold">world</g>!</target>\r
        </trans-unit>\r
      </group>\r
      <trans-unit id="2">\r
        <source>图<x id="1" ctype="image" equiv-text="![a](b.png)"/>后</source>\r
        <target state="needs-review-translation">Image <x id="1"/> after</target>\r
        <note>MT draft</note>\r
      </trans-unit>\r
      <trans-unit id="3">\r
        <source>原<bpt id="1">**</bpt>粗<ept id="1">**</ept></source>\r
        <target state="new"><![CDATA[Plain <bold>]]> <bpt id="1">**</bpt>x<ept id="1">**</ept></target>\r
      </trans-unit>\r
      <trans-unit id="4"><source>未</source><target state="needs-translation"/></trans-unit>\r
      <trans-unit id="5"><source>终</source><target state="final">Final &#13;&#x4E2D;</target></trans-unit>\r
      <trans-unit id="6"><source>无</source><target>No state</target></trans-unit>\r
    </body>\r
  </file>\r
</xliff>\r
`;
    const doc = readXliff(xml);
    expect(doc).toMatchObject({ version: '1.2', path: 'news/a.md', sourceLang: 'zh-CN', targetLang: 'en-US' });
    expect(doc.documentId).toBeUndefined();
    expect(doc.units.map((u) => [u.id, u.source, u.target, u.state])).toEqual([
      ['1', '你好，世界！', 'Hello, world!', 'reviewed'],
      ['2', '图![a](b.png)后', 'Image ![a](b.png) after', 'draft'],
      ['3', '原**粗**', 'Plain <bold> **x**', 'draft'],
      ['4', '未', '', 'untranslated'],
      ['5', '终', 'Final \r中', 'reviewed'],
      ['6', '无', 'No state', 'translated'],
    ]);
    expect(doc.units[1]?.comment).toBe('MT draft');
  });
});

describe('readXliff errors', () => {
  const error = (xml: string): ValidationError => {
    try {
      readXliff(xml);
    } catch (e) {
      if (e instanceof ValidationError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it.each([
    ['malformed XML', '<xliff version="1.2">\n<file>\n</xliff>', /malformed XML at line 3/],
    ['unknown entity', '<xliff version="1.2">\n<file>&nbsp;</file></xliff>', /line 2: unknown entity &nbsp;/],
    ['no root', '<foo/>', /no <xliff> root/],
    ['no version', '<xliff>\n</xliff>', /<xliff> at line 1: missing attribute version/],
    ['bad version', '<xliff version="3.0"/>', /unsupported version 3.0/],
    [
      '1.2 file without original',
      '<xliff version="1.2">\n  <file source-language="zh" target-language="en"><body/></file></xliff>',
      /<file> at line 2: missing attribute original/,
    ],
    [
      '1.2 unit without id',
      '<xliff version="1.2"><file original="a" source-language="zh" target-language="en"><body>\n\n<trans-unit><source>a</source></trans-unit></body></file></xliff>',
      /<trans-unit> at line 3: missing attribute id/,
    ],
    ['2.x without trgLang', '<xliff version="2.1" srcLang="zh"><file id="f"/></xliff>', /missing attribute trgLang/],
    [
      '2.x unknown dataRef',
      '<xliff version="2.1" srcLang="zh" trgLang="en"><file id="f"><unit id="1"><segment>\n<source><ph id="1" dataRef="d9"/></source></segment></unit></file></xliff>',
      /<ph> at line 2: dataRef="d9" names no <data>/,
    ],
    [
      '2.x unit without segment',
      '<xliff version="2.1" srcLang="zh" trgLang="en"><file id="f"><unit id="1"/></file></xliff>',
      /<unit> at line 1: no <segment>/,
    ],
  ])('%s', (_name, xml, message) => {
    const e = error(xml);
    expect(e.code).toBe('invalid_xliff');
    expect(e.message).toMatch(message);
  });

  it('reads several files with readXliffFiles and refuses them in readXliff', () => {
    const one = writeXliff12({ id: 1, path: 'a', sourceLang: 'zh', targetLang: 'en', units: [] });
    const two = one.replace(/(<file[\s\S]*<\/file>)/, '$1$1');
    expect(readXliffFiles(two)).toHaveLength(2);
    expect(() => readXliff(two)).toThrow(/expected one <file>, found 2/);
  });
});
