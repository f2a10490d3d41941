import { describe, expect, it } from 'vitest';
import { endPunctuationCheck, fullWidthPunctuationCheck, quotesCheck } from '../../../src/domain/qa/checks/punctuation.js';
import { ctx, messages } from './helpers.js';

describe('full-width punctuation check', () => {
  it.each([
    ['en', 'Putin said: "yes."'],
    ['ru', 'Путин сказал: «да».'],
    ['en', 'See `a，b` in code'], // inside inline code: markup, not text
  ])('%s: passes for %j', (lang, target) => {
    expect(messages(fullWidthPunctuationCheck, ctx('普京说：“是。”', target, lang))).toEqual([]);
  });

  it.each([
    ['en', 'Putin said：yes。', ['Chinese punctuation "：" in the target.', 'Chinese punctuation "。" in the target.']],
    [
      'ru',
      'Путин（президент）сказал，да',
      ['Chinese punctuation "（" in the target.', 'Chinese punctuation "）" in the target.', 'Chinese punctuation "，" in the target.'],
    ],
    ['en', 'the 《Treaty on Open Skies》、and', ['Chinese punctuation "《" in the target.', 'Chinese punctuation "》、" in the target.']],
  ])('%s: reports %j', (lang, target, expected) => {
    expect(messages(fullWidthPunctuationCheck, ctx('普京', target, lang))).toEqual(expected);
  });

  it('does not apply to Chinese targets, where full-width punctuation is right', () => {
    expect(fullWidthPunctuationCheck.appliesTo('zh-Hant')).toBe(false);
    expect(fullWidthPunctuationCheck.appliesTo('zh-TW')).toBe(false);
  });

  it('gives the offsets of the punctuation in the target', () => {
    expect(fullWidthPunctuationCheck.run(ctx('普京', 'Putin。'))[0]).toMatchObject({ start: 5, end: 6, severity: 'error' });
  });
});

describe('quotes check', () => {
  it.each([
    ['en', 'He said “yes”.', 'English curly quotes'],
    ['ru', 'Он сказал «да».', 'Russian guillemets'],
    ['ru', 'Он сказал «это „да“ и всё».', 'Russian nested „…“ inside «…»'],
    ['en', 'He said "yes".', 'straight quotes are not the other style'],
  ])('%s: passes for %j (%s)', (lang, target) => {
    expect(messages(quotesCheck, ctx('他说“是”。', target, lang))).toEqual([]);
  });

  it.each([
    ['en', 'He said «yes».', 2],
    ['ru', 'Он сказал “да”.', 2],
    ['ru', 'Он сказал “да».', 1],
  ])('%s: warns on the other style in %j', (lang, target, count) => {
    const issues = quotesCheck.run(ctx('他说“是”。', target, lang));
    expect(issues).toHaveLength(count);
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
  });
});

describe('end punctuation check', () => {
  it.each([
    ['en', '会晤将于6月举行。', 'The meeting will take place in June.'],
    ['ru', '会晤将于6月举行。', 'Встреча состоится в июне.'],
    ['en', '他们会见面吗？', 'Will they meet?'],
    ['ru', '他说：“我们会见面。”', 'Он сказал: «Мы встретимся».'],
    ['en', '**1．会议议程**', '**1. Meeting agenda**'],
    ['en', '会议议程', 'Meeting agenda'],
    ['zh-Hant', '会晤将于6月举行。', '會晤將於6月舉行。'],
  ])('%s: passes for %j → %j', (lang, source, target) => {
    expect(messages(endPunctuationCheck, ctx(source, target, lang))).toEqual([]);
  });

  it.each([
    [
      'en',
      '会晤将于6月举行。',
      'The meeting will take place in June',
      'The source ends a sentence (。！？) but the target does not end with . ! ? or ….',
    ],
    [
      'ru',
      '会晤将于6月举行！',
      'Встреча состоится в июне',
      'The source ends a sentence (。！？) but the target does not end with . ! ? or ….',
    ],
    ['en', '会议议程', 'Meeting agenda.', 'The target ends with sentence punctuation but the source does not.'],
  ])('%s: reports %j → %j', (lang, source, target, message) => {
    expect(messages(endPunctuationCheck, ctx(source, target, lang))).toEqual([message]);
  });
});
