/**
 * Editor use cases: open a document in one target language, page through its segments, save a translation.
 */
import type { Db } from '../db/client.js';
import { listSegments, offsetOfIndex, segmentCounts, type SegmentFilter } from '../db/segments.js';
import { saveTranslation } from '../db/translations.js';
import type { Origin, Status } from '../domain/status.js';
import { QaErrorsRemain, ValidationError } from '../domain/errors.js';
import type { AuthUser } from '../db/users.js';
import { assertRole, audit } from './auth/authService.js';
import { QA_ERRORS_CONFIRMED, qaSegmentById, writeQaResults } from '../db/qa.js';
import { insertCommentRow, type SaveSegment } from '../db/saveRows.js';
import { hasErrors } from '../domain/qa/index.js';
import { checkSegmentText, savedTranslationJson, type QaOptions } from './qaService.js';
import { entersMemory, memoryUnitOf, storeMemoryUnit } from './tmService.js';

/** Longest translation text accepted, in characters. */
export const MAX_TRANSLATION_CHARS = 100_000;

/** A project's target languages and the one asked for (the first when none is); throws 400 for any other. */
export function chooseLang(project: { name: string; targetLangs: string[] }, lang?: string) {
  const langs = project.targetLangs;
  const chosen = lang ?? langs[0];
  if (!chosen || !langs.includes(chosen)) {
    throw new ValidationError(
      `lang: "${lang}" is not a target language of project ${project.name} (${langs.join(', ')})`,
      {
        field: 'lang',
        value: lang,
      },
      undefined,
      { key: 'not_target_lang', params: { value: lang ?? '', project: project.name, langs } },
    );
  }
  return { langs, lang: chosen };
}

/** A page of the editor: segments, the total matching the filter, and counts for the filter badges. */
export async function editorPage(db: Db, documentId: number, lang: string, filter: SegmentFilter, page: { offset: number; limit: number }) {
  const [list, counts] = await Promise.all([listSegments(db, documentId, lang, filter, page), segmentCounts(db, documentId, lang)]);
  return { ...list, counts, offset: page.offset, limit: page.limit };
}

/** Rows of the editor without the filter's counts: the HTML fragments loaded while scrolling or by "Go to segment". */
export function editorRows(db: Db, documentId: number, lang: string, filter: SegmentFilter, page: { offset: number; limit: number }) {
  return listSegments(db, documentId, lang, filter, page);
}

/** The offset at which segment number `index` appears in the unfiltered list. */
export function offsetOf(db: Db, documentId: number, index: number): Promise<number> {
  return offsetOfIndex(db, documentId, index);
}

/** A save from the editor or the API. `status` omitted means "edited, not confirmed". */
export interface EditorSave {
  segmentId: number;
  lang: string;
  text: string;
  status?: Status;
  version: number;
  user: AuthUser;
  /** The segment's project when the caller already loaded it (saves a query). */
  project?: { name: string; targetLangs: string[] };
  /** The segment as {@link qaSegmentById} reads it, when the caller just did (the access check of PUT; saves a query). */
  segment?: SaveSegment;
  /** Required with status `rejected`: what to fix (stored as a segment comment). */
  comment?: string;
  /** Reviewers only: marks `reviewed` although QA errors remain; recorded on the revision and in the audit log. */
  override?: string;
  /** QA options (glossary loader). */
  qa?: QaOptions;
  /**
   * The editor asks before confirming with QA errors: with this set, a `translated` save whose text has error-level
   * issues is refused (422 `qa_errors_confirm`, nothing stored) so the editor can ask; the save without it confirms.
   */
  askOnQaErrors?: boolean;
}

/**
 * Saves a translation with optimistic locking. The origin becomes `human` when the text changed;
 * confirming a machine draft unchanged keeps its origin (an accepted MT draft stays "mt").
 * QA runs on every save and its issues are stored and returned; `reviewed` is refused (422
 * `qa_errors`) while error-level issues remain unless a reviewer gives an override reason;
 * `rejected` needs a comment.
 */
export async function saveFromEditor(db: Db, req: EditorSave) {
  if (req.text.length > MAX_TRANSLATION_CHARS) {
    throw new ValidationError(
      `text: ${req.text.length} characters is over the limit of ${MAX_TRANSLATION_CHARS}`,
      { field: 'text' },
      undefined,
      {
        key: 'text_too_long',
        params: { length: req.text.length, limit: MAX_TRANSLATION_CHARS },
      },
    );
  }
  if (req.status === 'reviewed' || req.status === 'rejected' || req.override !== undefined) assertRole(req.user, 'admin', 'reviewer');
  if (req.status === 'rejected' && !req.comment?.trim()) {
    throw new ValidationError('comment: a rejection needs a comment saying what to fix', { field: 'comment' }, 'comment_required', {});
  }
  // One read of the segment with all its translations serves the origin rule, QA and provenance.
  const qaSeg = req.segment?.id === req.segmentId ? req.segment : await qaSegmentById(db, req.segmentId);
  chooseLang(req.project ?? qaSeg.project, req.lang);
  const current = qaSeg.translations.find((t) => t.lang === req.lang);
  const status: Status = req.status ?? (req.text === '' ? 'untranslated' : 'draft');
  if (status !== 'untranslated' && req.text.trim() === '') {
    throw new ValidationError(`text: an empty translation cannot be ${status}`, { field: 'text' }, undefined, {
      key: 'empty_translation',
      params: { status },
    });
  }
  const keepOrigin = Boolean(current?.origin) && current!.text === req.text;
  const origin: Origin = keepOrigin ? (current!.origin as Origin) : 'human';
  const issues = status === 'untranslated' ? [] : await checkSegmentText(db, qaSeg, req.lang, req.text, req.qa);
  const override = status === 'reviewed' && hasErrors(issues) ? req.override?.trim() : undefined;
  if (status === 'reviewed' && hasErrors(issues) && !override) throw new QaErrorsRemain(issues);
  if (status === 'translated' && hasErrors(issues) && req.askOnQaErrors) throw new QaErrorsRemain(issues, 'qa_errors_confirm');
  // Confirmed (or approved with an override) although QA errors remain: marked so on the translation and in the memory.
  const confirmedWithErrors = entersMemory(status) && hasErrors(issues);
  const failing = [...new Set(issues.filter((i) => i.severity === 'error').map((i) => i.check))];
  const action = status === 'reviewed' ? 'translation.review' : status === 'rejected' ? 'translation.reject' : 'translation.save';
  // Reads first (QA above, the memory unit's context here), then one short transaction that only writes.
  const memoryUnit = entersMemory(status)
    ? await memoryUnitOf(
        db,
        { segmentId: req.segmentId, lang: req.lang, text: req.text, user: req.user.name, origin: 'editor', qaErrors: confirmedWithErrors },
        qaSeg,
      )
    : undefined;
  const saved = await saveTranslation(
    db,
    {
      segmentId: req.segmentId,
      lang: req.lang,
      text: req.text,
      status,
      origin,
      engine: keepOrigin ? current!.engine : '',
      ...(override ? { note: `QA override (${failing.join(', ')}): ${override}` } : {}),
      version: req.version,
      user: req.user.name,
      ...(confirmedWithErrors ? { flags: [QA_ERRORS_CONFIRMED] } : {}),
      translatable: qaSeg.translatable,
    },
    // The QA results, a rejection's comment, the memory entry (a confirmed translation enters the memory) and the
    // audit record commit with the translation or not at all.
    async (tx, saved, dialect) => {
      // A first save (version 0) inserted the translation just now: it has no stored issues to replace.
      await writeQaResults(
        tx,
        dialect,
        [{ translationId: saved.id, version: saved.version, documentId: qaSeg.documentId, lang: req.lang, issues }],
        req.version === 0,
      );
      if (status === 'rejected')
        await insertCommentRow(tx, dialect, {
          segmentId: req.segmentId,
          lang: req.lang,
          author: req.user.name,
          text: req.comment!.trim(),
          kind: 'rejection',
        });
      if (memoryUnit) await storeMemoryUnit(tx, memoryUnit, dialect);
      await audit(
        tx,
        req.user,
        action,
        `segment:${req.segmentId}/${req.lang}`,
        {
          version: saved.version,
          status,
          ...(override ? { override, failingChecks: failing } : {}),
          ...(status === 'rejected' ? { comment: req.comment!.trim() } : {}),
        },
        dialect,
      );
    },
  );
  return savedTranslationJson(saved, issues, override);
}
