import { describe, expect, it } from 'vitest';
import {
  configForTarget,
  formatTargetConfigs,
  isSimplifiedSource,
  parseTargetConfigs,
  type TargetConfigs,
} from '../../src/domain/chineseTargets.js';
import { normalizeSegmentSource, parseConversionConfig } from '../../src/domain/convert.js';
import { highlightPieces } from '../../src/domain/diff.js';

describe('target configurations', () => {
  it.each([
    { lang: 'zh-Hant', own: {}, config: 's2t' },
    { lang: 'zh-TW', own: {}, config: 's2twp' },
    { lang: 'zh-HK', own: {}, config: 's2hk' },
    { lang: 'zh-TW', own: { 'zh-TW': 's2tw' as const }, config: 's2tw' },
    { lang: 'zh-HK', own: parseTargetConfigs('zh-HK=s2hkp'), config: 's2hkp' }, // Hong Kong phrases on request
  ])('drafts $lang with $config (project choice first)', ({ lang, own, config }) => {
    expect(configForTarget(lang, own as TargetConfigs)).toBe(config);
  });

  it('refuses a language conversion cannot draft, listing those it can', () => {
    expect(() => configForTarget('en')).toThrow(/"en" cannot be drafted by conversion; use one of zh-Hant, zh-TW, zh-HK/);
  });

  it('stores only the choices that differ from the defaults, and reads them back', () => {
    const stored = formatTargetConfigs({ 'zh-TW': 's2tw', 'zh-HK': 's2hk' });
    expect(stored).toBe('zh-TW=s2tw');
    expect(parseTargetConfigs(stored)).toEqual({ 'zh-TW': 's2tw' });
    expect(parseTargetConfigs('')).toEqual({});
  });

  it.each([
    { stored: 'zh-TW=t2s', message: /does not convert from Simplified/ },
    { stored: 'zh-HK=hk2sp', message: /does not convert from Simplified; use one of s2t, s2tw, s2twp, s2hk, s2hkp/ },
    { stored: 'zh-TW=nope', message: /"nope" is not a known conversion configuration/ },
    { stored: 'en=s2t', message: /"en" cannot be drafted/ },
    { stored: 'zh-TW', message: /not lang=config/ },
  ])('refuses a bad stored entry: $stored', ({ stored, message }) => {
    expect(() => parseTargetConfigs(stored)).toThrow(message);
  });

  it.each([
    ['zh', true],
    ['zh-Hans', true],
    ['zh-CN', true],
    ['zh-Hant', false],
    ['zh-TW', false],
    ['en', false],
  ])('source %s is Simplified: %s', (lang, ok) => {
    expect(isSimplifiedSource(lang)).toBe(ok);
  });
});

describe('parseConversionConfig', () => {
  it('accepts a known name (trimmed)', () => {
    expect(parseConversionConfig(' s2twp ')).toBe('s2twp');
  });
  it('names the unknown value and lists every valid one, with a stable code', () => {
    expect(() => parseConversionConfig('s2x', '--config')).toThrow(
      /^--config: "s2x" is not a known conversion configuration; use one of s2t, t2s, .*jp2t$/,
    );
    try {
      parseConversionConfig('s2x');
    } catch (err) {
      expect(err).toMatchObject({
        code: 'unknown_config',
        status: 400,
        details: { value: 's2x', valid: expect.arrayContaining(['s2hk']) },
      });
    }
  });
});

describe('normalizeSegmentSource', () => {
  it.each([
    {
      why: 't2s changes only the Traditional parts of a mixed text',
      text: '返回首頁，简体正文',
      config: 't2s' as const,
      out: '返回首页，简体正文',
    },
    {
      why: 't2s leaves a Simplified text as it is',
      text: '美国总统将于6月16日会晤。',
      config: 't2s' as const,
      out: '美国总统将于6月16日会晤。',
    },
    {
      why: 'link targets and inline code are untouched',
      text: '見[頁面](http://例子.com/頁) `頁`',
      config: 't2s' as const,
      out: '见[页面](http://例子.com/頁) `頁`',
    },
    { why: 's2t converts a mostly Simplified text', text: '这是简体。', config: 's2t' as const, out: '這是簡體。' },
    {
      why: 's2t leaves a Traditional text alone (no 馬里蘭 → 馬裏蘭 remapping)',
      text: '馬里蘭州的這傢伙',
      config: 's2t' as const,
      out: '馬里蘭州的這傢伙',
    },
  ])('$why', ({ text, config, out }) => {
    expect(normalizeSegmentSource(text, config)).toBe(out);
  });
});

describe('highlightPieces', () => {
  it('splits the result into unchanged and changed pieces that join back to it', () => {
    const pieces = highlightPieces('软件 and 鼠标', '軟體 and 滑鼠');
    expect(pieces.map((p) => p.text).join('')).toBe('軟體 and 滑鼠');
    expect(pieces.filter((p) => p.changed).map((p) => [p.before, p.text])).toEqual([
      ['软件', '軟體'],
      ['鼠标', '滑鼠'],
    ]);
  });
  it('gives one plain piece when nothing changed, and none for empty text', () => {
    expect(highlightPieces('abc', 'abc')).toEqual([{ text: 'abc', changed: false }]);
    expect(highlightPieces('', '')).toEqual([]);
  });
});
