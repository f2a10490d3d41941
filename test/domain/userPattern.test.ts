import { describe, expect, it } from 'vitest';
import {
  compileUserPattern,
  escapeLike,
  escapeRegExp,
  foldCase,
  likeMatcher,
  MAX_PATTERN_CHARS,
  type FindSpec,
} from '../../src/domain/userPattern.js';
import { ValidationError } from '../../src/domain/errors.js';

/** The pattern of issue 13, item 1: a search for it once took 32 s and blocked every other request. */
const FREEZING_LIKE = `%_%_%${'_'.repeat(120)}`;
/** Issue 13, item 2: `(a+)+$` against this saved translation blocked the server 7.3 s, doubling per extra `a`. */
const FREEZING_TEXT = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa!';

describe('escapeLike: user text inside a LIKE pattern is literal', () => {
  it.each([
    ['plain', 'plain'],
    ['%', '\\%'],
    ['_', '\\_'],
    ['\\', '\\\\'],
    ['50%_off\\', '50\\%\\_off\\\\'],
    [FREEZING_LIKE, FREEZING_LIKE.replace(/[%_]/g, '\\$&')],
  ])('%j → %j', (text, escaped) => {
    expect(escapeLike(text)).toBe(escaped);
  });
});

describe('likeMatcher (SQLite LIKE as PostgreSQL ILIKE: case-insensitive in every script, \\ escapes, no regex)', () => {
  it.each([
    ['%home page%', 'Back to the HOME PAGE', true, 'ASCII case is ignored'],
    ['%москве%', 'Встреча в Москве', true, 'Cyrillic case is ignored too (the built-in LIKE folds ASCII only)'],
    ['%ÄB%', 'xäbx', true, 'Latin letters with diacritics fold'],
    ['%σ%', 'ΟΔΥΣΣΕΥΣ', true, 'Greek capital sigma folds to σ'],
    ['%ς%', 'ΟΔΥΣΣΕΥΣ', true, 'final sigma folds as σ does'],
    ['a_c', 'abc', true, '_ is one character'],
    ['a_c', 'abbc', false, '_ is exactly one character'],
    ['a_c', 'a😀c', true, '_ is one code point, not one UTF-16 unit'],
    ['abc', 'ABC', true, 'no wildcard: the whole value, ignoring case'],
    ['abc', 'abcd', false, 'no wildcard: nothing more'],
    ['a%c%e', 'abxcyye', true, 'pieces found in order'],
    ['a%c%e', 'abxcyy', false, 'the last piece must end the value'],
    ['%c%c%', 'xcx', false, 'one occurrence cannot serve two pieces'],
    ['%_%_%', 'ab', true, 'two characters for two _'],
    ['%_%_%', 'a', false, 'one character is not enough for two _'],
    ['%50\\%%', 'up 50% today', true, '\\% is a literal %'],
    ['%50\\%%', 'up 500 today', false, '\\% is not a wildcard'],
    ['%\\_%', 'snake_case', true, '\\_ is a literal _'],
    ['%\\_%', 'snake case', false, '\\_ is not a wildcard'],
    ['%\\\\%', 'a\\b', true, '\\\\ is a literal backslash'],
    ['%(x)[y]%', 'a (X)[Y] b', true, 'regex syntax means nothing in LIKE'],
    ['%line%', 'first\nline', true, '% spans line breaks'],
    [`%${escapeLike('%')}%`, 'no percent here', false, 'q=% finds only texts containing %'],
    [`%${escapeLike('%')}%`, '100% sure', true, 'q=% finds a text containing %'],
    [`%${escapeLike(FREEZING_LIKE)}%`, 'x'.repeat(500), false, 'the freezing pattern, escaped, is plain text that is not there'],
    [`%${escapeLike(FREEZING_LIKE)}%`, `say ${FREEZING_LIKE} twice`, true, 'and is found where it is typed'],
    [FREEZING_LIKE, 'y'.repeat(200), true, 'unescaped, it is a wildcard pattern answered without backtracking'],
  ])('%j against %j: %s (%s)', (pattern, value, matches) => {
    expect(likeMatcher(pattern)(value)).toBe(matches);
  });

  it('takes another escape character when the SQL gives one (LIKE … ESCAPE)', () => {
    expect(likeMatcher('%50!%%', '!')('50% off')).toBe(true);
    expect(likeMatcher('%50!%%', '!')('500 off')).toBe(false);
  });
});

describe('foldCase folds code point by code point, as a case-insensitive Unicode regex does', () => {
  it.each([
    ['ABC', 'abc'],
    ['МОСКВА', 'москва'],
    ['Σσς', 'σσσ'],
    ['ẞß', 'ßß'],
    ['İ', 'İ'],
    ['中文', '中文'],
  ])('%j → %j', (text, folded) => {
    expect(foldCase(text)).toBe(folded);
  });
});

describe('escapeRegExp: text inside a fixed regular expression matches only itself', () => {
  it.each(['a.b', '(a+)+$', '[x]{2}', 'a|b', '\\d', '^/$', '1+1=2?', '川普*'])('%j', (text) => {
    const re = new RegExp(`^${escapeRegExp(text)}$`, 'u');
    expect(re.test(text)).toBe(true);
    expect(re.test(`${text}x`)).toBe(false);
  });
});

const matches = (spec: FindSpec, text: string) => [...compileUserPattern(spec).matchAll(text)].map((m) => [m.index, ...m]);

describe('compileUserPattern finds what JavaScript would, in linear time', () => {
  it.each([
    [{ find: '(a+)+$', regex: true }, FREEZING_TEXT, [], 'the freezing pattern of issue 13 answers "no match" at once'],
    [{ find: '(a+)+$', regex: true }, `${'a'.repeat(100_000)}!`, [], 'and so it does on 100,000 a (each one used to double the time)'],
    [{ find: '(a+)+$', regex: true }, 'xaaa', [[1, 'aaa', 'aaa']], 'where it matches, it gives the match and its group'],
    [{ find: '(x+x+)+y', regex: true }, 'x'.repeat(5000), [], 'nested quantifiers never backtrack'],
    [{ find: '(?:a|aa)+b', regex: true }, `${'a'.repeat(5000)}c`, [], 'overlapping alternatives never backtrack'],
    [{ find: '1.5' }, '1.5 and 125', [[0, '1.5']], 'literal text: the dot is a dot'],
    [
      { find: '1.5', regex: true },
      '1.5 and 125',
      [
        [0, '1.5'],
        [8, '125'],
      ],
      'regex: the dot is any character',
    ],
    [{ find: 'МОСКВА' }, 'в Москве, Москва', [[10, 'Москва']], 'case-insensitive in every script by default'],
    [{ find: 'Putin', matchCase: true }, 'putin Putin', [[6, 'Putin']], 'match case'],
    [{ find: 'Wang', wholeWord: true }, 'Wangfujing Wang', [[11, 'Wang']], 'whole words: a longer word does not count'],
    [{ find: 'ab|abc', regex: true, wholeWord: true }, 'abc d', [[0, 'abc']], 'whole words: a later alternative still counts'],
    [
      { find: '-', wholeWord: true },
      '--',
      [
        [0, '-'],
        [1, '-'],
      ],
      'whole words: the character after a match can start the next one',
    ],
    [
      { find: '(\\w+) (\\d+)', regex: true, wholeWord: true },
      'June 16, 2021',
      [[0, 'June 16', 'June', '16']],
      'whole words keep the groups numbered',
    ],
    [{ find: '(?<y>\\d{4})', regex: true }, 'in 2024', [[3, '2024', '2024']], 'named groups (JavaScript syntax)'],
    [{ find: '\\u0041\\u{1F600}', regex: true }, 'xa😀', [[1, 'a😀']], '\\u escapes (JavaScript syntax)'],
    [
      { find: 'a\\sb', regex: true },
      'a\u3000b a\u00a0b',
      [
        [0, 'a\u3000b'],
        [4, 'a\u00a0b'],
      ],
      '\\s includes the ideographic and no-break spaces, as in JavaScript',
    ],
    [{ find: '[\\s,]+', regex: true }, 'a,\u3000b', [[1, ',\u3000']], '\\s inside a class too'],
    [{ find: '\\p{Script=Han}+', regex: true }, 'Xi 习近平 said', [[3, '习近平']], '\\p{Script=…} (JavaScript syntax)'],
    [{ find: '(?<=😀)x', regex: true }, '😀x ax', [[2, 'x']], 'a lookbehind without a group is fine (indexes in UTF-16 units)'],
    [{ find: '[^]', regex: true }, 'é', [[0, 'é']], '[^] is any character'],
  ] as [FindSpec, string, unknown[][], string][])('%j in %j → %j: %s', (spec, text, expected) => {
    expect(matches(spec, text)).toEqual(expected);
  });

  it('gives named groups as JavaScript does, for $<name> in the replacement', () => {
    const [m] = [...compileUserPattern({ find: '(?<month>\\w+) (?<day>\\d+)', regex: true }).matchAll('June 16')];
    expect(m!.groups).toEqual({ month: 'June', day: '16' });
  });
});

describe('compileUserPattern refuses, with a 400 naming the pattern, what could not run in linear time or is too big', () => {
  it.each([
    [{ find: '' }, 'find_empty', /enter the text/],
    [{ find: 'x'.repeat(MAX_PATTERN_CHARS + 1) }, 'pattern_too_long', /1001 characters is over the limit of 1000/],
    [{ find: '(a)\\1', regex: true }, 'pattern_backreference', /"\(a\)\\1" uses a backreference/],
    [{ find: '(?<x>a)\\k<x>', regex: true }, 'pattern_backreference', /uses a backreference/],
    [{ find: 'a(?=b)', regex: true }, 'pattern_lookahead', /"a\(\?=b\)" uses a lookahead/],
    [{ find: 'a(?!b)', regex: true }, 'pattern_lookahead', /uses a lookahead/],
    [{ find: '(?<=(a))b', regex: true }, 'pattern_lookbehind', /capturing group/],
    [{ find: '(', regex: true }, 'pattern_invalid', /"\(" is not a valid regular expression/],
    [{ find: '[a-', regex: true }, 'pattern_invalid', /not a valid regular expression/],
    [{ find: 'a{1000}{1000}', regex: true }, 'pattern_too_large', /"a\{1000\}\{1000\}" is too large/],
    [{ find: '(a{1000}){1000}', regex: true }, 'pattern_too_large', /is too large/],
    [{ find: 'a{1001}', regex: true }, 'pattern_too_large', /is too large/],
    [{ find: 'a{1000}b{1000}c{1000}', regex: true }, 'pattern_too_large', /3002 instructions, the limit is 2000/],
    [{ find: 'a*', regex: true }, 'pattern_empty_match', /matches empty text/],
    [{ find: '(a|)', regex: true, wholeWord: true }, 'pattern_empty_match', /matches empty text/],
  ] as [FindSpec, string, RegExp][])('%j → %s', (spec, code, message) => {
    let error: unknown;
    try {
      compileUserPattern(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const e = error as ValidationError;
    expect(e.status).toBe(400);
    expect(e.code).toBe(code);
    expect(e.key).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.details).toMatchObject({ field: 'find' });
  });

  it('treats the syntax of a refused pattern literally when regex is off', () => {
    expect(matches({ find: '(a)\\1' }, 'x (a)\\1 y')).toEqual([[2, '(a)\\1']]);
    expect(matches({ find: 'a{1000}{1000}' }, 'a{1000}{1000}')).toEqual([[0, 'a{1000}{1000}']]);
  });
});
