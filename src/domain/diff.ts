/**
 * Comparing texts, and the pieces that show the result. Pure logic.
 * - {@link diffText}: revision history; character-level for Chinese (each Han character, kana or CJK punctuation mark
 *   is a token), word-level for Latin and Cyrillic (a run of letters or digits is a token), whitespace runs and other
 *   characters one token each.
 * - {@link diffChars}: a memory match's source against the new source, by code points.
 * - {@link changedRanges} / {@link highlightPieces}: what a script conversion changed (Myers, by UTF-16 units).
 */

/** One run of a diff: text kept, inserted (only in the newer text) or deleted (only in the older). */
export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{M}\p{N}]+|\s+|[\s\S]/gu;

/** Splits a text into diff tokens (see the module comment). */
export function diffTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Above this many token pairs in the differing middle, the middle is shown as one replacement. */
export const MAX_DIFF_CELLS = 4_000_000;

/**
 * The diff turning `before` into `after`, as runs of equal, deleted and inserted text (adjacent
 * runs of one kind merged; deletions before insertions). Longest common subsequence of tokens
 * after trimming the common prefix and suffix; a very large middle is one delete + insert.
 */
export function diffText(before: string, after: string): DiffPart[] {
  return diffTokenLists(diffTokens(before), diffTokens(after), 'insert');
}

function diffTokenLists(a: string[], b: string[], tie: 'insert' | 'delete'): DiffPart[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const out: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  push('equal', a.slice(0, pre).join(''));
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  if (am.length * bm.length > MAX_DIFF_CELLS) {
    push('delete', am.join(''));
    push('insert', bm.join(''));
  } else {
    for (const part of lcsDiff(am, bm, tie)) push(part.op, part.text);
  }
  push('equal', a.slice(a.length - suf).join(''));
  return out;
}

/**
 * Character diff (by code points) of a memory entry's source against the new source, for highlighting what changed
 * (raw text, not normalised). Adjacent parts of one kind are merged; at a replacement the deletion comes before the
 * insertion; equal + delete parts give back `before`, equal + insert parts give back `after`. Beyond
 * {@link MAX_DIFF_CELLS} characters² of differing middle part, the middle is one deletion and one insertion.
 */
export function diffChars(before: string, after: string): DiffPart[] {
  return diffTokenLists([...before], [...after], 'delete');
}

/** Token diff by a longest-common-subsequence table (the inputs are bounded by the caller); `tie`: the step taken when both are as long. */
function lcsDiff(a: string[], b: string[], tie: 'insert' | 'delete'): DiffPart[] {
  const n = a.length;
  const m = b.length;
  // len[i][j] = LCS length of a[i:] and b[j:], flattened.
  const len = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * (m + 1) + j] =
        a[i] === b[j] ? len[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(len[(i + 1) * (m + 1) + j]!, len[i * (m + 1) + j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const dels: string[] = [];
  const ins: string[] = [];
  const flush = () => {
    if (dels.length) parts.push({ op: 'delete', text: dels.join('') });
    if (ins.length) parts.push({ op: 'insert', text: ins.join('') });
    dels.length = ins.length = 0;
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      parts.push({ op: 'equal', text: a[i]! });
      i++;
      j++;
    } else if (
      tie === 'insert'
        ? j < m && (i === n || len[i * (m + 1) + j + 1]! >= len[(i + 1) * (m + 1) + j]!)
        : j < m && (i === n || len[(i + 1) * (m + 1) + j]! < len[i * (m + 1) + j + 1]!)
    )
      ins.push(b[j++]!);
    else dels.push(a[i++]!);
  }
  flush();
  return parts;
}

/** A line of a text and the line break that ends it ("" for the last). */
export interface Line {
  content: string;
  eol: string;
}

/** Splits a text into lines, keeping each line break (CRLF, LF, CR) as it is. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let pos = 0;
  for (const m of text.matchAll(re)) {
    lines.push({ content: text.slice(pos, m.index), eol: m[0] });
    pos = m.index + m[0].length;
  }
  lines.push({ content: text.slice(pos), eol: '' });
  return lines;
}

/** A changed span: `before[beforeStart, beforeEnd)` became `after[start, end)`. */
export interface ChangedRange {
  /** Start offset in `after` (UTF-16 code units). */
  start: number;
  /** End offset in `after` (exclusive). */
  end: number;
  beforeStart: number;
  beforeEnd: number;
}

/**
 * Character-level spans that differ between `before` and `after`, for highlighting.
 * Same-length lines are compared position by position (OpenCC is mostly 1:1); lines whose
 * length changed (phrase conversion, s2twp) go through a Myers diff. Adjacent changed characters
 * form one range; surrogate pairs are never split.
 */
export function changedRanges(before: string, after: string): ChangedRange[] {
  if (before === after) return [];
  const a = splitLines(before);
  const b = splitLines(after);
  const ranges: ChangedRange[] = [];
  if (a.length === b.length && a.every((l, i) => l.eol === b[i]?.eol)) {
    let offA = 0;
    let offB = 0;
    for (let i = 0; i < a.length; i++) {
      const la = a[i] as Line;
      const lb = b[i] as Line;
      if (la.content !== lb.content) diffInto(la.content, lb.content, offA, offB, ranges);
      offA += la.content.length + la.eol.length;
      offB += lb.content.length + lb.eol.length;
    }
  } else {
    diffInto(before, after, 0, 0, ranges);
  }
  return ranges;
}

function diffInto(a: string, b: string, offA: number, offB: number, out: ChangedRange[]): void {
  const push = (as: number, ae: number, bs: number, be: number) => {
    // Widen to whole surrogate pairs.
    if (as > 0 && isLowSurrogate(a.charCodeAt(as)) && bs > 0 && isLowSurrogate(b.charCodeAt(bs))) {
      as--;
      bs--;
    }
    if (ae < a.length && isLowSurrogate(a.charCodeAt(ae)) && be < b.length && isLowSurrogate(b.charCodeAt(be))) {
      ae++;
      be++;
    }
    const last = out[out.length - 1];
    if (last && last.beforeEnd >= offA + as && last.end >= offB + bs) {
      last.beforeEnd = Math.max(last.beforeEnd, offA + ae);
      last.end = Math.max(last.end, offB + be);
    } else {
      out.push({ start: offB + bs, end: offB + be, beforeStart: offA + as, beforeEnd: offA + ae });
    }
  };
  if (a.length === b.length) {
    let i = 0;
    while (i < a.length) {
      if (a.charCodeAt(i) === b.charCodeAt(i)) {
        i++;
        continue;
      }
      const s = i;
      while (i < a.length && a.charCodeAt(i) !== b.charCodeAt(i)) i++;
      push(s, i, s, i);
    }
    return;
  }
  // Trim the common prefix and suffix, then Myers on the middle.
  let pre = 0;
  while (pre < a.length && pre < b.length && a.charCodeAt(pre) === b.charCodeAt(pre)) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a.charCodeAt(a.length - 1 - suf) === b.charCodeAt(b.length - 1 - suf)) suf++;
  const ma = a.slice(pre, a.length - suf);
  const mb = b.slice(pre, b.length - suf);
  const script = myers(ma, mb);
  if (!script) {
    push(pre, a.length - suf, pre, b.length - suf);
    return;
  }
  for (const [as, ae, bs, be] of script) push(pre + as, pre + ae, pre + bs, pre + be);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

const MAX_EDIT_DISTANCE = 1000;

/**
 * Myers O(ND) diff on UTF-16 code units: the changed hunks as [aStart, aEnd, bStart, bEnd],
 * or null when the edit distance exceeds {@link MAX_EDIT_DISTANCE}.
 */
function myers(a: string, b: string): [number, number, number, number][] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))) x = v[offset + k + 1] ?? 0;
      else x = (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a.charCodeAt(x) === b.charCodeAt(y)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return null;
  // Backtrack to a list of edit steps, then group consecutive non-diagonal steps.
  const changedA = new Uint8Array(n);
  const changedB = new Uint8Array(m);
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d] as Int32Array;
    const k = x - y;
    const prevK = k === -d || (k !== d && (vd[offset + k - 1] ?? 0) < (vd[offset + k + 1] ?? 0)) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
    }
    if (x === prevX) changedB[prevY] = 1;
    else changedA[prevX] = 1;
    x = prevX;
    y = prevY;
  }
  const hunks: [number, number, number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && !changedA[i] && !changedB[j]) {
      i++;
      j++;
      continue;
    }
    const si = i;
    const sj = j;
    while (i < n && changedA[i]) i++;
    while (j < m && changedB[j]) j++;
    if (si === i && sj === j) break; // cannot happen for a valid script
    hunks.push([si, i, sj, j]);
  }
  return hunks;
}

/** A piece of a converted text for display: a changed piece is highlighted, with the text it replaced. */
export interface ChangedPiece {
  text: string;
  changed: boolean;
  /** For a changed piece: the text it replaced. */
  before?: string;
}

/**
 * Splits `after` into plain and changed pieces along {@link changedRanges}, for rendering with
 * escaping (the pieces are text, never HTML).
 */
export function highlightPieces(before: string, after: string): ChangedPiece[] {
  const pieces: ChangedPiece[] = [];
  let pos = 0;
  for (const r of changedRanges(before, after)) {
    if (r.start > pos) pieces.push({ text: after.slice(pos, r.start), changed: false });
    pieces.push({ text: after.slice(r.start, r.end), changed: true, before: before.slice(r.beforeStart, r.beforeEnd) });
    pos = r.end;
  }
  if (pos < after.length) pieces.push({ text: after.slice(pos), changed: false });
  return pieces;
}

/** A piece of a text for display; `hit` marks a search hit (concordance, find and replace) or what replaced it. */
export interface HitPiece {
  text: string;
  hit: boolean;
}
