/**
 * Interface strings through i18next; resources are locales/<lng>/<namespace>.json.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import i18next, { type TFunction } from 'i18next';
import { humanBytes } from '../domain/bytes.js';

/** The repository's locales/ folder. */
export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

/** Reads every locales/<lng>/<ns>.json into an i18next resource object. */
export function loadResources(dir = LOCALES_DIR): Record<string, Record<string, Record<string, unknown>>> {
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  if (!existsSync(dir)) return resources;
  for (const lng of readdirSync(dir)) {
    resources[lng] = {};
    for (const file of readdirSync(path.join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      resources[lng]![file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(dir, lng, file), 'utf8')) as Record<string, unknown>;
    }
  }
  return resources;
}

/** Interface languages, in the order of the switcher. */
export const UI_LANGS = ['en', 'zh-Hans', 'zh-Hant', 'ru'] as const;
/** One of {@link UI_LANGS}. */
export type UiLang = (typeof UI_LANGS)[number];
/** Each interface language by its own name (endonyms are not translated). */
export const UI_LANG_NAMES: Record<UiLang, string> = { en: 'English', 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', ru: 'Русский' };
/** Cookie that remembers the interface language chosen in the switcher. */
export const LANG_COOKIE = 'bitext_lang';

/** Maps any BCP 47 tag to an interface language, or null: zh-TW / zh-HK / zh-Hant-* → zh-Hant, other zh → zh-Hans. */
export function uiLangOf(tag: string | undefined): UiLang | null {
  if (!tag) return null;
  const t = tag.trim().toLowerCase();
  if (t === 'zh-hant' || t.startsWith('zh-hant-') || t === 'zh-tw' || t === 'zh-hk' || t === 'zh-mo') return 'zh-Hant';
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-Hans';
  if (t === 'ru' || t.startsWith('ru-')) return 'ru';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return null;
}

/** Picks the best interface language from an Accept-Language header (quality values respected). */
export function negotiate(acceptLanguage: string | undefined): UiLang | null {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag ?? '', q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) {
    const lang = uiLangOf(r.tag);
    if (lang) return lang;
  }
  return null;
}

let instanceRef: ReturnType<typeof i18next.createInstance> | undefined;

/**
 * The interface language of a request: ?lng=, then the signed-in user's setting, then the cookie,
 * then Accept-Language, then English.
 */
export function requestLang(req: Request, res: Response): UiLang {
  const asked = typeof req.query?.lng === 'string' ? uiLangOf(req.query.lng) : null;
  return (
    asked ??
    uiLangOf((res.locals.user as { locale?: string } | undefined)?.locale) ??
    uiLangOf((req.cookies as Record<string, string> | undefined)?.[LANG_COOKIE]) ??
    negotiate(req.get('accept-language')) ??
    'en'
  );
}

/** A translation function fixed to `lang`, once {@link initI18n} has run. */
export function translator(lang: UiLang): TFunction {
  if (!instanceRef) throw new Error('initI18n() has not run');
  // One per language and instance: every request asks for one (res.locals.t), and a save's QA messages again.
  let fixed = translators.get(lang);
  if (!fixed || fixed.instance !== instanceRef) translators.set(lang, (fixed = { instance: instanceRef, t: instanceRef.getFixedT(lang) }));
  return fixed.t;
}

const translators = new Map<UiLang, { instance: NonNullable<typeof instanceRef>; t: TFunction }>();

/** Locale-aware formatters handed to views (as res.locals) so that no view formats by hand. */
export interface Formatters {
  /** A date and time with seconds, in UTC (the zone is shown), e.g. "26 Nov 2026, 13:22:58 UTC". */
  fmtDate: (d: Date | string | number) => string;
  /** A number with the locale's grouping and decimal signs; options as Intl.NumberFormat. */
  fmtNumber: (n: number, options?: Intl.NumberFormatOptions) => string;
  /** A ratio as a percentage: 0.5 → "50%" (ru "50 %"); whole percent unless options say otherwise. */
  fmtPercent: (ratio: number, options?: Intl.NumberFormatOptions) => string;
  /** An amount of money, e.g. fmtMoney(20, 'EUR') → "€20.00" (ru "20,00 €"). */
  fmtMoney: (n: number, currency: string) => string;
  /** A list joined the locale's way ("a, b and c"; type "disjunction" for "or"). */
  fmtList: (items: string[], type?: 'conjunction' | 'disjunction') => string;
  /** A size in bytes as people read it: "12.7 MB" (ru "12,7 МБ"). */
  fmtBytes: (bytes: number) => string;
}

const formattersCache = new Map<UiLang, Formatters>();

/** The {@link Formatters} of one interface language (built once per language). */
export function formatters(lang: UiLang): Formatters {
  let f = formattersCache.get(lang);
  if (f) return f;
  const date = new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  const number = new Intl.NumberFormat(lang);
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  // Building an Intl formatter costs far more than using one (a save's QA messages format lists and ratios): each
  // is built once per language and options.
  const numbers = new Map<string, Intl.NumberFormat>();
  const numberWith = (options: Intl.NumberFormatOptions) => {
    const key = JSON.stringify(options);
    let nf = numbers.get(key);
    if (!nf) numbers.set(key, (nf = new Intl.NumberFormat(lang, options)));
    return nf;
  };
  const lists = {
    conjunction: new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }),
    disjunction: new Intl.ListFormat(lang, { style: 'long', type: 'disjunction' }),
  };
  f = {
    fmtDate: (d) => date.format(d instanceof Date ? d : new Date(d)),
    fmtNumber: (n, options) => (options ? numberWith(options) : number).format(n),
    fmtPercent: (ratio, options) => (options ? numberWith({ style: 'percent', ...options }) : percent).format(ratio),
    fmtMoney: (n, currency) => numberWith({ style: 'currency', currency }).format(n),
    fmtList: (items, type = 'conjunction') => lists[type].format(items),
    fmtBytes: (bytes) => humanBytes(bytes, lang),
  };
  formattersCache.set(lang, f);
  return f;
}

let ready: Promise<TFunction> | undefined;

/** An initialised i18next instance (created once per process). */
export function initI18n(): Promise<TFunction> {
  ready ??= (async () => {
    const instance = i18next.createInstance();
    instanceRef = instance;
    await instance.init({
      resources: loadResources(),
      lng: 'en',
      fallbackLng: 'en',
      supportedLngs: [...UI_LANGS],
      defaultNS: 'common',
      interpolation: { escapeValue: false },
    });
    // `{{size, bytes}}` in a message: "12.7 MB" rather than a raw byte count.
    instance.services.formatter?.add('bytes', (value: unknown, lng: string | undefined) => humanBytes(Number(value), lng ?? 'en'));
    return instance.t;
  })();
  return ready;
}
