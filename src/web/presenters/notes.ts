/** A document's import notes in the interface language (see src/domain/importNotes.ts). */
import { parseNotes } from '../../domain/importNotes.js';
import { translator, type UiLang } from '../i18n.js';

/** The notes of a document ("converted from GB18030/GBK to UTF-8"…) said in `lang`; '' when there are none. */
export function localizeNotes(lang: UiLang, notes: string): string {
  const t = translator(lang) as unknown as (key: string, params?: object) => string;
  return parseNotes(notes)
    .map((part) => (part.key === null ? part.text : t(`importNotes.${part.key}`, part.params)))
    .join(t('importNotes.separator'));
}
