import { describe, expect, it } from 'vitest';
import { highlightPhrase } from '../../../src/domain/tm/concordance.js';

describe('highlightPhrase', () => {
  it.each([
    [
      'Chinese inside a sentence (no word boundaries)',
      '俄罗斯总统普京和美国总统拜登',
      '总统',
      ['俄罗斯', '[总统]', '普京和美国', '[总统]', '拜登'],
    ],
    ['Latin, ignoring case', 'The White House said white', 'white', ['The ', '[White]', ' House said ', '[white]']],
    ['Cyrillic, ignoring case', 'Белый дом. белый', 'БЕЛЫЙ', ['[Белый]', ' дом. ', '[белый]']],
    ['regular-expression characters taken literally', 'a (b) a.b', '(b)', ['a ', '[(b)]', ' a.b']],
    ['no occurrence', '白宫', '克里姆林宫', ['白宫']],
    ['an empty phrase marks nothing', '白宫', '', ['白宫']],
  ])('%s', (_why, text, phrase, expected) => {
    const pieces = highlightPhrase(text, phrase);
    expect(pieces.map((p) => (p.hit ? `[${p.text}]` : p.text))).toEqual(expected);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
  });
});
