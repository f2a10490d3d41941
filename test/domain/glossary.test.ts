import { describe, expect, it } from 'vitest';
import type { GlossaryEntry } from '../../src/domain/formats/glossary.js';
import { entryProblem, mergeGlossaries, termFinder, termProblem } from '../../src/domain/glossary.js';

describe('termFinder: longest match first, no overlaps', () => {
  const find = termFinder(['普京', '弗拉基米尔·普京', '拜登', '白宫', '宫殿', 'NATO', '']);
  it.each([
    [
      '弗拉基米尔·普京会见拜登',
      [
        ['弗拉基米尔·普京', 0],
        ['拜登', 10],
      ],
    ],
    [
      '普京和普京',
      [
        ['普京', 0],
        ['普京', 3],
      ],
    ],
    ['白宫殿', [['白宫', 0]]], // overlapping terms of the same length: the first wins
    [
      '宫殿白宫',
      [
        ['宫殿', 0],
        ['白宫', 2],
      ],
    ],
    ['NATO 与 nato', [['NATO', 0]]], // exact match
    ['没有术语', []],
    ['', []],
  ])('%s', (text, expected) => {
    expect(find(text).map((s) => [s.source, s.start])).toEqual(expected);
    for (const s of find(text)) expect(text.slice(s.start, s.end)).toBe(s.source);
  });
});

describe('term and entry validation names the field', () => {
  it.each([
    ['Beijing', undefined],
    ['', 'the term is empty'],
    [' Beijing', '" Beijing" has spaces at the start or end'],
    ['Bei\tjing', 'contains a tab or line break'],
    ['A|B', 'contains "|"'],
    ['x'.repeat(251), 'over 250'],
  ])('%j', (term, problem) => {
    if (problem === undefined) expect(termProblem(term)).toBeUndefined();
    else expect(termProblem(term)).toContain(problem);
  });

  it.each<[GlossaryEntry, [string, string] | undefined]>([
    [{ source: '北京', targets: [{ lang: 'en', terms: ['Beijing'], forbidden: ['Peking'] }] }, undefined],
    [{ source: '', targets: [] }, ['source', 'the term is empty']],
    [{ source: '北京', targets: [{ lang: 'ru', terms: ['Пекин', 'Пекин'], forbidden: [] }] }, ['ru', 'a term appears twice']],
    [
      { source: '北京', targets: [{ lang: 'en', terms: ['Beijing'], forbidden: ['Beijing'] }] },
      ['forbidden_en', '"Beijing" is both allowed and forbidden'],
    ],
    [{ source: '北京', note: 'x'.repeat(2001), targets: [] }, ['note', 'the note is 2001 characters, over 2000']],
  ])('%j', (entry, problem) => {
    expect(entryProblem(entry)).toEqual(problem);
  });
});

describe('mergeGlossaries', () => {
  const shared: GlossaryEntry[] = [
    {
      source: '北京',
      note: 'place',
      targets: [
        { lang: 'en', terms: ['Beijing'], forbidden: [] },
        { lang: 'ru', terms: ['Пекин'], forbidden: [] },
      ],
    },
    { source: '王毅', targets: [{ lang: 'ru', terms: ['Ван И'], forbidden: [] }] },
  ];
  it('keeps shared entries, lets the project replace a language (en-GB replaces en) and keep the others', () => {
    const project: GlossaryEntry[] = [{ source: '北京', targets: [{ lang: 'en-GB', terms: ['Peking'], forbidden: [] }] }];
    expect(mergeGlossaries(shared, project)).toEqual([
      {
        source: '北京',
        note: 'place',
        targets: [
          { lang: 'en-GB', terms: ['Peking'], forbidden: [] },
          { lang: 'ru', terms: ['Пекин'], forbidden: [] },
        ],
      },
      shared[1],
    ]);
  });
});
