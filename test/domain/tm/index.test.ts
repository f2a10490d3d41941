import { describe, expect, it } from 'vitest';
import { TmIndex, hashSource, type TmEntry } from '../../../src/domain/tm/index.js';
import { similarity } from '../../../src/domain/tm/similarity.js';

const entry = (id: number, source: string, target = `T${id}`, extra: Partial<TmEntry> = {}): TmEntry => ({
  id,
  source,
  target,
  lang: 'en',
  ...extra,
});

function build(sources: string[]): TmIndex {
  const index = new TmIndex();
  sources.forEach((s, i) => index.add(entry(i + 1, s)));
  return index;
}

describe('TmIndex.lookup', () => {
  const index = build([
    '俄罗斯总统弗拉基米尔·普京和美国总统乔·拜登将于6月16日在日内瓦会晤。',
    '俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。',
    '塔斯社汇编了迄今已知的有关领导人接触的主要内容。',
    '白宫对会议议程的评论更加简洁。',
    '俄罗斯总统普京',
  ]);

  it('finds the closest sentence first with its score', () => {
    const matches = index.lookup('俄罗斯总统普京和美国总统拜登将于6月17日在日内瓦会晤。');
    expect(matches.map((m) => m.entry.id)).toEqual([2, 1]);
    expect(matches[0]!.score).toBe(
      similarity(
        '俄罗斯总统普京和美国总统拜登将于6月17日在日内瓦会晤。',
        index.lookup('俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。')[0]!.entry.source,
      ),
    );
    expect(matches[0]!.score).toBeGreaterThanOrEqual(95);
  });

  it('returns the same scores as similarity() for every match (retrieval does not change scoring)', () => {
    const q = '俄罗斯总统普京和美国总统乔·拜登在日内瓦会晤。';
    for (const m of index.lookup(q, { minScore: 0, limit: 10 })) expect(m.score).toBe(similarity(q, m.entry.source));
  });

  it('respects minScore: 俄罗斯总统普京 vs 俄罗斯总统弗拉基米尔·普京 scores 53, below the default 70', () => {
    const short = build(['俄罗斯总统弗拉基米尔·普京']);
    expect(short.lookup('俄罗斯总统普京')).toEqual([]);
    expect(short.lookup('俄罗斯总统普京', { minScore: 50 }).map((m) => m.score)).toEqual([53]);
  });

  it('respects limit', () => {
    expect(index.lookup('俄罗斯总统普京和美国总统拜登将于6月16日在日内瓦会晤。', { minScore: 0, limit: 1 })).toHaveLength(1);
    expect(index.lookup('俄罗斯总统普京', { limit: 0 })).toEqual([]);
  });

  it('scores a full-width/half-width variant 99, not 100', () => {
    const idx = build(['ＧＮｅｗｓ报道：普京访问以色列']);
    expect(idx.lookup('GNews报道:普京访问以色列').map((m) => m.score)).toEqual([99]);
  });

  it('finds a one-character source through its unigram', () => {
    expect(
      build(['是', '否'])
        .lookup('是')
        .map((m) => m.entry.id),
    ).toEqual([1]);
  });

  it('answers nothing for an empty query unless an entry is empty too', () => {
    expect(index.lookup('')).toEqual([]);
    expect(
      build(['', '普京'])
        .lookup('')
        .map((m) => m.entry.id),
    ).toEqual([1]);
  });

  it('filters by target language', () => {
    const idx = new TmIndex();
    idx.add(entry(1, '白宫对会议议程的评论更加简洁。', 'The White House…'));
    idx.add({ ...entry(2, '白宫对会议议程的评论更加简洁。', 'Белый дом…'), lang: 'ru' });
    expect(idx.lookup('白宫对会议议程的评论更加简洁。', { lang: 'ru' }).map((m) => m.entry.id)).toEqual([2]);
  });

  it('leaves out entries the accept predicate refuses (units of projects the reader may not see), still filling the limit', () => {
    const idx = build(['白宫对会议议程的评论更加简洁。', '白宫对会议议程的评论更加简洁了。', '白宫对会议议程的评论很简洁。']);
    expect(idx.lookup('白宫对会议议程的评论更加简洁。', { accept: (e) => e.id !== 1, limit: 2 }).map((m) => m.entry.id)).toEqual([2, 3]);
    expect(idx.lookup('白宫对会议议程的评论更加简洁。', { accept: () => false })).toEqual([]);
  });
});

describe('ties', () => {
  it('orders equal scores by newer changedAt, then later insertion, so the freshest translation wins', () => {
    const idx = new TmIndex();
    idx.add(entry(1, '白宫发表声明', 'old', { changedAt: new Date('2021-01-01') }));
    idx.add(entry(2, '白宫发表声明', 'new', { changedAt: new Date('2022-01-01') }));
    idx.add(entry(3, '白宫发表声明', 'undated'));
    expect(idx.lookup('白宫发表声明', { limit: 5 }).map((m) => m.entry.target)).toEqual(['new', 'old', 'undated']);
    const plain = build(['白宫发表声明', '白宫发表声明']);
    expect(plain.lookup('白宫发表声明', { limit: 5 }).map((m) => m.entry.id)).toEqual([2, 1]);
  });
});

describe('exact matches and context', () => {
  const prev = hashSource('前一句。');
  const next = hashSource('后一句。');
  const idx = new TmIndex();
  idx.add(entry(1, '会议议程', 'Agenda', { prevHash: hashSource('别的。'), nextHash: next }));
  idx.add(entry(2, '会议议程', 'Meeting agenda', { prevHash: prev, nextHash: next }));
  idx.add(entry(3, '会议议程。', 'Agenda.'));

  it('exact() returns only byte-identical sources', () => {
    expect(
      idx
        .exact('会议议程')
        .map((m) => m.entry.id)
        .sort(),
    ).toEqual([1, 2]);
    expect(idx.exact('会议 议程')).toEqual([]);
  });

  it('flags the entry whose previous and next sources match as in context and ranks it first', () => {
    const found = idx.exact('会议议程', { prevHash: prev, nextHash: next });
    expect(found.map((m) => [m.entry.id, m.inContext])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(idx.lookup('会议议程', { prevHash: prev, nextHash: next })[0]).toMatchObject({ score: 100, inContext: true });
  });

  it('never flags in-context without hashes from the caller', () => {
    expect(idx.lookup('会议议程').every((m) => !m.inContext)).toBe(true);
  });

  it('hashSource is stable and distinguishes near-identical sources', () => {
    expect(hashSource('会议议程')).toBe(hashSource('会议议程'));
    expect(hashSource('会议议程')).not.toBe(hashSource('会议议程。'));
    expect(hashSource('')).toMatch(/^[0-9a-f]{14}$/);
  });
});

describe('remove', () => {
  it('drops entries by id from exact and fuzzy lookups', () => {
    const idx = build(['白宫发表声明', '克里姆林宫发表声明']);
    expect(idx.remove(1)).toBe(1);
    expect(idx.size).toBe(1);
    expect(idx.exact('白宫发表声明')).toEqual([]);
    expect(idx.lookup('白宫发表声明', { minScore: 50 }).map((m) => m.entry.id)).toEqual([2]);
    expect(idx.remove(1)).toBe(0);
  });
});

describe('retrieval is exact on a larger index', () => {
  it('returns the same top matches as scoring every entry (no false negatives above minScore)', () => {
    const base = '俄罗斯总统普京和美国总统拜登将于日内瓦会晤讨论战略稳定问题以及国际议程上的紧迫问题';
    const chars = [...base];
    const sources: string[] = [];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let i = 0; i < 3000; i++) {
      const c = [...chars];
      for (let k = rand(12); k > 0; k--) c.splice(rand(c.length), 1, chars[rand(chars.length)]!);
      sources.push(c.slice(rand(8)).join(''));
    }
    const idx = build(sources);
    const q = base.slice(3);
    const brute = sources
      .map((s, i) => ({ id: i + 1, score: similarity(q, s) }))
      .filter((m) => m.score >= 70)
      .sort((a, b) => b.score - a.score || b.id - a.id)
      .slice(0, 5);
    expect(brute).toHaveLength(5);
    expect(idx.lookup(q, { limit: 5 }).map((m) => ({ id: m.entry.id, score: m.score }))).toEqual(brute);
  });
});
