/**
 * Numbers check: every number of the source appears in the target, read with Chinese forms
 * (see ../numbers.ts). A missing digit number is an error, a missing Chinese numeral a warning.
 */
import { formatValue, sourceNumbers, targetValues } from '../numbers.js';
import { issue, plain, textRuns } from '../text.js';
import type { QaCheck } from '../types.js';

export const numbersCheck: QaCheck = {
  id: 'numbers',
  severity: 'error',
  description: 'Every number of the source (6月16日, 3.5万, 三十五, 35%) is in the target',
  appliesTo: () => true,
  run(ctx) {
    const values = targetValues(plain(ctx.target, ctx), ctx.targetLang);
    return textRuns(ctx.source, ctx)
      .flatMap((r) => sourceNumbers(r.text, r.start))
      .filter((n) => !n.values.some((v) => values.has(v)))
      .map((n) => {
        const shown = formatValue(n.values[0]!);
        const what = n.raw.replace(/,/g, '') === shown.replace(/,/g, '') ? n.raw : `${n.raw} (${shown})`;
        return issue(numbersCheck, 'numbersMissing', `The number ${what} of the source is not in the target.`, {
          params: { number: what },
          side: 'source',
          start: n.start,
          end: n.end,
          severity: n.digits ? 'error' : 'warning',
        });
      });
  },
};
