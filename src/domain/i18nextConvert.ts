/**
 * Chinese script conversion of i18next values, apart from src/domain/i18nextDoc.ts so that reading i18next files (the
 * import's parser thread) does not load the OpenCC dictionaries.
 */
import { convertText, type ConversionConfigName, type ConvertOptions } from './convert.js';
import { i18nextProtectedSpans } from './i18nextDoc.js';

/**
 * Converts the human text of an i18next value between Chinese scripts (OpenCC), leaving every
 * protected span ({@link i18nextProtectedSpans}) byte-identical.
 */
export function convertI18nextValue(text: string, config: ConversionConfigName, options: ConvertOptions = {}): string {
  let out = '';
  let pos = 0;
  for (const span of i18nextProtectedSpans(text)) {
    out += convertText(text.slice(pos, span.start), config, options) + span.raw;
    pos = span.end;
  }
  return out + convertText(text.slice(pos), config, options);
}
