/**
 * Basic checks: empty target, untranslated text, leading/trailing whitespace, length ratio.
 *
 * Length bands (target characters per source character, markup excluded; source counted without
 * whitespace, target with single spaces), for sources of at least 10 Han characters:
 * en 1.2–6.0 and ru 1.3–7.0 (Chinese news prose runs about 2.5–3.5 characters of English or
 * Russian per Han character; the band is wide so that only gross omissions or additions show),
 * zh-Hant / zh-TW / zh-HK 0.8–1.25 (script conversion keeps lengths), other languages 1.0–7.0.
 */
import { findInRuns, HAN_RE, issue, plain, textRuns } from '../text.js';
import { isCjk, langBase } from '../lang.js';
import type { QaCheck } from '../types.js';

export const emptyCheck: QaCheck = {
  id: 'empty',
  severity: 'error',
  description: 'The target is not empty when the source is not',
  appliesTo: () => true,
  runsOnEmpty: true,
  run(ctx) {
    return ctx.source.trim() !== '' && ctx.target.trim() === '' ? [issue(emptyCheck, 'empty', 'The target is empty.')] : [];
  },
};

export const untranslatedCheck: QaCheck = {
  id: 'untranslated',
  severity: 'error',
  description: 'The target is not a copy of the source and has no Chinese left (outside markup)',
  appliesTo: (lang) => !isCjk(lang),
  run(ctx) {
    if (HAN_RE.test(ctx.source) && ctx.target.trim() === ctx.source.trim()) {
      return [issue(untranslatedCheck, 'untranslatedCopy', 'The target is the same as the source: it has not been translated.')];
    }
    return findInRuns(textRuns(ctx.target, ctx), /\p{Script=Han}+/gu).map((m) =>
      issue(untranslatedCheck, 'untranslatedChinese', `Chinese text "${m.text}" left in the target.`, {
        params: { text: m.text },
        start: m.start,
        end: m.end,
        severity: 'warning',
      }),
    );
  },
};

const LEADING = /^\s*/u;
const TRAILING = /\s*$/u;

export const whitespaceCheck: QaCheck = {
  id: 'whitespace',
  severity: 'warning',
  description: 'The target starts and ends with the same whitespace as the source',
  appliesTo: () => true,
  run(ctx) {
    const norm = (s: string) => s.replace(/\u3000/g, ' ');
    const out = [];
    const [sl, tl] = [LEADING.exec(ctx.source)![0], LEADING.exec(ctx.target)![0]];
    if (norm(sl) !== norm(tl))
      out.push(
        issue(
          whitespaceCheck,
          'whitespaceLeading',
          `Leading whitespace differs: ${JSON.stringify(sl)} in the source, ${JSON.stringify(tl)} in the target.`,
          {
            params: { source: JSON.stringify(sl), target: JSON.stringify(tl) },
            start: 0,
            end: tl.length,
          },
        ),
      );
    const [st, tt] = [TRAILING.exec(ctx.source)![0], TRAILING.exec(ctx.target)![0]];
    if (norm(st) !== norm(tt))
      out.push(
        issue(
          whitespaceCheck,
          'whitespaceTrailing',
          `Trailing whitespace differs: ${JSON.stringify(st)} in the source, ${JSON.stringify(tt)} in the target.`,
          {
            params: { source: JSON.stringify(st), target: JSON.stringify(tt) },
            start: ctx.target.length - tt.length,
            end: ctx.target.length,
          },
        ),
      );
    return out;
  },
};

/** Allowed target/source length ratio per target language (see the module comment). */
export const LENGTH_BANDS: Readonly<Record<string, readonly [number, number]>> = {
  en: [1.2, 6.0],
  ru: [1.3, 7.0],
  'zh-Hant': [0.8, 1.25],
  other: [1.0, 7.0],
};

/** Sources with fewer Han characters are not measured: short texts vary too much. */
export const LENGTH_MIN_HAN = 10;

/** The band for a target language. */
export function lengthBand(lang: string): readonly [number, number] {
  if (langBase(lang) === 'zh') return LENGTH_BANDS['zh-Hant']!;
  return LENGTH_BANDS[langBase(lang)] ?? LENGTH_BANDS.other!;
}

export const lengthCheck: QaCheck = {
  id: 'length',
  severity: 'warning',
  description: 'The target is not much shorter or longer than usual for its language',
  appliesTo: () => true,
  run(ctx) {
    const src = plain(ctx.source, ctx).replace(/\s+/gu, '');
    if ((src.match(/\p{Script=Han}/gu) ?? []).length < LENGTH_MIN_HAN) return [];
    const tgt = plain(ctx.target, ctx).trim().replace(/\s+/gu, ' ');
    const ratio = [...tgt].length / [...src].length;
    const [lo, hi] = lengthBand(ctx.targetLang);
    if (ratio >= lo && ratio <= hi) return [];
    return [
      issue(
        lengthCheck,
        ratio < lo ? 'lengthShort' : 'lengthLong',
        `The target is ${ratio < lo ? 'short' : 'long'} for its source: ${ratio.toFixed(2)} characters per source character, expected ${lo}–${hi}.`,
        { params: { ratio: ratio.toFixed(2), min: lo, max: hi } },
      ),
    ];
  },
};
