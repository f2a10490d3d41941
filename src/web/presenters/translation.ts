/**
 * The editor's JSON form of a translation (the API, the editor's rows, a machine draft's answer).
 */
import type { TranslationRecord } from '../../db/translationRecord.js';

/** A translation as the editor reads it; a segment without one reads as untranslated, version 0. */
export interface TranslationJson {
  text: string;
  status: string;
  origin: string | null;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
  flags: string[];
}

/** The editor's JSON form of a stored translation, or of a missing one (null). */
export function translationJson(t: TranslationRecord | null): TranslationJson {
  if (!t) return { text: '', status: 'untranslated', origin: null, version: 0, updatedAt: null, updatedBy: null, flags: [] };
  return {
    text: t.text,
    status: t.status,
    origin: t.origin,
    version: t.version,
    updatedAt: t.updatedAt,
    updatedBy: t.updatedBy,
    flags: t.flags,
  };
}
