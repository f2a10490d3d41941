import { describe, expect, it } from 'vitest';
import { markHits, type DisplayPiece } from '../../../src/web/presenters/segment.js';

const text = (t: string): DisplayPiece => ({ cls: '', text: t });

describe('markHits: the editor shows where the filter text was found in the source', () => {
  it.each([
    ['no search leaves the pieces alone', [text('普京和拜登')], undefined, [text('普京和拜登')]],
    ['a Chinese hit in the middle', [text('普京和拜登会晤')], '拜登', [text('普京和'), { cls: 'hit', text: '拜登' }, text('会晤')]],
    [
      'every occurrence, ignoring case',
      [text('Geneva, geneva')],
      'GENEVA',
      [{ cls: 'hit', text: 'Geneva' }, text(', '), { cls: 'hit', text: 'geneva' }],
    ],
    [
      'a glossary term keeps its class and title',
      [{ cls: 'term', text: '普京', title: 'Putin' }],
      '普京',
      [{ cls: 'term hit', text: '普京', title: 'Putin' }],
    ],
    ['regex characters are plain text', [text('a.b a*b')], '.', [text('a'), { cls: 'hit', text: '.' }, text('b a*b')]],
  ] as [string, DisplayPiece[], string | undefined, DisplayPiece[]][])('%s', (_why, pieces, q, expected) => {
    expect(markHits(pieces, q)).toEqual(expected);
  });
});
