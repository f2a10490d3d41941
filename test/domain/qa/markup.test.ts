import { describe, expect, it } from 'vitest';
import { markupCheck } from '../../../src/domain/qa/checks/markup.js';
import { ctx, messages } from './helpers.js';

describe('markup check', () => {
  it.each([
    [
      'en',
      '见[塔斯社](https://tass.ru/a)报道',
      'See the [TASS](https://tass.ru/a) report',
      'the link keeps its href, its text is translated',
    ],
    ['ru', '见[塔斯社](https://tass.ru/a)报道', 'См. [сообщение ТАСС](https://tass.ru/a)', 'the link keeps its href in Russian'],
    ['en', '**会议议程**和`code`', '**Agenda** and `code`', 'bold and inline code kept'],
    [
      'ru',
      '![图](https://x.org/a.png)普京<br>',
      '![рис.](https://x.org/a.png)Путин<br>',
      'image alt may be translated, the URL and HTML tag stay',
    ],
    ['en', '参见[[zh:普京]]', 'See [[zh:普京]]', 'a wiki link is copied unchanged'],
    ['en', '来源 https://gnews.org/1273823/ 。', 'Source: https://gnews.org/1273823/.', 'a bare URL is kept'],
    ['en', '*强调*', '_emphasis_', '* and _ are the same emphasis'],
  ])('%s: passes when %j → %j (%s)', (lang, source, target) => {
    expect(messages(markupCheck, ctx(source, target, lang))).toEqual([]);
  });

  it.each([
    [
      'en',
      '见[塔斯社](https://tass.ru/a)报道',
      'See the TASS report',
      'The link https://tass.ru/a of the source is missing in the target.',
    ],
    [
      'ru',
      '见[塔斯社](https://tass.ru/a)报道',
      'См. [ТАСС](https://tass.ru/b)',
      'The link https://tass.ru/a of the source is missing in the target.',
    ],
    ['en', '**会议议程**', 'Agenda', 'The bold text of the source is missing in the target.'],
    ['ru', '用`npm test`运行', 'Запустите npm test', 'The inline code `npm test` of the source is missing in the target.'],
    ['en', '参见[[zh:普京]]', 'See [[en:Putin]]', 'The wiki link zh:普京 of the source is missing in the target.'],
    ['en', '参见[[zh:普京]]', 'See [[en:Putin]]', 'The target has a wiki link en:Putin that the source does not have.'],
    [
      'ru',
      '来源 https://gnews.org/1/ 。',
      'Источник: https://gnews.org/2/.',
      'The URL https://gnews.org/1/ of the source is missing in the target.',
    ],
  ])('%s: reports %j → %j as %j', (lang, source, target, message) => {
    expect(messages(markupCheck, ctx(source, target, lang))).toContain(message);
  });

  it('reports markup added in the target, with its offsets in the target', () => {
    const issues = markupCheck.run(ctx('普京', 'Putin <b>x</b>'));
    expect(issues[0]).toMatchObject({ severity: 'error', start: 6, end: 9 });
    expect(issues.map((i) => i.message)).toEqual([
      'The target has a HTML tag <b> that the source does not have.',
      'The target has a HTML tag </b> that the source does not have.',
    ]);
  });

  it('points a missing item at the source text', () => {
    expect(markupCheck.run(ctx('a**粗**', 'a bold'))[0]).toMatchObject({ side: 'source', start: 1, end: 3 });
  });

  it('counts table cell separators only in table rows', () => {
    expect(messages(markupCheck, ctx('| 普京 | 拜登 |', '| Putin Biden |', 'en', { kind: 'table_row' }))).toEqual([
      'The table cell separator of the source is missing in the target.',
    ]);
    expect(messages(markupCheck, ctx('| 普京 | 拜登 |', '| Putin Biden |', 'en', { kind: 'paragraph' }))).toEqual([]);
  });
});
