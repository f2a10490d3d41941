/**
 * Consistency checks: the same source translated differently elsewhere in the project, and the
 * targets of one segment in different languages disagreeing on numbers, URLs or Latin-script
 * names (a name kept in Latin letters in Russian should appear in the English target too).
 */
import { targetDigitNumbers, targetValues } from '../numbers.js';
import { isCjk, langBase, sameLanguage } from '../lang.js';
import { issue, listParam, piecesOf, plain } from '../text.js';
import type { QaCheck, QaContext, QaIssue } from '../types.js';

const squash = (s: string) => s.trim().replace(/\s+/gu, ' ');

export const projectConsistencyCheck: QaCheck = {
  id: 'consistency',
  severity: 'warning',
  description: 'The same source is translated the same way throughout the project',
  appliesTo: () => true,
  run(ctx) {
    const source = squash(ctx.source);
    const target = squash(ctx.target);
    const others = [
      ...new Set((ctx.projectTranslations ?? []).filter((p) => squash(p.source) === source).map((p) => squash(p.target))),
    ].filter((t) => t !== '' && t !== target);
    if (others.length === 0) return [];
    return [
      issue(
        projectConsistencyCheck,
        'consistency',
        `The same source is translated differently elsewhere in the project: ${others.map((t) => JSON.stringify(t)).join(', ')}.`,
        { params: { others: listParam(others.map((t) => JSON.stringify(t))) } },
      ),
    ];
  },
};

/** The hrefs of links, images and URLs of a text. */
function hrefs(text: string, ctx: QaContext): Set<string> {
  const out = new Set<string>();
  for (const p of piecesOf(text, ctx)) if ((p.type === 'open' || p.type === 'atom') && 'href' in p && p.href) out.add(p.href);
  return out;
}

/** Latin-script words of a text (names, acronyms: GNews, COVID-19). */
function latinWords(text: string): Set<string> {
  return new Set(text.match(/\p{Script=Latin}[\p{Script=Latin}\p{N}'’.-]*\p{Script=Latin}|\p{Script=Latin}/gu) ?? []);
}

const isLatinLang = (lang: string) => ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl'].includes(langBase(lang));

export const targetsConsistencyCheck: QaCheck = {
  id: 'targets-consistency',
  severity: 'warning',
  description: 'The targets of one segment in other languages agree on numbers, URLs and Latin-script names',
  appliesTo: () => true,
  run(ctx) {
    const issues: QaIssue[] = [];
    const mine = plain(ctx.target, ctx);
    const myHrefs = hrefs(ctx.target, ctx);
    for (const [lang, other] of Object.entries(ctx.otherTargets ?? {})) {
      if (sameLanguage(lang, ctx.targetLang) || other.trim() === '') continue;
      const theirs = plain(other, ctx);
      const values = targetValues(theirs, lang);
      for (const n of targetDigitNumbers(mine)) {
        if (n.values.length > 0 && !n.values.some((v) => values.has(v))) {
          issues.push(
            issue(targetsConsistencyCheck, 'targetsNumber', `The number ${n.raw} is not in the ${lang} target.`, {
              params: { number: n.raw, lang },
            }),
          );
        }
      }
      const theirHrefs = hrefs(other, ctx);
      for (const h of myHrefs)
        if (!theirHrefs.has(h))
          issues.push(
            issue(targetsConsistencyCheck, 'targetsUrl', `The URL ${h} is not in the ${lang} target.`, { params: { url: h, lang } }),
          );
      if (!isLatinLang(ctx.targetLang) && !isCjk(lang) && isLatinLang(lang)) {
        const their = theirs.toLowerCase();
        for (const w of latinWords(mine))
          if (!their.includes(w.toLowerCase()))
            issues.push(
              issue(targetsConsistencyCheck, 'targetsName', `"${w}" is not in the ${lang} target.`, { params: { name: w, lang } }),
            );
      }
    }
    return issues;
  },
};
