/**
 * Traditional Chinese target languages drafted by conversion from a Simplified source, and the
 * OpenCC configuration used for each (per project, with defaults).
 */
import { CONVERSION_CONFIGS, parseConversionConfig, type ConversionConfigName } from './convert.js';
import { ValidationError } from './errors.js';
import { normalizeLang } from './lang.js';

/** The default configuration per target language. */
export const DEFAULT_TARGET_CONFIGS: Readonly<Record<string, ConversionConfigName>> = {
  'zh-Hant': 's2t',
  'zh-TW': 's2twp',
  'zh-HK': 's2hk',
  'zh-Hant-TW': 's2twp',
  'zh-Hant-HK': 's2hk',
};

/** Configurations that convert out of Simplified, the only ones usable for drafting targets (s2hkp included). */
const FROM_SIMPLIFIED = new Set<ConversionConfigName>(CONVERSION_CONFIGS.filter((c) => c.source === 'zh-Hans').map((c) => c.name));

/** A project's per-language configurations, as stored (`zh-TW=s2tw,zh-Hant=s2t`). */
export type TargetConfigs = Record<string, ConversionConfigName>;

/** Parses the stored form; throws naming the bad entry. */
export function parseTargetConfigs(stored: string): TargetConfigs {
  const out: TargetConfigs = {};
  for (const part of stored
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [lang, config, extra] = part.split('=').map((p) => p.trim());
    if (!lang || !config || extra !== undefined)
      throw new ValidationError(`conversion configs: "${part}" is not lang=config`, { value: part });
    const code = normalizeLang(lang, 'lang');
    const name = parseConversionConfig(config, `config for ${code}`);
    if (!DEFAULT_TARGET_CONFIGS[code]) throw notConvertible(code);
    if (!FROM_SIMPLIFIED.has(name)) {
      throw new ValidationError(
        `config for ${code}: "${name}" does not convert from Simplified; use one of ${[...FROM_SIMPLIFIED].join(', ')}`,
        { lang: code, value: name },
        'unknown_config',
      );
    }
    out[code] = name;
  }
  return out;
}

/** The stored form of per-language configurations (only those differing from the defaults). */
export function formatTargetConfigs(configs: TargetConfigs): string {
  return Object.entries(configs)
    .filter(([lang, config]) => DEFAULT_TARGET_CONFIGS[lang] !== config)
    .map(([lang, config]) => `${lang}=${config}`)
    .join(',');
}

/** True when `lang` is a Traditional Chinese target that conversion can draft. */
export function isConvertibleTarget(lang: string): boolean {
  return DEFAULT_TARGET_CONFIGS[lang] !== undefined;
}

/** The configuration drafting `lang` (a project's own choice first); throws for other languages. */
export function configForTarget(lang: string, projectConfigs: TargetConfigs = {}): ConversionConfigName {
  const config = projectConfigs[lang] ?? DEFAULT_TARGET_CONFIGS[lang];
  if (!config) throw notConvertible(lang);
  return config;
}

/** True when a source language is Chinese that conversion out of Simplified applies to. */
export function isSimplifiedSource(lang: string): boolean {
  return /^zh(-Hans)?(-(CN|SG|MY))?$/i.test(lang) || /^zh-(CN|SG)$/i.test(lang);
}

function notConvertible(lang: string): ValidationError {
  return new ValidationError(
    `lang: "${lang}" cannot be drafted by conversion; use one of ${Object.keys(DEFAULT_TARGET_CONFIGS).join(', ')}`,
    { field: 'lang', value: lang, valid: Object.keys(DEFAULT_TARGET_CONFIGS) },
    'not_convertible',
    { key: 'not_convertible_lang', params: { value: lang, valid: Object.keys(DEFAULT_TARGET_CONFIGS) } },
  );
}
