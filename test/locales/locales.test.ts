import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { LOCALES_DIR, loadResources } from '../../src/web/i18n.js';
import { makeZhHant } from '../../scripts/make-zh-hant-locale.js';

const resources = loadResources();
const LANGS = Object.keys(resources).sort();
const NAMESPACES = Object.keys(resources.en ?? {});
const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/;

/** Flattens nested resources to `a.b.c` → string value. */
function flatten(obj: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof obj === 'string') out.set(prefix, obj);
  else if (obj && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/** A locale's keys with plural keys folded to their base: base → categories present. */
function normalised(lng: string, ns: string): Map<string, Set<string>> {
  const flat = flatten(resources[lng]?.[ns] ?? {});
  const out = new Map<string, Set<string>>();
  for (const key of flat.keys()) {
    const m = PLURAL.exec(key);
    const plural = m && flat.has(`${m[1]}_other`);
    const base = plural ? `${m[1]}` : key;
    const set = out.get(base) ?? new Set<string>();
    if (plural) set.add(m[2]!);
    out.set(base, set);
  }
  return out;
}

const categories = (lng: string) => new Set(new Intl.PluralRules(lng).resolvedOptions().pluralCategories as string[]);
const PLACEHOLDER = /\{\{[^{}]*\}\}|\$t\([^)]*\)/g;
const placeholders = (s: string) => [...new Set(s.match(PLACEHOLDER) ?? [])].sort();

describe('locale resources', () => {
  it('has English, Simplified and Traditional Chinese and Russian', () => {
    expect(LANGS).toEqual(expect.arrayContaining(['en', 'ru', 'zh-Hans', 'zh-Hant']));
  });

  for (const ns of NAMESPACES) {
    describe(`${ns}.json`, () => {
      const en = normalised('en', ns);

      it.each(LANGS)('%s has every key of en and no other (plurals folded)', (lng) => {
        const keys = normalised(lng, ns);
        const missing = [...en.keys()].filter((k) => !keys.has(k));
        const extra = [...keys.keys()].filter((k) => !en.has(k));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      it.each(LANGS)('%s has exactly the plural forms its language needs', (lng) => {
        const need = [...categories(lng)].sort();
        const wrong: string[] = [];
        for (const [base, cats] of normalised(lng, ns)) {
          const enCats = en.get(base);
          if (!enCats?.size && !cats.size) continue;
          const have = [...cats].sort();
          if (have.join() !== need.join()) wrong.push(`${base}: has _${have.join(', _')}, needs _${need.join(', _')}`);
        }
        expect(wrong).toEqual([]);
      });

      it.each(LANGS)('%s uses the same placeholders as en', (lng) => {
        const enFlat = flatten(resources.en?.[ns]);
        const wrong: string[] = [];
        for (const [key, value] of flatten(resources[lng]?.[ns])) {
          const m = PLURAL.exec(key);
          const enValue = enFlat.get(key) ?? (m ? enFlat.get(`${m[1]}_other`) : undefined);
          if (enValue === undefined) continue;
          const a = placeholders(value).join(' ');
          const b = placeholders(enValue).join(' ');
          if (a !== b) wrong.push(`${key}: ${a || '(none)'} instead of ${b || '(none)'}`);
        }
        expect(wrong).toEqual([]);
      });

      it('zh-Hant is the s2twp conversion of zh-Hans (run: npx tsx scripts/make-zh-hant-locale.ts)', () => {
        const zhHans = readFileSync(path.join(LOCALES_DIR, 'zh-Hans', `${ns}.json`), 'utf8');
        const zhHant = readFileSync(path.join(LOCALES_DIR, 'zh-Hant', `${ns}.json`), 'utf8');
        expect(zhHant).toBe(makeZhHant(zhHans));
      });
    });
  }

  it('gives Russian plural forms through i18next', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: 'ru', fallbackLng: 'en', defaultNS: 'common', interpolation: { escapeValue: false } });
    const t = (count: number) => i18n.t('home.documentCount', { count });
    expect([1, 2, 5, 11, 21, 22, 25, 1.5].map(t)).toEqual([
      '1 документ',
      '2 документа',
      '5 документов',
      '11 документов',
      '21 документ',
      '22 документа',
      '25 документов',
      '1,5 документа',
    ]);
    expect(i18n.t('home.documentCount', { count: 1, lng: 'en' })).toBe('1 document');
    expect(i18n.t('home.documentCount', { count: 3, lng: 'zh-Hant' })).toBe('3 篇文件');
  });
});

// ---- Views: no literal text outside t() ----

const VIEWS_DIR = path.resolve(LOCALES_DIR, '../views');
/** Attributes whose values the user sees. */
const VISIBLE_ATTRIBUTES = ['title', 'placeholder', 'aria-label', 'alt'];
/** What may remain outside t(): white space, punctuation, symbols and digits. */
const NEUTRAL = /^[\s\d/·→←↑↓↔#():;,.\-–—|…?!%+*×=<>[\]{}"'`~^_&@\\]*$/;
/**
 * Literal text the views hold today that is not (yet) a translation key: file, then the exact text.
 * Remove an entry when its view moves to t(); a stale entry fails the test.
 */
const KNOWN_LITERALS: [file: string, text: string][] = [
  // Audit action codes are identifiers typed as they are, not prose.
  ['admin/audit.ejs', 'import, translation.save, export…'],
];
/** Key names on keyboards (`<kbd>Ctrl</kbd>`, "(Ctrl+Shift+Insert)") are not translated. */
const KEY_NAMES = /\b(?:Ctrl|Alt|Shift|Insert|Esc|Enter|Tab|Meta|Cmd|Home|End|PgUp|PgDn|Backspace|F\d{1,2})\b/g;

function viewFiles(dir: string, rel = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(full).isDirectory()) return viewFiles(full, r);
    return name.endsWith('.ejs') ? [r] : [];
  });
}

/** Replaces a match by as many newlines as it held, so that line numbers stay right. */
const blank = (s: string, re: RegExp, keep: (m: string, ...g: string[]) => string = () => '') =>
  s.replace(re, (m: string, ...g: string[]) => keep(m, ...g) + '\n'.repeat((m.match(/\n/g) ?? []).length));

/** The user-visible literal texts of an EJS view, with line numbers. */
export function literalTexts(source: string): { line: number; text: string }[] {
  let s = blank(source, /<%[\s\S]*?%>/g);
  s = blank(s, /<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi);
  s = blank(s, /<!--[\s\S]*?-->/g);
  s = blank(s, /<![A-Za-z][^>]*>/g);
  // Tags: keep the values of visible attributes (separated by spaces), drop the rest.
  s = blank(s, /<\/?[A-Za-z][^<>]*>/g, (tag) => {
    const values: string[] = [];
    for (const m of tag.matchAll(/\s([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
      if (VISIBLE_ATTRIBUTES.includes(m[1]!.toLowerCase())) values.push(m[3] ?? m[4] ?? '');
    }
    return values.length ? ` ${values.join(' ')} ` : ' ';
  });
  s = s.replace(/&(?:#\d+|#x[\da-f]+|[a-z]+);/gi, ' ');
  const out: { line: number; text: string }[] = [];
  s.split('\n').forEach((text, i) => {
    if (!NEUTRAL.test(text.replace(KEY_NAMES, ''))) out.push({ line: i + 1, text: text.trim().replace(/\s+/g, ' ') });
  });
  return out;
}

describe('views', () => {
  it('recognise literal text and ignore t(), tags, attributes and entities', () => {
    const view = '<p><%= t("a") %> · <a href="/x" title="<%= t(\'b\') %>">→</a>&nbsp;</p>\n<p class="x">Hello</p>\n<img alt="A cat">';
    expect(literalTexts(view)).toEqual([
      { line: 2, text: 'Hello' },
      { line: 3, text: 'A cat' },
    ]);
  });

  it('contain no user-visible literal text outside t()', () => {
    const offenders: string[] = [];
    const known = new Set(KNOWN_LITERALS.map(([f, t]) => `${f}\u0000${t}`));
    const seen = new Set<string>();
    for (const file of viewFiles(VIEWS_DIR)) {
      for (const { line, text } of literalTexts(readFileSync(path.join(VIEWS_DIR, file), 'utf8'))) {
        const id = `${file}\u0000${text}`;
        if (known.has(id)) seen.add(id);
        else offenders.push(`views/${file}:${line}: ${text}`);
      }
    }
    const stale = KNOWN_LITERALS.filter(([f, t]) => !seen.has(`${f}\u0000${t}`)).map(([f, t]) => `stale KNOWN_LITERALS entry ${f}: ${t}`);
    expect([...offenders, ...stale]).toEqual([]);
  });

  it('say counts through plural keys: every t(key, { count }) has its plural forms in every language', () => {
    const wrong: string[] = [];
    for (const file of viewFiles(VIEWS_DIR)) {
      const source = readFileSync(path.join(VIEWS_DIR, file), 'utf8');
      for (const m of source.matchAll(/\bt\('([\w.]+)',\s*\{[^}]*\bcount\s*:/g)) {
        for (const lng of LANGS) {
          const flat = flatten(resources[lng]?.common);
          const need = [...categories(lng)].map((c) => `${m[1]}_${c}`);
          const missing = need.filter((k) => !flat.has(k));
          if (missing.length) wrong.push(`views/${file}: ${lng} lacks ${missing.join(', ')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('format dates and numbers through the locale helpers (fmtDate, fmtNumber, fmtPercent), not by hand', () => {
    const wrong: string[] = [];
    for (const file of viewFiles(VIEWS_DIR)) {
      const source = readFileSync(path.join(VIEWS_DIR, file), 'utf8');
      // toISOString() only for machine-readable attributes (<time datetime>); toLocale*() only with the helpers.
      const shown = source.replace(/datetime="<%= [^%]*toISOString\(\) %>"/g, '');
      for (const m of shown.matchAll(/\.(toISOString|toLocaleString|toLocaleDateString|toLocaleTimeString)\(/g))
        wrong.push(`views/${file}: ${m[1]}()`);
    }
    expect(wrong).toEqual([]);
  });
});
