import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n, type UiLang } from '../../../src/web/i18n.js';
import { localizeQaIssue, localizedIssues } from '../../../src/web/presenters/qa.js';
import { KEY_CASES } from '../../domain/qa/keyCases.js';

beforeAll(async () => {
  await initI18n();
});

const issueOf = (c: (typeof KEY_CASES)[number]) => c.check.run(c.ctx)[0]!;

describe('localizeQaIssue', () => {
  // Lists are joined the language's way, so English "a", "b" reads "a and b" there.
  it.each(KEY_CASES.filter((c) => c.key !== 'consistency').map((c) => [c.key, c] as const))(
    'en: %s reads exactly as the English message of the check',
    (_key, c) => {
      const i = issueOf(c);
      expect(localizeQaIssue('en', i)).toBe(i.message);
    },
  );

  it.each((['zh-Hans', 'zh-Hant', 'ru'] as UiLang[]).flatMap((lang) => KEY_CASES.map((c) => [lang, c.key, c] as const)))(
    '%s: %s is translated, with every name, number and mark of the issue in it',
    (lang, _key, c) => {
      const i = issueOf(c);
      const text = localizeQaIssue(lang, i);
      expect(text).not.toBe(i.message);
      expect(text).not.toMatch(/\{\{|\}\}|qa\.issue/);
      for (const [name, value] of Object.entries(i.params ?? {})) {
        if (['kind', 'ratio', 'min', 'max', 'targets', 'others'].includes(name)) continue;
        expect(text).toContain(String(value));
      }
    },
  );

  it.each([
    ['en', 'The link https://tass.ru/a of the source is missing in the target.'],
    ['zh-Hans', '译文缺少原文中的链接 https://tass.ru/a。'],
    ['ru', 'В переводе отсутствует элемент оригинала: ссылка https://tass.ru/a.'],
  ] as const)('%s: names the markup kind in the language', (lang, expected) => {
    expect(localizeQaIssue(lang, issueOf(KEY_CASES.find((c) => c.key === 'markupMissing')!))).toBe(expected);
  });

  it.each([
    ['en', 'lengthShort', '0.58 characters per source character, expected 1.2–6.'],
    ['ru', 'lengthShort', '0,58 знака на знак оригинала, ожидается 1,2–6.'],
    ['zh-Hans', 'glossaryMissing', '术语表：“普京”应译为"Putin"或"V. Putin"。'],
    ['ru', 'glossaryMissing', 'следует переводить как "Putin" или "V. Putin".'],
    ['en', 'consistency', 'elsewhere in the project: "Putin meets Biden." and "Putin saw Biden.".'],
  ] as const)('%s: %s writes numbers and lists the language’s way', (lang, key, expected) => {
    expect(localizeQaIssue(lang, issueOf(KEY_CASES.find((c) => c.key === key)!))).toContain(expected);
  });

  it.each([
    ['a row stored before keys existed', { message: 'The target is empty.', key: '' }],
    ['a key the locales do not have', { message: 'Something new.', key: 'noSuchKey' }],
  ])('falls back to the English message for %s', (_why, i) => {
    expect(localizeQaIssue('ru', i)).toBe(i.message);
  });

  it('keeps the English message beside the localized one', () => {
    const [i] = localizedIssues('ru', [issueOf(KEY_CASES[0]!)]);
    expect(i).toMatchObject({ message: 'The target is empty.', localizedMessage: 'Перевод пуст.', key: 'empty' });
  });
});
