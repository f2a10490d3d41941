import { describe, expect, it } from 'vitest';
import {
  convertWith,
  createEngineConverter,
  extractTofuRisk,
  generateStPhrasesFromRegional,
  parseOpenccDict,
  reverseOpenccDict,
  segment,
  type DictSpec,
} from '../../src/domain/openccEngine.js';

const d = (text: string) => parseOpenccDict(text);
const chars = d('发\t發 髮\n头\t頭\n干\t乾 幹\n𫫇\t噁\n');
const phrases = d('头发\t頭髮\n干燥\t乾燥\n');

describe('parseOpenccDict', () => {
  it('keeps the first value of each line and skips comments, blank lines and CRLF', () => {
    const dict = d('# comment\n\n甲\t乙 丙\r\n甲\t丁\n长键\t長鍵\n');
    expect([...dict.map]).toEqual([
      ['甲', '乙'],
      ['长键', '長鍵'],
    ]);
    expect(dict.lengths).toEqual([2, 1]);
  });
});

describe('matching and conversion', () => {
  it.each<[string, DictSpec, string, string]>([
    ['longest match within one dictionary', d('头\t頭\n头发\t頭髮\n'), '头发长', '頭髮长'],
    [
      'short_circuit: the first dictionary that matches wins even when a later one matches longer',
      { policy: 'short_circuit', dicts: [chars, phrases] },
      '头发',
      '頭發',
    ],
    ['union: the longest match of all dictionaries wins', { policy: 'union', dicts: [chars, phrases] }, '头发', '頭髮'],
    ['astral characters are matched and copied whole', chars, '二𫫇英𠀀', '二噁英𠀀'],
  ])('%s', (_why, spec, input, expected) => {
    expect(convertWith(spec, input)).toBe(expected);
  });

  it('segments as OpenCC does: matches are segments, the characters between them one segment', () => {
    expect(segment(phrases, '她的头发很干燥啊')).toEqual(['她的', '头发', '很', '干燥', '啊']);
  });

  it('converts each segment separately in each step, so a later step never matches across a segment boundary', () => {
    // Without segmentation the second step would turn 頭髮很 into X; with it, 頭髮 and 很 are apart.
    const convert = createEngineConverter({
      segmentation: phrases,
      chain: [{ policy: 'short_circuit', dicts: [phrases, chars] }, d('髮很\tX\n')],
    });
    expect(convert('头发很干燥')).toBe('頭髮很乾燥');
    expect(createEngineConverter({ chain: [{ policy: 'short_circuit', dicts: [phrases, chars] }, d('髮很\tX\n')] })('头发很干燥')).toBe(
      '頭X乾燥',
    );
  });
});

describe('derived dictionaries (as OpenCC data/scripts make them)', () => {
  it('reverses a dictionary, every value back to its keys in order, with @reverse-prefer first', () => {
    const text = '僞\t偽\n只\t只 衹\n# @reverse-prefer: 才\n才\t才\n纔\t才\n';
    expect(reverseOpenccDict(text)).toBe('偽\t僞\n只\t只\n才\t才 纔\n衹\t只\n');
    // Without the preference, file order decides: 纔 (first in the file) would come first.
    expect(reverseOpenccDict('纔\t才\n才\t才\n')).toBe('才\t纔 才\n');
    expect(reverseOpenccDict('# @reverse-prefer: 才\n纔\t才\n才\t才\n')).toBe('才\t才 纔\n');
  });

  it('refuses a @reverse-prefer naming no mapping', () => {
    expect(() => reverseOpenccDict('# @reverse-prefer: 才 財\n纔\t才\n')).toThrow(/才 -> 財/);
  });

  it('extracts the @tofu-risk mappings without the key itself', () => {
    expect(extractTofuRisk('㑯\t㑔\n# @tofu-risk: rare\n㑮\t㑮 𫝈\n')).toBe('㑮\t𫝈\n');
    expect(() => extractTofuRisk('# @tofu-risk: rare\n# another comment\n')).toThrow(/expected a mapping/);
  });

  it('projects regional phrase keys of 3 characters or more to Simplified, refusing conflicts', () => {
    const t2s = (s: string) => convertWith(d('諾\t诺\n羅\t罗\n來\t来\n納\t纳\n'), s);
    expect(generateStPhrasesFromRegional(['伊利諾伊\t伊利諾\n光標\t游標\n', '北卡羅來納\t北卡羅萊納\n'], t2s)).toBe(
      '伊利诺伊\t伊利諾伊\n北卡罗来纳\t北卡羅來納\n',
    );
    expect(() => generateStPhrasesFromRegional(['羅來納\tx\n', '罗來納\ty\n'], t2s)).toThrow(/罗来纳: 羅來納 罗來納/);
  });
});
