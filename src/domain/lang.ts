/**
 * Language codes (BCP 47). Targets are normally en, ru and zh-Hant (with zh-TW / zh-HK variants).
 */
import { ValidationError } from './errors.js';

/** Canonicalises one BCP 47 code ("zh-hant" → "zh-Hant"); throws naming the bad value. */
export function normalizeLang(code: string, field = 'lang'): string {
  const trimmed = code.trim();
  try {
    const [canonical] = Intl.getCanonicalLocales(trimmed);
    if (canonical && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(canonical)) return canonical;
  } catch {
    // reported below
  }
  throw new ValidationError(
    `${field}: "${code}" is not a valid language code (BCP 47, e.g. en, ru, zh-Hant)`,
    { field, value: code },
    undefined,
    {
      key: 'bad_lang',
      params: { field, value: code },
    },
  );
}

/** Parses a comma-separated list of language codes, dropping duplicates and keeping order. */
export function parseLangList(list: string, field = 'lang'): string[] {
  const langs = list
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => normalizeLang(l, field));
  if (langs.length === 0)
    throw new ValidationError(`${field}: no language given`, { field, value: list }, undefined, { key: 'no_lang', params: { field } });
  return [...new Set(langs)];
}
