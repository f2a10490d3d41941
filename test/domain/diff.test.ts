import { describe, expect, it } from 'vitest';
import { diffChars, diffText, diffTokens } from '../../src/domain/diff.js';

describe('diffTokens', () => {
  it.each([
    ['普京会见拜登。', ['普', '京', '会', '见', '拜', '登', '。']],
    ['Putin met Biden.', ['Putin', ' ', 'met', ' ', 'Biden', '.']],
    ['Путин встретился', ['Путин', ' ', 'встретился']],
    ['June 16, 2021', ['June', ' ', '16', ',', ' ', '2021']],
  ])('%j → %j (Han one by one, words whole)', (text, tokens) => {
    expect(diffTokens(text)).toEqual(tokens);
  });
});

describe('diffText', () => {
  it.each([
    ['identical', 'Putin met Biden.', 'Putin met Biden.', [{ op: 'equal', text: 'Putin met Biden.' }]],
    ['from nothing', '', 'Putin', [{ op: 'insert', text: 'Putin' }]],
    ['to nothing', 'Putin', '', [{ op: 'delete', text: 'Putin' }]],
    [
      'a word replaced in English (whole words, not letters)',
      'Putin met Biden on June 17.',
      'Putin met Biden on June 16.',
      [
        { op: 'equal', text: 'Putin met Biden on June ' },
        { op: 'delete', text: '17' },
        { op: 'insert', text: '16' },
        { op: 'equal', text: '.' },
      ],
    ],
    [
      'a Russian word replaced',
      'Путин встретится с Байденом',
      'Путин встретился с Байденом',
      [
        { op: 'equal', text: 'Путин ' },
        { op: 'delete', text: 'встретится' },
        { op: 'insert', text: 'встретился' },
        { op: 'equal', text: ' с Байденом' },
      ],
    ],
    [
      'one Chinese character changed (character level)',
      '俄罗斯总统普京',
      '俄羅斯总统普京',
      [
        { op: 'equal', text: '俄' },
        { op: 'delete', text: '罗' },
        { op: 'insert', text: '羅' },
        { op: 'equal', text: '斯总统普京' },
      ],
    ],
    [
      'a word inserted in the middle',
      'Putin met Biden',
      'Putin finally met Biden',
      [
        { op: 'equal', text: 'Putin ' },
        { op: 'insert', text: 'finally ' },
        { op: 'equal', text: 'met Biden' },
      ],
    ],
  ])('%s', (_name, before, after, parts) => {
    expect(diffText(before, after)).toEqual(parts);
  });

  it('rebuilds both texts from its parts', () => {
    const before = '克里姆林宫表示，普京将出席。The Kremlin said Putin would attend.';
    const after = '克里姆林宫说，普京会出席。The Kremlin said that Putin will attend!';
    const parts = diffText(before, after);
    expect(
      parts
        .filter((p) => p.op !== 'insert')
        .map((p) => p.text)
        .join(''),
    ).toBe(before);
    expect(
      parts
        .filter((p) => p.op !== 'delete')
        .map((p) => p.text)
        .join(''),
    ).toBe(after);
  });

  it('shows a huge, wholly different middle as one replacement instead of building a giant table', () => {
    const a = '甲'.repeat(3000);
    const b = '乙'.repeat(3000);
    expect(diffText(a, b)).toEqual([
      { op: 'delete', text: a },
      { op: 'insert', text: b },
    ]);
  });
});

describe('diffChars (a memory match against the new source)', () => {
  const rebuild = (pieces: { op: string; text: string }[], keep: string) =>
    pieces
      .filter((p) => p.op === 'equal' || p.op === keep)
      .map((p) => p.text)
      .join('');

  it('highlights an insertion in the new source as an insertion', () => {
    expect(diffChars('俄罗斯总统普京', '俄罗斯总统弗拉基米尔·普京')).toEqual([
      { op: 'equal', text: '俄罗斯总统' },
      { op: 'insert', text: '弗拉基米尔·' },
      { op: 'equal', text: '普京' },
    ]);
  });

  it('puts the deletion before the insertion at a replacement, so the old text reads first', () => {
    expect(diffChars('6月16日在日内瓦会晤', '6月17日在日内瓦会晤')).toEqual([
      { op: 'equal', text: '6月1' },
      { op: 'delete', text: '6' },
      { op: 'insert', text: '7' },
      { op: 'equal', text: '日在日内瓦会晤' },
    ]);
  });

  it('falls back to one deletion and one insertion for very long, very different texts (bounded memory)', () => {
    const a = '甲' + '乙'.repeat(3000) + '丙';
    const b = '甲' + '丁'.repeat(3000) + '丙';
    expect(diffChars(a, b)).toEqual([
      { op: 'equal', text: '甲' },
      { op: 'delete', text: '乙'.repeat(3000) },
      { op: 'insert', text: '丁'.repeat(3000) },
      { op: 'equal', text: '丙' },
    ]);
  });

  it.each([
    ['', ''],
    ['', '新句子'],
    ['旧句子', ''],
    ['克里姆林宫表示，美国和俄罗斯领导人计划', '白宫表示，美国领导人计划讨论'],
    ['𠀀𠀁', '𠀁𠀀'],
  ])('equal+delete rebuilds the TM source and equal+insert the new source (%j → %j)', (a, b) => {
    const pieces = diffChars(a, b);
    expect(rebuild(pieces, 'delete')).toBe(a);
    expect(rebuild(pieces, 'insert')).toBe(b);
    expect(pieces.every((p) => p.text.length > 0)).toBe(true);
  });
});
