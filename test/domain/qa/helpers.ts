import type { QaCheck, QaContext } from '../../../src/domain/qa/types.js';

/** A context with defaults for the tests. */
export function ctx(source: string, target: string, targetLang = 'en', extra: Partial<QaContext> = {}): QaContext {
  return { source, target, sourceLang: 'zh', targetLang, ...extra };
}

/** The messages a check gives (after appliesTo), for compact assertions. */
export function messages(check: QaCheck, c: QaContext): string[] {
  return check.appliesTo(c.targetLang) ? check.run(c).map((i) => i.message) : [];
}
