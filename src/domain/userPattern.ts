/**
 * The one place where a user's text or pattern meets a pattern matcher. Pure logic.
 *
 * Node runs one event loop: a backtracking regular expression built from what a user typed (`(a+)+$`,
 * or a LIKE pattern full of `_`) can block every request for minutes. So:
 *
 * - **Literal text** (editor filter, glossary search, concordance, conversion terms, glossary terms) is
 *   escaped: {@link escapeLike} for SQL LIKE/ILIKE (`\` is the escape character on both databases), and
 *   {@link escapeRegExp} when a fixed, reviewed regular expression embeds it.
 * - **SQL LIKE on SQLite** is evaluated by {@link likeMatcher}, which uses no regular expression at all.
 * - **User regular expressions** (find and replace) run on RE2 ({@link compileUserPattern}), whose time is
 *   linear in the text: no backtracking, so no catastrophic pattern exists. Syntax RE2 cannot run in linear
 *   time (backreferences, lookahead) and patterns over the size limits are refused with a 400 naming the pattern.
 */
import { RE2JS } from 're2js';
import { ValidationError } from './errors.js';

/** Escapes the syntax characters of `text` for a JavaScript (or RE2) regular expression; valid with the `u` flag. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The escape character of LIKE patterns: PostgreSQL's default, and the one bitext's SQLite LIKE uses. */
export const LIKE_ESCAPE = '\\';

/** Escapes `%`, `_` and `\` so that a LIKE/ILIKE pattern built around `text` matches it literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c);
}

const foldCache = new Map<string, string>();

/**
 * One code point folded for case-insensitive comparison (Unicode simple folding, as a regular expression
 * with the `iu` flags does it): Σ, σ and ς fold alike, as do ẞ and ß; a letter whose case mapping
 * takes several code points (İ) stays itself.
 */
function foldChar(c: string): string {
  let f = foldCache.get(c);
  if (f !== undefined) return f;
  const single = (s: string) => [...s].length === 1;
  const upper = c.toUpperCase();
  const viaUpper = single(upper) ? upper.toLowerCase() : c.toLowerCase();
  f = single(viaUpper) ? viaUpper : single(c.toLowerCase()) ? c.toLowerCase() : c;
  if (foldCache.size < 10_000) foldCache.set(c, f);
  return f;
}

/** `text` case-folded code point by code point (each code point stays one code point). */
export function foldCase(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
  let out = '';
  for (const c of text) out += foldChar(c);
  return out;
}

/** One piece of a LIKE pattern between `%` wildcards: literal text, with `_` (any one character) at `any`. */
interface LikePiece {
  /** Folded code points; `null` for `_`. */
  chars: (string | null)[];
}

function parseLike(pattern: string, escape: string): { pieces: LikePiece[]; percents: number } {
  const pieces: LikePiece[] = [{ chars: [] }];
  const cps = [...pattern];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if (escape && c === escape && i + 1 < cps.length) pieces[pieces.length - 1]!.chars.push(foldChar(cps[++i]!));
    else if (c === '%') pieces.push({ chars: [] });
    else if (c === '_') pieces[pieces.length - 1]!.chars.push(null);
    else pieces[pieces.length - 1]!.chars.push(foldChar(c));
  }
  return { pieces, percents: pieces.length - 1 };
}

/** Whether `piece` matches `value` (code points) at `at`. */
function pieceAt(value: readonly string[], piece: LikePiece, at: number): boolean {
  if (at + piece.chars.length > value.length) return false;
  for (let j = 0; j < piece.chars.length; j++) {
    const p = piece.chars[j];
    if (p !== null && p !== value[at + j]) return false;
  }
  return true;
}

/** The leftmost position at or after `from` where `piece` matches, or -1. */
function findPiece(value: readonly string[], joined: string, offsets: readonly number[], piece: LikePiece, from: number): number {
  if (!piece.chars.includes(null)) {
    // Only literal characters: the string search of the engine (no regular expression), then back to code points.
    const needle = piece.chars.join('');
    const at = joined.indexOf(needle, offsets[from] ?? joined.length);
    if (at < 0) return -1;
    let lo = from;
    while (offsets[lo]! < at) lo++;
    return lo;
  }
  for (let at = from; at + piece.chars.length <= value.length; at++) if (pieceAt(value, piece, at)) return at;
  return -1;
}

/**
 * A case-insensitive (Unicode) matcher for a SQL LIKE pattern: `%` any run, `_` any one character,
 * `escape` (default `\`) makes the next character literal. No regular expression is involved: the
 * pieces between `%` are found leftmost, one after the other, so the time is at most the value's length
 * times the pattern's, and usually one string search per piece.
 */
export function likeMatcher(pattern: string, escape: string = LIKE_ESCAPE): (value: string) => boolean {
  const { pieces, percents } = parseLike(pattern, escape);
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  return (raw: string) => {
    const joined = foldCase(raw);
    const value = [...joined];
    if (percents === 0) return value.length === first.chars.length && pieceAt(value, first, 0);
    if (!pieceAt(value, first, 0)) return false;
    const lastAt = value.length - last.chars.length;
    if (lastAt < first.chars.length || !pieceAt(value, last, lastAt)) return false;
    const offsets: number[] = [];
    let o = 0;
    for (const c of value) {
      offsets.push(o);
      o += c.length;
    }
    offsets.push(o);
    let pos = first.chars.length;
    for (let i = 1; i < pieces.length - 1; i++) {
      const piece = pieces[i]!;
      const at = findPiece(value, joined, offsets, piece, pos);
      if (at < 0 || at + piece.chars.length > lastAt) return false;
      pos = at + piece.chars.length;
    }
    return true;
  };
}

/** Longest find text or pattern accepted, in characters. */
export const MAX_PATTERN_CHARS = 1_000;

/** Largest compiled pattern accepted, in RE2 instructions (`a{1000}` is about 1,000). */
export const MAX_PATTERN_PROGRAM = 2_000;

/** What to find: literal text, or (with `regex`) a pattern. */
export interface FindSpec {
  find: string;
  /** `find` is a regular expression (RE2 syntax, close to JavaScript's; see docs/security.md). */
  regex?: boolean | undefined;
  /** Case-sensitive (default: case-insensitive). */
  matchCase?: boolean | undefined;
  /** Only whole words (no letter, digit or underscore on either side). */
  wholeWord?: boolean | undefined;
}

/** A compiled user pattern: every match as JavaScript's `matchAll` gives them (index, groups, named groups). */
export interface UserPattern {
  /** What the user typed. */
  readonly find: string;
  /** Every non-overlapping match, left to right. */
  matchAll(text: string): Generator<RegExpMatchArray>;
  /** Whether `text` contains a match. */
  test(text: string): boolean;
}

/** A refused pattern: 400 naming the field and the pattern, with a message key for the interface language. */
function refused(key: string, message: string, find: string, params: Record<string, unknown> = {}): ValidationError {
  return new ValidationError(`find: ${message}`, { field: 'find', value: find }, key, { key, params: { pattern: find, ...params } });
}

/** JavaScript's `\s` (Unicode spaces, BOM) in RE2, inside a character class. */
const JS_SPACE_IN_CLASS = '\\s\\x{0B}\\p{Z}\\x{FEFF}';

/**
 * Translates the JavaScript spellings RE2 lacks (`\uXXXX`, `\u{…}`, `\s` with Unicode spaces, `[^]`) and
 * names what RE2 cannot run in linear time. Returns the RE2 source, or the refusal.
 */
function toRe2(find: string): string | ValidationError {
  let out = '';
  let inClass = false;
  for (let i = 0; i < find.length; i++) {
    const c = find[i]!;
    if (c === '\\') {
      const next = find[i + 1] ?? '';
      const rest = find.slice(i + 1);
      const u = /^u\{([0-9a-fA-F]{1,6})\}|^u([0-9a-fA-F]{4})/.exec(rest);
      if (u) {
        out += `\\x{${u[1] ?? u[2]}}`;
        i += u[0].length;
        continue;
      }
      const script = /^([pP])\{(?:Script|sc|Script_Extensions|scx)=(\w+)\}/.exec(rest);
      if (script) {
        out += `\\${script[1]}{${script[2]}}`;
        i += script[0].length;
        continue;
      }
      if (!inClass && (/^[1-9]/.test(next) || next === 'k')) {
        return refused('pattern_backreference', `"${find}" uses a backreference (\\1, \\k<name>), which is not supported`, find);
      }
      if (next === 's') out += inClass ? JS_SPACE_IN_CLASS : `[${JS_SPACE_IN_CLASS}]`;
      else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      if (find.startsWith('[^]', i)) {
        out += '[\\x{0}-\\x{10FFFF}]';
        i += 2;
        continue;
      }
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is literal in RE2, but closes an empty class in JavaScript.
      if (find[i + 1] === '^') out += find[++i];
      continue;
    }
    if (c === '(' && (find.startsWith('(?=', i) || find.startsWith('(?!', i))) {
      return refused('pattern_lookahead', `"${find}" uses a lookahead ((?=…), (?!…)), which is not supported`, find);
    }
    out += c;
  }
  return out;
}

/**
 * Compiles what find and replace looks for into a linear-time pattern. Literal text is escaped; a
 * regular expression is translated to RE2. Throws a ValidationError (400, field `find`, the pattern
 * named) for empty text, text over {@link MAX_PATTERN_CHARS}, invalid or unsupported syntax, a
 * pattern over {@link MAX_PATTERN_PROGRAM}, or one that matches empty text.
 */
export function compileUserPattern(spec: FindSpec): UserPattern {
  const find = spec.find;
  if (find === '') throw new ValidationError('find: enter the text to find', { field: 'find' }, 'find_empty', { key: 'find_empty' });
  if (find.length > MAX_PATTERN_CHARS) {
    throw refused('pattern_too_long', `${find.length} characters is over the limit of ${MAX_PATTERN_CHARS}`, find.slice(0, 40) + '…', {
      length: find.length,
      limit: MAX_PATTERN_CHARS,
    });
  }
  const body = spec.regex ? toRe2(find) : escapeRegExp(find);
  if (body instanceof ValidationError) throw body;
  // Whole words: no letter, digit or underscore before (a lookbehind, which RE2 runs in linear time) or
  // after (RE2 has no lookahead: group 1 is the match, and the character after it is consumed but not reported).
  const wrapped = Boolean(spec.wholeWord);
  const source = wrapped ? `(?<![\\p{L}\\p{N}_])(${body})(?:[^\\p{L}\\p{N}_]|$)` : body;
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, RE2JS.LOOKBEHINDS | (spec.matchCase ? 0 : RE2JS.CASE_INSENSITIVE));
  } catch (err) {
    const detail = (err as Error).message.replace(/^error parsing regexp: /, '');
    if (/repeat count|too large|nested repetition/.test(detail)) {
      throw refused('pattern_too_large', `"${find}" is too large (${detail})`, find, { limit: MAX_PATTERN_PROGRAM });
    }
    if (/invalid named capture: `\(\?<[=!]|capture in lookbehind/.test(detail)) {
      throw refused('pattern_lookbehind', `"${find}" uses a lookbehind with a capturing group, which is not supported`, find);
    }
    throw refused('pattern_invalid', `"${find}" is not a valid regular expression (${detail})`, find, { detail });
  }
  if (re.programSize() > MAX_PATTERN_PROGRAM) {
    throw refused(
      'pattern_too_large',
      `"${find}" is too large (${re.programSize()} instructions, the limit is ${MAX_PATTERN_PROGRAM})`,
      find,
      {
        limit: MAX_PATTERN_PROGRAM,
      },
    );
  }
  const names = Object.entries(re.namedGroups());
  const groupCount = re.groupCount();
  const g0 = wrapped ? 1 : 0;
  const pattern: UserPattern = {
    find,
    test: (text) => re.test(text),
    *matchAll(text: string): Generator<RegExpMatchArray> {
      if (!re.test(text)) return;
      const m = re.matcher(text);
      let pos = 0;
      while (pos <= text.length && m.find(pos)) {
        const start = m.start(g0);
        const end = m.end(g0);
        const out: string[] = [m.group(g0) ?? ''];
        for (let g = g0 + 1; g <= groupCount; g++) out.push(m.group(g) ?? (undefined as unknown as string));
        const match = Object.assign(out, { index: start, input: text }) as RegExpMatchArray;
        if (names.length)
          match.groups = Object.fromEntries(names.map(([name, g]) => [name, m.group(g) ?? (undefined as unknown as string)]));
        yield match;
        // After an empty match, step over one code point (as JavaScript's matchAll with the `u` flag).
        pos = end > start ? end : end + (text.codePointAt(end)! > 0xffff ? 2 : 1);
      }
    },
  };
  if (pattern.test('')) throw refused('pattern_empty_match', `"${find}" matches empty text`, find);
  return pattern;
}
