import { describe, expect, it } from 'vitest';
import { analyse, characterCount, postEditDistance, type AnalysisRow } from '../../src/domain/analysis.js';

const row = (over: Partial<AnalysisRow> & Pick<AnalysisRow, 'segmentId' | 'source'>): AnalysisRow => ({
  index: over.segmentId - 1,
  status: 'untranslated',
  text: '',
  origin: null,
  ...over,
});

describe('postEditDistance', () => {
  it.each([
    ['Putin met Xi.', 'Putin met Xi.', 0, 'an MT draft confirmed unchanged needed no editing'],
    ['Putin met Xi.', '', 100, 'a draft thrown away entirely is 100'],
    ['abcd', 'abXd', 25, 'one character of four changed'],
    ['putin', 'Putin', 20, 'case corrections count: an editor made them'],
    ['Встреча в Пекине', 'Встреча в Пекине.', 5.9, 'Cyrillic counts per character'],
  ])('%j → %j = %d because %s', (draft, final, expected) => {
    expect(postEditDistance(draft, final)).toBe(expected);
  });
});

describe('characterCount', () => {
  it('counts code points, as providers bill them (an astral Han character is one)', () => {
    expect(characterCount('普京𠀀a')).toBe(4);
  });
});

describe('analyse', () => {
  const rows: AnalysisRow[] = [
    row({
      segmentId: 1,
      source: '普京会见习近平。',
      status: 'reviewed',
      text: 'Putin met Xi Jinping.',
      origin: 'mt',
      mtDraft: 'Putin met Xi Jinping.',
      tmScore: 100,
    }),
    row({ segmentId: 2, source: '普京会见习近平。', status: 'untranslated' }), // repetition of 1
    row({
      segmentId: 3,
      source: '双方讨论了乌克兰局势。',
      status: 'translated',
      text: 'The two sides discussed Ukraine.',
      origin: 'human',
      mtDraft: 'Both sides discussed the situation in Ukraine.',
      tmScore: 80,
    }),
    row({ segmentId: 4, source: '会谈持续了三个小时。', status: 'untranslated', tmScore: 96 }),
    row({ segmentId: 5, source: '新闻稿', status: 'draft', text: 'Press release', origin: 'mt', mtDraft: 'Press release' }),
    row({ segmentId: 6, source: '外交部发言人表示', status: 'untranslated', tmScore: 100 }),
  ];
  const a = analyse(rows);

  it('counts segments and source characters by status', () => {
    expect(a.total).toEqual({ segments: 6, characters: 8 + 8 + 11 + 10 + 3 + 8 });
    expect(a.byStatus.untranslated).toEqual({ segments: 3, characters: 8 + 10 + 8 });
    expect(a.byStatus.reviewed).toEqual({ segments: 1, characters: 8 });
  });

  it('counts a repeated source once as new and then as a repetition, outside the match bands', () => {
    expect(a.repetitions).toEqual({ segments: 1, characters: 8 });
    const banded = Object.values(a.matchBands).reduce((n, t) => n + t.segments, 0);
    expect(banded + a.repetitions.segments).toBe(a.total.segments);
    expect(a.matchBands['100'].segments).toBe(2);
    expect(a.matchBands['95-99'].segments).toBe(1);
    expect(a.matchBands['75-84'].segments).toBe(1);
    expect(a.matchBands.none.segments).toBe(1);
  });

  it('estimates MT characters only for untranslated, non-repeated segments without a 100 % match', () => {
    // segment 2 is a repetition, segment 6 has a 100 % match: only segment 4 would be billed.
    expect(a.mtEstimate).toEqual({ segments: 1, characters: 10 });
  });

  it('measures post-edit distance on confirmed segments that started as MT drafts, not on unconfirmed drafts', () => {
    expect(a.postEdit.segments.map((p) => p.segmentId)).toEqual([1, 3]);
    expect(a.postEdit.unchanged).toBe(1);
    const edited = a.postEdit.segments[1]!;
    expect(edited.distance).toBeGreaterThan(30);
    expect(a.postEdit.mean).toBe(Math.round(((0 + edited.distance) / 2) * 10) / 10);
    // weighted by source characters: the longer, edited segment weighs more than the plain mean
    expect(a.postEdit.weighted!).toBeGreaterThan(a.postEdit.mean!);
  });

  it('reports no post-edit average rather than 0 when nothing came from MT', () => {
    const b = analyse([row({ segmentId: 1, source: '你好', status: 'translated', text: 'Hello', origin: 'human' })]);
    expect(b.postEdit).toEqual({ segments: [], mean: null, weighted: null, unchanged: 0 });
  });
});
