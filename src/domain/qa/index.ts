/**
 * The QA check registry and runner. Add a check by writing a module in checks/ and listing it in
 * {@link QA_CHECKS}.
 */
import { emptyCheck, lengthCheck, untranslatedCheck, whitespaceCheck } from './checks/basic.js';
import { projectConsistencyCheck, targetsConsistencyCheck } from './checks/consistency.js';
import { glossaryCheck } from './checks/glossary.js';
import { markupCheck } from './checks/markup.js';
import { numbersCheck } from './checks/numbers.js';
import { endPunctuationCheck, fullWidthPunctuationCheck, quotesCheck } from './checks/punctuation.js';
import { scriptCheck } from './checks/script.js';
import type { QaCheck, QaContext, QaIssue } from './types.js';

export type { GlossaryTerm, QaCheck, QaContext, QaIssue, QaSeverity } from './types.js';

/** All checks, in the order their issues are listed. */
export const QA_CHECKS: readonly QaCheck[] = [
  emptyCheck,
  untranslatedCheck,
  markupCheck,
  numbersCheck,
  fullWidthPunctuationCheck,
  quotesCheck,
  endPunctuationCheck,
  whitespaceCheck,
  lengthCheck,
  glossaryCheck,
  projectConsistencyCheck,
  targetsConsistencyCheck,
  scriptCheck,
];

/**
 * Runs the checks that apply to the target language. On an empty target only the checks marked
 * `runsOnEmpty` run (the others would only repeat that it is empty).
 */
export function runChecks(ctx: QaContext, checks: readonly QaCheck[] = QA_CHECKS): QaIssue[] {
  const empty = ctx.target.trim() === '';
  return checks.filter((c) => c.appliesTo(ctx.targetLang) && (!empty || c.runsOnEmpty)).flatMap((c) => c.run(ctx));
}

/** True when any issue is an error. */
export function hasErrors(issues: readonly QaIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
