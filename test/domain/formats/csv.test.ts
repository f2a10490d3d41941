import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GLOSSARY_SAMPLE } from '../../helpers/fixtures.js';
import { ValidationError } from '../../../src/domain/errors.js';
import { parseCsv, writeCsv } from '../../../src/domain/formats/csv.js';
import { readGlossaryCsv, toGlossaryTerms, writeGlossaryCsv, type GlossaryEntry } from '../../../src/domain/formats/glossary.js';

const sample = readFileSync(GLOSSARY_SAMPLE, 'utf8');

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it.each([
    [
      'a,b\nc,d\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      'plain fields, LF',
    ],
    [
      'a,b\r\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      'CRLF and no final line end',
    ],
    ['"a,b",c\n', [['a,b', 'c']], 'a comma inside quotes'],
    ['"say ""hi""",x\n', [['say "hi"', 'x']], 'doubled quotes'],
    ['"line 1\nline 2",x\n', [['line 1\nline 2', 'x']], 'a line break inside quotes'],
    ['a,,\n', [['a', '', '']], 'empty fields'],
    ['""\n', [['']], 'a quoted empty field is a record'],
    ['a\n\n\nb\n', [['a'], ['b']], 'blank lines are skipped'],
    ['\ufeffzh,en\n', [['zh', 'en']], 'a BOM is ignored'],
    ['', [], 'empty input'],
  ])('%j → %j (%s)', (text, expected) => {
    expect(fields(text)).toEqual(expected);
  });

  it('numbers records by the line they start on, counting line breaks inside quotes', () => {
    expect(parseCsv('a\n"b\nc"\nd\n').map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it.each([
    ['a,b"c\n', 'CSV, line 1: a quote inside an unquoted field (quote the whole field and double the quote)'],
    ['ok\n"ab"c\n', 'CSV, line 2: text after a closing quote'],
    ['ok\nok\n"never closed\nmore\n', 'CSV, line 3: a quoted field is never closed'],
  ])('refuses %j with a ValidationError naming the line', (text, message) => {
    expect(() => parseCsv(text)).toThrow(ValidationError);
    expect(() => parseCsv(text)).toThrow(message);
  });

  it('round-trips awkward fields through writeCsv', () => {
    const rows = [['a,b', 'say "hi"', 'x\ny', ' lead', 'plain', '']];
    expect(fields(writeCsv(rows))).toEqual(rows);
    expect(writeCsv([['a', 'b']])).toBe('a,b\r\n');
  });
});

describe('glossary CSV', () => {
  it('reads the shared sample: zh, en, ru and note columns', () => {
    const entries = readGlossaryCsv(sample);
    expect(entries).toHaveLength(sample.trim().split('\n').length - 1);
    expect(entries[0]).toEqual({
      source: '弗拉基米尔·普京',
      note: 'person',
      targets: [
        { lang: 'en', terms: ['Vladimir Putin'], forbidden: [] },
        { lang: 'ru', terms: ['Владимир Путин'], forbidden: [] },
      ],
    });
    expect(entries.find((e) => e.source === '《开放天空条约》')?.targets[1]?.terms).toEqual(['Договор по открытому небу']);
  });

  it('turns the sample into QA terms per language', () => {
    const terms = toGlossaryTerms(readGlossaryCsv(sample));
    expect(terms.filter((t) => t.source === '克里姆林宫')).toEqual([
      { source: '克里姆林宫', lang: 'en', target: ['Kremlin'] },
      { source: '克里姆林宫', lang: 'ru', target: ['Кремль'] },
    ]);
  });

  it('reads pos, forbidden columns and several terms per cell', () => {
    const csv = 'zh,en,ru,pos,note,forbidden_en,forbidden_ru\n川普,Trump|Donald Trump,Трамп,properNoun,"person, US",Chuan Pu,Трумп\n';
    expect(readGlossaryCsv(csv)).toEqual([
      {
        source: '川普',
        pos: 'properNoun',
        note: 'person, US',
        targets: [
          { lang: 'en', terms: ['Trump', 'Donald Trump'], forbidden: ['Chuan Pu'] },
          { lang: 'ru', terms: ['Трамп'], forbidden: ['Трумп'] },
        ],
      },
    ]);
  });

  it('round-trips entries: write → read → equal', () => {
    const entries: GlossaryEntry[] = [
      {
        source: '普京',
        pos: 'properNoun',
        note: 'person, "President"',
        targets: [
          { lang: 'en', terms: ['Putin'], forbidden: ['Poutine'] },
          { lang: 'ru', terms: ['Путин'], forbidden: [] },
        ],
      },
      { source: '白宫', targets: [{ lang: 'en', terms: ['White House', 'the White House'], forbidden: [] }] },
      { source: '多行', note: 'line 1\nline 2', targets: [{ lang: 'ru', terms: ['многострочный'], forbidden: [] }] },
    ];
    expect(readGlossaryCsv(writeGlossaryCsv(entries))).toEqual(entries);
  });

  it('round-trips the shared sample', () => {
    const entries = readGlossaryCsv(sample);
    expect(readGlossaryCsv(writeGlossaryCsv(entries))).toEqual(entries);
  });

  it.each([
    [
      'zh,en,forbiden_en\n普京,Putin,x\n',
      'glossary CSV, line 1: column 3 "forbiden_en" is not a language code, forbidden_<lang>, pos or note',
    ],
    ['en,ru\nPutin,Путин\n', 'glossary CSV, line 1: no "zh" column for the source term'],
    ['zh,en,en\n普京,Putin,Putin\n', 'glossary CSV, line 1: column "en" appears twice'],
    ['zh,en\n普京,Putin\n拜登\n', 'glossary CSV, line 3: 1 fields, the header has 2'],
    ['zh,en\n普京,Putin\n,Biden\n', 'glossary CSV, line 3: the source term is empty'],
    ['zh,en\n"普京,Putin\n', 'glossary CSV, line 2: a quoted field is never closed'],
    ['', 'glossary CSV: no header row'],
  ])('refuses %j: %s', (csv, message) => {
    expect(() => readGlossaryCsv(csv)).toThrow(ValidationError);
    expect(() => readGlossaryCsv(csv)).toThrow(message);
  });

  it('refuses to write a term containing the cell separator', () => {
    expect(() => writeGlossaryCsv([{ source: '甲', targets: [{ lang: 'en', terms: ['a|b'], forbidden: [] }] }])).toThrow(ValidationError);
  });
});
