/**
 * Statuses and origins of a translation, and the rule of when a machine draft may replace one
 * ("never overwrite human work").
 */

/** Statuses of a translation. */
export const STATUSES = ['untranslated', 'draft', 'translated', 'reviewed', 'rejected'] as const;
/** One of {@link STATUSES}. */
export type Status = (typeof STATUSES)[number];
/** Where a translation's text came from. */
export const ORIGINS = ['mt', 'tm', 'opencc', 'human', 'import'] as const;
/** One of {@link ORIGINS}. */
export type Origin = (typeof ORIGINS)[number];

/** The current state of one translation (for the never-overwrite rules). */
export interface TranslationState {
  status: string;
  origin: string;
}

/**
 * Whether a translation in `state` may be replaced by a machine draft: a missing or untranslated one always;
 * with `overwriteDrafts`, also an earlier MT draft; never anything a person wrote or confirmed.
 */
export function draftMayReplace(state: TranslationState | null | undefined, overwriteDrafts: boolean): boolean {
  if (!state || state.status === 'untranslated') return true;
  return overwriteDrafts && state.origin === 'mt' && state.status === 'draft';
}
