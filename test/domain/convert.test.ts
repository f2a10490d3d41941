import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR } from '../helpers/fixtures.js';
import {
  CONVERSION_CONFIGS,
  CONVERSION_CONFIG_NAMES,
  convertInline,
  convertMarkdownDocument,
  convertText,
  converterBuildCounts,
  createConverter,
  getConversionConfig,
  getConverter,
  isConversionConfigName,
  normalizeMixed,
  scriptStats,
  type ConversionConfigName,
} from '../../src/domain/convert.js';
import { changedRanges } from '../../src/domain/diff.js';

const corpus = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((name) => ({ name, text: readFileSync(path.join(CORPUS_DIR, name), 'utf8') }));
const seed = readFileSync(path.join(CORPUS_DIR, 'seed-article.md'), 'utf8');

const eols = (s: string) => s.match(/\r\n|\r|\n/g) ?? [];

describe('configurations', () => {
  it("lists opencc-js's 14 OpenCC configurations and the Hong Kong phrase ones (s2hkp, hk2sp), each once, with a description", () => {
    expect(CONVERSION_CONFIGS.map((c) => c.name).sort()).toEqual([...CONVERSION_CONFIG_NAMES].sort());
    expect(new Set(CONVERSION_CONFIGS.map((c) => c.name)).size).toBe(16);
    for (const c of CONVERSION_CONFIGS) expect(c.description.length).toBeGreaterThan(5);
  });

  it.each([
    ['s2twp', 'cn', 'twp'],
    ['tw2sp', 'twp', 'cn'],
    ['t2s', 't', 'cn'],
    ['hk2t', 'hk', 't'],
    ['t2jp', 't', 'jp'],
  ] as const)('maps %s to the opencc-js locale pair %s → %s', (name, from, to) => {
    expect(getConversionConfig(name)).toMatchObject({ from, to });
  });

  it.each([
    ['s2twp', true],
    ['s2hkp', true], // run on bitext's own engine over OpenCC's dictionaries
    ['hk2sp', true],
    ['s2hkpx', false],
    ['zh-Hant', false],
    ['', false],
  ])('isConversionConfigName(%j) is %s, so CLI flags can be validated', (name, ok) => {
    expect(isConversionConfigName(name)).toBe(ok);
  });
});

describe('convertText: phrase-level conversion per configuration', () => {
  const cases: [ConversionConfigName, string, string, string][] = [
    ['s2t', 'one-to-many characters are resolved by phrase (发 → 髮/發, 干 → 乾/幹)', '头发和发展，干燥和干部', '頭髮和發展，乾燥和幹部'],
    ['s2t', 'OpenCC standard keeps 爲 and 裏', '为什么在里面', '爲什麼在裏面'],
    ['t2s', 'Traditional to Simplified', '頭髮和發展，乾燥和幹部', '头发和发展，干燥和干部'],
    ['s2tw', 'Taiwan characters (為, 裡, 著) but no vocabulary change', '为什么在里面着想，软件', '為什麼在裡面著想，軟件'],
    ['tw2s', 'Taiwan characters back to Simplified, vocabulary kept', '為什麼在裡面，軟體', '为什么在里面，软体'],
    ['s2twp', 'Taiwan vocabulary: 软件→軟體, 鼠标→滑鼠, 信息→資訊', '软件、鼠标、信息', '軟體、滑鼠、資訊'],
    ['s2twp', 'phrase conversion may change the length (线程 → 執行緒)', '线程和打印机', '執行緒和印表機'],
    ['tw2sp', 'Mainland vocabulary: 軟體→软件, 滑鼠→鼠标, 資訊→信息', '軟體、滑鼠、資訊、執行緒', '软件、鼠标、信息、线程'],
    ['s2hk', 'Hong Kong characters (裏, 着, 衞, 台)', '里面着想，卫生，台湾', '裏面着想，衞生，台灣'],
    ['hk2s', 'Hong Kong characters back to Simplified', '裏面着想，衞生', '里面着想，卫生'],
    ['t2tw', 'OpenCC standard to Taiwan forms (爲 → 為, 裏 → 裡, 着 → 著)', '爲什麼在裏面着想', '為什麼在裡面著想'],
    ['tw2t', 'Taiwan forms to OpenCC standard (床 → 牀)', '為什麼在裡面，床', '爲什麼在裏面，牀'],
    ['t2hk', 'OpenCC standard to Hong Kong forms (衛 → 衞)', '爲什麼，衛生', '為什麼，衞生'],
    ['hk2t', 'Hong Kong forms to OpenCC standard', '為什麼，衞生', '爲什麼，衛生'],
    ['t2jp', 'Kyūjitai to Shinjitai (藝術 → 芸術, 讀賣 → 読売)', '藝術、戀愛、廣場、讀賣新聞', '芸術、恋愛、広場、読売新聞'],
    ['jp2t', 'Shinjitai to Kyūjitai', '芸術、恋愛、広場、読売新聞', '藝術、戀愛、廣場、讀賣新聞'],
  ];
  it.each(cases)('%s: %s', (config, _why, input, expected) => {
    expect(convertText(input, config)).toBe(expected);
  });

  it('every configuration leaves ASCII, digits, Latin text and whitespace alone', () => {
    const ascii = 'Hello, world! 123 \t https://example.com/a?b=c#d\r\n';
    for (const c of CONVERSION_CONFIG_NAMES) expect(convertText(ascii, c)).toBe(ascii);
  });

  it('an empty string stays empty', () => {
    expect(convertText('', 's2twp')).toBe('');
  });
});

describe('convertText: protected terms and overrides', () => {
  const cases: [string, ConversionConfigName, string, Parameters<typeof convertText>[2], string][] = [
    ['a protected term is never converted', 's2t', '简体字和简体', { protectedTerms: ['简体字'] }, '简体字和簡體'],
    [
      'a protected term is kept even where OpenCC would change vocabulary',
      's2twp',
      '软件和鼠标',
      { protectedTerms: ['鼠标'] },
      '軟體和鼠标',
    ],
    ['the longest protected term wins', 's2t', '中国共产党和中国', { protectedTerms: ['中国', '中国共产党'] }, '中国共产党和中国'],
    [
      'the longest match wins across protected terms and overrides',
      's2t',
      '中国共产党和中国',
      { protectedTerms: ['中国共产党'], overrides: [{ from: '中国', to: '中華' }] },
      '中国共产党和中華',
    ],
    [
      'an override takes priority over the OpenCC phrase (信息 → 訊息, not 資訊)',
      's2twp',
      '发信息',
      { overrides: [{ from: '信息', to: '訊息' }] },
      '發訊息',
    ],
    [
      'the longest override wins',
      's2twp',
      '信息技术和信息',
      {
        overrides: [
          { from: '信息', to: '訊息' },
          { from: '信息技术', to: '資訊科技' },
        ],
      },
      '資訊科技和訊息',
    ],
    [
      'an override output is not converted again (it may stay Simplified on purpose)',
      's2t',
      '软件',
      { overrides: [{ from: '软件', to: '软件(软体)' }] },
      '软件(软体)',
    ],
    [
      'on an identical string the protected term wins over the override',
      's2t',
      '王毅说',
      { protectedTerms: ['王毅'], overrides: [{ from: '王毅', to: 'X' }] },
      '王毅說',
    ],
    ['regular-expression characters in terms are literal', 's2t', 'C++和(注)说', { protectedTerms: ['C++', '(注)'] }, 'C++和(注)說'],
    [
      'terms with - and / work (the u-flag regex rejects needless escapes)',
      's2t',
      'COVID-19说a/b简体',
      { protectedTerms: ['COVID-19说', 'a/b简体'] },
      'COVID-19说a/b简体',
    ],
    ['astral characters in terms and text are handled', 's2t', '𠀀简体𠀀', { protectedTerms: ['𠀀简'] }, '𠀀简體𠀀'],
    [
      'empty terms and empty override sources are ignored',
      's2t',
      '简体',
      { protectedTerms: [''], overrides: [{ from: '', to: 'X' }] },
      '簡體',
    ],
    ['terms at the start and the end of the text', 's2t', '简体中间简体', { protectedTerms: ['简体'] }, '简体中間简体'],
  ];
  it.each(cases)('%s', (_why, config, input, options, expected) => {
    expect(convertText(input, config, options)).toBe(expected);
  });

  it('createConverter reuses one prepared matcher for many pieces', () => {
    const convert = createConverter('s2t', { protectedTerms: ['简体'] });
    expect(['简体字', '繁体', '简体'].map(convert)).toEqual(['简体字', '繁體', '简体']);
  });
});

describe('convertInline: only human text is converted, never markup', () => {
  const cases: [string, string, string][] = [
    [
      'link text is converted, the URL is not',
      '[软件下载](https://example.com/软件/简体.html)',
      '[軟體下載](https://example.com/软件/简体.html)',
    ],
    ['relative link targets with Chinese paths are not converted', '见[说明](./文档/简体.md)', '見[說明](./文档/简体.md)'],
    ['link titles are part of the target and stay', '[软件](./a.md "简体标题")', '[軟體](./a.md "简体标题")'],
    ['image paths (and alt text, part of the image atom) are kept', '图：![简体图](./图片/简体.png)', '圖：![简体图](./图片/简体.png)'],
    ['inline code is kept', '输入`简体 --软件`后', '輸入`简体 --软件`後'],
    ['HTML attributes are kept, text around converted', '<img alt="简体" src="软件.png"> 简体', '<img alt="简体" src="软件.png"> 簡體'],
    ['HTML tags are kept, text inside inline tags is converted', '<span title="简体">软件</span>', '<span title="简体">軟體</span>'],
    // The page never changes; a display text that changes makes the link piped.
    [
      'wiki link pages are kept, changed display text is piped',
      '[[zh:王毅]]发言，[[zh:马英九]]访问',
      '[[zh:王毅]]發言，[[zh:马英九|馬英九]]訪問',
    ],
    ['a split name: each page kept, each text converted', '[[zh:迈克]]·[[zh:约翰]]逊', '[[zh:迈克|邁克]]·[[zh:约翰|約翰]]遜'],
    ['an already piped link: only the text after the pipe is converted', '[[zh:习近平|习主席]]说', '[[zh:习近平|習主席]]說'],
    ['a display text OpenCC leaves alone stays unpiped, byte for byte', '[[zh:日本]]和[[zh:NATO]]', '[[zh:日本]]和[[zh:NATO]]'],
    ['a wiki link with an empty display text is kept whole', '[[zh:软件|]]软件', '[[zh:软件|]]軟體'],
    [
      'a bare URL with Chinese around is kept, the text around it converted',
      '见https://gnews.org/zh-hans/简体/。后来',
      '見https://gnews.org/zh-hans/简体/。後來',
    ],
    ['autolinks are kept', '见<https://例子.com/简体>', '見<https://例子.com/简体>'],
    ['emphasis and strong text are converted, markers kept', '**软件**和*鼠标*和~~信息~~', '**軟體**和*滑鼠*和~~資訊~~'],
    [
      'the seed header: Traditional link text, Simplified kept, URL kept',
      '[:house:返回首頁](https://github.com/ourhimalayas/txt)',
      '[:house:返回首頁](https://github.com/ourhimalayas/txt)',
    ],
  ];
  it.each(cases)('%s', (_why, input, expected) => {
    expect(convertInline(input, 's2twp')).toBe(expected);
  });

  it('t2s converts the Traditional link text of the seed header and keeps the URL', () => {
    expect(convertInline('###  [:house:返回首頁](https://github.com/ourhimalayas/txt)', 't2s')).toBe(
      '###  [:house:返回首页](https://github.com/ourhimalayas/txt)',
    );
  });

  it('protected terms apply inside inline text too', () => {
    expect(convertInline('[王毅说软件](./简体)', 's2twp', { protectedTerms: ['软件'] })).toBe('[王毅說软件](./简体)');
  });
});

describe('convertMarkdownDocument', () => {
  const doc = [
    '---',
    'title: 简体标题',
    '---',
    '# 软件说明',
    '',
    '```js',
    'const 软件 = "简体";',
    '```',
    '',
    '~~~',
    '鼠标代码',
    '~~~',
    '',
    '    缩进代码：软件',
    '',
    '<div class="简体">',
    '简体 HTML 块',
    '</div>',
    '',
    '- 列表里的软件',
    '  续行有[链接',
    '  文字](./文档/简体.md)和`代码',
    '  简体`',
    '',
    '  ```',
    '  列表里的代码',
    '  ```',
    '',
    '> 引用里的信息',
    '',
    '| 软件 | 鼠标 |',
    '|------|------|',
    '| 信息 | `简体` |',
    '',
    '[标签]: ./简体.md "简体标题"',
    '[^1]: 脚注里的信息',
    '',
  ].join('\n');
  const expected = [
    '---',
    'title: 简体标题',
    '---',
    '# 軟體說明',
    '',
    '```js',
    'const 软件 = "简体";',
    '```',
    '',
    '~~~',
    '鼠标代码',
    '~~~',
    '',
    '    缩进代码：软件',
    '',
    '<div class="简体">',
    '简体 HTML 块',
    '</div>',
    '',
    '- 列表裡的軟體',
    '  續行有[連結',
    '  文字](./文档/简体.md)和`代码',
    '  简体`',
    '',
    '  ```',
    '  列表里的代码',
    '  ```',
    '',
    '> 引用裡的資訊',
    '',
    '| 軟體 | 滑鼠 |',
    '|------|------|',
    '| 資訊 | `简体` |',
    '',
    '[标签]: ./简体.md "简体标题"',
    '[^1]: 腳註裡的資訊',
    '',
  ].join('\n');

  it('converts headings, lists, quotes, tables, footnotes; keeps front matter, code, HTML blocks and definitions', () => {
    expect(convertMarkdownDocument(doc, 's2twp')).toBe(expected);
  });

  it('multi-line link targets and code spans are recognised because a block is tokenized as a whole', () => {
    const out = convertMarkdownDocument('前文[链接\n文字](./简体/路径.md)和`代码\n简体`。\n', 's2t');
    expect(out).toBe('前文[鏈接\n文字](./简体/路径.md)和`代码\n简体`。\n');
  });

  it('a paragraph continuation indented by 4 spaces is text, not code, and keeps its indentation', () => {
    expect(convertMarkdownDocument('1.  第一项\n\n    第二段软件\n', 's2twp')).toBe('1.  第一項\n\n    第二段軟體\n');
  });

  it('keeps CRLF line endings and a BOM byte for byte', () => {
    const crlf = '\uFEFF' + doc.replace(/\n/g, '\r\n');
    const out = convertMarkdownDocument(crlf, 's2twp');
    expect(Buffer.from(out, 'utf8').equals(Buffer.from('\uFEFF' + expected.replace(/\n/g, '\r\n'), 'utf8'))).toBe(true);
  });

  it('keeps mixed CRLF/LF/CR line endings in place and a missing final newline', () => {
    const input = '# 软件\r\n\n简体\r第二行\r\n```\r\n简体\n```';
    expect(convertMarkdownDocument(input, 's2t')).toBe('# 軟件\r\n\n簡體\r第二行\r\n```\r\n简体\n```');
  });

  it('front matter after a BOM is still front matter', () => {
    expect(convertMarkdownDocument('\uFEFF---\r\ntitle: 简体\r\n---\r\n简体\r\n', 's2t')).toBe(
      '\uFEFF---\r\ntitle: 简体\r\n---\r\n簡體\r\n',
    );
  });

  it('a thematic break after the first line is not front matter (the seed article)', () => {
    expect(convertMarkdownDocument('# 简体\n---\n\n简体\n---\n', 's2t')).toBe('# 簡體\n---\n\n簡體\n---\n');
  });

  it('an unclosed leading --- is not front matter', () => {
    expect(convertMarkdownDocument('---\n简体\n', 's2t')).toBe('---\n簡體\n');
  });

  it.each([
    ['an HTML comment block is kept', '<!-- 简体注释 -->\n\n简体\n', '<!-- 简体注释 -->\n\n簡體\n'],
    ['indented code inside a block quote is kept', '> 简体\n>\n>     简体代码\n', '> 簡體\n>\n>     简体代码\n'],
    ['a fence inside a block quote is kept', '> ```\n> 简体\n> ```\n> 简体\n', '> ```\n> 简体\n> ```\n> 簡體\n'],
    [
      'Markdown inside an HTML block after a blank line is a paragraph again',
      '<div>\n简体\n\n简体\n\n</div>\n',
      '<div>\n简体\n\n簡體\n\n</div>\n',
    ],
    ['a markup-free block takes the fast path and still keeps markers', '- **简体** _软件_\n', '- **簡體** _軟件_\n'],
    ['setext headings are converted, underline kept', '简体标题\n===\n', '簡體標題\n===\n'],
  ])('%s', (_why, input, expected) => {
    expect(convertMarkdownDocument(input, 's2t')).toBe(expected);
  });

  it('an empty document stays empty', () => {
    expect(convertMarkdownDocument('', 's2t')).toBe('');
    expect(convertMarkdownDocument('\uFEFF', 's2t')).toBe('\uFEFF');
  });

  it.each(corpus.map((f) => [f.name, f.text] as const))(
    'corpus %s: line endings kept, only human text changed (same as OpenCC outside markup)',
    (_name, text) => {
      const out = convertMarkdownDocument(text, 's2twp');
      expect(eols(out)).toEqual(eols(text));
      expect(out.startsWith('\uFEFF')).toBe(text.startsWith('\uFEFF'));
      // Outside protected markup, the result is what OpenCC itself gives; wiki links keep their Simplified names.
      const direct = getConverter('s2twp')(text);
      const strip = (s: string) => s.replace(/\[\[[^[\]\n]+\]\]/g, '[[]]').replace(/https?:\/\/\S+/g, 'URL');
      expect(strip(out)).toBe(strip(direct));
    },
  );
});

describe('mixed-script input (the seed article: 返回首頁, 轉載自 in a Simplified body)', () => {
  it('scriptStats finds exactly the Traditional-only characters of the header', () => {
    expect(scriptStats(seed).traditionalChars).toEqual(['頁', '轉', '載']);
  });

  it('normalizeMixed to zh-Hans converts the Traditional bits and changes nothing else', () => {
    const out = normalizeMixed(seed, 'zh-Hans');
    expect(out).toContain('返回首页');
    expect(out).toContain('转载自GNews');
    expect(scriptStats(out).traditionalOnly).toBe(0);
    for (const r of changedRanges(seed, out)) {
      for (const ch of seed.slice(r.beforeStart, r.beforeEnd)) expect(['頁', '轉', '載']).toContain(ch);
    }
  });

  it('convertMarkdownDocument t2s on the seed equals normalizeMixed outside URLs (t2s leaves Simplified alone)', () => {
    const doc = convertMarkdownDocument(seed, 't2s');
    expect(doc).toContain('[:house:返回首页](https://github.com/ourhimalayas/txt)');
    expect(doc).toContain('[转载自GNews](https://gnews.org/zh-hans/1273823/)');
    expect(doc).toBe(normalizeMixed(seed, 'zh-Hans'));
  });

  it('normalizeMixed to zh-Hant converts a mostly Simplified line, mixed bits included', () => {
    expect(normalizeMixed('俄罗斯总统 返回首頁', 'zh-Hant')).toBe('俄羅斯總統 返回首頁');
  });

  it('normalizeMixed to zh-Hant keeps mostly Traditional lines, where s2t would remap shared characters', () => {
    const traditional = '美國馬里蘭州，這傢伙啊。\n第二行简体字';
    expect(convertText(traditional, 's2t')).not.toBe(traditional); // what plain s2t would do (裏, 夥)
    expect(normalizeMixed(traditional, 'zh-Hant')).toBe('美國馬里蘭州，這傢伙啊。\n第二行簡體字');
  });

  it('normalizeMixed to zh-Hant can use a regional configuration', () => {
    expect(normalizeMixed('软件信息', 'zh-Hant', { config: 's2twp' })).toBe('軟體資訊');
  });
});

describe('idempotence where it holds', () => {
  it('s2t twice equals once on Simplified text without shared characters', () => {
    const once = convertText('俄罗斯总统弗拉基米尔·普京和美国总统乔·拜登将于6月16日在日内瓦会晤。', 's2t');
    expect(convertText(once, 's2t')).toBe(once);
  });

  it('s2t is not idempotent in general: shared characters in Traditional input are remapped (documented, not a bug)', () => {
    expect(convertText('马里兰', 's2t')).toBe('馬里蘭');
    expect(convertText('馬里蘭', 's2t')).toBe('馬裏蘭');
  });

  it.each(['t2s', 'tw2s', 'hk2s', 'tw2sp', 't2tw', 't2hk'] as const)('%s twice equals once on every corpus document', (config) => {
    for (const { text } of corpus) {
      const once = convertMarkdownDocument(text, config);
      expect(convertMarkdownDocument(once, config)).toBe(once);
    }
  });
});

describe('changedRanges', () => {
  it('identical strings have no ranges', () => {
    expect(changedRanges('简体', '简体')).toEqual([]);
  });

  it('same-length conversion: adjacent changed characters form one range, unchanged ones split ranges', () => {
    const before = '软件和鼠标的信息';
    const after = convertText(before, 's2twp'); // 軟體和滑鼠的資訊
    expect(changedRanges(before, after)).toEqual([
      { start: 0, end: 2, beforeStart: 0, beforeEnd: 2 },
      { start: 3, end: 5, beforeStart: 3, beforeEnd: 5 },
      { start: 6, end: 8, beforeStart: 6, beforeEnd: 8 },
    ]);
  });

  it('length-changing phrase conversion maps both sides (线程 → 執行緒); unchanged characters stay outside', () => {
    const before = '多线程和打印机';
    const after = convertText(before, 's2twp');
    expect(after).toBe('多執行緒和印表機');
    const ranges = changedRanges(before, after);
    expect(ranges[0]).toEqual({ start: 1, end: 4, beforeStart: 1, beforeEnd: 3 });
    // A minimal diff: 打印机 → 印表機 keeps the shared 印 (打 deleted, 机 → 表機); no range covers 多 or 和.
    expect(ranges.map((r) => [before.slice(r.beforeStart, r.beforeEnd), after.slice(r.start, r.end)])).toEqual([
      ['线程', '執行緒'],
      ['打', ''],
      ['机', '表機'],
    ]);
  });

  it('offsets are document offsets across CRLF lines', () => {
    const before = 'abc\r\n简体\r\n线程';
    const after = convertText(before, 's2twp');
    const ranges = changedRanges(before, after);
    expect(ranges.map((r) => after.slice(r.start, r.end))).toEqual(['簡體', '執行緒']);
    expect(ranges.map((r) => before.slice(r.beforeStart, r.beforeEnd))).toEqual(['简体', '线程']);
  });

  it('never splits a surrogate pair', () => {
    const ranges = changedRanges('a𠀀b', 'a𠀁b');
    expect(ranges).toEqual([{ start: 1, end: 3, beforeStart: 1, beforeEnd: 3 }]);
  });

  it('works when the number of lines differs (insertions and deletions)', () => {
    const ranges = changedRanges('一\n二\n三', '一\n三\n四');
    const before = '一\n二\n三';
    const after = '一\n三\n四';
    // Applying the ranges to `before` must yield `after`.
    let rebuilt = '';
    let pos = 0;
    for (const r of ranges) {
      rebuilt += before.slice(pos, r.beforeStart) + after.slice(r.start, r.end);
      pos = r.beforeEnd;
    }
    expect(rebuilt + before.slice(pos)).toBe(after);
  });

  it('ranges rebuild the converted corpus documents exactly', () => {
    for (const { text } of corpus.slice(0, 6)) {
      const after = convertMarkdownDocument(text, 's2twp');
      let rebuilt = '';
      let pos = 0;
      for (const r of changedRanges(text, after)) {
        rebuilt += text.slice(pos, r.beforeStart) + after.slice(r.start, r.end);
        pos = r.beforeEnd;
      }
      expect(rebuilt + text.slice(pos)).toBe(after);
    }
  });
});

describe('scriptStats', () => {
  it.each([
    ['简体中文', { han: 4, traditionalOnly: 0, simplifiedOnly: 2 }],
    ['繁體中文', { han: 4, traditionalOnly: 1, simplifiedOnly: 0 }],
    ['返回首頁 俄罗斯 abc', { han: 7, traditionalOnly: 1, simplifiedOnly: 1 }],
    ['Hello 123', { han: 0, traditionalOnly: 0, simplifiedOnly: 0 }],
  ])('%s → %o', (text, expected) => {
    expect(scriptStats(text)).toMatchObject(expected);
  });

  it('a zh-Hant target with Simplified characters left is detectable (the QA check)', () => {
    const stats = scriptStats(convertText('软件和鼠标', 's2twp') + '网络');
    expect(stats.simplifiedChars).toEqual(['网', '络']);
  });
});

describe('converter caching', () => {
  it('returns the same converter instance on every call', () => {
    expect(getConverter('s2twp')).toBe(getConverter('s2twp'));
  });

  it('builds each configuration at most once however many conversions run', () => {
    for (let i = 0; i < 20; i++) {
      convertText('软件', 's2twp');
      convertInline('[软件](./a)', 's2twp');
      convertMarkdownDocument('# 软件\n', 's2twp');
    }
    const counts = converterBuildCounts();
    expect(counts.s2twp).toBe(1);
    for (const n of Object.values(counts)) expect(n).toBe(1);
  });
});

describe('convertMarkdownDocument: the fast path gives the bytes of the reference path (one converter call per piece)', () => {
  // Plain documents take the one-call path; the others have their pieces converted together in one call.
  const texts: [string, string][] = [
    ['plain paragraphs', '软件和鼠标都是计算机的一部分。\n\n这里是台湾的软件，后来乾隆皇帝来了。\n'],
    [
      'headings, lists, quotes and a table without inline markup',
      '# 软件标题\n\n- 鼠标\n- 内存\n\n> 引用的软件\n\n| 软件 | 鼠标 |\n| --- | --- |\n| 内存 | 硬盘 |\n',
    ],
    ['a setext heading and a thematic break', '软件工程\n====\n\n***\n\n后来的鼠标\n'],
    ['CRLF, CR and mixed line endings with a BOM', '\uFEFF软件\r\n\r\n鼠标\r内存\n后来\r\n'],
    ['no trailing line break and trailing spaces', '软件  \n鼠标   '],
    [
      'a link and an image with Han text in their targets',
      '见[软件说明](https://例子.com/软件) 和 ![鼠标](图片/鼠标.png)。\n\n后来的软件\n',
    ],
    ['a wiki link whose display text changes (made piped)', '参见[[zh:法国]]和[[软件|软件工程]]。\n'],
    ['inline code and an HTML tag with Han text', '运行`软件 --help`后看<span title="鼠标">鼠标</span>。\n'],
    ['a bare URL with Han text', '访问 https://example.com/软件/鼠标 了解软件。\n'],
    ['a fenced and a tilde-fenced code block', '软件\n\n```\n软件 = 鼠标\n```\n\n~~~\n内存\n~~~\n\n鼠标\n'],
    ['an indented code block and a list continuation', '软件\n\n    软件代码\n\n- 列表\n\n    列表里的软件\n'],
    ['an HTML block', '<div>\n软件\n</div>\n\n鼠标\n'],
    ['front matter', '---\ntitle: 软件\n---\n\n鼠标\n'],
    ['a footnote and a link reference definition', '软件[^1]和[鼠标][m]。\n\n[^1]: 后来的软件\n[m]: https://example.com/鼠标\n'],
    ['a multi-line link', '这是[一个很长的\n软件链接](https://example.com)。\n'],
    ['a NUL character in the text', '软件\u0000鼠标\n\n后来[软件](x)\u0000\n'],
    ['the same block text twice', '软件\n\n软件\n\n[软件](x)\n\n[软件](x)\n'],
    ['an empty document', ''],
    // Markup in the first lines only: the head takes the Markdown-aware path, the plain tail one call, unless a block
    // of the head runs on into the tail.
    ['markup at the top, a long plain tail', '###  [:house:返回](README.md)\n\n' + '软件和鼠标。\n\n'.repeat(5)],
    ['markup at the top of a CRLF document', '[软件](x)\r\n \r\n' + '软件和鼠标。\r\n\r\n'.repeat(5)],
    ['an unclosed fence at the top', '```\n[软件](x)\n\n' + '软件。\n\n'.repeat(5)],
    ['an unclosed tilde fence at the top', '~~~\n软件\n\n' + '软件。\n\n'.repeat(5)],
    ['an HTML comment closed in the tail', '<!-- [软件]\n\n' + '软件。\n\n'.repeat(4) + '-->\n\n软件。\n'],
    ['an HTML block ending at the blank line', '<div>\n软件 <b>[软件]</b>\n\n' + '软件。\n\n'.repeat(5)],
    ['a list item going on in the tail', '- [软件](x)\n\n  鼠标的软件\n\n' + '软件。\n\n'.repeat(5)],
    ['front matter closed in the tail', '---\ntitle: [软件]\n\n' + '软件。\n\n'.repeat(4) + '---\n\n后来\n'],
    [
      'four spaces inside lines (aligned columns) and after list and quote markers',
      '表演者：Vincent Choi    选送：软件\n\n-     软件代码\n\n>     鼠标代码\n\n1.     内存代码\n\n#    软件\n',
    ],
    ['markup at the top, then lines aligned with spaces', '[返回](x)\n\n' + '表演者：Choi    选送：软件\n\n'.repeat(5)],
    [
      'a quote and a table before the tail',
      '> [软件](x)\n\n| 软件 | `鼠标` |\n| --- | --- |\n| 内存 | 硬盘 |\n\n' + '软件。\n\n'.repeat(9),
    ],
  ];
  it.each(CONVERSION_CONFIG_NAMES.flatMap((config) => texts.map(([name, text]) => [config, name, text] as const)))(
    '%s: %s',
    (config, _name, text) => {
      expect(convertMarkdownDocument(text, config)).toBe(convertMarkdownDocument(text, config, {}, { fast: false }));
    },
  );

  const options: [string, Parameters<typeof convertMarkdownDocument>[2]][] = [
    ['protected terms', { protectedTerms: ['软件', '台湾的软件'] }],
    [
      'overrides',
      {
        overrides: [
          { from: '鼠标', to: '滑鼠' },
          { from: '内存', to: '記憶體' },
        ],
      },
    ],
    ['an override that writes a line break', { overrides: [{ from: '鼠标', to: '滑\n鼠' }] }],
    ['a protected term starting with a space', { protectedTerms: [' 软件'] }],
    ['an override spanning a line break', { overrides: [{ from: '软件\n鼠标', to: 'X' }] }],
  ];
  it.each(options.flatMap(([name, opts]) => texts.map(([textName, text]) => [name, textName, text, opts] as const)))(
    's2twp with %s: %s',
    (_name, _textName, text, opts) => {
      expect(convertMarkdownDocument(text, 's2twp', opts)).toBe(convertMarkdownDocument(text, 's2twp', opts, { fast: false }));
    },
  );

  it.each(
    (['s2t', 't2s', 's2twp', 's2hkp', 'hk2sp', 't2jp'] as const).flatMap((config) => corpus.map((f) => [config, f.name, f.text] as const)),
  )('%s on corpus %s', (config, _name, text) => {
    expect(convertMarkdownDocument(text, config)).toBe(convertMarkdownDocument(text, config, {}, { fast: false }));
  });
});
