import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { QA_CHECKS } from '../../../src/domain/qa/index.js';
import { KEY_CASES } from './keyCases.js';

const enIssues = Object.keys(
  (
    JSON.parse(readFileSync(new URL('../../../locales/en/common.json', import.meta.url), 'utf8')) as {
      qa: { issue: Record<string, string> };
    }
  ).qa.issue,
);

describe('QA message keys', () => {
  it.each(KEY_CASES.map((c) => [c.check.id, c.key, c] as const))('%s gives key %s with its parameters', (_id, key, c) => {
    const issues = c.check.run(c.ctx);
    expect(issues.map((i) => ({ key: i.key, params: i.params }))).toEqual([{ key, params: c.params }]);
  });

  it('every check has at least one keyed case (a new check needs its key and locale text)', () => {
    const covered = new Set(KEY_CASES.map((c) => c.check.id));
    expect(QA_CHECKS.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('every key the checks use has an English text under qa.issue, and every text there a case', () => {
    expect([...new Set(KEY_CASES.map((c) => c.key))].sort()).toEqual([...enIssues].sort());
  });
});
