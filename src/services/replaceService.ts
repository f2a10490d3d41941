/**
 * Find and replace in the translations of one document: a preview that changes nothing, then an
 * apply that changes exactly what was previewed. Each change is an ordinary save (optimistic
 * locking, revision, audit), so a translation edited by someone else since the preview is left
 * alone and reported.
 */
import type { Db } from '../db/client.js';
import { loadDocumentHeader } from '../db/documents.js';
import { documentRows } from '../db/documentRows.js';
import type { AuthUser } from '../db/users.js';
import type { Status } from '../domain/status.js';
import { AppError } from '../domain/errors.js';
import type { ReplaceOptions, ReplacePlan } from '../domain/replace.js';
import { planReplaceOffThread } from './replaceWorker.js';
import { assertRole, audit } from './auth/authService.js';
import { chooseLang, saveFromEditor } from './editorService.js';

/** Which translations were previewed, at which version: segment id → version. */
export type PreviewedVersions = ReadonlyMap<number, number>;

/** What an apply did. */
export interface ReplaceResult {
  changed: number;
  matches: number;
  /** Changed by someone else since the preview (left alone). */
  conflicts: { segmentId: number; index: number }[];
  /** Matching now but not in the preview (left alone: preview again to include them). */
  notPreviewed: number;
  skippedReviewed: number;
  skippedEmpty: number;
}

/** The document (its project's languages) and the plan, from one read of each. */
async function planFor(db: Db, documentId: number, lang: string, opts: ReplaceOptions, user: AuthUser) {
  if (opts.includeReviewed) assertRole(user, 'admin', 'reviewer');
  const doc = await loadDocumentHeader(db, documentId);
  chooseLang(doc.project, lang);
  return { doc, plan: await planReplaceOffThread(await documentRows(db, documentId, lang), opts) };
}

/** The changes find and replace would make; nothing is written. */
export async function previewReplace(db: Db, documentId: number, lang: string, opts: ReplaceOptions, user: AuthUser): Promise<ReplacePlan> {
  return (await planFor(db, documentId, lang, opts, user)).plan;
}

/**
 * Applies the planned changes that were previewed at the same version. Reviewed translations
 * (only with `includeReviewed`, reviewers and admins) go back to translated.
 */
export async function applyReplace(
  db: Db,
  documentId: number,
  lang: string,
  opts: ReplaceOptions,
  previewed: PreviewedVersions,
  user: AuthUser,
): Promise<ReplaceResult> {
  const { doc, plan: p } = await planFor(db, documentId, lang, opts, user);
  const result: ReplaceResult = {
    changed: 0,
    matches: 0,
    conflicts: [],
    notPreviewed: 0,
    skippedReviewed: p.skippedReviewed,
    skippedEmpty: p.skippedEmpty,
  };
  for (const c of p.changes) {
    const seen = previewed.get(c.segmentId);
    if (seen === undefined) {
      result.notPreviewed++;
      continue;
    }
    if (seen !== c.version) {
      result.conflicts.push({ segmentId: c.segmentId, index: c.index });
      continue;
    }
    try {
      await saveFromEditor(db, {
        segmentId: c.segmentId,
        lang,
        text: c.text,
        status: c.newStatus as Status,
        version: c.version,
        user,
        project: doc.project,
      });
      result.changed++;
      result.matches += c.count;
    } catch (err) {
      // Saved by someone else between planning and this save.
      if (err instanceof AppError && err.status === 409) result.conflicts.push({ segmentId: c.segmentId, index: c.index });
      else throw err;
    }
  }
  await audit(db, user, 'translation.replace', `document:${documentId}/${lang}`, {
    find: opts.find,
    replace: opts.replace,
    regex: Boolean(opts.regex),
    changed: result.changed,
    conflicts: result.conflicts.length,
  });
  return result;
}
