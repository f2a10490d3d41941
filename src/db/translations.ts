/**
 * Translation saves with optimistic locking and a revision per save.
 */
import type { Db } from './client.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';

/** Statuses of a translation. */
export const STATUSES = ['untranslated', 'draft', 'translated', 'reviewed'] as const;
/** One of {@link STATUSES}. */
export type Status = (typeof STATUSES)[number];
/** Where a translation's text came from. */
export const ORIGINS = ['mt', 'tm', 'opencc', 'human', 'import'] as const;
/** One of {@link ORIGINS}. */
export type Origin = (typeof ORIGINS)[number];

/** A save request: `version` is the version the editor started from (0 when there was none). */
export interface SaveTranslation {
  segmentId: number;
  lang: string;
  text: string;
  status: Status;
  origin: Origin;
  version: number;
  user: string;
}

/**
 * Saves a translation if nobody saved since `version`; otherwise throws {@link ConflictError}
 * carrying the current translation. Exactly one of several concurrent saves of one version wins.
 */
export async function saveTranslation(db: Db, req: SaveTranslation) {
  return db.$transaction(async (tx) => {
    const segment = await tx.segment.findUnique({ where: { id: req.segmentId }, select: { id: true, translatable: true } });
    if (!segment) throw new NotFoundError('segment', req.segmentId);
    if (!segment.translatable) throw new ValidationError(`segment ${req.segmentId} is not translatable (code, HTML or image block)`);
    const data = { text: req.text, status: req.status, origin: req.origin, updatedBy: req.user };
    let saved;
    if (req.version === 0) {
      const exists = await tx.translation.findUnique({ where: { segmentId_lang: { segmentId: req.segmentId, lang: req.lang } } });
      if (exists) throw conflict(exists);
      saved = await tx.translation.create({ data: { ...data, segmentId: req.segmentId, lang: req.lang, version: 1 } });
    } else {
      const { count } = await tx.translation.updateMany({
        where: { segmentId: req.segmentId, lang: req.lang, version: req.version },
        data: { ...data, version: { increment: 1 } },
      });
      const current = await tx.translation.findUnique({ where: { segmentId_lang: { segmentId: req.segmentId, lang: req.lang } } });
      if (!current) throw new NotFoundError(`translation into ${req.lang} of segment`, req.segmentId);
      if (count === 0) throw conflict(current);
      saved = current;
    }
    await tx.revision.create({
      data: { translationId: saved.id, version: saved.version, text: saved.text, status: saved.status, origin: saved.origin, createdBy: req.user },
    });
    return saved;
  });
}

function conflict(current: { text: string; status: string; origin: string; version: number; updatedBy: string; updatedAt: Date }) {
  return new ConflictError(`the translation was changed by ${current.updatedBy || 'someone else'} (now version ${current.version})`, {
    current: { text: current.text, status: current.status, origin: current.origin, version: current.version, updatedBy: current.updatedBy, updatedAt: current.updatedAt },
  });
}
