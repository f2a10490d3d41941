import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n, translator, UI_LANGS, type UiLang } from '../../../src/web/i18n.js';
import { editorMessages, originLabels, reviewMessages, tmPanelMessages, type Translate } from '../../../src/web/presenters/editorI18n.js';

beforeAll(async () => {
  await initI18n();
});

// Spelled out here: the lists themselves are moving between modules (src/db → src/domain).
const ORIGINS = ['mt', 'tm', 'opencc', 'human', 'import'];
const STATUSES = ['untranslated', 'draft', 'translated', 'reviewed', 'rejected'];
const t = (lang: UiLang) => translator(lang) as unknown as Translate;

describe('editor strings for the browser scripts', () => {
  it.each([
    ['en', { mt: 'MT', tm: 'TM', opencc: 'OpenCC', human: 'Human', import: 'Import' }],
    ['ru', { mt: 'МП', tm: 'ПП', opencc: 'OpenCC', human: 'Человек', import: 'Импорт' }],
    ['zh-Hans', { mt: '机翻', tm: '记忆库', opencc: 'OpenCC', human: '人工', import: '导入' }],
    ['zh-Hant', { mt: '機翻', tm: '記憶庫', opencc: 'OpenCC', human: '人工', import: '匯入' }],
  ] as const)('%s: origin tags are in the interface language, not English for everyone', (lang, expected) => {
    expect(originLabels(t(lang), ORIGINS)).toEqual(expected);
  });

  it.each(UI_LANGS)('%s: every string the scripts read exists (no key printed instead of a text)', (lang) => {
    const origins = originLabels(t(lang), ORIGINS);
    const all = [editorMessages(t(lang), STATUSES, origins), reviewMessages(t(lang), ['numbers']), tmPanelMessages(t(lang))];
    const texts = all.flatMap((m) => Object.values(m).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v))));
    expect(texts.filter((s) => /^(editor|review|qa|tm|glossary|status|origin)\.[\w.]+$/.test(s))).toEqual([]);
  });
});
