/**
 * Reading segments with their translation in one language, filtered and paginated, for the editor.
 */
import { providerOf, type Db } from './client.js';
import type { Provider } from './adapter.js';
import type { Prisma } from './generated/client.js';
import { NotFoundError } from '../domain/errors.js';
import type { Status } from '../domain/status.js';
import { translationRecord, type TranslationRecord } from './translationRecord.js';
import { containsText } from './textFilter.js';
import { QA_ERRORS_CONFIRMED } from './qa.js';

/** Filters of the editor's segment list. */
export interface SegmentFilter {
  status?: Status;
  origin?: string;
  /** Text to find, in the source, the target or both. */
  q?: string;
  scope?: 'source' | 'target' | 'both';
  /** Stored QA results: "error" / "warning" (has issues of that severity) or a check id; "confirmed-errors": confirmed although QA errors remained. */
  qa?: string;
}

/** One segment with its translation into the requested language (null when there is none yet). */
export interface SegmentView {
  id: number;
  index: number;
  kind: string;
  translatable: boolean;
  source: string;
  raw: string;
  translation: TranslationRecord | null;
}

function whereFor(documentId: number, lang: string, f: SegmentFilter, provider: Provider): Prisma.SegmentWhereInput {
  const and: Prisma.SegmentWhereInput[] = [{ documentId }];
  if (f.status || f.origin) and.push({ translatable: true });
  if (f.status === 'untranslated') {
    and.push({ OR: [{ translations: { none: { lang } } }, { translations: { some: { lang, status: 'untranslated' } } }] });
  } else if (f.status) {
    and.push({ translations: { some: { lang, status: f.status } } });
  }
  if (f.origin) and.push({ translations: { some: { lang, origin: f.origin, status: { not: 'untranslated' } } } });
  if (f.qa === 'confirmed-errors') {
    and.push({ translations: { some: { lang, flags: { contains: QA_ERRORS_CONFIRMED } } } });
  } else if (f.qa) {
    const issue = f.qa === 'error' || f.qa === 'warning' ? { severity: f.qa } : { check: f.qa };
    and.push({ translations: { some: { lang, qaIssues: { some: issue } } } });
  }
  if (f.q) {
    const inSource: Prisma.SegmentWhereInput = { source: containsText(f.q, provider) };
    const inTarget: Prisma.SegmentWhereInput = { translations: { some: { lang, text: containsText(f.q, provider) } } };
    and.push(f.scope === 'source' ? inSource : f.scope === 'target' ? inTarget : { OR: [inSource, inTarget] });
  }
  return { AND: and };
}

/** A page of segments (in document order) and the total that match the filter. */
export async function listSegments(
  db: Db,
  documentId: number,
  lang: string,
  filter: SegmentFilter,
  page: { offset: number; limit: number },
): Promise<{ total: number; segments: SegmentView[] }> {
  const where = whereFor(documentId, lang, filter, providerOf(db));
  const [total, rows] = await Promise.all([
    db.segment.count({ where }),
    db.segment.findMany({
      where,
      orderBy: { index: 'asc' },
      skip: page.offset,
      take: page.limit,
      include: { translations: { where: { lang } } },
    }),
  ]);
  return { total, segments: rows.map(toView) };
}

/** One segment with its translation into `lang`. */
export async function getSegment(db: Db, id: number, lang: string): Promise<SegmentView & { documentId: number }> {
  const row = await db.segment.findUnique({ where: { id }, include: { translations: { where: { lang } } } });
  if (!row) throw new NotFoundError('segment', id);
  return { ...toView(row), documentId: row.documentId };
}

/** The document a segment belongs to (404 when the segment does not exist). */
export async function getSegmentDocumentId(db: Db, id: number): Promise<number> {
  const row = await db.segment.findUnique({ where: { id }, select: { documentId: true } });
  if (!row) throw new NotFoundError('segment', id);
  return row.documentId;
}

/** The position (0-based, among all segments) of the first segment at or after `index` — for "jump to". */
export async function offsetOfIndex(db: Db, documentId: number, index: number): Promise<number> {
  return db.segment.count({ where: { documentId, index: { lt: index } } });
}

/** Counts of the document's translatable segments by status and by origin in one language. */
export async function segmentCounts(db: Db, documentId: number, lang: string) {
  const [translatable, byStatus, byOrigin] = await Promise.all([
    db.segment.count({ where: { documentId, translatable: true } }),
    db.translation.groupBy({ by: ['status'], where: { lang, segment: { documentId } }, _count: { _all: true } }),
    db.translation.groupBy({
      by: ['origin'],
      where: { lang, status: { not: 'untranslated' }, segment: { documentId } },
      _count: { _all: true },
    }),
  ]);
  const status: Record<string, number> = { untranslated: translatable, draft: 0, translated: 0, reviewed: 0, rejected: 0 };
  for (const g of byStatus) {
    if (g.status === 'untranslated') continue;
    status[g.status] = (status[g.status] ?? 0) + g._count._all;
    status.untranslated! -= g._count._all;
  }
  const origin: Record<string, number> = {};
  for (const g of byOrigin) origin[g.origin] = g._count._all;
  return { translatable, status, origin };
}

type Row = Prisma.SegmentGetPayload<{ include: { translations: true } }>;

function toView(row: Row): SegmentView {
  const t = row.translations[0];
  return {
    id: row.id,
    index: row.index,
    kind: row.kind,
    translatable: row.translatable,
    source: row.source,
    raw: row.raw,
    translation: t ? translationRecord(t) : null,
  };
}
