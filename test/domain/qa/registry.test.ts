import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR } from '../../helpers/fixtures.js';
import { QA_CHECKS, hasErrors, runChecks } from '../../../src/domain/qa/index.js';
import type { GlossaryTerm } from '../../../src/domain/qa/types.js';
import { ctx } from './helpers.js';

const SOURCE = '2021年05月25日，俄罗斯总统[普京](https://tass.ru/a)将于6月16日在日内瓦会晤。';
const glossary: GlossaryTerm[] = [
  { source: '普京', lang: 'en', target: ['Putin'] },
  { source: '日内瓦', lang: 'ru', target: ['Женева'] },
];

describe('runChecks', () => {
  it('has unique check ids', () => {
    expect(new Set(QA_CHECKS.map((c) => c.id)).size).toBe(QA_CHECKS.length);
  });

  it.each([
    ['en', 'On May 25, 2021, Russian President [Putin](https://tass.ru/a) is to meet in Geneva on June 16.'],
    ['ru', '25 мая 2021 года президент России [Путин](https://tass.ru/a) встретится в Женеве 16 июня.'],
    ['zh-Hant', '2021年05月25日，俄羅斯總統[普京](https://tass.ru/a)將於6月16日在日內瓦會晤。'],
  ])('finds nothing in a good %s translation', (lang, target) => {
    expect(runChecks(ctx(SOURCE, target, lang, { glossary }))).toEqual([]);
  });

  it('reports several problems of a bad translation, each naming its check', () => {
    const issues = runChecks(ctx(SOURCE, 'Russian President Putin，to meet in 日内瓦 on June 17', 'en', { glossary }));
    expect([...new Set(issues.map((i) => i.check))]).toEqual([
      'untranslated',
      'markup',
      'numbers',
      'punctuation-fullwidth',
      'end-punctuation',
    ]);
    expect(hasErrors(issues)).toBe(true);
  });

  it('reports only "empty" for an empty target instead of every missing number and link', () => {
    expect(runChecks(ctx(SOURCE, '', 'ru', { glossary })).map((i) => i.check)).toEqual(['empty']);
  });

  it('runs checks detached from their objects (no reliance on this), so callers may pass run around', () => {
    const runs = QA_CHECKS.map((c) => c.run);
    const c = ctx('普京说。', 'Putin said', 'en');
    expect(runs.flatMap((run) => run(c)).map((i) => i.check)).toContain('end-punctuation');
  });

  it('runs only the given checks', () => {
    const numbersOnly = QA_CHECKS.filter((c) => c.id === 'numbers');
    expect(runChecks(ctx(SOURCE, 'Putin。', 'en'), numbersOnly).every((i) => i.check === 'numbers')).toBe(true);
  });

  it('gives warnings only, so not errors, for a quote style slip', () => {
    const issues = runChecks(ctx('他说“是”。', 'He said «yes».', 'en'));
    expect(issues.map((i) => i.check)).toEqual(['quotes', 'quotes']);
    expect(hasErrors(issues)).toBe(false);
  });
});

describe('on the corpus', () => {
  const paragraphs = readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.md'))
    .flatMap((f) => readFileSync(path.join(CORPUS_DIR, f), 'utf8').split(/\r?\n\r?\n/))
    .filter((p) => p.trim());

  it('finds no markup or number problem when a paragraph is checked against itself (the extraction agrees with itself)', () => {
    const checks = QA_CHECKS.filter((c) => c.id === 'markup' || c.id === 'numbers');
    const bad = paragraphs.filter((p) => runChecks(ctx(p, p, 'zh-Hans'), checks).length > 0);
    expect(paragraphs.length).toBeGreaterThan(1000);
    expect(bad).toEqual([]);
  });
});
