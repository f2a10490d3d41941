/**
 * Writes locales/zh-Hant/<ns>.json from locales/zh-Hans/<ns>.json with the workbench's own OpenCC
 * conversion (s2twp: Taiwan standard with Taiwanese phrases). `{{placeholders}}`, `$t(...)` and tags
 * are never converted; keys, order and formatting stay those of zh-Hans.
 *
 *   npx tsx scripts/make-zh-hant-locale.ts          # regenerate
 *   npx tsx scripts/make-zh-hant-locale.ts --check  # exit 1 when a file is out of date
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertI18nextValue } from '../src/domain/i18nextConvert.js';
import { renderI18nextTarget, segmentI18next } from '../src/domain/i18nextDoc.js';

/** The conversion used for the zh-Hant interface. */
export const ZH_HANT_CONFIG = 's2twp';

/** The zh-Hant resource text for one zh-Hans resource text. */
export function makeZhHant(zhHans: string): string {
  const translations = new Map<string, string>();
  for (const s of segmentI18next(zhHans).segments) translations.set(s.frame.key, convertI18nextValue(s.source, ZH_HANT_CONFIG));
  return renderI18nextTarget(zhHans, translations);
}

function main(): void {
  const locales = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../locales');
  const from = path.join(locales, 'zh-Hans');
  const to = path.join(locales, 'zh-Hant');
  const check = process.argv.includes('--check');
  mkdirSync(to, { recursive: true });
  let stale = 0;
  for (const file of readdirSync(from).filter((f) => f.endsWith('.json'))) {
    const out = makeZhHant(readFileSync(path.join(from, file), 'utf8'));
    const target = path.join(to, file);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (current === out) continue;
    stale++;
    if (check) console.error(`locales/zh-Hant/${file} is out of date`);
    else {
      writeFileSync(target, out);
      console.log(`wrote locales/zh-Hant/${file}`);
    }
  }
  if (check && stale) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
