/** Language helpers for QA checks. */

/** The primary subtag, lower case: "en-US" → "en", "zh-Hant-TW" → "zh". */
export function langBase(lang: string): string {
  return lang.split(/[-_]/)[0]!.toLowerCase();
}

/** Chinese, Japanese or Korean target: written without spaces, full-width punctuation is right. */
export function isCjk(lang: string): boolean {
  return ['zh', 'ja', 'ko'].includes(langBase(lang));
}

/** Which Chinese script a zh target is written in; undefined for other languages. */
export function chineseScript(lang: string): 'Hans' | 'Hant' | undefined {
  if (langBase(lang) !== 'zh') return undefined;
  const rest = lang.toLowerCase().split(/[-_]/).slice(1);
  if (rest.includes('hant') || rest.some((s) => ['tw', 'hk', 'mo'].includes(s))) return 'Hant';
  return 'Hans';
}

/** True when two language codes name the same language for glossary purposes (en-US ~ en, zh-TW ~ zh-Hant). */
export function sameLanguage(a: string, b: string): boolean {
  if (langBase(a) !== langBase(b)) return false;
  return chineseScript(a) === chineseScript(b);
}
