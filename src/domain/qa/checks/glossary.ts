/**
 * Glossary check: when a glossary term's source occurs in the source, one of its translations
 * must occur in the target, and none of its forbidden variants may.
 *
 * Source terms are matched longest first: an occurrence inside a longer term's occurrence
 * (普京 inside 弗拉基米尔·普京) does not count on its own.
 *
 * Target matching ({@link termPattern}): case-insensitive, at word boundaries. English allows a
 * plural or possessive ending (s, es, 's, ’s). Russian matches by stem: each word of the term
 * loses its inflectional ending (the longest of -ами -ого -ому -ый -ая -ов -а -ь …, keeping at
 * least 3 letters) and any word starting with the stem and followed by at most 4 letters matches,
 * so Путин matches Путина, Кремль matches Кремля, Белый дом matches Белого дома; ё counts as е.
 * Words of 1–2 letters (по, на) must match exactly.
 */
import { langBase, sameLanguage } from '../lang.js';
import { issue, listParam, plain } from '../text.js';
import { escapeRegExp as escapeRe } from '../../userPattern.js';
import type { GlossaryTerm, QaCheck, QaIssue } from '../types.js';

const RU_ENDINGS = [
  'ами',
  'ями',
  'ого',
  'его',
  'ому',
  'ему',
  'ыми',
  'ими',
  'ой',
  'ей',
  'ий',
  'ый',
  'ая',
  'яя',
  'ое',
  'ее',
  'ые',
  'ие',
  'ых',
  'их',
  'ым',
  'им',
  'ом',
  'ем',
  'ам',
  'ям',
  'ах',
  'ях',
  'ов',
  'ев',
  'а',
  'я',
  'о',
  'е',
  'ы',
  'и',
  'у',
  'ю',
  'ь',
  'й',
];

/** The Russian stem of one word (see the module comment). */
export function russianStem(word: string): string {
  const w = word.toLowerCase().replace(/ё/g, 'е');
  for (const e of RU_ENDINGS) if (w.endsWith(e) && w.length - e.length >= 3) return w.slice(0, -e.length);
  return w;
}

/** A regular expression finding a target term in a text of language `lang`. */
export function termPattern(term: string, lang: string): RegExp {
  const words = term.trim().split(/\s+/u);
  let body: string;
  if (langBase(lang) === 'ru') {
    body = words
      .map((w) => (/^\p{L}{3,}$/u.test(w) ? `${escapeRe(russianStem(w))}\\p{L}{0,4}` : escapeRe(w.toLowerCase().replace(/ё/g, 'е'))))
      .join('[\\s\\u00a0-]+');
  } else {
    body = words.map(escapeRe).join('[\\s\\u00a0-]+') + (langBase(lang) === 'en' ? "(?:s|es|['’]s)?" : '');
  }
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
}

/** Whether a target text contains a term (ё folded to е for Russian). */
function contains(text: string, term: string, lang: string): boolean {
  const t = langBase(lang) === 'ru' ? text.replace(/ё/g, 'е').replace(/Ё/g, 'Е') : text;
  return termPattern(term, lang).test(t);
}

/** The terms whose source occurs in `source` outside longer terms' occurrences. */
export function termsInSource(source: string, terms: GlossaryTerm[]): GlossaryTerm[] {
  const bySource = [...new Set(terms.map((t) => t.source))].sort((a, b) => b.length - a.length);
  const taken: [number, number][] = [];
  const found = new Set<string>();
  for (const s of bySource) {
    if (!s) continue;
    for (let at = source.indexOf(s); at >= 0; at = source.indexOf(s, at + 1)) {
      const end = at + s.length;
      if (taken.some(([a, b]) => at >= a && end <= b)) continue;
      taken.push([at, end]);
      found.add(s);
    }
  }
  return terms.filter((t) => found.has(t.source));
}

export const glossaryCheck: QaCheck = {
  id: 'glossary',
  severity: 'error',
  description: 'Glossary terms of the source are translated as the glossary says, and forbidden variants are not used',
  appliesTo: () => true,
  run(ctx) {
    const terms = (ctx.glossary ?? []).filter((t) => sameLanguage(t.lang, ctx.targetLang));
    const source = plain(ctx.source, ctx);
    const target = plain(ctx.target, ctx);
    const issues: QaIssue[] = [];
    for (const term of termsInSource(source, terms)) {
      if (term.target.length > 0 && !term.target.some((t) => contains(target, t, ctx.targetLang))) {
        issues.push(
          issue(
            glossaryCheck,
            'glossaryMissing',
            `Glossary: "${term.source}" should be translated as ${term.target.map((t) => `"${t}"`).join(' or ')}.`,
            { params: { term: term.source, targets: listParam(term.target.map((t) => `"${t}"`)) }, severity: 'warning' },
          ),
        );
      }
      for (const bad of term.forbidden ?? []) {
        if (contains(target, bad, ctx.targetLang))
          issues.push(
            issue(glossaryCheck, 'glossaryForbidden', `Glossary: "${bad}" must not be used for "${term.source}".`, {
              params: { variant: bad, term: term.source },
            }),
          );
      }
    }
    return issues;
  },
};
