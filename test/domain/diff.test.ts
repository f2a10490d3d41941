import { describe, expect, it } from 'vitest';
import { diffText, diffTokens } from '../../src/domain/diff.js';

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
