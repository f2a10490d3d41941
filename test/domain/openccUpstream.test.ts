/**
 * OpenCC's own test cases (test/testcases/testcases.json of BYVoid/OpenCC, copied into
 * test/fixtures/opencc/) run through every configuration bitext offers, plus cases written from the
 * Hong Kong dictionaries for the configurations opencc-js lacks (s2hkp, hk2sp).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CONVERSION_CONFIG_NAMES,
  convertInline,
  getConverter,
  isConversionConfigName,
  type ConversionConfigName,
} from '../../src/domain/convert.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/opencc/testcases.json');
// Upstream's file has a trailing comma (case_055_s2t) that JSON.parse refuses; OpenCC's loader accepts it.
const upstream = JSON.parse(readFileSync(fixture, 'utf8').replace(/,(\s*[}\]])/g, '$1')) as {
  cases: { id: string; input: string; expected: Record<string, string> }[];
};
const rows = upstream.cases.flatMap((c) =>
  Object.entries(c.expected).map(([config, expected]) => ({ id: c.id, config, input: c.input, expected })),
);

describe('OpenCC upstream test cases', () => {
  it('covers every configuration bitext offers, and offers every configuration the cases use', () => {
    const used = new Set(rows.map((r) => r.config));
    expect([...used].filter((c) => !isConversionConfigName(c))).toEqual([]);
    expect(CONVERSION_CONFIG_NAMES.filter((c) => !used.has(c))).toEqual([]);
    expect(rows).toHaveLength(512);
  });

  it.each(rows)('$id $config', ({ config, input, expected }) => {
    expect(getConverter(config as ConversionConfigName)(input)).toBe(expected);
  });
});

describe('Hong Kong phrases, written from HKPhrases.txt / HKPhrasesRev.txt', () => {
  it.each([
    ['s2hkp', '操作系统的文件夹', '作業系統的資料夾'],
    ['s2hkp', '服务器的硬盘坏了', '伺服器的硬碟壞了'],
    ['s2hkp', '宽带上网', '寬頻上網'],
    ['s2hkp', '学习编程语言', '學習程式語言'],
    ['s2hkp', '保护隐私权', '保護私隱權'],
    ['s2hkp', '詹姆斯·卡梅隆执导', '占士·金馬倫執導'],
    ['s2hkp', '得克萨斯州和弗吉尼亚州', '德薩斯州和維珍尼亞州'],
    ['s2hkp', '移动鼠标和光标', '移動滑鼠和游標'],
    // HK variant characters apply as in s2hk (HKVariants: 着, 裏 …) when no phrase matches.
    ['s2hkp', '里面着想', '裏面着想'],
    ['hk2sp', '作業系統的資料夾', '操作系统的文件夹'],
    ['hk2sp', '伺服器的硬碟壞了', '服务器的硬盘坏了'],
    ['hk2sp', '保護私隱權', '保护隐私权'],
    ['hk2sp', '占士·金馬倫執導', '詹姆斯·卡梅隆执导'],
    ['hk2sp', '德薩斯州和維珍尼亞州', '得克萨斯州和弗吉尼亚州'],
    ['hk2sp', '裏面着想', '里面着想'],
    // Without phrases, s2hk keeps the Mainland words and only converts characters.
    ['s2hk', '服务器的硬盘', '服務器的硬盤'],
  ] as const)('%s: %s → %s', (config, input, expected) => {
    expect(getConverter(config)(input)).toBe(expected);
  });

  it('converts Hong Kong phrases inside Markdown without touching link targets or wiki pages', () => {
    expect(convertInline('[鼠标](https://例子.com/鼠标)和[[zh:硬盘]]', 's2hkp')).toBe('[滑鼠](https://例子.com/鼠标)和[[zh:硬盘|硬碟]]');
  });
});
