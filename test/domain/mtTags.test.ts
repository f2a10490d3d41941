import { describe, expect, it } from 'vitest';
import { escapeXml, toTagged, unescapeXml } from '../../src/domain/mtTags.js';

const roundTrip: [string, string, boolean?][] = [
  ['plain CJK', '这是一个简单的句子。'],
  ['XML specials in text', 'a < b && c > d; "quoted" \'single\''],
  ['entity-looking text is not decoded twice', '写 &amp; 表示 &，&lt; 表示 <'],
  ['link', '见[维基百科](https://zh.wikipedia.org/wiki/A "标题")。'],
  ['link with & in url', '[查询](https://x.com/?a=1&b=2)'],
  ['image', '如图![示意图](img/a.png)所示'],
  ['inline code with tags', '使用 `<div class="a">` 和 `a && b`'],
  ['html tags', '第一行<br/>第二行<span style="color:red">红</span>'],
  ['wiki link', '参见[[zh:中华人民共和国]]条目'],
  ['piped wiki link', '参见[[zh:中华人民共和国|中国]]条目'],
  ['wiki link with empty display text', '参见[[zh:中国|]]条目'],
  ['bare url before CJK punctuation', '网址https://example.com/a?b=1，请访问。'],
  ['emphasis, strong, delete', '*强调*、**加粗**、~~删除~~'],
  ['nested markup', '[链接里*有强调*文字](u) 和 ***双重***'],
  ['hard break', '第一行  \n第二行'],
  ['backslash break', '第一行\\\n第二行'],
  ['escaped markdown stays text', '\\*不是强调\\* 和 \\[不是链接\\]'],
  ['table row pipes', '| 名称 | [值](v) |', true],
  ['autolink', '访问 <https://example.com> 吧'],
  ['empty', ''],
  ['emoji and astral chars', '𠀀字 😀 <b>x</b>'],
];

describe('toTagged / restore', () => {
  it.each(roundTrip)('identity engine round-trips exactly: %s', (_name, text, tableRow) => {
    const t = toTagged(text, { tableRow: tableRow ?? false });
    expect(t.restore(t.xml)).toEqual({ text, issues: [] });
  });

  it('never puts markup raws in the XML the engine sees (only ids)', () => {
    const t = toTagged('见[链接](https://a.com/x)和![图](p.png)`code`');
    expect(t.xml).toBe('见<m i="1">链接</m>和<x i="2"/><x i="3"/>');
  });

  it('escapes text so the XML is well formed', () => {
    expect(toTagged('a<b & c>d').xml).toBe('a&lt;b &amp; c&gt;d');
    expect(escapeXml('<&>')).toBe('&lt;&amp;&gt;');
    expect(unescapeXml('&lt;&amp;&gt;&quot;&apos;&#20013;&#x6587; & x &bogus;')).toBe('<&>"\'中文 & x &bogus;');
  });

  it('restores a translated sentence with markup moved by the engine', () => {
    const t = toTagged('请看[这篇文章](https://a.com)中的**要点**。');
    const out = t.restore('Please see the <m i="2">key points</m> in <m i="1">this article</m>.');
    expect(out.text).toBe('Please see the **key points** in [this article](https://a.com).');
    expect(out.issues).toEqual([{ code: 'tag_reordered', id: 2 }]);
  });

  it('accepts engine variations of attribute quoting and expanded empty elements', () => {
    const t = toTagged('图![a](b.png)后`c`');
    const out = t.restore('Pic <x i=\'1\'></x> then <x i = "2" />');
    expect(out).toEqual({ text: 'Pic ![a](b.png) then `c`', issues: [] });
  });

  it('drops anything the engine wrote inside an atom element, since atoms are restored from the source', () => {
    const t = toTagged('代码`x`');
    expect(t.restore('Code <x i="1">garbage</x>')).toEqual({ text: 'Code `x`', issues: [] });
  });

  it('reports a dropped atom tag and still returns the rest of the text', () => {
    const t = toTagged('图片![a](b.png)和代码`c`');
    const out = t.restore('Image and code <x i="2"/>');
    expect(out.text).toBe('Image and code `c`');
    expect(out.issues).toEqual([{ code: 'tag_missing', id: 1, raw: '![a](b.png)' }]);
  });

  it('reports a dropped pair (link text kept, link lost) rather than corrupting silently', () => {
    const t = toTagged('见[文章](u)');
    const out = t.restore('See article');
    expect(out.text).toBe('See article');
    expect(out.issues).toEqual([{ code: 'tag_missing', id: 1, raw: '[' }]);
  });

  it('reports two swapped atoms as reordered and keeps them where the engine put them', () => {
    const t = toTagged('先`a`后`b`');
    const out = t.restore('After <x i="2"/> before <x i="1"/>');
    expect(out.text).toBe('After `b` before `a`');
    expect(out.issues).toEqual([{ code: 'tag_reordered', id: 2 }]);
  });

  it('reports changed nesting as reordered', () => {
    const t = toTagged('[链接*强调*](u)');
    const out = t.restore('<m i="1">link</m> <m i="2">emph</m>');
    expect(out.text).toBe('[link](u) *emph*');
    expect(out.issues).toEqual([{ code: 'tag_reordered', id: 2 }]);
  });

  it('reports duplicated and unknown ids as extra and does not invent markup for unknown ids', () => {
    const t = toTagged('代码`c`');
    const out = t.restore('Code <x i="1"/> <x i="1"/> <x i="9"/>');
    expect(out.text).toBe('Code `c` `c` ');
    expect(out.issues).toEqual([
      { code: 'tag_extra', id: 1, raw: '`c`' },
      { code: 'tag_extra', id: 9 },
    ]);
  });

  it('reports a pair id used as an atom as extra', () => {
    const t = toTagged('**粗**');
    const out = t.restore('<x i="1"/>bold');
    expect(out.issues).toContainEqual({ code: 'tag_extra', id: 1, raw: '**' });
    expect(out.issues).toContainEqual({ code: 'tag_missing', id: 1, raw: '**' });
  });

  it('closes an unclosed pair at the end and reports it as malformed', () => {
    const t = toTagged('**粗体**文字');
    const out = t.restore('<m i="1">bold text');
    expect(out.text).toBe('**bold text**');
    expect(out.issues).toEqual([{ code: 'malformed', id: 1 }]);
  });

  it('reports stray closing tags and foreign tags as malformed, keeping foreign tags as text', () => {
    const t = toTagged('文字');
    const out = t.restore('text</m> <b>bold</b>');
    expect(out.text).toBe('text <b>bold</b>');
    expect(out.issues.map((i) => i.code)).toEqual(['malformed', 'malformed', 'malformed']);
  });

  it('keeps a lone < that is not a tag as text', () => {
    const t = toTagged('a');
    expect(t.restore('1 < 2 and 3 > 2')).toEqual({ text: '1 < 2 and 3 > 2', issues: [] });
  });

  it('keeps pair markup when the engine emptied it to a self-closing element', () => {
    const t = toTagged('[文](u)');
    expect(t.restore('<m i="1"/>')).toEqual({ text: '[](u)', issues: [] });
  });

  it.each([
    // [why, source, engine output, restored]
    [
      'the display text is translated in its sentence; the page stays',
      '据[[zh:法国]]媒体报道',
      'According to <m i="1">French</m> media',
      'According to [[zh:法国|French]] media',
    ],
    [
      'split names keep each page',
      '[[zh:迈克]]·[[zh:约翰]]逊',
      '<m i="1">Mike</m> <m i="2">John</m>son',
      '[[zh:迈克|Mike]] [[zh:约翰|John]]son',
    ],
    [
      'an already piped link keeps its page, not its old text',
      '[[zh:习近平|习主席]]说',
      '<m i="1">President Xi</m> said',
      '[[zh:习近平|President Xi]] said',
    ],
    ['a text equal to the page name is written unpiped', '[[zh:法国]]', '<m i="1">法国</m>', '[[zh:法国]]'],
    ['an emptied pair keeps the link to its page', '[[zh:法国]]', '<m i="1"/>', '[[zh:法国]]'],
    ['an unclosed pair is closed at the end with its page', '[[zh:法国]]', '<m i="1">France', '[[zh:法国|France]]'],
    ['text with XML specials is unescaped inside the link', '[[zh:AT&T]]', '<m i="1">AT&amp;T Inc.</m>', '[[zh:AT&T|AT&T Inc.]]'],
  ])('wiki links: %s', (_why, source, engine, restored) => {
    const t = toTagged(source);
    expect(t.xml).not.toContain('[[');
    expect(t.restore(engine).text).toBe(restored);
  });
});
