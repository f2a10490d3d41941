import { describe, expect, it } from 'vitest';
import { levenshtein, codePoints, matchBand, matchBands, normalizeForMatch, similarity } from '../../../src/domain/tm/similarity.js';

describe('normalizeForMatch', () => {
  it.each([
    ['ＡＢＣ１２３', 'abc123', 'full-width letters and digits match half-width'],
    ['普京 说：“好。”', '普京说:"好."', 'Chinese punctuation is unified and spaces dropped'],
    ['Hello  World', 'helloworld', 'case and whitespace do not matter'],
    ['《开放天空条约》', '"开放天空条约"', 'book-title marks count as quotes'],
  ])('%j → %j because %s', (input, expected) => {
    expect(normalizeForMatch(input)).toBe(expected);
  });
});

describe('levenshtein on code points', () => {
  it.each([
    ['', '', 0],
    ['普京', '', 2],
    ['普京', '普金', 1],
    ['俄罗斯总统普京', '俄罗斯总统弗拉基米尔·普京', 6],
    ['𠀀a', 'a', 1], // an astral Han character counts once, not as two UTF-16 units
  ])('distance(%j, %j) = %i', (a, b, d) => {
    expect(levenshtein(codePoints(a), codePoints(b))).toBe(d);
  });

  it('stops early above max, returning max + 1, so the index can skip hopeless candidates', () => {
    expect(levenshtein(codePoints('一二三四五六'), codePoints('七八九十百千'), 2)).toBe(3);
  });
});

describe('similarity', () => {
  it.each([
    ['俄罗斯总统普京', '俄罗斯总统普京', 100, 'identical sources are the only 100'],
    ['俄罗斯总统普京。', '俄罗斯总统普京.', 99, 'a punctuation-width difference is 99, not 100'],
    ['ＧＮｅｗｓ报道', 'GNews报道', 99, 'full-width vs half-width letters is 99'],
    ['俄罗斯总统普京', '俄罗斯总统弗拉基米尔·普京', 53, 'six inserted characters out of 13'],
    ['美国总统乔·拜登', '美国总统拜登', 75, 'two dropped characters out of 8'],
    ['', '', 100, 'two empty strings are identical'],
    ['', '普京', 0, 'empty against text scores 0'],
    ['  ', '', 99, 'whitespace-only normalises to empty'],
  ])('similarity(%j, %j) = %i because %s', (a, b, score) => {
    expect(similarity(a, b)).toBe(score);
  });

  it('is symmetric', () => {
    expect(similarity('塔斯社汇编了主要内容', '塔斯社汇编了内容')).toBe(similarity('塔斯社汇编了内容', '塔斯社汇编了主要内容'));
  });
});

describe('match bands', () => {
  it.each([
    [100, '100'],
    [99, '95-99'],
    [95, '95-99'],
    [94, '85-94'],
    [85, '85-94'],
    [84, '75-84'],
    [75, '75-84'],
    [74, '50-74'],
    [50, '50-74'],
    [49, 'none'],
    [0, 'none'],
  ] as const)('score %i falls in band %s', (score, band) => {
    expect(matchBand(score)).toBe(band);
  });

  it('counts scores per band for an analysis report', () => {
    expect(matchBands([100, 100, 97, 80, 10])).toEqual({ '100': 2, '95-99': 1, '85-94': 0, '75-84': 1, '50-74': 0, none: 1 });
  });
});
