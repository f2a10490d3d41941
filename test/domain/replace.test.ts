import { describe, expect, it } from 'vitest';
import { compileFind, expandReplacement, planReplace, replaceInText, type ReplaceCandidate } from '../../src/domain/replace.js';
import { ValidationError } from '../../src/domain/errors.js';

const run = (text: string, find: string, replace: string, opts: { regex?: boolean; matchCase?: boolean; wholeWord?: boolean } = {}) =>
  replaceInText(text, compileFind({ find, ...opts }), replace, { literal: !opts.regex }).text;

describe('replaceInText', () => {
  it.each([
    ['Putin said', 'putin', 'Mr Putin', {}, 'Mr Putin said', 'case-insensitive by default'],
    ['Putin and putin', 'putin', 'X', { matchCase: true }, 'Putin and X', 'matchCase keeps other cases'],
    ['Wang and Wangfujing', 'Wang', 'Wong', { wholeWord: true }, 'Wong and Wangfujing', 'wholeWord skips longer words'],
    ['王毅说，王毅外长', '王毅', 'Wang Yi', {}, 'Wang Yi说，Wang Yi外长', 'Chinese text has no word spaces and still matches'],
    ['costs 5', '5', '$1', {}, 'costs $1', 'a literal replacement keeps $ as typed, not as a group'],
    ['June 16, 2021', '(\\w+) (\\d+)', '$2 $1', { regex: true }, '16 June, 2021', 'regex groups are expanded'],
    ['see [the site](https://example.com)', 'example', 'sample', {}, 'see [the site](https://example.com)', 'link URLs are never changed'],
    [
      'see [example](https://example.com)',
      'example',
      'sample',
      {},
      'see [sample](https://example.com)',
      'link text is translatable and changes',
    ],
    ['run `npm test` now', 'test', 'check', {}, 'run `npm test` now', 'inline code is protected'],
    ['[[zh:北京]] Beijing', 'Beijing', 'Peking', {}, '[[zh:北京]] Peking', 'wiki links stay, text after changes'],
    ['June 16', '(?<month>\\w+) (?<day>\\d+)', '$<day> $<month>', { regex: true }, '16 June', '$<name> is a named group'],
    ['a1 b2', '\\d', '[$&]', { regex: true }, 'a[1] b[2]', '$& is the whole match'],
    ['price 5', '\\d', '$$$&', { regex: true }, 'price $5', '$$ is a dollar sign'],
    ['ab', '(a)(x)?b', '[$2]$1', { regex: true }, '[]a', 'a group that took no part gives empty text'],
    [
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaa!',
      '(a+)+$',
      'x',
      { regex: true },
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaa!',
      'the freezing pattern of issue 13 finds nothing, at once',
    ],
    [
      '[[zh:北京|Beijing]] now',
      'Beijing',
      'Peking',
      {},
      '[[zh:北京|Peking]] now',
      "a wiki link's display text is translatable and changes",
    ],
    ['见[[zh:北京]]', '北京', 'Beijing', {}, '见[[zh:北京|Beijing]]', 'a changed display text makes the link piped; the page stays'],
    ['[[zh:北京|Peking]]', 'Peking', '北京', {}, '[[zh:北京]]', 'a display text back to the page name unpipes the link'],
    ['[[zh:北京|zh]]', 'zh', 'x', {}, '[[zh:北京|x]]', 'only the display text is searched, never the page'],
  ] as [string, string, string, { regex?: boolean; matchCase?: boolean; wholeWord?: boolean }, string, string][])(
    '%j: %s → %s (%j) gives %j because %s',
    (text, find, replace, opts, expected) => {
      expect(run(text, find, replace, opts)).toBe(expected);
    },
  );

  it('marks what was found and what replaced it, so a preview can highlight both', () => {
    const r = replaceInText('a Putin b Putin', compileFind({ find: 'Putin' }), 'Путин', { literal: true });
    expect(r.count).toBe(2);
    expect(r.before).toEqual([
      { text: 'a ', hit: false },
      { text: 'Putin', hit: true },
      { text: ' b ', hit: false },
      { text: 'Putin', hit: true },
    ]);
    expect(r.after.filter((p) => p.hit).map((p) => p.text)).toEqual(['Путин', 'Путин']);
    expect(r.before.map((p) => p.text).join('')).toBe('a Putin b Putin');
    expect(r.after.map((p) => p.text).join('')).toBe(r.text);
  });
});

describe('expandReplacement', () => {
  const m = 'June 16'.match(/(?<month>\w+) (\d+)/)!;
  it.each([
    ['$2 $1', '16 June'],
    ['$<month>!', 'June!'],
    ['$&/$&', 'June 16/June 16'],
    ['$$1', '$1'],
    ['$9', '$9'],
    ['$12', 'June2'],
  ])('%j → %j', (replacement, expected) => {
    expect(expandReplacement(replacement, m, 'June 16')).toBe(expected);
  });
});

describe('compileFind refuses what cannot be a search', () => {
  it.each([
    ['empty text', { find: '' }, /enter the text/],
    ['a broken pattern', { find: '(', regex: true }, /not a valid regular expression/],
    ['a pattern matching nothing', { find: 'a*', regex: true }, /matches empty text/],
    ['1,001 characters', { find: 'x'.repeat(1001) }, /over the limit/],
  ])('%s', (_why, opts, message) => {
    expect(() => compileFind(opts)).toThrow(ValidationError);
    expect(() => compileFind(opts)).toThrow(message);
  });

  it('treats special characters literally unless regex is asked for', () => {
    expect(run('1.5 and 125', '1.5', 'X')).toBe('X and 125');
    expect(run('1.5 and 125', '1.5', 'X', { regex: true })).toBe('X and X');
  });
});

describe('planReplace', () => {
  const rows: ReplaceCandidate[] = [
    { segmentId: 1, index: 0, status: 'translated', version: 3, text: 'Putin met Xi.' },
    { segmentId: 2, index: 1, status: 'reviewed', version: 2, text: 'Putin spoke.' },
    { segmentId: 3, index: 2, status: 'untranslated', version: 0, text: '' },
    { segmentId: 4, index: 3, status: 'draft', version: 1, text: 'Nothing here.' },
    { segmentId: 5, index: 4, status: 'translated', version: 1, text: 'Putin' },
  ];

  it('skips reviewed translations unless asked, and reports how many it skipped', () => {
    const plan = planReplace(rows, { find: 'Putin', replace: 'Vladimir Putin' });
    expect(plan.changes.map((c) => c.segmentId)).toEqual([1, 5]);
    expect(plan.skippedReviewed).toBe(1);
    expect(plan.matches).toBe(2);
    expect(plan.changes[0]).toMatchObject({ version: 3, newStatus: 'translated', text: 'Vladimir Putin met Xi.' });
  });

  it('includes reviewed translations when asked, sending them back to translated for another review', () => {
    const plan = planReplace(rows, { find: 'Putin', replace: 'Vladimir Putin', includeReviewed: true });
    expect(plan.changes.map((c) => [c.segmentId, c.newStatus])).toEqual([
      [1, 'translated'],
      [2, 'translated'],
      [5, 'translated'],
    ]);
    expect(plan.skippedReviewed).toBe(0);
  });

  it('never empties a translation: such segments are counted, not changed', () => {
    const plan = planReplace(rows, { find: 'Putin', replace: '' });
    expect(plan.changes.map((c) => c.segmentId)).toEqual([1]);
    expect(plan.skippedEmpty).toBe(1);
  });

  it('leaves out a replacement that changes nothing (same text)', () => {
    expect(planReplace(rows, { find: 'Putin', replace: 'Putin', matchCase: true }).changes).toEqual([]);
  });
});
