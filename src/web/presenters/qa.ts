/**
 * QA issues in the interface language: `qa.issue.<key>` of locales/ with the issue's parameters
 * (markup kinds named, lists joined and numbers written the language's way). Issues without a
 * key (stored before keys existed) or with a key the locales lack show their English message.
 */
import type { TFunction } from 'i18next';
import { formatters, translator, type UiLang } from '../i18n.js';

/** What a QA issue needs to be shown in a language. */
export interface LocalizableIssue {
  message: string;
  key?: string | undefined;
  params?: Record<string, string | number> | undefined;
}

const MISSING = '\u0000missing';

/** `t` with a dynamic key (the resource types do not list keys); `undefined` when the key has no text. */
function text(t: TFunction, key: string, params: Record<string, unknown> = {}): string | undefined {
  const s = (t as (k: string, o: object) => string)(key, { ...params, defaultValue: MISSING });
  return s === MISSING ? undefined : s;
}

/** Parameters as the language shows them (see the module comment). */
function localParams(t: TFunction, lang: UiLang, params: Record<string, string | number>): Record<string, unknown> {
  const { fmtList, fmtNumber } = formatters(lang);
  const out: Record<string, unknown> = { ...params };
  if (typeof params.kind === 'string') {
    const label = text(t, `qa.markup.${params.kind}`) ?? params.kind;
    out.what = params.id ? `${label} ${params.id}` : label;
  }
  // List parameters are stored joined with "\n" (see listParam in src/domain/qa/text.ts).
  if (typeof params.targets === 'string') out.targets = fmtList(params.targets.split('\n'), 'disjunction');
  if (typeof params.others === 'string') out.others = fmtList(params.others.split('\n'));
  if (params.ratio !== undefined && Number.isFinite(Number(params.ratio))) {
    out.ratio = fmtNumber(Number(params.ratio), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  for (const k of ['min', 'max'] as const) if (typeof params[k] === 'number') out[k] = fmtNumber(params[k]);
  return out;
}

/** Messages already localized, by language, key and parameters (the locales do not change while running). */
const localized = new Map<string, string>();
const LOCALIZED_KEPT = 2000;

/** One issue's message in `lang` (its English message when it has no key or the key no text). */
export function localizeQaIssue(lang: UiLang, issue: LocalizableIssue): string {
  if (!issue.key) return issue.message;
  // Every save answers with its issues' messages, mostly the same few: i18next's formatting was ~6 % of a save's CPU.
  const cacheKey = `${lang}\u0000${issue.key}\u0000${issue.message}\u0000${JSON.stringify(issue.params ?? {})}`;
  const hit = localized.get(cacheKey);
  if (hit !== undefined) return hit;
  const t = translator(lang);
  const message = text(t, `qa.issue.${issue.key}`, localParams(t, lang, issue.params ?? {})) ?? issue.message;
  if (localized.size >= LOCALIZED_KEPT) localized.delete(localized.keys().next().value!);
  localized.set(cacheKey, message);
  return message;
}

/**
 * Issues as browser clients get them: `message` stays the English sentence (stable for scripts and
 * logs), `localizedMessage` is the text to show in `lang`.
 */
export function localizedIssues<I extends LocalizableIssue>(lang: UiLang, issues: readonly I[]): (I & { localizedMessage: string })[] {
  return issues.map((i) => ({ ...i, localizedMessage: localizeQaIssue(lang, i) }));
}

/** A save's JSON answer (see savedTranslationJson) with its QA issues' messages in `lang` as well. */
export function localizedSave<S extends { qa: { issues: LocalizableIssue[] } }>(lang: UiLang, saved: S): S {
  return { ...saved, qa: { ...saved.qa, issues: localizedIssues(lang, saved.qa.issues) } };
}
