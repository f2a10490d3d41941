import { describe, expect, it } from 'vitest';
import { tokenizeInline, protectedSpans, plainText } from '../../src/domain/inline.js';

const show = (text: string, tableRow = false) =>
  tokenizeInline(text, { tableRow }).map((p) => (p.type === 'text' ? p.raw : `${p.type}:${p.kind}:${p.raw}`));

describe('tokenizeInline', () => {
  it.each([
    {
      name: 'link text is translatable, its target is not',
      text: '见[新闻](https://a.com/x)。',
      pieces: ['见', 'open:link:[', '新闻', 'close:link:](https://a.com/x)', '。'],
    },
    { name: 'images are protected whole', text: '图![说明](p.png "t")后', pieces: ['图', 'atom:image:![说明](p.png "t")', '后'] },
    {
      name: 'emphasis and strong wrap text',
      text: '*甲***乙**',
      pieces: ['open:emphasis:*', '甲', 'close:emphasis:*', 'open:strong:**', '乙', 'close:strong:**'],
    },
    { name: 'strikethrough', text: '~~删~~', pieces: ['open:delete:~~', '删', 'close:delete:~~'] },
    { name: 'inline code', text: '用`npm i`安装', pieces: ['用', 'atom:code:`npm i`', '安装'] },
    {
      name: 'inline HTML tags',
      text: '<b>粗</b><img src=x onerror=alert(1)>',
      pieces: ['atom:html:<b>', '粗', 'atom:html:</b>', 'atom:html:<img src=x onerror=alert(1)>'],
    },
    {
      name: 'wiki links: the display text is translatable, the page is not',
      text: '外长[[zh:王毅]]说',
      pieces: ['外长', 'open:wikilink:[[zh:', '王毅', 'close:wikilink:]]', '说'],
    },
    {
      name: 'piped wiki links: the text after the pipe is translatable',
      text: '[[zh:法国|法兰西]]',
      pieces: ['open:wikilink:[[zh:法国|', '法兰西', 'close:wikilink:]]'],
    },
    { name: 'a wiki link with an empty display text is protected whole', text: '[[zh:法国|]]', pieces: ['atom:wikilink:[[zh:法国|]]'] },
    {
      name: 'bare URLs stop at CJK punctuation',
      text: '见https://gnews.org/a/1。下',
      pieces: ['见', 'atom:url:https://gnews.org/a/1', '。下'],
    },
    {
      name: 'bare URL does not swallow trailing ASCII period',
      text: 'see www.example.com.',
      pieces: ['see ', 'atom:url:www.example.com', '.'],
    },
    { name: 'autolinks', text: '<https://a.b/c>', pieces: ['atom:url:<https://a.b/c>'] },
    { name: 'hard break', text: '甲  \n乙', pieces: ['甲', 'atom:break:  \n', '乙'] },
    { name: 'escapes stay text', text: '\\*不是强调\\*', pieces: ['\\*不是强调\\*'] },
    { name: 'text that would parse as a list on its own', text: '2021. 年份', pieces: ['2021. 年份'] },
    { name: 'table row pipes', text: '甲 | 乙 \\| 丙', tableRow: true, pieces: ['甲 ', 'atom:pipe:|', ' 乙 \\| 丙'] },
  ])('$name', ({ text, pieces, tableRow }) => {
    expect(show(text, tableRow)).toEqual(pieces);
    expect(
      tokenizeInline(text, { tableRow })
        .map((p) => p.raw)
        .join(''),
    ).toBe(text);
  });

  it('pairs open and close by id and records link targets', () => {
    const pieces = tokenizeInline('[a](u1) [b](u2)');
    const opens = pieces.filter((p) => p.type === 'open');
    const closes = pieces.filter((p) => p.type === 'close');
    expect(opens.map((p) => p.id)).toEqual(closes.map((p) => p.id));
    expect(opens.map((p) => (p.type === 'open' ? p.href : ''))).toEqual(['u1', 'u2']);
  });

  it('gives offsets of protected spans and the plain text', () => {
    const text = '见[新闻](u)和`x`';
    expect(protectedSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['[', '](u)', '`x`']);
    expect(plainText(text)).toBe('见新闻和');
  });
});
