/**
 * Text diff for revision history: character-level for Chinese (each Han character, kana or CJK
 * punctuation mark is a token), word-level for Latin and Cyrillic (a run of letters or digits is a
 * token), whitespace runs and other characters one token each. Pure logic.
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
  const a = diffTokens(before);
  const b = diffTokens(after);
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
    for (const part of lcsDiff(am, bm)) push(part.op, part.text);
  }
  push('equal', a.slice(a.length - suf).join(''));
  return out;
}

/** Token diff by a longest-common-subsequence table (the inputs are bounded by the caller). */
function lcsDiff(a: string[], b: string[]): DiffPart[] {
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
    } else if (j < m && (i === n || len[i * (m + 1) + j + 1]! >= len[(i + 1) * (m + 1) + j]!)) ins.push(b[j++]!);
    else dels.push(a[i++]!);
  }
  flush();
  return parts;
}
