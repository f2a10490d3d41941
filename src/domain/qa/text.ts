/**
 * Helpers shared by QA checks: the translatable text runs of a segment (markup excluded) with
 * their offsets, and issue construction.
 */
import { tokenizeInline, type InlinePiece } from '../inline.js';
import type { QaCheck, QaContext, QaIssue } from './types.js';

/** A run of translatable text and its offset in the segment. */
export interface TextRun {
  start: number;
  text: string;
}

// The checks of one run tokenize the same source and target many times: keep the last few.
const CACHE_SIZE = 32;
const cache = new Map<string, readonly InlinePiece[]>();

/**
 * Tokenizes with the table-row option when the segment is a table row. The result is shared
 * (cached): do not modify it.
 */
export function piecesOf(text: string, ctx?: Pick<QaContext, 'kind'>): readonly InlinePiece[] {
  const tableRow = ctx?.kind === 'table_row' || ctx?.kind === 'table_header';
  const key = (tableRow ? 'T' : 'P') + text;
  let pieces = cache.get(key);
  if (!pieces) {
    pieces = tokenizeInline(text, { tableRow });
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, pieces);
  }
  return pieces;
}

/** The text pieces of a segment with their offsets (markup, URLs, code and wiki links excluded). */
export function textRuns(text: string, ctx?: Pick<QaContext, 'kind'>): TextRun[] {
  const runs: TextRun[] = [];
  let pos = 0;
  for (const p of piecesOf(text, ctx)) {
    if (p.type === 'text') runs.push({ start: pos, text: p.raw });
    pos += p.raw.length;
  }
  return runs;
}

/** The translatable text only, runs joined with a space (so words of two runs do not merge). */
export function plain(text: string, ctx?: Pick<QaContext, 'kind'>): string {
  return textRuns(text, ctx)
    .map((r) => r.text)
    .join(' ');
}

/** Every match of `re` (global) inside the text runs, with segment offsets. */
export function findInRuns(runs: TextRun[], re: RegExp): { start: number; end: number; text: string; match: RegExpMatchArray }[] {
  const out: { start: number; end: number; text: string; match: RegExpMatchArray }[] = [];
  for (const r of runs) {
    for (const m of r.text.matchAll(re)) {
      const start = r.start + m.index!;
      out.push({ start, end: start + m[0].length, text: m[0], match: m });
    }
  }
  return out;
}

/**
 * An issue of `check` with its severity unless overridden: `key` and `extra.params` name the localized
 * text (`qa.issue.<key>`), `message` is the same sentence in English.
 */
export function issue(check: Pick<QaCheck, 'id' | 'severity'>, key: string, message: string, extra: Partial<QaIssue> = {}): QaIssue {
  return { check: check.id, severity: check.severity, message, key, ...extra };
}

/** Joins the items of a list parameter (the presenter splits and formats them for the language). */
export const listParam = (items: readonly string[]): string => items.join('\n');

/** Matches a Han character. */
export const HAN_RE = /\p{Script=Han}/u;
