/**
 * Editor use cases: open a document in one target language, page through its segments, save a translation.
 */
import type { Db } from '../db/client.js';
import { loadDocumentHeader } from '../db/documents.js';
import { getSegment, listSegments, offsetOfIndex, segmentCounts, type SegmentFilter } from '../db/segments.js';
import { saveTranslation, type Origin, type Status } from '../db/translations.js';
import { ValidationError } from '../domain/errors.js';
import type { AuthUser } from '../db/users.js';
import { assertRole, audit } from './auth/authService.js';
import { entersMemory, recordTranslation } from './tmService.js';

/** Longest translation text accepted, in characters. */
export const MAX_TRANSLATION_CHARS = 100_000;

/** A project's target languages and the one asked for (the first when none is); throws 400 for any other. */
export function chooseLang(project: { name: string; targetLangs: string }, lang?: string) {
  const langs = project.targetLangs.split(',').filter(Boolean);
  const chosen = lang ?? langs[0];
  if (!chosen || !langs.includes(chosen)) {
    throw new ValidationError(`lang: "${lang}" is not a target language of project ${project.name} (${langs.join(', ')})`, {
      field: 'lang',
      value: lang,
    });
  }
  return { langs, lang: chosen };
}

/** A page of the editor: segments, the total matching the filter, and counts for the filter badges. */
export async function editorPage(db: Db, documentId: number, lang: string, filter: SegmentFilter, page: { offset: number; limit: number }) {
  const [list, counts] = await Promise.all([listSegments(db, documentId, lang, filter, page), segmentCounts(db, documentId, lang)]);
  return { ...list, counts, offset: page.offset, limit: page.limit };
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
  project?: { name: string; targetLangs: string };
}

/**
 * Saves a translation with optimistic locking. The origin becomes `human` when the text changed;
 * confirming a machine draft unchanged keeps its origin (an accepted MT draft stays "mt").
 */
export async function saveFromEditor(db: Db, req: EditorSave) {
  if (req.text.length > MAX_TRANSLATION_CHARS) {
    throw new ValidationError(`text: ${req.text.length} characters is over the limit of ${MAX_TRANSLATION_CHARS}`, { field: 'text' });
  }
  if (req.status === 'reviewed') assertRole(req.user, 'admin', 'reviewer');
  const segment = await getSegment(db, req.segmentId, req.lang);
  chooseLang(req.project ?? (await loadDocumentHeader(db, segment.documentId)).project, req.lang);
  const current = segment.translation;
  const status: Status = req.status ?? (req.text === '' ? 'untranslated' : 'draft');
  if (status !== 'untranslated' && req.text.trim() === '') {
    throw new ValidationError(`text: an empty translation cannot be ${status}`, { field: 'text' });
  }
  const origin: Origin = current.origin && current.text === req.text ? (current.origin as Origin) : 'human';
  const saved = await saveTranslation(db, {
    segmentId: req.segmentId,
    lang: req.lang,
    text: req.text,
    status,
    origin,
    version: req.version,
    user: req.user.name,
  });
  // A confirmed translation enters the translation memory.
  if (entersMemory(saved.status)) await recordTranslation(db, { segmentId: req.segmentId, lang: req.lang, text: saved.text, user: req.user.name, origin: 'editor' });
  await audit(db, req.user, status === 'reviewed' ? 'translation.review' : 'translation.save', `segment:${req.segmentId}/${req.lang}`, {
    version: saved.version,
    status,
  });
  return {
    text: saved.text,
    status: saved.status,
    origin: saved.origin,
    version: saved.version,
    updatedAt: saved.updatedAt,
    updatedBy: saved.updatedBy,
  };
}
