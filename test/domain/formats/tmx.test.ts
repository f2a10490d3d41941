import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/domain/errors.js';
import { formatTmxDate, parseTmxDate, readTmx, tmxPairs, writeTmx, type TmxUnit } from '../../../src/domain/formats/tmx.js';

const units: TmxUnit[] = [
  {
    id: '1',
    creationDate: new Date('2021-05-25T12:00:00Z'),
    creationId: 'anna',
    changeDate: new Date('2021-05-26T08:30:15Z'),
    props: { 'x-context-prev': 'abc123', 'x-context-next': 'def456' },
    note: 'checked',
    variants: [
      { lang: 'zh', text: '**会议**见[塔斯社](https://tass.ru/a?x=1&y=2) <br> 5 < 6 "引号"' },
      {
        lang: 'en',
        text: '**Meeting** see [TASS](https://tass.ru/a?x=1&y=2) <br> 5 < 6 "quotes"',
        creationId: 'mt',
        changeDate: new Date('2021-05-27T00:00:00Z'),
      },
      { lang: 'ru', text: '  leading and trailing spaces  ' },
    ],
  },
  {
    variants: [
      { lang: 'zh', text: '' },
      { lang: 'zh-Hant', text: '多行\n文本' },
    ],
  },
];

describe('TMX write', () => {
  const xml = writeTmx({ units });

  it('writes a TMX 1.4 header with srclang zh and the required attributes', () => {
    expect(xml).toContain('<tmx version="1.4">');
    expect(xml).toMatch(
      /<header creationtool="bitext" creationtoolversion="[^"]+" segtype="paragraph" o-tmf="bitext" adminlang="en" srclang="zh" datatype="plaintext"\/>/,
    );
  });

  it('keeps inline Markdown as escaped plain text inside <seg>, never as TMX inline elements', () => {
    expect(xml).toContain('<seg>**会议**见[塔斯社](https://tass.ru/a?x=1&amp;y=2) &lt;br&gt; 5 &lt; 6 &quot;引号&quot;</seg>');
    expect(xml).not.toMatch(/<(ph|bpt|ept)\b/);
  });

  it('writes creation and change attributes on units and variants', () => {
    expect(xml).toContain('<tu tuid="1" creationdate="20210525T120000Z" creationid="anna" changedate="20210526T083015Z">');
    expect(xml).toContain('<tuv xml:lang="en" creationid="mt" changedate="20210527T000000Z">');
  });

  it('round-trips: write → read gives back the units', () => {
    const doc = readTmx(xml);
    expect(doc.header.srcLang).toBe('zh');
    expect(doc.units).toEqual(units);
  });

  it('keeps CRLF line ends of a multi-line segment (a literal CR would be dropped by XML parsers)', () => {
    const text = '第一行\r\n第二行\r第三行';
    const xml = writeTmx({ units: [{ variants: [{ lang: 'zh', text }] }] });
    expect(xml).toContain('第一行&#13;\n第二行&#13;第三行');
    expect(readTmx(xml).units[0]!.variants[0]!.text).toBe(text);
  });

  it('refuses text with characters XML cannot hold', () => {
    expect(() => writeTmx({ units: [{ variants: [{ lang: 'en', text: 'bell\u0007' }] }] })).toThrow(/U\+0007 cannot be written/);
  });
});

describe('TMX read tolerance', () => {
  const foreign = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="Other" creationtoolversion="9" segtype="sentence" o-tmf="x" adminlang="en-US" srclang="zh-CN" datatype="html"/>
  <body>
    <tu tuid="a">
      <tuv xml:lang="zh-CN"><seg>普京<bpt i="1">&lt;b&gt;</bpt>会晤<ept i="1">&lt;/b&gt;</ept>拜登<ph x="2">{1}</ph></seg></tuv>
      <tuv xml:lang="en-US"><seg>Putin <bpt i="1">&lt;b&gt;</bpt>meets<ept i="1">&lt;/b&gt;</ept> Biden<it pos="begin">&lt;i&gt;</it><hi type="x">!</hi></seg></tuv>
      <tuv xml:lang="zh-TW"><seg>普京會晤拜登</seg></tuv>
    </tu>
    <tu><tuv lang="zh-Hans"><seg>白宫 &amp; 克里姆林宫</seg></tuv><tuv lang="ru-RU"><seg>Белый дом &amp; Кремль</seg></tuv></tu>
  </body>
</tmx>`;

  it('takes the text content of <ph>, <bpt>, <ept>, <it> and <hi>', () => {
    const doc = readTmx(foreign);
    expect(doc.units[0]!.variants.map((v) => v.text)).toEqual(['普京<b>会晤</b>拜登{1}', 'Putin <b>meets</b> Biden<i>!', '普京會晤拜登']);
  });

  it('decodes character references and CDATA, and keeps an escaped reference literal', () => {
    const doc = readTmx(
      '<tmx><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>&#x4E2D;&#25991; &#x1F600;<![CDATA[<b>]]> &amp;#65;</seg></tuv></tu></body></tmx>',
    );
    expect(doc.units[0]!.variants[0]!.text).toBe('中文 😀<b> &#65;');
  });

  it('matches language variants: zh-CN and zh-Hans as zh, en-US as en, zh-TW as zh-Hant, TMX 1.1 lang', () => {
    const doc = readTmx(foreign);
    expect(tmxPairs(doc, 'zh', 'en').map((p) => p.target)).toEqual(['Putin <b>meets</b> Biden<i>!']);
    expect(tmxPairs(doc, 'zh', 'zh-Hant').map((p) => p.target)).toEqual(['普京會晤拜登']);
    expect(tmxPairs(doc, 'zh', 'ru').map((p) => [p.source, p.target])).toEqual([['白宫 & 克里姆林宫', 'Белый дом & Кремль']]);
  });
});

describe('TMX dates', () => {
  it('formats and parses UTC dates', () => {
    const d = new Date('2024-02-29T23:59:59Z');
    expect(formatTmxDate(d)).toBe('20240229T235959Z');
    expect(parseTmxDate('20240229T235959Z', 'x')).toEqual(d);
  });

  it.each(['2024-02-29', '20240230T000000Z', '20240229T235959'])('refuses %j', (value) => {
    expect(() => parseTmxDate(value, '<tu> 1 creationdate')).toThrow(
      `TMX: <tu> 1 creationdate: "${value}" is not a date of the form YYYYMMDDThhmmssZ`,
    );
  });
});

describe('malformed TMX is refused with a ValidationError naming the line or element', () => {
  const wrap = (body: string) => `<tmx version="1.4"><header srclang="zh"/><body>${body}</body></tmx>`;
  it.each([
    ['<tmx version="1.4">\n<header srclang="zh"/>\n<body><tu></body></tmx>', /^TMX: line 3, column \d+: /],
    ['<tmx><header srclang="zh"/><body>&bogus</body></tmx>', /^TMX: line 1, column \d+/],
    ['<xliff/>', 'TMX: the root element is <xliff>, not <tmx>'],
    ['<tmx version="1.4"><body/></tmx>', 'TMX: no <header>'],
    ['<tmx version="1.4"><header/><body/></tmx>', 'TMX: <header> has no srclang'],
    [wrap('<tu tuid="7"></tu>'), 'TMX: <tu> 1 (tuid 7) has no <tuv>'],
    [wrap('<tu><tuv xml:lang="zh"><seg>a</seg></tuv></tu><tu><tuv><seg>b</seg></tuv></tu>'), 'TMX: <tu> 2: <tuv> 1 has no xml:lang'],
    [wrap('<tu><tuv xml:lang="en"></tuv></tu>'), 'TMX: <tu> 1: <tuv xml:lang="en"> has no <seg>'],
    [
      wrap('<tu creationdate="yesterday"><tuv xml:lang="en"><seg>a</seg></tuv></tu>'),
      'TMX: <tu> 1 creationdate: "yesterday" is not a date',
    ],
    ['<!DOCTYPE tmx [<!ENTITY a "aaaa">]><tmx/>', 'TMX: entity declarations are not allowed'],
  ])('%j', (xml, message) => {
    expect(() => readTmx(xml)).toThrow(ValidationError);
    expect(() => readTmx(xml)).toThrow(message);
  });
});
