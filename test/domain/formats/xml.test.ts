import { describe, expect, it } from 'vitest';
import { escapeXml, escapeXmlAttr, escapeXmlText } from '../../../src/domain/formats/xml.js';
import { writeXliff2 } from '../../../src/domain/formats/xliff.js';
import { writeTmx } from '../../../src/domain/formats/tmx.js';

const keep = (ch: string) => `[${ch.charCodeAt(0).toString(16)}]`;

// One escaping for every XML writer (XLIFF, TMX, TBX): the same characters are escaped and refused everywhere.
describe('XML escaping', () => {
  it.each([
    {
      why: 'markup characters',
      value: 'a < b && c > "d"',
      text: 'a &lt; b &amp;&amp; c &gt; "d"',
      attr: 'a &lt; b &amp;&amp; c &gt; &quot;d&quot;',
      tmx: 'a &lt; b &amp;&amp; c &gt; &quot;d&quot;',
    },
    { why: 'CR survives XML end-of-line handling', value: 'a\r\nb', text: 'a&#13;\nb', attr: 'a&#13;&#10;b', tmx: 'a&#13;\nb' },
    { why: 'tabs and line feeds survive attribute normalisation', value: 'a\tb\nc', text: 'a\tb\nc', attr: 'a&#9;b&#10;c', tmx: 'a\tb\nc' },
    { why: 'a surrogate pair is one character, kept', value: '😀', text: '😀', attr: '😀', tmx: '😀' },
  ])('$why', ({ value, text, attr, tmx }) => {
    expect(escapeXmlText(value, keep)).toBe(text);
    expect(escapeXmlAttr(value, keep)).toBe(attr);
    expect(escapeXml(value)).toBe(tmx);
  });

  it.each([
    { why: 'a control character', value: 'bell\u0007', name: 'U+0007' },
    { why: 'U+FFFF', value: 'x\uffff', name: 'U+FFFF' },
    { why: 'a lone high surrogate (UTF-8 would write U+FFFD instead)', value: 'x\ud83d', name: 'U+D83D' },
    { why: 'a lone low surrogate', value: '\ude00x', name: 'U+DE00' },
  ])('refuses $why in every writer', ({ value, name }) => {
    expect(() => escapeXml(value, 'TMX seg')).toThrow(`TMX seg: character ${name} cannot be written to XML`);
    expect(() => writeTmx({ units: [{ variants: [{ lang: 'en', text: value }] }] })).toThrow(`${name} cannot be written`);
    expect(() => writeXliff2({ id: 1, path: value, sourceLang: 'zh', targetLang: 'en', units: [] })).toThrow(
      `XLIFF: ${name} cannot be written here`,
    );
  });
});
