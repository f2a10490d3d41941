import { describe, expect, it } from 'vitest';
import { glossaryCheck, russianStem, termPattern, termsInSource } from '../../../src/domain/qa/checks/glossary.js';
import type { GlossaryTerm } from '../../../src/domain/qa/types.js';
import { ctx, messages } from './helpers.js';

const glossary: GlossaryTerm[] = [
  { source: '普京', lang: 'en', target: ['Putin'] },
  { source: '普京', lang: 'ru', target: ['Путин'] },
  { source: '弗拉基米尔·普京', lang: 'en', target: ['Vladimir Putin'] },
  { source: '弗拉基米尔·普京', lang: 'ru', target: ['Владимир Путин'] },
  { source: '克里姆林宫', lang: 'en', target: ['Kremlin'] },
  { source: '克里姆林宫', lang: 'ru', target: ['Кремль'] },
  { source: '白宫', lang: 'ru', target: ['Белый дом'] },
  { source: '川普', lang: 'en', target: ['Trump'], forbidden: ['Chuan Pu'] },
  { source: '川普', lang: 'ru', target: ['Трамп'], forbidden: ['Трумп'] },
  { source: '《开放天空条约》', lang: 'ru', target: ['Договор по открытому небу'] },
];

describe('russianStem', () => {
  it.each([
    ['Путин', 'путин'],
    ['Кремль', 'кремл'],
    ['Белый', 'бел'],
    ['Женева', 'женев'],
    ['Арктический', 'арктическ'],
    ['дом', 'дом'], // would leave fewer than 3 letters
  ])('%s → %s', (word, stem) => {
    expect(russianStem(word)).toBe(stem);
  });
});

describe('termPattern', () => {
  it.each([
    ['Putin', 'en', "Putin's visit", true],
    ['Kremlin', 'en', 'the kremlin said', true],
    ['Council', 'en', 'two Councils', true],
    ['Putin', 'en', 'Putinism', false],
    ['Путин', 'ru', 'встреча с Путиным', true],
    ['Кремль', 'ru', 'в Кремле', true],
    ['Белый дом', 'ru', 'из Белого дома', true],
    ['Договор по открытому небу', 'ru', 'из Договора по открытому небу', true],
    ['Путин', 'ru', 'Распутин', false],
    ['Трамп', 'ru', 'Трампом', true],
    ['Лавров', 'ru', 'Лавровым', true],
    ['Пётр', 'ru', 'Петра', true],
  ])('%j (%s) in %j: %s', (term, lang, text, found) => {
    expect(termPattern(term, lang).test(text.replace(/ё/g, 'е'))).toBe(found);
  });
});

describe('termsInSource', () => {
  it('lets a longer term hide the shorter term inside it', () => {
    const found = termsInSource(
      '弗拉基米尔·普京访问',
      glossary.filter((t) => t.lang === 'en'),
    ).map((t) => t.source);
    expect(found).toEqual(['弗拉基米尔·普京']);
  });

  it('keeps the shorter term when it also occurs on its own', () => {
    const found = termsInSource(
      '弗拉基米尔·普京说，普京',
      glossary.filter((t) => t.lang === 'en'),
    ).map((t) => t.source);
    expect(found.sort()).toEqual(['弗拉基米尔·普京', '普京'].sort());
  });
});

describe('glossary check', () => {
  it.each([
    ['en', '克里姆林宫表示，普京将出席。', 'The Kremlin said Putin would attend.', 'both terms translated'],
    ['en', '弗拉基米尔·普京说', 'Vladimir Putin said', 'the longer term wins'],
    ['ru', '克里姆林宫表示，普京将出席。', 'В Кремле заявили, что Путин примет участие.', 'inflected Кремле'],
    ['ru', '白宫的声明', 'заявление Белого дома', 'inflected multi-word term'],
    ['en-US', '川普说', 'Trump said', 'en-US uses the en terms'],
    ['en', '拜登说', 'Biden said', 'no glossary term in the source'],
  ])('%s: passes for %j → %j (%s)', (lang, source, target) => {
    expect(messages(glossaryCheck, ctx(source, target, lang, { glossary }))).toEqual([]);
  });

  it.each([
    ['en', '克里姆林宫表示', 'The Kremlin said', []],
    ['en', '克里姆林宫表示', 'Moscow said', ['Glossary: "克里姆林宫" should be translated as "Kremlin".']],
    ['ru', '普京说', 'Президент сказал', ['Glossary: "普京" should be translated as "Путин".']],
    ['en', '川普说', 'Chuan Pu (Trump) said', ['Glossary: "Chuan Pu" must not be used for "川普".']],
    [
      'ru',
      '川普说',
      'Трумп сказал',
      ['Glossary: "川普" should be translated as "Трамп".', 'Glossary: "Трумп" must not be used for "川普".'],
    ],
  ])('%s: %j → %j gives %j', (lang, source, target, expected) => {
    expect(messages(glossaryCheck, ctx(source, target, lang, { glossary }))).toEqual(expected);
  });

  it('makes a missing translation a warning and a forbidden variant an error', () => {
    const issues = glossaryCheck.run(ctx('川普说', 'Трумп сказал', 'ru', { glossary }));
    expect(issues.map((i) => i.severity)).toEqual(['warning', 'error']);
  });

  it('ignores terms of other languages and runs without a glossary', () => {
    expect(messages(glossaryCheck, ctx('白宫', 'The president’s house', 'en', { glossary }))).toEqual([]);
    expect(messages(glossaryCheck, ctx('白宫', 'x', 'en'))).toEqual([]);
  });
});
