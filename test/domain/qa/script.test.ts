import { describe, expect, it } from 'vitest';
import { scriptCheck } from '../../../src/domain/qa/checks/script.js';
import { ctx, messages } from './helpers.js';

describe('script check', () => {
  it.each([
    ['zh-Hant', '俄羅斯總統普京將於6月16日在日內瓦會晤。'],
    ['zh-TW', '俄羅斯總統普丁將於6月16日在日內瓦會晤。'],
    ['zh-HK', '俄羅斯總統普京將於6月16日在日內瓦會晤。'],
    ['zh-Hans', '俄罗斯总统普京将于6月16日在日内瓦会晤。'],
    ['zh-Hant', '見[[zh:俄罗斯|俄羅斯]]'], // a wiki link's page is markup, not text
  ])('%s: passes for %j', (lang, target) => {
    expect(messages(scriptCheck, ctx('俄罗斯总统普京将于6月16日在日内瓦会晤。', target, lang))).toEqual([]);
  });

  it.each([
    ['zh-Hant', '俄罗斯總統普京將於6月16日在日内瓦會晤。', 'Simplified characters in a Traditional Chinese target: 罗 内.'],
    ['zh-TW', '美国總統', 'Simplified characters in a Traditional Chinese target: 国.'],
    ['zh-HK', '這是简体', 'Simplified characters in a Traditional Chinese target: 简 体.'],
    ['zh-Hans', '俄罗斯總統', 'Traditional characters in a Simplified Chinese target: 總 統.'],
    // The reader sees the display text of an unpiped wiki link: it must be converted (piped) too.
    ['zh-Hant', '見[[zh:俄罗斯]]', 'Simplified characters in a Traditional Chinese target: 罗.'],
  ])('%s: warns on %j', (lang, target, message) => {
    expect(messages(scriptCheck, ctx('源', target, lang))).toEqual([message]);
  });

  it('is a warning pointing at the first offending character', () => {
    expect(scriptCheck.run(ctx('源', '美国總統', 'zh-Hant'))[0]).toMatchObject({ severity: 'warning', start: 1, end: 2 });
  });

  it('applies only to Chinese targets', () => {
    expect(['zh-Hant', 'zh-TW', 'zh-HK', 'zh-Hans', 'en', 'ru'].map((l) => scriptCheck.appliesTo(l))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
