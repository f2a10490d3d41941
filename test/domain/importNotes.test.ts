import { describe, expect, it } from 'vitest';
import { encodingNote, normalizationNote, parseNotes } from '../../src/domain/importNotes.js';

// The encoding note was shown in English inside a Russian or Chinese page: the stored English note is read
// back into a key and parameters so that pages can say it in the interface language.
describe('parseNotes', () => {
  it.each([
    ['', []],
    [encodingNote('GB18030/GBK'), [{ key: 'encoding', params: { from: 'GB18030/GBK' } }]],
    [encodingNote('UTF-16LE'), [{ key: 'encoding', params: { from: 'UTF-16LE' } }]],
    [normalizationNote('t2s', 3), [{ key: 'normalized', params: { config: 't2s', count: 3 } }]],
    [
      [encodingNote('Big5'), normalizationNote('tw2s', 12)].join('; '),
      [
        { key: 'encoding', params: { from: 'Big5' } },
        { key: 'normalized', params: { config: 'tw2s', count: 12 } },
      ],
    ],
    ['something an older version wrote', [{ key: null, text: 'something an older version wrote' }]],
  ])('reads %j', (notes, parts) => {
    expect(parseNotes(notes)).toEqual(parts);
  });
});
