import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideFormat, markdownEvidence, parseFormatChoice } from '../../src/domain/formatDetect.js';
import { ROOT } from '../helpers/db.js';

const SEED = readFileSync(path.join(ROOT, 'test/fixtures/000_2f1ea46cb1892beb.txt'), 'utf8');

describe('markdownEvidence: .txt files that are Markdown', () => {
  it.each([
    { name: 'the design article (seed .txt)', text: SEED },
    { name: 'two ATX headings', text: '# 标题\n\n正文第一段。\n\n## 小标题\n\n正文第二段。\n' },
    { name: 'a heading and a link', text: '## 俄美峰会\n\n[轉載自GNews](https://gnews.org/zh-hans/1273823/)\n' },
    { name: 'two inline links in prose', text: '见[这里](https://a.example/x)和[那里](https://b.example/y "标题")。\n' },
    { name: 'an image and a link', text: '![](https://x.example/a.jpg)\n\n[sott.net](http://sott.net/article)\n' },
    { name: 'a fenced code block and a heading', text: '# 用法\n\n```sh\nbitext import a.txt\n```\n' },
    { name: 'two fenced code blocks with tildes', text: '~~~\na\n~~~\n\ntext\n\n~~~~\nb\n~~~~\n' },
    { name: 'a link definition and a heading', text: '# 参考\n\n见[报道][1]。\n\n[1]: https://gnews.org/1\n' },
    { name: 'one link, a list and a thematic break', text: '- 第一条\n- 第二条\n\n---\n\n[来源](https://example.com)\n' },
    { name: 'one heading, a quote and emphasis (CRLF)', text: '# 声明\r\n\r\n> 引用的话\r\n\r\n**重要**的事情。\r\n' },
    {
      name: 'a heading with two spaces and a link inside (seed first line)',
      text: '###  [:house:返回首頁](https://github.com/ourhimalayas/txt)\n---\n',
    },
  ])('reads $name as Markdown', ({ text }) => {
    expect(markdownEvidence(text).markdown).toBe(true);
  });
});

describe('markdownEvidence: plain prose stays plain text', () => {
  it.each([
    {
      name: 'Chinese prose paragraphs',
      text: '俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。\n\n塔斯社汇编了迄今已知的有关领导人接触的主要内容。\n',
    },
    { name: 'an empty file', text: '' },
    {
      name: 'numbered lines and dashes (weak evidence only)',
      text: '1. 第一点\n2. 第二点\n\n---\n\n- 注意\n\n> 他说：“好。”\n\n用 `grep` 查找。\n',
    },
    { name: 'hashtags without a space', text: '#美国 #俄罗斯\n\n今天的新闻。\n' },
    { name: 'a shell comment block', text: '# This is a comment\n# and another one\nname = value\n# third\n# fourth\n' },
    { name: 'one heading-like line alone', text: '# of people who came: 30\n\nThe meeting went well.\n' },
    { name: 'one link alone', text: 'Read more at [our site](https://example.com).\n' },
    { name: 'a Markdown-looking line inside an unclosed fence', text: '```\n# not a heading\n[not](a-link)\n' },
    { name: 'brackets without a link', text: '[1] 見附錄 (第二頁)\n\n[2] 同上 (第三頁)\n' },
    { name: 'e-mail style quoting and a signature break', text: '> On Monday you wrote:\n> hello\n\nThanks.\n\n-- \nAlice\n' },
  ])('reads $name as plain text', ({ text }) => {
    expect(markdownEvidence(text).markdown).toBe(false);
  });

  it('gives the same verdict however long the file is: strong lines count up to a cap', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `[link ${i}](https://example.com/${i})`).join('\n\n');
    expect(markdownEvidence(many)).toMatchObject({ links: 1000, points: 10, markdown: true });
  });

  it('stays linear on a line full of open brackets (no backtracking blow-up)', () => {
    expect(markdownEvidence('['.repeat(200_000) + '](x').markdown).toBe(false);
  });
});

describe('decideFormat', () => {
  it.each([
    {
      name: 'explicit text wins over Markdown content',
      input: { name: 'a.txt', text: SEED, choice: 'text' as const },
      want: { format: 'text', reason: 'chosen' },
    },
    {
      name: 'explicit markdown wins for a .txt of prose',
      input: { name: 'a.txt', text: '正文\n', choice: 'markdown' as const },
      want: { format: 'markdown', reason: 'chosen' },
    },
    {
      name: 'explicit text applies to .md too',
      input: { name: 'a.md', text: '# x\n', choice: 'text' as const },
      want: { format: 'text', reason: 'chosen' },
    },
    {
      name: 'auto keeps the stored format on re-import',
      input: { name: 'a.txt', text: SEED, choice: 'auto' as const, stored: 'text' as const },
      want: { format: 'text', reason: 'kept' },
    },
    {
      name: 'auto reads .md as Markdown by extension',
      input: { name: 'a.md', text: 'prose\n', choice: 'auto' as const },
      want: { format: 'markdown', reason: 'extension' },
    },
    {
      name: 'auto reads a Markdown .txt as Markdown',
      input: { name: 'dir/A.TXT', text: SEED, choice: 'auto' as const },
      want: { format: 'markdown', reason: 'detected' },
    },
    {
      name: 'auto reads a prose .text as text',
      input: { name: 'a.text', text: '正文。\n', choice: 'auto' as const },
      want: { format: 'text', reason: 'detected' },
    },
  ])('$name', ({ input, want }) => {
    expect(decideFormat(input)).toEqual(want);
  });

  it('parses choices and names the field and value of a wrong one', () => {
    expect(parseFormatChoice(undefined)).toBe('auto');
    expect(parseFormatChoice('')).toBe('auto');
    expect(parseFormatChoice('text')).toBe('text');
    expect(() => parseFormatChoice('html', 'format')).toThrow('format: "html" is not a document format; use one of auto, markdown, text');
  });
});
