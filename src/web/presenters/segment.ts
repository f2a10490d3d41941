/**
 * Presents segments for the editor: inline markup as visible, inert chips; nothing from a document
 * ever becomes markup of the page (views print these pieces with EJS escaping).
 */
import { tokenizeInline } from '../../domain/inline.js';
import type { SegmentView } from '../../db/segments.js';
import { translationJson } from './translation.js';
import type { FoundTerm, GlossaryHighlighter } from '../../services/glossaryService.js';

/** A run of source text for display: `cls` is empty for text, a markup class otherwise. */
export interface DisplayPiece {
  cls: string;
  text: string;
  title?: string;
}

const TABLE_KINDS = new Set(['table_row', 'table_header']);

/** Glossary terms to mark in the source: a finder for the current target language and the hover labels. */
export interface TermHighlight {
  find: GlossaryHighlighter;
  /** Label before forbidden variants in the hover text ("Do not use"). */
  forbiddenLabel: string;
}

/** The hover text of a term: translations (preferred first), forbidden variants, part of speech and note. */
function termTitle(t: FoundTerm, forbiddenLabel: string): string {
  return [
    t.terms.join(' · '),
    t.forbidden.length ? `${forbiddenLabel}: ${t.forbidden.join(' · ')}` : '',
    [t.pos, t.note].filter(Boolean).join(' — '),
  ]
    .filter(Boolean)
    .join('\n');
}

/** Splits a text piece at glossary terms (markup pieces are never searched, so no term is found in a URL or code). */
function termPieces(text: string, terms: TermHighlight): DisplayPiece[] {
  const out: DisplayPiece[] = [];
  let at = 0;
  for (const t of terms.find(text)) {
    if (t.start > at) out.push({ cls: '', text: text.slice(at, t.start) });
    out.push({
      cls: t.forbidden.length ? 'term term-forbidden' : 'term',
      text: text.slice(t.start, t.end),
      title: termTitle(t, terms.forbiddenLabel),
    });
    at = t.end;
  }
  if (at < text.length) out.push({ cls: '', text: text.slice(at) });
  return out;
}

/** Splits a source text into display pieces (markup visible, marked as such; glossary terms marked when given). */
export function displayPieces(source: string, kind: string, terms?: TermHighlight): DisplayPiece[] {
  return tokenizeInline(source, { tableRow: TABLE_KINDS.has(kind) }).flatMap((p) =>
    p.type === 'text'
      ? terms
        ? termPieces(p.raw, terms)
        : [{ cls: '', text: p.raw }]
      : [{ cls: `mk mk-${p.kind}`, text: p.raw, ...('href' in p && p.href ? { title: p.href } : {}) }],
  );
}

/**
 * Marks the occurrences of a search (case-insensitive, inside one piece) with the class `hit`, so the editor shows
 * where the filter's text was found. Plain substring search: nothing the user typed is used as a pattern.
 */
export function markHits(pieces: DisplayPiece[], q: string | undefined): DisplayPiece[] {
  const needle = q?.toLowerCase();
  if (!needle) return pieces;
  return pieces.flatMap((p) => {
    const lower = p.text.toLowerCase();
    // Lower-casing that changes lengths (rare letters) would shift the offsets: such a piece is left unmarked.
    if (lower.length !== p.text.length || !lower.includes(needle)) return [p];
    const out: DisplayPiece[] = [];
    let at = 0;
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
      if (i > at) out.push({ ...p, text: p.text.slice(at, i) });
      out.push({ ...p, cls: `${p.cls} hit`.trim(), text: p.text.slice(i, i + needle.length) });
      at = i + needle.length;
    }
    if (at < p.text.length) out.push({ ...p, text: p.text.slice(at) });
    return out;
  });
}

/** A segment row as the view renders it (with the glossary terms of its source marked when `terms` is given). */
export function presentRow(s: SegmentView, terms?: TermHighlight, search?: string) {
  const translation = translationJson(s.translation);
  return {
    ...s,
    translation,
    pieces: s.translatable ? markHits(displayPieces(s.source, s.kind, terms), search) : [],
    updatedAt: translation.updatedAt ? translation.updatedAt.toISOString() : '',
  };
}

/** The JSON shape of a segment in the API. */
export function segmentJson(s: SegmentView) {
  return {
    id: s.id,
    index: s.index,
    kind: s.kind,
    source: s.source,
    translatable: s.translatable,
    translation: translationJson(s.translation),
  };
}
