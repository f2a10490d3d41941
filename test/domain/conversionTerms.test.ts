import { describe, expect, it } from 'vitest';
import { checkTerm, parseTermsFile, splitRow, termsToOptions, type TermKind } from '../../src/domain/conversionTerms.js';
import { ValidationError } from '../../src/domain/errors.js';
import { convertText } from '../../src/domain/convert.js';

function refusal(text: string, kind: TermKind, name = 'terms.csv'): { message: string; errors: { line: number; message: string }[] } {
  try {
    parseTermsFile(text, kind, name);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    const e = err as ValidationError;
    expect(e.code).toBe('bad_terms_file');
    return { message: e.message, errors: (e.details?.errors ?? []) as { line: number; message: string }[] };
  }
  throw new Error('expected a refusal');
}

describe('splitRow', () => {
  it.each([
    { why: 'plain cells are trimmed', line: ' 软件 , 軟件 ', delim: ',' as const, cells: ['软件', '軟件'] },
    { why: 'quoted cells keep commas and doubled quotes', line: '"a,b","say ""hi"""', delim: ',' as const, cells: ['a,b', 'say "hi"'] },
    { why: 'a trailing comma is an empty second cell (term,)', line: '习近平,', delim: ',' as const, cells: ['习近平', ''] },
    { why: 'tabs split TSV and commas stay in the cell', line: '甲,乙\t丙', delim: '\t' as const, cells: ['甲,乙', '丙'] },
    { why: 'an unterminated quote is refused', line: '"abc', delim: ',' as const, cells: null },
    { why: 'text after a closing quote is refused', line: '"a"b,c', delim: ',' as const, cells: null },
  ])('$why', ({ line, delim, cells }) => {
    expect(splitRow(line, delim)).toEqual(cells);
  });
});

describe('checkTerm', () => {
  it.each([
    {
      why: 'a protected term replaces itself',
      kind: 'protect' as const,
      term: '乔·拜登',
      rep: undefined,
      out: { kind: 'protect', term: '乔·拜登', replacement: '乔·拜登' },
    },
    {
      why: 'an override maps from → to',
      kind: 'override' as const,
      term: '软件',
      rep: '軟件',
      out: { kind: 'override', term: '软件', replacement: '軟件' },
    },
    { why: 'an empty term is refused', kind: 'protect' as const, term: '', rep: undefined, out: /empty/ },
    { why: 'an override without a replacement is refused', kind: 'override' as const, term: '软件', rep: '', out: /two columns/ },
    {
      why: 'a protected term with a different second column is refused',
      kind: 'protect' as const,
      term: '甲',
      rep: '乙',
      out: /one column/,
    },
    { why: 'a term over 200 characters is refused', kind: 'protect' as const, term: '字'.repeat(201), rep: undefined, out: /at most 200/ },
    { why: 'a multi-line term is refused', kind: 'override' as const, term: 'a\nb', rep: 'c', out: /one line/ },
  ])('$why', ({ kind, term, rep, out }) => {
    const r = checkTerm(kind, term, rep);
    if (out instanceof RegExp) expect(r).toMatch(out);
    else expect(r).toEqual(out);
  });
});

describe('parseTermsFile', () => {
  it.each([
    {
      why: 'CSV overrides with a header, comments, blank lines, CRLF and a BOM',
      kind: 'override' as const,
      name: 'o.csv',
      text: '\uFEFFfrom,to\r\n# comment\r\n\r\n软件,軟件\r\n"鼠标",滑鼠\r\n',
      terms: [
        ['软件', '軟件'],
        ['鼠标', '滑鼠'],
      ],
    },
    {
      why: 'TSV is recognised by the file name',
      kind: 'override' as const,
      name: 'o.tsv',
      text: '内存\t記憶體\n',
      terms: [['内存', '記憶體']],
    },
    {
      why: 'TSV is recognised by a tab on the first row',
      kind: 'override' as const,
      name: 'o.txt',
      text: '内存\t記憶體\n硬盘\t硬碟\n',
      terms: [
        ['内存', '記憶體'],
        ['硬盘', '硬碟'],
      ],
    },
    {
      why: 'protected terms in one column or as term,',
      kind: 'protect' as const,
      name: 'p.csv',
      text: 'term\n习近平\n郭文贵,\n',
      terms: [
        ['习近平', '习近平'],
        ['郭文贵', '郭文贵'],
      ],
    },
    {
      why: 'an identical duplicate is kept once',
      kind: 'override' as const,
      name: 'o.csv',
      text: '软件,軟件\n软件,軟件\n',
      terms: [['软件', '軟件']],
    },
  ])('reads $why', ({ kind, name, text, terms }) => {
    expect(parseTermsFile(text, kind, name).map((t) => [t.term, t.replacement])).toEqual(terms);
  });

  it('refuses the whole file, naming every bad line with its number', () => {
    const { message, errors } = refusal('from,to\n软件,軟件\n鼠标\n"坏,引号\n,空\na,b,c\n软件,软体\n', 'override');
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(message).toMatch(/^terms\.csv: 5 bad row\(s\), nothing imported: line 3: an override needs two columns/);
    expect(errors[4]!.message).toBe('"软件" is already given on line 2 with another replacement');
  });

  it('refuses a protected-terms file given two-column overrides', () => {
    expect(refusal('软件,軟件\n', 'protect', 'p.csv').errors).toEqual([{ line: 1, message: expect.stringContaining('one column') }]);
  });

  it('refuses a file without any term', () => {
    expect(refusal('# nothing\n\n', 'protect').message).toBe('terms.csv: no terms found');
  });
});

describe('termsToOptions', () => {
  it('turns stored terms into conversion options that protect and override', () => {
    const options = termsToOptions([
      { kind: 'protect', term: '乔·拜登', replacement: '乔·拜登' },
      { kind: 'override', term: '软件', replacement: '软体' },
    ]);
    expect(options).toEqual({ protectedTerms: ['乔·拜登'], overrides: [{ from: '软件', to: '软体' }] });
    expect(convertText('乔·拜登的软件发展', 's2t', options)).toBe('乔·拜登的软体發展');
  });
});
