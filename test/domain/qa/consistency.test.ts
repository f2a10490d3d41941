import { describe, expect, it } from 'vitest';
import { projectConsistencyCheck, targetsConsistencyCheck } from '../../../src/domain/qa/checks/consistency.js';
import { ctx, messages } from './helpers.js';

describe('project consistency check', () => {
  const projectTranslations = [
    { source: '会议议程', target: 'Meeting agenda' },
    { source: '会议议程', target: 'Meeting  agenda ' },
    { source: '白宫', target: 'White House' },
  ];

  it.each([
    ['en', '会议议程', 'Meeting agenda', 'same translation (whitespace ignored)'],
    ['en', '会议日程', 'Schedule', 'a different source'],
    ['ru', '会议议程', 'Повестка', 'no project translations given'],
  ])('%s: passes for %j → %j (%s)', (lang, source, target) => {
    const extra = lang === 'en' ? { projectTranslations } : {};
    expect(messages(projectConsistencyCheck, ctx(source, target, lang, extra))).toEqual([]);
  });

  it.each([
    [
      'en',
      '会议议程',
      'Agenda',
      [{ source: '会议议程', target: 'Meeting agenda' }],
      'The same source is translated differently elsewhere in the project: "Meeting agenda".',
    ],
    [
      'ru',
      '白宫',
      'Белый дом',
      [{ source: '白宫', target: 'Белый Дом' }],
      'The same source is translated differently elsewhere in the project: "Белый Дом".',
    ],
  ])('%s: reports %j → %j', (lang, source, target, projectTranslations, message) => {
    expect(messages(projectConsistencyCheck, ctx(source, target, lang, { projectTranslations }))).toEqual([message]);
  });
});

describe('targets consistency check', () => {
  it.each([
    ['ru', 'Около 35 тыс. человек 16 июня', { en: 'About 35,000 people on June 16' }, 'numbers agree across scales and month names'],
    ['en', 'About 35,000 people on June 16', { ru: 'Около 35 тыс. человек 16 июня' }, 'the same, seen from English'],
    [
      'ru',
      'По данным GNews, [ТАСС](https://tass.ru/a)',
      { en: 'According to GNews, [TASS](https://tass.ru/a)' },
      'Latin name and URL in both',
    ],
    ['en', 'Putin', { ru: '' }, 'an empty other target is not compared'],
    ['en', 'Putin 2021', {}, 'no other targets'],
  ] as [string, string, Record<string, string>, string][])('%s: passes for %j (%s)', (lang, target, otherTargets) => {
    expect(messages(targetsConsistencyCheck, ctx('源', target, lang, { otherTargets }))).toEqual([]);
  });

  it.each([
    ['ru', 'Около 35 тыс. человек 16 июня', { en: 'About 35,000 people on June 17' }, ['The number 16 is not in the en target.']],
    ['en', 'About 3,500 people', { ru: 'Около 35 тыс. человек' }, ['The number 3,500 is not in the ru target.']],
    ['ru', 'По данным GNews', { en: 'According to Gnews' }, []],
    ['ru', 'По данным GTV', { en: 'According to G News' }, ['"GTV" is not in the en target.']],
    [
      'en',
      'See [TASS](https://tass.ru/a)',
      { ru: 'См. [ТАСС](https://tass.ru/b)' },
      ['The URL https://tass.ru/a is not in the ru target.'],
    ],
  ])('%s: reports %j against %j', (lang, target, otherTargets, expected) => {
    expect(messages(targetsConsistencyCheck, ctx('源', target, lang, { otherTargets }))).toEqual(expected);
  });
});
