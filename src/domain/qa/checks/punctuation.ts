/**
 * Punctuation checks for en / ru targets: full-width Chinese punctuation left over, the other
 * language's quotation marks, and sentence-final punctuation that the source has and the target
 * lacks (or the reverse, for any target).
 */
import { findInRuns, issue, textRuns } from '../text.js';
import { isCjk, langBase } from '../lang.js';
import type { QaCheck, QaIssue } from '../types.js';

const FULL_WIDTH = /[，。：；！？（）【】《》、「」『』〔〕．]+/gu;

export const fullWidthPunctuationCheck: QaCheck = {
  id: 'punctuation-fullwidth',
  severity: 'error',
  description: 'No Chinese full-width punctuation (，。：；！？（）【】《》、) in a non-CJK target',
  appliesTo: (lang) => !isCjk(lang),
  run(ctx) {
    return findInRuns(textRuns(ctx.target, ctx), FULL_WIDTH).map((m) =>
      issue(fullWidthPunctuationCheck, 'punctuationFullwidth', `Chinese punctuation "${m.text}" in the target.`, {
        params: { text: m.text },
        start: m.start,
        end: m.end,
      }),
    );
  },
};

/** Quotation marks of the other style, per language. Russian may nest „…“ inside «…». */
function wrongQuotes(text: string, lang: string): { at: number; ch: string }[] {
  const out: { at: number; ch: string }[] = [];
  if (langBase(lang) === 'en') {
    for (const m of text.matchAll(/[«»„]/g)) out.push({ at: m.index!, ch: m[0] });
  } else {
    let open = 0;
    for (const m of text.matchAll(/[„“”]/g)) {
      if (m[0] === '„') open++;
      else if (m[0] === '“' && open > 0) open--;
      else out.push({ at: m.index!, ch: m[0] });
    }
  }
  return out;
}

export const quotesCheck: QaCheck = {
  id: 'quotes',
  severity: 'warning',
  description: 'Quotation marks of the target language: “…” in English, «…» (and „…“ inside) in Russian',
  appliesTo: (lang) => ['en', 'ru'].includes(langBase(lang)),
  run(ctx) {
    const english = langBase(ctx.targetLang) === 'en';
    const expected = english ? '“…”' : '«…»';
    const issues: QaIssue[] = [];
    for (const r of textRuns(ctx.target, ctx)) {
      for (const w of wrongQuotes(r.text, ctx.targetLang)) {
        issues.push(
          issue(
            quotesCheck,
            english ? 'quotesEnglish' : 'quotesRussian',
            `Quotation mark ${w.ch} is not used in ${english ? 'English' : 'Russian'}; use ${expected}.`,
            { params: { mark: w.ch }, start: r.start + w.at, end: r.start + w.at + 1 },
          ),
        );
      }
    }
    return issues;
  },
};

// Closing quotes, brackets and emphasis markers that may follow the final punctuation.
const TRAILERS = /[\s"'”’」』）)\]】》»*_~`]+$/u;
const SOURCE_END = /[。！？!?…．.]$/u;
const TARGET_END = /[.!?…。！？]$/u;

/** Whether a text ends a sentence, ignoring closing quotes, brackets and emphasis markers. */
function endsSentence(text: string, re: RegExp): boolean {
  return re.test(text.replace(TRAILERS, ''));
}

export const endPunctuationCheck: QaCheck = {
  id: 'end-punctuation',
  severity: 'warning',
  description: 'Source and target both end with sentence punctuation (。！？ / . ! ? …), or neither does',
  appliesTo: () => true,
  run(ctx) {
    const src = endsSentence(ctx.source, SOURCE_END);
    const tgt = endsSentence(ctx.target, TARGET_END);
    if (src === tgt) return [];
    return [
      issue(
        endPunctuationCheck,
        src ? 'endPunctuationMissing' : 'endPunctuationExtra',
        src
          ? 'The source ends a sentence (。！？) but the target does not end with . ! ? or ….'
          : 'The target ends with sentence punctuation but the source does not.',
        {
          start: ctx.target.trimEnd().length - 1,
          end: ctx.target.trimEnd().length,
        },
      ),
    ];
  },
};
