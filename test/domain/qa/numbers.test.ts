import { describe, expect, it } from 'vitest';
import { numbersCheck } from '../../../src/domain/qa/checks/numbers.js';
import { parseChineseNumeral, sourceNumbers, targetValues } from '../../../src/domain/qa/numbers.js';
import { ctx, messages } from './helpers.js';

describe('parseChineseNumeral', () => {
  it.each([
    ['十', 10],
    ['十五', 15],
    ['三十五', 35],
    ['一百二十', 120],
    ['两千', 2000],
    ['三万五千', 35000],
    ['一百零五', 105],
    ['二〇二一', 2021],
    ['两', 2],
    ['一亿二千万', 120000000],
  ])('%s = %i', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });
});

describe('sourceNumbers', () => {
  it.each([
    ['2021年05月25日', [2021, 5, 25]],
    ['3.5万人', [35000]],
    ['1.2亿美元', [120000000]],
    ['３５％', [35]],
    ['两国领导人', [2]],
    ['第三阶段', [3]],
    ['百分之三十五', [35]],
    ['一些人一直统一', []],
    ['百姓和数百人', []],
    ['十分重要', []],
    ['《十字架》和零头', []],
    ['一个问题', []],
  ])('%s has the numbers %j (Chinese numerals only before a measure word)', (text, values) => {
    expect(sourceNumbers(text).map((n) => n.values[0])).toEqual(values);
  });
});

describe('targetValues', () => {
  it.each([
    ['35,000', 'en', 35000],
    ['35 000', 'ru', 35000],
    ['35\u00a0000', 'ru', 35000],
    ['35\u202f000', 'ru', 35000],
    ['3,5', 'ru', 3.5],
    ['35 thousand', 'en', 35000],
    ['35 тыс.', 'ru', 35000],
    ['120 million', 'en', 120000000],
    ['120 млн', 'ru', 120000000],
    ['June', 'en', 6],
    ['июня', 'ru', 6],
    ['thirty-five', 'en', 35],
    ['тридцать пять', 'ru', 35],
    ['both', 'en', 2],
    ['обоих', 'ru', 2],
  ])('%j (%s) can be read as %d', (text, lang, value) => {
    expect(targetValues(text, lang).has(value)).toBe(true);
  });
});

describe('numbers check', () => {
  it.each([
    ['en', '2021年05月25日，普京将于6月16日会晤。', 'On May 25, 2021, Putin is to meet on June 16.', 'dates with month names'],
    [
      'ru',
      '2021年05月25日，普京将于6月16日会晤。',
      '25 мая 2021 года Путин встретится 16 июня.',
      'Russian dates with genitive month names',
    ],
    ['en', '约3.5万人参加', 'About 35,000 people took part', '万 read as ten thousand'],
    ['en', '约3.5万人参加', 'About 35 thousand people', 'a scale word'],
    ['ru', '约3.5万人参加', 'Около 35 тыс. человек', 'тыс.'],
    ['ru', '约3.5万人参加', 'Около 35 000 человек', 'space as thousands separator'],
    ['en', '1.2亿美元', '$120 million', '亿 as hundred million'],
    ['ru', '1.2亿美元', '120 млн долларов', 'млн'],
    ['en', '增长35%', 'up 35 %', 'a percent with a space'],
    ['ru', '增长3.5%', 'рост на 3,5%', 'decimal comma in Russian'],
    ['en', '三十五人', '35 people', 'Chinese numeral to digits'],
    ['en', '两国领导人', 'the leaders of both countries', '两 as both'],
    ['ru', '两国领导人', 'лидеры двух стран', '两 as двух'],
    ['en', '第三阶段', 'the third stage', 'ordinal'],
    ['ru', '３５人', '35 человек', 'full-width digits'],
    ['en', '见https://gnews.org/1273823/', 'See https://gnews.org/1273823/', 'digits inside URLs are not numbers'],
    ['zh-Hant', '六月十六日，3.5万人', '六月十六日，3.5萬人', 'a Chinese target keeps Chinese forms'],
    ['ru', '增长35%', 'рост на 35 %', 'a Russian percent with a space'],
    ['en', '三十五人', 'thirty-five people', 'Chinese numeral to English words'],
    ['ru', '三十五人', 'тридцать пять человек', 'Chinese numeral to Russian words'],
    ['ru', '第三阶段', 'третий этап', 'Russian ordinal'],
    ['en', '六月十六日', 'June 16', 'a date in Chinese numerals'],
    ['ru', '六月十六日', '16 июня', 'a date in Chinese numerals, in Russian'],
    ['ru', '约3.5万人参加', 'Около 35 тысяч человек', 'тысяч spelled out'],
    ['en', '1.2亿美元', '120,000,000 dollars', '亿 written out in digits'],
  ])('%s: passes for %j → %j (%s)', (lang, source, target) => {
    expect(messages(numbersCheck, ctx(source, target, lang))).toEqual([]);
  });

  it.each([
    ['en', '普京将于6月16日会晤。', 'Putin is to meet on June 17.', ['The number 16 of the source is not in the target.']],
    ['ru', '普京将于6月16日会晤。', 'Путин встретится 16 июля.', ['The number 6 of the source is not in the target.']],
    ['en', '约3.5万人参加', 'About 3,500 people', ['The number 3.5万 (35,000) of the source is not in the target.']],
    ['ru', '1.2亿美元', '12 млн долларов', ['The number 1.2亿 (120,000,000) of the source is not in the target.']],
    ['en', '三十五人', '25 people', ['The number 三十五 (35) of the source is not in the target.']],
    ['ru', '三十五人', 'двадцать пять человек', ['The number 三十五 (35) of the source is not in the target.']],
    ['en', '增长35%', 'up 3.5%', ['The number 35 of the source is not in the target.']],
    ['ru', '约3.5万人参加', 'Около 3,5 тыс. человек', ['The number 3.5万 (35,000) of the source is not in the target.']],
    ['en', '1.2亿美元', '$12 million', ['The number 1.2亿 (120,000,000) of the source is not in the target.']],
    ['ru', '六月十六日', '16 июля', ['The number 六 (6) of the source is not in the target.']],
  ])('%s: reports %j → %j', (lang, source, target, expected) => {
    expect(messages(numbersCheck, ctx(source, target, lang))).toEqual(expected);
  });

  it('makes a missing digit number an error and a missing Chinese numeral a warning', () => {
    const issues = numbersCheck.run(ctx('三十五人和2021年', 'people'));
    expect(issues.map((i) => [i.severity, i.side, i.start, i.end])).toEqual([
      ['warning', 'source', 0, 3],
      ['error', 'source', 5, 9],
    ]);
  });
});
