/**
 * Find and replace in the translations of a document. Pure logic: compile what to find, plan the
 * replacements segment by segment with a preview of each change.
 *
 * Replacements happen only in translatable text: link URLs, inline code, HTML tags, wiki link pages
 * and bare URLs are never touched (a search for "com" must not break "https://example.com"). The
 * display text of a wiki link is text: a change there rewrites the link piped (`[[zh:北京|Peking]]`),
 * the page stays. Reviewed translations are skipped unless asked for.
 */
import { compileUserPattern, MAX_PATTERN_CHARS, type UserPattern } from './userPattern.js';
import { wikiLink } from './inline.js';
import { piecesOf } from './qa/text.js';
import type { SegmentKind } from './segment.js';
import type { HitPiece } from './diff.js';

/** What to find and what to put in its place. */
export interface ReplaceOptions {
  find: string;
  replace: string;
  /** `find` is a regular expression (RE2: JavaScript's syntax without backreferences or lookahead); `replace` may use $1, $<name>. */
  regex?: boolean;
  /** Case-sensitive (default: case-insensitive). */
  matchCase?: boolean;
  /** Only whole words (no letter, digit or underscore on either side). */
  wholeWord?: boolean;
  /** Also change reviewed translations (they go back to translated). */
  includeReviewed?: boolean;
}

/** Longest `find` accepted, in characters. */
export const MAX_FIND_CHARS = MAX_PATTERN_CHARS;

/**
 * The pattern for `find` (linear-time RE2, see src/domain/userPattern.ts). Throws a ValidationError naming
 * the field and the pattern for an empty text, an invalid or unsupported pattern, one over the size limits,
 * or one that matches the empty string (it would insert everywhere).
 */
export function compileFind(opts: Pick<ReplaceOptions, 'find' | 'regex' | 'matchCase' | 'wholeWord'>): UserPattern {
  return compileUserPattern(opts);
}

/** The result of replacing in one text. */
export interface TextReplacement {
  text: string;
  count: number;
  before: HitPiece[];
  after: HitPiece[];
}

function pushPiece(pieces: HitPiece[], text: string, hit: boolean): void {
  if (!text) return;
  const last = pieces[pieces.length - 1];
  if (last && last.hit === hit) last.text += text;
  else pieces.push({ text, hit });
}

/**
 * The replacement text for one match, with JavaScript's `$` patterns: `$$`, `$&`, `$1`…`$99`,
 * `$<name>`, and `` $` `` / `$'` (text before / after the match within its run).
 */
export function expandReplacement(replacement: string, m: RegExpMatchArray, subject: string): string {
  return replacement.replace(/\$(\$|&|`|'|\d{1,2}|<([^>]*)>)/g, (whole, token: string, name: string | undefined) => {
    if (token === '$') return '$';
    if (token === '&') return m[0];
    if (token === '`') return subject.slice(0, m.index);
    if (token === "'") return subject.slice(m.index! + m[0].length);
    if (name !== undefined) return m.groups ? (m.groups[name] ?? '') : whole;
    // $12 means group 12 when it exists, else group 1 followed by "2".
    const n = Number(token);
    if (token.length === 2 && n >= m.length) {
      const one = Number(token[0]);
      return one >= 1 && one < m.length ? (m[one] ?? '') + token[1] : whole;
    }
    return n >= 1 && n < m.length ? (m[n] ?? '') : whole;
  });
}

/**
 * Replaces every match of `re` in the translatable runs of `text`, with a preview of the
 * text before (matches marked) and after (replacements marked). `literal` replacements do not
 * expand `$` patterns.
 */
export function replaceInText(
  text: string,
  re: UserPattern,
  replacement: string,
  options: { literal?: boolean; kind?: SegmentKind } = {},
): TextReplacement {
  const before: HitPiece[] = [];
  const after: HitPiece[] = [];
  let out = '';
  let count = 0;
  let pos = 0;
  const change = (start: number, end: number, found: string, inserted: string): void => {
    const unchanged = text.slice(pos, start);
    pushPiece(before, unchanged, false);
    pushPiece(before, found, true);
    pushPiece(after, unchanged, false);
    pushPiece(after, inserted, true);
    out += unchanged + inserted;
    pos = end;
  };
  const pieces = piecesOf(text, { kind: options.kind });
  let offset = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const inner = pieces[i + 1];
    const close = pieces[i + 2];
    if (
      piece.type === 'open' &&
      piece.kind === 'wikilink' &&
      piece.href !== undefined &&
      inner?.type === 'text' &&
      close?.type === 'close'
    ) {
      // A wiki link's display text: replaced inside, then the whole link rebuilt around the page.
      const raw = piece.raw + inner.raw + close.raw;
      let replaced = '';
      let at = 0;
      let n = 0;
      for (const m of re.matchAll(inner.raw)) {
        replaced += inner.raw.slice(at, m.index) + (options.literal ? replacement : expandReplacement(replacement, m, inner.raw));
        at = m.index! + m[0].length;
        n++;
      }
      if (n > 0) {
        change(offset, offset + raw.length, raw, wikiLink(piece.href, replaced + inner.raw.slice(at)));
        count += n;
      }
      offset += raw.length;
      i += 2;
      continue;
    }
    if (piece.type === 'text') {
      for (const m of re.matchAll(piece.raw)) {
        const start = offset + m.index!;
        change(start, start + m[0].length, m[0], options.literal ? replacement : expandReplacement(replacement, m, piece.raw));
        count++;
      }
    }
    offset += piece.raw.length;
  }
  const rest = text.slice(pos);
  pushPiece(before, rest, false);
  pushPiece(after, rest, false);
  return { text: out + rest, count, before, after };
}

/** A translation that find and replace may change. */
export interface ReplaceCandidate {
  segmentId: number;
  index: number;
  kind?: SegmentKind;
  status: string;
  version: number;
  text: string;
}

/** One planned change. */
export interface PlannedChange extends TextReplacement {
  segmentId: number;
  index: number;
  status: string;
  version: number;
  /** Status after the change: reviewed goes back to translated, the others stay. */
  newStatus: string;
}

/** The plan for a document: changes in document order and what was left out. */
export interface ReplacePlan {
  changes: PlannedChange[];
  /** Total matches in the changes. */
  matches: number;
  /** Reviewed translations that contain a match but are skipped. */
  skippedReviewed: number;
  /** Translations the replacement would leave empty (skipped: delete those by hand). */
  skippedEmpty: number;
}

/** Plans find and replace over the translations of a document (untranslated ones have no text to change). */
export function planReplace(candidates: readonly ReplaceCandidate[], opts: ReplaceOptions): ReplacePlan {
  const re = compileFind(opts);
  const plan: ReplacePlan = { changes: [], matches: 0, skippedReviewed: 0, skippedEmpty: 0 };
  for (const c of candidates) {
    if (c.status === 'untranslated' || c.text === '') continue;
    const r = replaceInText(c.text, re, opts.replace, { literal: !opts.regex, kind: c.kind });
    if (r.count === 0 || r.text === c.text) continue;
    if (c.status === 'reviewed' && !opts.includeReviewed) {
      plan.skippedReviewed++;
      continue;
    }
    if (r.text.trim() === '') {
      plan.skippedEmpty++;
      continue;
    }
    plan.changes.push({
      ...r,
      segmentId: c.segmentId,
      index: c.index,
      status: c.status,
      version: c.version,
      newStatus: c.status === 'reviewed' ? 'translated' : c.status,
    });
    plan.matches += r.count;
  }
  return plan;
}
