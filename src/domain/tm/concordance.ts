/**
 * Concordance helpers: where a phrase occurs in a text, for highlighting search hits. Pure logic.
 */
import { escapeRegExp } from '../userPattern.js';

/** A run of text; `hit` marks an occurrence of the searched phrase. */
export interface HighlightPiece {
  text: string;
  hit: boolean;
}

/**
 * Splits `text` into runs around every occurrence of `phrase`, ignoring case (Latin, Cyrillic…)
 * and matching inside words, so Chinese needs no word boundaries. Joining the pieces gives `text`
 * back. An empty phrase marks nothing.
 */
export function highlightPhrase(text: string, phrase: string): HighlightPiece[] {
  if (phrase === '') return text ? [{ text, hit: false }] : [];
  const pieces: HighlightPiece[] = [];
  let last = 0;
  for (const m of text.matchAll(new RegExp(escapeRegExp(phrase), 'giu'))) {
    if (m.index > last) pieces.push({ text: text.slice(last, m.index), hit: false });
    pieces.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), hit: false });
  return pieces;
}
