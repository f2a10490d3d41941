/**
 * Revision history and segment comments.
 */
import type { Db, DbOrTx } from './client.js';
import { NotFoundError } from '../domain/errors.js';

/** A stored revision of a translation. */
export interface RevisionRow {
  id: number;
  version: number;
  text: string;
  status: string;
  origin: string;
  engine: string;
  note: string;
  createdBy: string;
  createdAt: Date;
}

/** The revisions of a segment's translation into `lang`, oldest first (empty when there is none). */
export async function listRevisions(db: Db, segmentId: number, lang: string): Promise<RevisionRow[]> {
  return db.revision.findMany({
    where: { translation: { segmentId, lang } },
    orderBy: [{ version: 'asc' }, { id: 'asc' }],
    select: { id: true, version: true, text: true, status: true, origin: true, engine: true, note: true, createdBy: true, createdAt: true },
  });
}

/** One revision of a segment's translation into `lang` (404 when it belongs to another one). */
export async function getRevision(db: Db, segmentId: number, lang: string, revisionId: number): Promise<RevisionRow> {
  const row = await db.revision.findFirst({
    where: { id: revisionId, translation: { segmentId, lang } },
    select: { id: true, version: true, text: true, status: true, origin: true, engine: true, note: true, createdBy: true, createdAt: true },
  });
  if (!row) throw new NotFoundError(`revision of segment ${segmentId} (${lang})`, revisionId);
  return row;
}

/** Kinds of segment comments: a plain comment, a rejection's reason, a QA override's reason. */
export const COMMENT_KINDS = ['comment', 'rejection', 'override'] as const;
/** One of {@link COMMENT_KINDS}. */
export type CommentKind = (typeof COMMENT_KINDS)[number];

/** A comment as stored. */
export interface CommentRow {
  id: number;
  segmentId: number;
  lang: string;
  author: string;
  text: string;
  kind: string;
  resolved: boolean;
  createdAt: Date;
}

/** Adds a comment to a segment in one language. */
export async function addComment(
  db: DbOrTx,
  c: { segmentId: number; lang: string; author: string; text: string; kind?: CommentKind },
): Promise<CommentRow> {
  return db.segmentComment.create({
    data: { segmentId: c.segmentId, lang: c.lang, author: c.author, text: c.text, kind: c.kind ?? 'comment' },
  });
}

/** The comments of a segment in one language, oldest first. */
export async function listComments(db: Db, segmentId: number, lang: string): Promise<CommentRow[]> {
  return db.segmentComment.findMany({ where: { segmentId, lang }, orderBy: { id: 'asc' } });
}

/** A comment by id (404 when missing). */
export async function getComment(db: Db, id: number): Promise<CommentRow> {
  const row = await db.segmentComment.findUnique({ where: { id } });
  if (!row) throw new NotFoundError('comment', id);
  return row;
}

/** Marks a comment resolved or open again. */
export async function setCommentResolved(db: Db, id: number, resolved: boolean): Promise<CommentRow> {
  return db.segmentComment.update({ where: { id }, data: { resolved } });
}

/** Number of open comments per segment of a list, in one language. */
export async function openCommentCounts(db: Db, segmentIds: readonly number[], lang: string): Promise<Map<number, number>> {
  if (segmentIds.length === 0) return new Map();
  const groups = await db.segmentComment.groupBy({
    by: ['segmentId'],
    where: { segmentId: { in: [...segmentIds] }, lang, resolved: false },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.segmentId, g._count._all]));
}
