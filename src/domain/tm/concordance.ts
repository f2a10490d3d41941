/**
 * Concordance helpers: where a phrase occurs in a text, for highlighting search hits. Pure logic.
 */
import { escapeRegExp } from '../userPattern.js';
import type { HitPiece } from '../diff.js';

/**
 * Splits `text` into runs around every occurrence of `phrase`, ignoring case (Latin, Cyrillic…)
 * and matching inside words, so Chinese needs no word boundaries. Joining the pieces gives `text`
 * back. An empty phrase marks nothing.
 */
export function highlightPhrase(text: string, phrase: string): HitPiece[] {
  if (phrase === '') return text ? [{ text, hit: false }] : [];
  const pieces: HitPiece[] = [];
  let last = 0;
  for (const m of text.matchAll(new RegExp(escapeRegExp(phrase), 'giu'))) {
    if (m.index > last) pieces.push({ text: text.slice(last, m.index), hit: false });
    pieces.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), hit: false });
  return pieces;
}
