/**
 * The wiki-link shortcut of tokenizeInline (a text whose only markup is wiki links skips the Markdown parser) against
 * the parser itself: the same pieces on every line and block of every fixture file, and on the cases around it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenizeInline } from '../../src/domain/inline.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

function textFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) return textFiles(file);
      return /\.(md|txt)$/.test(name) ? [file] : [];
    });
}

/** Lines, blank-line separated blocks, and blocks with their indentation set aside (what a document conversion tokenizes). */
function textsOf(content: string): string[] {
  const lines = content.split(/\r\n|\r|\n/);
  const blocks = content.split(/(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)/);
  const stripped = blocks.map((b) =>
    b
      .split(/\r\n|\r|\n/)
      .map((l) => l.replace(/^[ \t]*/, ''))
      .join('\n'),
  );
  return [...new Set([...lines, ...blocks, ...stripped])];
}

const same = (text: string, tableRow = false) =>
  expect(tokenizeInline(text, { tableRow }), JSON.stringify(text)).toEqual(tokenizeInline(text, { tableRow, parser: 'always' }));

describe('tokenizeInline: texts whose only markup is wiki links skip the Markdown parser, with the same pieces', () => {
  it('on every line and block of every fixture file', () => {
    let withWikiLinks = 0;
    for (const file of textFiles(FIXTURES_DIR)) {
      for (const text of textsOf(readFileSync(file, 'utf8'))) {
        if (text.includes('[[')) withWikiLinks++;
        same(text);
      }
    }
    // The fixtures hold 275 wiki links, in dozens of lines and blocks: the comparison covers the shortcut, not only plain text.
    expect(withWikiLinks).toBeGreaterThan(20);
  });

  it.each([
    '见[[zh:法国]]和[[英国|英國]]的报道。',
    '[[a]](https://x.example/)',
    '[[a]]: /url',
    '[[a]] [b]: /url',
    '*[[a*]]',
    '前*[[法国]]*后',
    '_[[法国]]_',
    '[[a]]  \n下一行',
    '    [[a]] 缩进代码',
    '- 项\n\n      [[a]]',
    '\t[[a]]',
    '[[[a]]',
    '[[a]]]',
    '[[a]][[b]]',
    '[[a]][b]',
    '[[<b>a</b>]]',
    '[[a]] <br>',
    '[[`a`]]',
    '[[a\\]]',
    '[[a]] &amp; b',
    '![[a]]',
    '[[a]] https://x.example/a_b?c=1&d=2 。',
    '[[a]] www.example.com 和',
    '- [[a]]\n- b',
    '1. [[a]]\n2) b',
    '# [[a]] #',
    '[[a]]\n===',
    '[[a]]\n---',
    '> [[a]]',
    '[[a]] ~~删~~',
    '| [[a]] | b |',
    '[[a]]\r\n    b',
    '[[a]]\r\nb',
  ])('%j', (text) => {
    same(text);
    same(text, true);
  });
});
