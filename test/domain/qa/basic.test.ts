import { describe, expect, it } from 'vitest';
import { emptyCheck, lengthBand, lengthCheck, untranslatedCheck, whitespaceCheck } from '../../../src/domain/qa/checks/basic.js';
import { ctx, messages } from './helpers.js';

const SOURCE = '俄罗斯总统弗拉基米尔·普京和美国总统乔·拜登将于6月16日在日内瓦会晤。';

describe('empty check', () => {
  it.each([
    ['en', '普京', '', ['The target is empty.']],
    ['ru', '普京', ' \n', ['The target is empty.']],
    ['en', '普京', 'Putin', []],
    ['ru', '', '', []],
  ])('%s: %j → %j gives %j', (lang, source, target, expected) => {
    expect(messages(emptyCheck, ctx(source, target, lang))).toEqual(expected);
  });
});

describe('untranslated check', () => {
  it.each([
    ['en', 'Putin met Biden.'],
    ['ru', 'Путин встретился с Байденом.'],
    ['en', 'See [[zh:普京|Putin]] and `普京`'], // Han inside a wiki link's page or code is markup
    ['en', 'COVID-19'], // source without Han equal to the target is fine
  ])('%s: passes for %j', (lang, target) => {
    const source = target === 'COVID-19' ? 'COVID-19' : '普京会见拜登。';
    expect(messages(untranslatedCheck, ctx(source, target, lang))).toEqual([]);
  });

  it.each([
    ['en', '普京会见拜登。', '普京会见拜登。', 'The target is the same as the source: it has not been translated.', 'error'],
    ['ru', '普京会见拜登。', ' 普京会见拜登。 ', 'The target is the same as the source: it has not been translated.', 'error'],
    ['en', '普京会见拜登。', 'Putin met 拜登.', 'Chinese text "拜登" left in the target.', 'warning'],
    ['ru', '普京会见拜登。', 'Путин встретился с 拜登.', 'Chinese text "拜登" left in the target.', 'warning'],
    // An unpiped wiki link shows its page name to the reader: Chinese left in an English article.
    ['en', '[[zh:普京]]会见拜登。', '[[zh:普京]] met Biden.', 'Chinese text "普京" left in the target.', 'warning'],
  ])('%s: reports %j → %j', (lang, source, target, message, severity) => {
    const issues = untranslatedCheck.run(ctx(source, target, lang));
    expect(issues.map((i) => [i.message, i.severity])).toEqual([[message, severity]]);
  });

  it('does not apply to Chinese targets (a converted text may equal its source)', () => {
    expect(untranslatedCheck.appliesTo('zh-Hant')).toBe(false);
  });
});

describe('whitespace check', () => {
  it.each([
    ['en', '普京', 'Putin'],
    ['ru', ' 普京  ', ' Путин  '],
    ['en', '\u3000普京', ' Putin'], // an ideographic space counts as a space
  ])('%s: passes for %j → %j', (lang, source, target) => {
    expect(messages(whitespaceCheck, ctx(source, target, lang))).toEqual([]);
  });

  it.each([
    ['en', '普京', ' Putin', 'Leading whitespace differs: "" in the source, " " in the target.'],
    ['ru', '普京  ', 'Путин', 'Trailing whitespace differs: "  " in the source, "" in the target.'],
  ])('%s: reports %j → %j (a lost hard break or stray space)', (lang, source, target, message) => {
    expect(messages(whitespaceCheck, ctx(source, target, lang))).toEqual([message]);
  });
});

describe('length check', () => {
  it.each([
    ['en', 'Russian President Vladimir Putin and US President Joe Biden will meet in Geneva on June 16.'],
    ['ru', 'Президент России Владимир Путин и президент США Джо Байден встретятся в Женеве 16 июня.'],
    ['zh-Hant', '俄羅斯總統弗拉基米爾·普京和美國總統喬·拜登將於6月16日在日內瓦會晤。'],
  ])('%s: a normal translation is within the band', (lang, target) => {
    expect(messages(lengthCheck, ctx(SOURCE, target, lang))).toEqual([]);
  });

  it.each([
    ['en', 'Putin and Biden meet.', /short/],
    ['ru', 'Путин и Байден.', /short/],
    ['en', 'Russian President Vladimir Putin and US President Joe Biden will meet in Geneva on June 16. '.repeat(3), /long/],
  ])('%s: flags %j', (lang, target, re) => {
    const [message] = messages(lengthCheck, ctx(SOURCE, target, lang));
    expect(message).toMatch(re);
  });

  it('skips short sources, whose ratios vary too much', () => {
    expect(messages(lengthCheck, ctx('会议议程', 'The agenda of the meeting between the two presidents'))).toEqual([]);
  });

  it('documents its bands per language', () => {
    expect(lengthBand('en-US')).toEqual([1.2, 6.0]);
    expect(lengthBand('ru')).toEqual([1.3, 7.0]);
    expect(lengthBand('zh-TW')).toEqual([0.8, 1.25]);
  });
});
