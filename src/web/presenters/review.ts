/**
 * Presents the review side of an editor row: stored QA issues (marked stale when the text changed
 * since they were computed), counts by severity, the provenance engine and open comments.
 */
import type { RowReview } from '../../services/reviewService.js';
import type { UiLang } from '../i18n.js';
import { localizedIssues } from './qa.js';

/** A row's review data as the views and the review script use it (issue messages in `lang`). */
export function presentReview(review: RowReview | undefined, translationVersion: number, lang: UiLang) {
  const issues = localizedIssues(lang, review?.issues ?? []).map((i) => ({ ...i, stale: i.version !== translationVersion }));
  return {
    issues,
    errors: issues.filter((i) => i.severity === 'error').length,
    warnings: issues.filter((i) => i.severity === 'warning').length,
    engine: review?.engine ?? '',
    openComments: review?.openComments ?? 0,
  };
}
