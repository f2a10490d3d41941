/**
 * Review use cases besides saving: the history of a segment's translation (with diffs and
 * provenance), restoring a revision, and comments per segment and language.
 */
import type { Db } from '../db/client.js';
import { getSegment } from '../db/segments.js';
import { saveTranslation } from '../db/translations.js';
import type { Origin, Status } from '../domain/status.js';
import { enginesOf, qaIssuesOfSegments, qaSegmentById, writeQaResults, type StoredQaIssue } from '../db/qa.js';
import {
  addComment,
  getComment,
  getRevision,
  listComments,
  listRevisions,
  openCommentCounts,
  setCommentResolved,
  type CommentRow,
  type RevisionRow,
} from '../db/reviews.js';
import { diffText } from '../domain/diff.js';
import { ValidationError } from '../domain/errors.js';
import type { AuthUser } from '../db/users.js';
import { audit } from './auth/authService.js';
import { chooseLang } from './editorService.js';
import { checkSegmentText, savedTranslationJson, type QaOptions } from './qaService.js';

/** Longest comment accepted, in characters. */
export const MAX_COMMENT_CHARS = 10_000;

/** Where the current text came from: its origin and engine, who produced it and when. */
export interface Provenance {
  origin: string;
  engine: string;
  by: string;
  at: Date;
}

/**
 * The provenance of the newest revision's text: the earliest revision of the final run of
 * revisions with that same text and origin (confirming or reviewing does not change who wrote it).
 */
export function provenanceOf(revisions: readonly RevisionRow[]): Provenance | null {
  const last = revisions[revisions.length - 1];
  if (!last) return null;
  let first = last;
  for (let i = revisions.length - 2; i >= 0; i--) {
    const r = revisions[i]!;
    if (r.text !== last.text || r.origin !== last.origin) break;
    first = r;
  }
  return { origin: last.origin, engine: last.engine || first.engine, by: first.createdBy, at: first.createdAt };
}

/** The history of a segment's translation into `lang`: newest first, each with its diff against the previous revision. */
export async function segmentHistory(db: Db, segmentId: number, lang: string, project: { name: string; targetLangs: string[] }) {
  chooseLang(project, lang);
  const revisions = await listRevisions(db, segmentId, lang);
  const entries = revisions.map((r, i) => ({
    ...r,
    diff: diffText(i > 0 ? revisions[i - 1]!.text : '', r.text),
  }));
  return { segmentId, lang, provenance: provenanceOf(revisions), revisions: entries.reverse() };
}

/** A restore request: the revision to bring back and the version the editor has now. */
export interface RestoreRequest {
  segmentId: number;
  lang: string;
  revisionId: number;
  version: number;
  user: AuthUser;
  project: { name: string; targetLangs: string[] };
  qa?: QaOptions;
}

/**
 * Restores an earlier revision's text as a new revision (optimistic locking as for any save). The
 * text keeps the origin and engine it had; the status becomes draft (it must be confirmed again),
 * or untranslated for an empty text.
 */
export async function restoreRevision(db: Db, req: RestoreRequest) {
  chooseLang(req.project, req.lang);
  const rev = await getRevision(db, req.segmentId, req.lang, req.revisionId);
  const segment = await getSegment(db, req.segmentId, req.lang);
  const status: Status = rev.text.trim() === '' ? 'untranslated' : 'draft';
  const qaSeg = await qaSegmentById(db, req.segmentId);
  const issues = status === 'untranslated' ? [] : await checkSegmentText(db, qaSeg, req.lang, rev.text, req.qa);
  const saved = await saveTranslation(
    db,
    {
      segmentId: req.segmentId,
      lang: req.lang,
      text: rev.text,
      status,
      origin: rev.origin as Origin,
      engine: rev.engine,
      note: `restored version ${rev.version}`,
      version: req.version,
      user: req.user.name,
      translatable: qaSeg.translatable,
    },
    async (tx, saved, dialect) => {
      await writeQaResults(tx, dialect, [
        { translationId: saved.id, version: saved.version, documentId: segment.documentId, lang: req.lang, issues },
      ]);
      await audit(
        tx,
        req.user,
        'translation.restore',
        `segment:${req.segmentId}/${req.lang}`,
        { version: saved.version, restored: rev.version },
        dialect,
      );
    },
  );
  return savedTranslationJson(saved, issues);
}

/** A comment as the API shows it. */
function commentJson(c: CommentRow) {
  return {
    id: c.id,
    segmentId: c.segmentId,
    lang: c.lang,
    author: c.author,
    text: c.text,
    kind: c.kind,
    resolved: c.resolved,
    createdAt: c.createdAt,
  };
}

/** The comments of a segment in one language. */
export async function segmentComments(db: Db, segmentId: number, lang: string, project: { name: string; targetLangs: string[] }) {
  chooseLang(project, lang);
  return (await listComments(db, segmentId, lang)).map(commentJson);
}

/** Adds a comment (any member may comment); the text must not be empty. */
export async function commentOnSegment(
  db: Db,
  req: { segmentId: number; lang: string; text: string; user: AuthUser; project: { name: string; targetLangs: string[] } },
) {
  chooseLang(req.project, req.lang);
  const text = req.text.trim();
  if (!text) throw new ValidationError('text: a comment cannot be empty', { field: 'text' });
  if (text.length > MAX_COMMENT_CHARS)
    throw new ValidationError(`text: ${text.length} characters is over the limit of ${MAX_COMMENT_CHARS}`, { field: 'text' });
  await getSegment(db, req.segmentId, req.lang);
  const c = await addComment(db, { segmentId: req.segmentId, lang: req.lang, author: req.user.name, text });
  await audit(db, req.user, 'comment.add', `segment:${req.segmentId}/${req.lang}`, { comment: c.id });
  return commentJson(c);
}

/** Resolves (or reopens) a comment, after checking the user may see its document. */
export async function resolveComment(
  db: Db,
  id: number,
  resolved: boolean,
  user: AuthUser,
  guard: (documentId: number) => Promise<unknown>,
) {
  const c = await getComment(db, id);
  const segment = await getSegment(db, c.segmentId, c.lang);
  await guard(segment.documentId);
  const updated = await setCommentResolved(db, id, resolved);
  await audit(db, user, resolved ? 'comment.resolve' : 'comment.reopen', `segment:${c.segmentId}/${c.lang}`, { comment: id });
  return commentJson(updated);
}

/** What the editor shows per row besides the translation: stored QA issues, provenance engine, open comments. */
export interface RowReview {
  issues: StoredQaIssue[];
  engine: string;
  openComments: number;
}

/** Review information for the rows of an editor page, by segment id. */
export async function rowReviews(db: Db, segmentIds: readonly number[], lang: string): Promise<Map<number, RowReview>> {
  const [issues, engines, comments] = await Promise.all([
    qaIssuesOfSegments(db, segmentIds, lang),
    enginesOf(db, segmentIds, lang),
    openCommentCounts(db, segmentIds, lang),
  ]);
  return new Map(
    segmentIds.map((id) => [id, { issues: issues.get(id) ?? [], engine: engines.get(id) ?? '', openComments: comments.get(id) ?? 0 }]),
  );
}
