/** Drafting one segment now (the editor's "MT" button), through the same run as bulk pretranslation. */
import type { Db } from '../../db/client.js';
import { currentTranslation, segmentWithDocument } from '../../db/mt.js';
import { AppError, ValidationError } from '../../domain/errors.js';
import type { MtProvider } from '../../mt/types.js';
import { assertComplete, pretranslate, type PretranslateOptions } from './run.js';

/**
 * Drafts one segment now (the editor's "MT" button). Replaces an earlier MT draft; never a
 * translation someone made or confirmed: that is a 409 carrying the current translation.
 */
export async function draftSegment(
  db: Db,
  provider: MtProvider,
  segmentId: number,
  lang: string,
  options: Pick<PretranslateOptions, 'retry'> = {},
) {
  const seg = await segmentWithDocument(db, segmentId);
  const summary = await pretranslate(db, {
    provider,
    scope: { documentId: seg.documentId },
    segmentIds: [segmentId],
    langs: [lang],
    overwriteDrafts: true,
    ...options,
  });
  if (summary.skipped.nonTranslatable > 0) {
    throw new ValidationError(`segment ${segmentId} is not translatable (code, HTML or image block)`, {}, 'not_translatable', {
      params: { segment: segmentId },
    });
  }
  if (summary.skipped.alreadyTranslated > 0 || summary.skipped.changedMeanwhile > 0) {
    const current = await currentTranslation(db, segmentId, lang);
    throw new AppError(
      'translation_exists',
      `segment ${segmentId} already has a ${current?.status ?? ''} translation into ${lang}; it is kept`,
      409,
      {
        current,
      },
      { params: { segment: segmentId, lang } },
    );
  }
  assertComplete(summary);
  return currentTranslation(db, segmentId, lang);
}
