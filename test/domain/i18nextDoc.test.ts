import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { convertI18nextValue } from '../../src/domain/i18nextConvert.js';
import { i18nextProtectedSpans, keyPathOf, missingPluralKeys, renderI18nextTarget, segmentI18next } from '../../src/domain/i18nextDoc.js';
import { ValidationError } from '../../src/domain/errors.js';

const RESOURCE = {
  app: { name: 'bitext', tagline: 'Translation workbench' },
  home: {
    title: 'Projects',
    segmentCount_one: '{{count}} segment',
    segmentCount_other: '{{count}} segments',
    rank_ordinal_one: '{{count}}st',
    rank_ordinal_two: '{{count}}nd',
    rank_ordinal_few: '{{count}}rd',
    rank_ordinal_other: '{{count}}th',
    welcome: 'Hello, {{name}}! See $t(nav.help, {"count": 2}) and <1>docs</1>.',
  },
  nav: { help: 'Help', steps: ['Import', 'Translate "quoted"', 'Export\n\tdone'] },
  unicode: '中文 — Ёлка 🎄 \u2028',
  empty: '',
  number: 3,
  flag: true,
  nothing: null,
  deep: { a: { b: { c: 'deep value' } } },
};

const FORMATS: [name: string, text: string][] = [
  ['2 spaces', JSON.stringify(RESOURCE, null, 2) + '\n'],
  ['4 spaces', JSON.stringify(RESOURCE, null, 4) + '\n'],
  ['tabs', JSON.stringify(RESOURCE, null, '\t') + '\n'],
  ['CRLF, BOM', '\uFEFF' + JSON.stringify(RESOURCE, null, 2).replace(/\n/g, '\r\n') + '\r\n'],
  ['minified, no final newline', JSON.stringify(RESOURCE)],
  ['escapes kept', '{\n  "a": "caf\\u00e9 \\/ \\"x\\"",\n  "b" : [ "x" , { "c":"y" } ]\n}\n'],
];

const join = (doc: ReturnType<typeof segmentI18next>) =>
  (doc.bom ? '\uFEFF' : '') + doc.segments.map((s) => s.gap + s.raw).join('') + doc.trailer;

describe('segmentI18next', () => {
  it.each(FORMATS)('is lossless and an untranslated export is byte-identical (%s)', (_name, text) => {
    const doc = segmentI18next(text);
    expect(join(doc)).toBe(text);
    expect(renderI18nextTarget(text, new Map())).toBe(text);
    const same = new Map(doc.segments.map((s) => [s.frame.key, s.source]));
    expect(renderI18nextTarget(text, same)).toBe(text);
  });

  it('gives one i18n_value segment per string value, with its key path', () => {
    const doc = segmentI18next(JSON.stringify(RESOURCE, null, 2));
    expect(doc.segments.map((s) => s.frame.key)).toEqual([
      'app.name',
      'app.tagline',
      'home.title',
      'home.segmentCount_one',
      'home.segmentCount_other',
      'home.rank_ordinal_one',
      'home.rank_ordinal_two',
      'home.rank_ordinal_few',
      'home.rank_ordinal_other',
      'home.welcome',
      'nav.help',
      'nav.steps.0',
      'nav.steps.1',
      'nav.steps.2',
      'unicode',
      'empty',
      'deep.a.b.c',
    ]);
    const steps = doc.segments.find((s) => s.frame.key === 'nav.steps.2')!;
    expect(steps).toMatchObject({ kind: 'i18n_value', translatable: true, source: 'Export\n\tdone', raw: '"Export\\n\\tdone"' });
    expect(steps.frame.path).toEqual(['nav', 'steps', 2]);
    expect(doc.segments.find((s) => s.frame.key === 'empty')?.translatable).toBe(false);
    expect(doc.segments.map((s) => s.index)).toEqual(doc.segments.map((_, i) => i));
    expect(segmentI18next('{\r\n  "a": "b"\r\n}\r\n').eol).toBe('\r\n');
  });

  it.each([
    ['{"a": "b",}', 'line 1, column 11'],
    ['{\n  "a": "b"\n  "c": "d"\n}', 'line 3, column 3'],
    ['["a"]', 'one JSON object'],
    ['{"a": "b\nc"}', 'control character'],
    ['{"a": "b"} x', 'after the JSON object'],
    ['{"a": "\\q"}', 'bad escape'],
  ])('refuses malformed JSON with a position: %j', (text, message) => {
    expect(() => segmentI18next(text, 'en.json')).toThrow(ValidationError);
    expect(() => segmentI18next(text, 'en.json')).toThrow(message);
  });
});

describe('renderI18nextTarget', () => {
  it.each(FORMATS.slice(0, 4))('replaces values and keeps structure, order and formatting (%s)', (_name, text) => {
    const out = renderI18nextTarget(
      text,
      new Map([
        ['app.tagline', 'Среда "перевода"\n'],
        ['nav.steps.1', 'Перевести'],
        ['deep.a.b.c', 'глубоко'],
      ]),
    );
    const parsed = JSON.parse(out.replace(/^\uFEFF/, '')) as typeof RESOURCE;
    expect(parsed.app.tagline).toBe('Среда "перевода"\n');
    expect(parsed.nav.steps).toEqual(['Import', 'Перевести', 'Export\n\tdone']);
    expect(parsed.deep.a.b.c).toBe('глубоко');
    expect({ ...parsed, app: RESOURCE.app, nav: RESOURCE.nav, deep: RESOURCE.deep }).toEqual(RESOURCE);
    // Same lines, same indentation: only the values differ.
    const lines = (s: string) => s.split(/\r?\n/).map((l) => l.replace(/"(?:[^"\\]|\\.)*"$|"(?:[^"\\]|\\.)*",$/, 'V'));
    expect(lines(out)).toEqual(lines(text));
    expect(out.startsWith('\uFEFF')).toBe(text.startsWith('\uFEFF'));
    expect(out.includes('\r\n')).toBe(text.includes('\r\n'));
  });

  it('adds the plural forms Russian needs next to their siblings, with the same indentation', () => {
    const en = '{\r\n\t"n_one": "{{count}} file",\r\n\t"n_other": "{{count}} files",\r\n\t"x": "y"\r\n}\r\n';
    expect(missingPluralKeys(en, 'ru')).toEqual([
      { key: 'n_few', basedOn: 'n_other' },
      { key: 'n_many', basedOn: 'n_other' },
    ]);
    const out = renderI18nextTarget(
      en,
      new Map([
        ['n_one', '{{count}} файл'],
        ['n_few', '{{count}} файла'],
        ['n_many', '{{count}} файлов'],
        ['n_other', '{{count}} файла'],
      ]),
      { targetLang: 'ru' },
    );
    expect(out).toBe(
      '{\r\n\t"n_one": "{{count}} файл",\r\n\t"n_few": "{{count}} файла",\r\n\t"n_many": "{{count}} файлов",\r\n\t"n_other": "{{count}} файла",\r\n\t"x": "y"\r\n}\r\n',
    );
    expect(renderI18nextTarget(en, new Map(), { targetLang: 'en' })).toBe(en);
  });

  it('adds _one for English from a Chinese file, falling back to the _other translation', () => {
    const zh = '{\n  "a": {\n    "n_other": "{{count}} 个文件"\n  }\n}\n';
    const out = renderI18nextTarget(zh, new Map([['a.n_other', '{{count}} files']]), { targetLang: 'en' });
    expect(out).toBe('{\n  "a": {\n    "n_one": "{{count}} files",\n    "n_other": "{{count}} files"\n  }\n}\n');
    // Ordinal groups follow the ordinal rules: Russian has only "other", nothing to add.
    expect(missingPluralKeys(JSON.stringify(RESOURCE), 'ru').map((k) => k.key)).toEqual([
      'home.segmentCount_few',
      'home.segmentCount_many',
    ]);
  });

  it('produces files that i18next reads with the right plural forms', async () => {
    const en = JSON.stringify({ doc_one: '{{count}} document', doc_other: '{{count}} documents' }, null, 2);
    const ru = renderI18nextTarget(
      en,
      new Map([
        ['doc_one', '{{count}} документ'],
        ['doc_few', '{{count}} документа'],
        ['doc_many', '{{count}} документов'],
        ['doc_other', '{{count}} документа'],
      ]),
      { targetLang: 'ru' },
    );
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'ru', resources: { ru: { translation: JSON.parse(ru) as Record<string, string> } } });
    expect([1, 3, 7].map((count) => i18n.t('doc', { count }))).toEqual(['1 документ', '3 документа', '7 документов']);
  });
});

describe('i18nextProtectedSpans', () => {
  it('finds interpolations, nestings with options, and tags', () => {
    const text = 'Hi {{- name}}, {{count, number}} $t(a.b, {"x": "(y)"}) <1>go</1><br/> {{ broken } $t(open';
    expect(i18nextProtectedSpans(text).map((s) => [s.kind, s.raw])).toEqual([
      ['interpolation', '{{- name}}'],
      ['interpolation', '{{count, number}}'],
      ['nesting', '$t(a.b, {"x": "(y)"})'],
      ['tag', '<1>'],
      ['tag', '</1>'],
      ['tag', '<br/>'],
    ]);
    for (const s of i18nextProtectedSpans(text)) expect(text.slice(s.start, s.end)).toBe(s.raw);
    expect(i18nextProtectedSpans('1 < 2 and 3 > 2')).toEqual([]);
  });

  it('lets OpenCC convert only the human text', () => {
    expect(convertI18nextValue('{{软件}}软件 $t(软件) <b>软件</b>', 's2twp')).toBe('{{软件}}軟體 $t(软件) <b>軟體</b>');
  });

  it('joins key paths the way t() reads them', () => {
    expect(keyPathOf(['a', 'b', 0])).toBe('a.b.0');
  });
});
