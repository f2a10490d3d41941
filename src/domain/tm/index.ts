/**
 * In-memory translation memory index for fuzzy lookup over 100,000+ entries. Pure logic.
 *
 * Retrieval: every entry's normalised source is split into distinct character bigrams (a
 * one-character source uses its unigram) in an inverted index. A lookup counts shared bigrams per
 * entry, drops entries whose length or shared-bigram count cannot reach `minScore` (one edit
 * destroys at most two bigrams, so `distance ≥ (bigrams − shared) / 2`), and scores the remaining
 * candidates exactly, best upper bound first, stopping when no remaining candidate can beat the
 * current results. An entry sharing no bigram with the query is never found: with
 * `minScore` above about 55 such an entry could not qualify anyway.
 */
import { codePoints, levenshtein, normalizeForMatch, scoreFromDistance, similarity } from './similarity.js';

/** One translation unit in the index. */
export interface TmEntry {
  /** Caller's id (database row id, TMX tuid). */
  id: string | number;
  /** Source text as stored (Markdown inline text). */
  source: string;
  /** Target text. */
  target: string;
  /** Target language (BCP 47). */
  lang: string;
  /** {@link hashSource} of the previous segment's source, for in-context matches. */
  prevHash?: string;
  /** {@link hashSource} of the next segment's source. */
  nextHash?: string;
  /** Last change, for ordering ties (newer first). */
  changedAt?: Date;
}

/** A lookup result. */
export interface TmMatch {
  entry: TmEntry;
  /** 0–100, see `similarity`. */
  score: number;
  /** Identical source and the same previous and next sources (a "101 %" / context match). */
  inContext: boolean;
}

/** Options of {@link TmIndex.lookup}. */
export interface LookupOptions {
  /** Lowest score returned (default 70). */
  minScore?: number;
  /** Most matches returned (default 3). */
  limit?: number;
  /** Only entries of this target language. */
  lang?: string;
  /** Hash of the previous segment's source, for the in-context flag. */
  prevHash?: string;
  /** Hash of the next segment's source. */
  nextHash?: string;
  /** Most candidates scored exactly (default 500): bounds the worst case on very common text. */
  maxCandidates?: number;
  /** Only entries this predicate accepts (e.g. those the reader may see); checked before scoring. */
  accept?: (entry: TmEntry) => boolean;
}

interface Stored {
  entry: TmEntry;
  norm: number[];
  grams: number;
  order: number;
  alive: boolean;
}

/** 53-bit FNV-1a hash of a source text, hex; used for in-context previous/next hashes. */
export function hashSource(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 7);
  }
  return ((h2 >>> 0) & 0x1fffff).toString(16).padStart(6, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** Best first: score, in-context, newer change, later insertion. */
function compareMatches(a: TmMatch & { order: number }, b: TmMatch & { order: number }): number {
  return (
    b.score - a.score ||
    Number(b.inContext) - Number(a.inContext) ||
    (b.entry.changedAt?.getTime() ?? 0) - (a.entry.changedAt?.getTime() ?? 0) ||
    b.order - a.order
  );
}

/** An in-memory TM: add entries, then look up exact and fuzzy matches. */
export class TmIndex {
  private readonly stored: Stored[] = [];
  private readonly postings = new Map<number, number[]>();
  private lengths = new Int32Array(1024);
  private readonly exactMap = new Map<string, number[]>();
  private readonly byId = new Map<string | number, number[]>();
  private counts = new Uint16Array(0);
  /**
   * Dense ids (+1; 0 = unseen) of the code points seen, so that bigram keys stay small integers
   * (fast Map keys). A flat table over all code points (4.4 MB) is faster than a Map here.
   */
  private readonly charIds = new Int32Array(0x110000);
  private nextCharId = 0;
  private live = 0;

  /** Number of live entries. */
  get size(): number {
    return this.live;
  }

  /** Adds one entry (several entries may share an id or a source). */
  add(entry: TmEntry): void {
    const idx = this.stored.length;
    const norm = codePoints(normalizeForMatch(entry.source));
    const keys = this.gramKeys(norm, true);
    this.stored.push({ entry, norm, grams: keys.length, order: idx, alive: true });
    if (idx >= this.lengths.length) {
      const grown = new Int32Array(this.lengths.length * 2);
      grown.set(this.lengths);
      this.lengths = grown;
    }
    this.lengths[idx] = norm.length;
    for (const k of keys) {
      const list = this.postings.get(k);
      if (list) list.push(idx);
      else this.postings.set(k, [idx]);
    }
    const ex = this.exactMap.get(entry.source);
    if (ex) ex.push(idx);
    else this.exactMap.set(entry.source, [idx]);
    const ids = this.byId.get(entry.id);
    if (ids) ids.push(idx);
    else this.byId.set(entry.id, [idx]);
    this.live++;
  }

  /** Adds many entries. */
  addAll(entries: Iterable<TmEntry>): void {
    for (const e of entries) this.add(e);
  }

  /** Removes every entry with this id; returns how many were removed. */
  remove(id: string | number): number {
    let n = 0;
    for (const idx of this.byId.get(id) ?? []) {
      const s = this.stored[idx]!;
      if (s.alive) {
        s.alive = false;
        n++;
      }
    }
    this.byId.delete(id);
    this.live -= n;
    return n;
  }

  /** Entries whose source is byte-identical to `source` (score 100), best first. */
  exact(source: string, options: Pick<LookupOptions, 'lang' | 'prevHash' | 'nextHash' | 'limit'> = {}): TmMatch[] {
    const found = (this.exactMap.get(source) ?? [])
      .map((idx) => this.stored[idx]!)
      .filter((s) => s.alive && (!options.lang || s.entry.lang === options.lang))
      .map((s) => ({ entry: s.entry, score: 100, inContext: this.inContext(s.entry, options), order: s.order }))
      .sort(compareMatches);
    return found.slice(0, options.limit ?? found.length).map(({ entry, score, inContext }) => ({ entry, score, inContext }));
  }

  /** Fuzzy lookup: up to `limit` matches scoring at least `minScore`, best first. */
  lookup(source: string, options: LookupOptions = {}): TmMatch[] {
    const minScore = options.minScore ?? 70;
    const limit = options.limit ?? 3;
    const maxCandidates = options.maxCandidates ?? 500;
    if (limit <= 0) return [];
    const q = codePoints(normalizeForMatch(source));
    const results: (TmMatch & { order: number })[] = [];
    const accept = (s: Stored, score: number) => {
      if (!s.alive || score < minScore || (options.lang && s.entry.lang !== options.lang) || (options.accept && !options.accept(s.entry)))
        return;
      results.push({ entry: s.entry, score, inContext: score === 100 && this.inContext(s.entry, options), order: s.order });
    };
    if (q.length === 0) {
      for (const idx of this.exactMap.get(source) ?? []) accept(this.stored[idx]!, 100);
      return this.finish(results, limit);
    }

    // Count shared distinct grams per entry.
    if (this.counts.length < this.stored.length) this.counts = new Uint16Array(Math.max(this.stored.length, this.counts.length * 2));
    const counts = this.counts;
    const lengths = this.lengths;
    const touched: number[] = [];
    const qKeys = this.gramKeys(q, false);
    const qLen = q.length;
    // Length filter: distance ≥ |Δlength|, so the shorter/longer ratio must reach minScore.
    const minLen = Math.ceil((qLen * Math.max(0, minScore)) / 100);
    const maxLen = minScore > 0 ? Math.floor((qLen * 100) / minScore) : Infinity;
    for (const k of qKeys) {
      for (const idx of this.postings.get(k) ?? []) {
        const len = lengths[idx]!;
        if (len < minLen || len > maxLen) continue;
        if (counts[idx] === 0) touched.push(idx);
        counts[idx]!++;
      }
    }
    const candidates: { idx: number; bound: number }[] = [];
    for (const idx of touched) {
      const s = this.stored[idx]!;
      const shared = counts[idx]!;
      counts[idx] = 0;
      if (!s.alive || (options.lang && s.entry.lang !== options.lang) || (options.accept && !options.accept(s.entry))) continue;
      const longer = Math.max(qLen, s.norm.length);
      const minDist = Math.max(Math.abs(qLen - s.norm.length), Math.ceil((Math.max(qKeys.length, s.grams) - shared) / 2));
      const bound = minDist === 0 ? 100 : scoreFromDistance(minDist, longer, longer);
      if (bound >= minScore) candidates.push({ idx, bound });
    }
    candidates.sort((a, b) => b.bound - a.bound || b.idx - a.idx);

    let scored = 0;
    for (const { idx, bound } of candidates) {
      if (results.length >= limit) {
        results.sort(compareMatches);
        if (bound < results[limit - 1]!.score) break; // nothing left can enter the top `limit`
      }
      if (scored++ >= maxCandidates) break;
      const s = this.stored[idx]!;
      if (s.entry.source === source) {
        accept(s, 100);
        continue;
      }
      const longer = Math.max(qLen, s.norm.length);
      const maxDist = Math.floor((longer * (100 - minScore)) / 100);
      const dist = levenshtein(q, s.norm, maxDist);
      if (dist > maxDist) continue;
      accept(s, dist === 0 ? similarity(source, s.entry.source) : scoreFromDistance(dist, qLen, s.norm.length));
    }
    return this.finish(results, limit);
  }

  /**
   * The distinct bigram keys of normalised code points (a one-character text uses its code point
   * alone, negated). With `learn`, unseen characters get ids; without, a bigram with an unseen
   * character gets a key that no posting list has (still distinct per bigram, so counts stay exact).
   */
  private gramKeys(cps: readonly number[], learn: boolean): number[] {
    if (cps.length === 1) return [-1 - cps[0]!];
    const table = this.charIds;
    const id = (cp: number): number | undefined => {
      const v = table[cp]!;
      if (v > 0) return v - 1;
      if (!learn) return undefined;
      table[cp] = ++this.nextCharId;
      return this.nextCharId - 1;
    };
    const keys = new Set<number>();
    for (let i = 0; i + 1 < cps.length; i++) {
      const a = id(cps[i]!);
      const b = id(cps[i + 1]!);
      // Small ids give keys below 2^28 (small integers); beyond that, or unseen, an exact wide key.
      if (a !== undefined && b !== undefined && a < 0x4000 && b < 0x4000) keys.add(a * 0x4000 + b);
      else keys.add(-(0x110000 + (cps[i]! + 1) * 0x110000 + cps[i + 1]!));
    }
    return [...keys];
  }

  private finish(results: (TmMatch & { order: number })[], limit: number): TmMatch[] {
    return results
      .sort(compareMatches)
      .slice(0, limit)
      .map(({ entry, score, inContext }) => ({ entry, score, inContext }));
  }

  private inContext(entry: TmEntry, options: Pick<LookupOptions, 'prevHash' | 'nextHash'>): boolean {
    if (options.prevHash === undefined && options.nextHash === undefined) return false;
    return entry.prevHash === options.prevHash && entry.nextHash === options.nextHash;
  }
}
