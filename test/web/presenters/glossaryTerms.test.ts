import { describe, expect, it } from 'vitest';
import { displayPieces, type TermHighlight } from '../../../src/web/presenters/segment.js';
import type { FoundTerm } from '../../../src/services/glossaryService.js';
import { termFinder } from '../../../src/domain/glossary.js';

// The editor's finder, built as glossaryHighlighter builds it, over a fixed Russian glossary.
const glossary: Record<string, Omit<FoundTerm, 'start' | 'end' | 'source'>> = {
  普京: { terms: ['Путин'], forbidden: [] },
  '弗拉基米尔·普京': { terms: ['Владимир Путин'], forbidden: [], note: 'person' },
  川普: { terms: ['Трамп'], forbidden: ['Трумп'], pos: 'properNoun', note: 'person' },
  example: { terms: ['пример'], forbidden: [] },
  北京: { terms: ['Пекин'], forbidden: [] },
};
const find = termFinder(Object.keys(glossary));
const terms: TermHighlight = {
  find: (text) => find(text).map((s) => ({ ...s, ...glossary[s.source]! })),
  forbiddenLabel: 'Не использовать',
};

/** Pieces as `text` for plain runs, `[text|class|title]` for marked ones. */
const show = (source: string, kind = 'paragraph') =>
  displayPieces(source, kind, terms)
    .map((p) => (p.cls ? `[${p.text}|${p.cls}${p.title ? `|${p.title}` : ''}]` : p.text))
    .join('');

describe('editor: glossary terms marked in the source', () => {
  it.each([
    ['plain Chinese', '普京抵达北京。', '[普京|term|Путин]抵达[北京|term|Пекин]。'],
    ['longest match, no nested term', '弗拉基米尔·普京说', '[弗拉基米尔·普京|term|Владимир Путин\nperson]说'],
    ['forbidden variants and the note on hover', '川普', '[川普|term term-forbidden|Трамп\nНе использовать: Трумп\nproperNoun — person]'],
    [
      'inside emphasis and link text',
      '**普京**和[北京](https://x.cn/北京)',
      '[**|mk mk-strong][普京|term|Путин][**|mk mk-strong]和[[|mk mk-link|https://x.cn/北京][北京|term|Пекин][](https://x.cn/北京)|mk mk-link]',
    ],
    ['never inside inline code', '`普京` 普京', '[`普京`|mk mk-code] [普京|term|Путин]'],
    ['never inside a URL', '见https://example.com/普京 。', '见[https://example.com/普京|mk mk-url|https://example.com/普京] 。'],
    ['never inside HTML', '<span title="北京">京</span>', '[<span title="北京">|mk mk-html]京[</span>|mk mk-html]'],
    ['not across markup', '普**京**', '普[**|mk mk-strong]京[**|mk mk-strong]'],
    // The display text of a wiki link is text (its page is markup, shown on hover).
    [
      'inside wiki link text',
      '[[zh:北京]]和[[zh:川普|普京]]',
      '[[[zh:|mk mk-wikilink|zh:北京][北京|term|Пекин][]]|mk mk-wikilink]和[[[zh:川普||mk mk-wikilink|zh:川普][普京|term|Путин][]]|mk mk-wikilink]',
    ],
    ['table cells', '| 北京 | 普京 |', '[||mk mk-pipe] [北京|term|Пекин] [||mk mk-pipe] [普京|term|Путин] [||mk mk-pipe]'],
  ])('%s', (_why, source, expected) => {
    expect(show(source, source.startsWith('|') ? 'table_row' : 'paragraph')).toBe(expected);
    expect(
      displayPieces(source, 'paragraph', terms)
        .map((p) => p.text)
        .join(''),
    ).toBe(source);
  });

  it('marks nothing without a glossary', () => {
    expect(displayPieces('普京', 'paragraph')).toEqual([{ cls: '', text: '普京' }]);
  });
});
