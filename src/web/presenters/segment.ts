/**
 * Presents segments for the editor: inline markup as visible, inert chips; nothing from a document
 * ever becomes markup of the page (views print these pieces with EJS escaping).
 */
import { tokenizeInline } from '../../domain/inline.js';
import type { SegmentView } from '../../db/segments.js';

/** A run of source text for display: `cls` is empty for text, a markup class otherwise. */
export interface DisplayPiece {
  cls: string;
  text: string;
  title?: string;
}

const TABLE_KINDS = new Set(['table_row', 'table_header']);

/** Splits a source text into display pieces (markup visible, marked as such). */
export function displayPieces(source: string, kind: string): DisplayPiece[] {
  return tokenizeInline(source, { tableRow: TABLE_KINDS.has(kind) }).map((p) =>
    p.type === 'text'
      ? { cls: '', text: p.raw }
      : { cls: `mk mk-${p.kind}`, text: p.raw, ...('href' in p && p.href ? { title: p.href } : {}) },
  );
}

/** Short labels for origins, as shown in the editor's badges. */
export const ORIGIN_LABELS: Record<string, string> = { mt: 'MT', tm: 'TM', opencc: 'OpenCC', human: 'Human', import: 'Import' };

/** A segment row as the view renders it. */
export function presentRow(s: SegmentView) {
  return {
    ...s,
    pieces: s.translatable ? displayPieces(s.source, s.kind) : [],
    updatedAt: s.translation.updatedAt ? s.translation.updatedAt.toISOString() : '',
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
    translation: s.translation,
  };
}
