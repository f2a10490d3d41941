import { describe, expect, it } from 'vitest';
import { deeplTargetLang } from '../../src/mt/deepl.js';

describe('DeepL target languages', () => {
  it.each([
    ['en', 'en-US', 'en-US'],
    ['en', 'en-GB', 'en-GB'],
    // A project whose target is en-GB (or en-US) gets that variant whatever DEEPL_ENGLISH says.
    ['en-GB', 'en-US', 'en-GB'],
    ['en-US', 'en-GB', 'en-US'],
    ['ru', 'en-US', 'ru'],
    ['zh-Hant', 'en-US', 'zh-HANT'],
    ['zh-TW', 'en-US', 'zh-HANT'],
  ] as const)('%s with DEEPL_ENGLISH=%s → %s', (lang, variant, expected) => expect(deeplTargetLang(lang, variant)).toBe(expected));
});
