/**
 * One case per QA message key: a context that makes a check give exactly that issue, with the key and
 * parameters it must carry. Used by the key table (test/domain/qa/keys.test.ts) and by the web
 * presenter's test, which renders every case in each interface language.
 */
import { emptyCheck, lengthCheck, untranslatedCheck, whitespaceCheck } from '../../../src/domain/qa/checks/basic.js';
import { projectConsistencyCheck, targetsConsistencyCheck } from '../../../src/domain/qa/checks/consistency.js';
import { glossaryCheck } from '../../../src/domain/qa/checks/glossary.js';
import { markupCheck } from '../../../src/domain/qa/checks/markup.js';
import { numbersCheck } from '../../../src/domain/qa/checks/numbers.js';
import { endPunctuationCheck, fullWidthPunctuationCheck, quotesCheck } from '../../../src/domain/qa/checks/punctuation.js';
import { scriptCheck } from '../../../src/domain/qa/checks/script.js';
import type { QaCheck, QaContext } from '../../../src/domain/qa/types.js';
import { ctx } from './helpers.js';

/** A context, the check to run on it, and the one issue's key and parameters. */
export interface KeyCase {
  check: QaCheck;
  ctx: QaContext;
  key: string;
  params?: Record<string, unknown>;
}

const SOURCE = '俄罗斯总统弗拉基米尔·普京和美国总统乔·拜登将于6月16日在日内瓦会晤。';
const EN = 'Russian President Vladimir Putin and US President Joe Biden will meet in Geneva on June 16.';
const glossary = [{ source: '普京', lang: 'en', target: ['Putin', 'V. Putin'], forbidden: ['Poutine'] }];

export const KEY_CASES: KeyCase[] = [
  { check: emptyCheck, ctx: ctx('普京', ''), key: 'empty' },
  { check: untranslatedCheck, ctx: ctx('普京会见拜登。', '普京会见拜登。'), key: 'untranslatedCopy' },
  { check: untranslatedCheck, ctx: ctx('普京会见拜登。', 'Putin met 拜登.'), key: 'untranslatedChinese', params: { text: '拜登' } },
  { check: whitespaceCheck, ctx: ctx('普京', ' Putin'), key: 'whitespaceLeading', params: { source: '""', target: '" "' } },
  { check: whitespaceCheck, ctx: ctx('普京  ', 'Путин', 'ru'), key: 'whitespaceTrailing', params: { source: '"  "', target: '""' } },
  { check: lengthCheck, ctx: ctx(SOURCE, 'Putin and Biden meet.'), key: 'lengthShort', params: { ratio: '0.58', min: 1.2, max: 6 } },
  { check: lengthCheck, ctx: ctx(SOURCE, `${EN} `.repeat(3), 'ru'), key: 'lengthLong', params: { ratio: '7.64', min: 1.3, max: 7 } },
  {
    check: projectConsistencyCheck,
    ctx: ctx('普京会见拜登。', 'Putin met Biden.', 'en', {
      projectTranslations: [
        { source: '普京会见拜登。', target: 'Putin meets Biden.' },
        { source: '普京会见拜登。', target: 'Putin saw Biden.' },
      ],
    }),
    key: 'consistency',
    params: { others: '"Putin meets Biden."\n"Putin saw Biden."' },
  },
  {
    check: targetsConsistencyCheck,
    ctx: ctx('2021年', 'In 2021.', 'en', { otherTargets: { ru: 'В 2020 году.' } }),
    key: 'targetsNumber',
    params: { number: '2021', lang: 'ru' },
  },
  {
    check: targetsConsistencyCheck,
    ctx: ctx('见[报道](https://tass.ru/a)', 'See [the report](https://tass.ru/a)', 'en', { otherTargets: { ru: 'См. сообщение' } }),
    key: 'targetsUrl',
    params: { url: 'https://tass.ru/a', lang: 'ru' },
  },
  {
    check: targetsConsistencyCheck,
    ctx: ctx('据GNews报道', 'По данным GNews', 'ru', { otherTargets: { en: 'According to the news' } }),
    key: 'targetsName',
    params: { name: 'GNews', lang: 'en' },
  },
  {
    check: glossaryCheck,
    ctx: ctx('普京会见拜登。', 'He met Biden.', 'en', { glossary }),
    key: 'glossaryMissing',
    params: { term: '普京', targets: '"Putin"\n"V. Putin"' },
  },
  {
    check: glossaryCheck,
    ctx: ctx('普京会见拜登。', 'Putin, not Poutine, met Biden.', 'en', { glossary }),
    key: 'glossaryForbidden',
    params: { term: '普京', variant: 'Poutine' },
  },
  {
    check: markupCheck,
    ctx: ctx('见[塔斯社](https://tass.ru/a)报道', 'See the TASS report'),
    key: 'markupMissing',
    params: { kind: 'link', id: 'https://tass.ru/a' },
  },
  { check: markupCheck, ctx: ctx('会议议程', 'The **agenda**'), key: 'markupExtra', params: { kind: 'strong', id: '' } },
  { check: numbersCheck, ctx: ctx('共35人。', 'There were 36 people.'), key: 'numbersMissing', params: { number: '35' } },
  { check: fullWidthPunctuationCheck, ctx: ctx('你好。', 'Hello。'), key: 'punctuationFullwidth', params: { text: '。' } },
  { check: quotesCheck, ctx: ctx('他说“好”。', 'He said „yes“.'), key: 'quotesEnglish', params: { mark: '„' } },
  { check: quotesCheck, ctx: ctx('他说“好”。', 'Он сказал “да».', 'ru'), key: 'quotesRussian', params: { mark: '“' } },
  { check: endPunctuationCheck, ctx: ctx('你好。', 'Hello'), key: 'endPunctuationMissing' },
  { check: endPunctuationCheck, ctx: ctx('你好', 'Hello.'), key: 'endPunctuationExtra' },
  { check: scriptCheck, ctx: ctx('国家', '国家', 'zh-Hant'), key: 'scriptSimplified', params: { chars: '国' } },
  { check: scriptCheck, ctx: ctx('国家', '國家', 'zh-Hans'), key: 'scriptTraditional', params: { chars: '國' } },
];
