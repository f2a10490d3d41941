/**
 * Whole-document reads for bulk use cases (find and replace, analysis): every translatable segment
 * of a document with its translation in one language, and the machine drafts in its history.
 */
import type { Db } from './client.js';
import type { SegmentKind } from '../domain/segment.js';

/** A translatable segment and its translation (status untranslated, version 0 when there is none). */
export interface DocumentRow {
  segmentId: number;
  index: number;
  kind: SegmentKind;
  source: string;
  status: string;
  origin: string | null;
  version: number;
  text: string;
}

/** The translatable segments of a document in order, with their translation into `lang`. */
export async function documentRows(db: Db, documentId: number, lang: string): Promise<DocumentRow[]> {
  const rows = await db.segment.findMany({
    where: { documentId, translatable: true },
    orderBy: { index: 'asc' },
    select: {
      id: true,
      index: true,
      kind: true,
      source: true,
      translations: { where: { lang }, select: { status: true, origin: true, version: true, text: true } },
    },
  });
  return rows.map((r) => {
    const t = r.translations[0];
    return {
      segmentId: r.id,
      index: r.index,
      kind: r.kind as SegmentKind,
      source: r.source,
      status: t?.status ?? 'untranslated',
      origin: t?.origin ?? null,
      version: t?.version ?? 0,
      text: t?.text ?? '',
    };
  });
}

/** The last machine-translation draft of each translation of the document in `lang`, by segment id. */
export async function lastMtDrafts(db: Db, documentId: number, lang: string): Promise<Map<number, string>> {
  const revisions = await db.revision.findMany({
    where: { origin: 'mt', translation: { lang, segment: { documentId } } },
    orderBy: { version: 'asc' },
    select: { text: true, translation: { select: { segmentId: true } } },
  });
  const drafts = new Map<number, string>();
  for (const r of revisions) drafts.set(r.translation.segmentId, r.text); // ascending: the last one wins
  return drafts;
}
