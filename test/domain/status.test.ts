import { describe, expect, it } from 'vitest';
import { draftMayReplace, type TranslationState } from '../../src/domain/status.js';

// Never overwrite human work: a machine draft may take only an empty place, or (when asked) an earlier MT draft.
const cases: { why: string; state: TranslationState | null | undefined; overwriteDrafts: boolean; may: boolean }[] = [
  { why: 'no translation yet', state: undefined, overwriteDrafts: false, may: true },
  { why: 'no translation yet (null)', state: null, overwriteDrafts: false, may: true },
  { why: 'an untranslated row holds no work', state: { status: 'untranslated', origin: 'human' }, overwriteDrafts: false, may: true },
  {
    why: 'an MT draft is kept unless overwriting drafts was asked',
    state: { status: 'draft', origin: 'mt' },
    overwriteDrafts: false,
    may: false,
  },
  { why: 'an MT draft may be redone when asked', state: { status: 'draft', origin: 'mt' }, overwriteDrafts: true, may: true },
  { why: 'a memory draft is not an MT draft', state: { status: 'draft', origin: 'tm' }, overwriteDrafts: true, may: false },
  { why: 'an OpenCC draft is not an MT draft', state: { status: 'draft', origin: 'opencc' }, overwriteDrafts: true, may: false },
  { why: "a person's draft is human work", state: { status: 'draft', origin: 'human' }, overwriteDrafts: true, may: false },
  {
    why: 'a translated MT text was confirmed by a person',
    state: { status: 'translated', origin: 'mt' },
    overwriteDrafts: true,
    may: false,
  },
  { why: 'a reviewed translation is human work', state: { status: 'reviewed', origin: 'human' }, overwriteDrafts: true, may: false },
  { why: 'a rejected MT text was judged by a person', state: { status: 'rejected', origin: 'mt' }, overwriteDrafts: true, may: false },
  { why: 'an imported translation is human work', state: { status: 'translated', origin: 'import' }, overwriteDrafts: true, may: false },
];

describe('draftMayReplace', () => {
  it.each(cases)('$why → $may', ({ state, overwriteDrafts, may }) => {
    expect(draftMayReplace(state, overwriteDrafts)).toBe(may);
  });
});
