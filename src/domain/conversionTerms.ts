/**
 * A project's terms for Chinese script conversion, as pure data: protected terms (never
 * converted) and custom phrase overrides (`from → to`, applied with priority over OpenCC).
 * Parses the two-column files (CSV or TSV) they are imported from.
 */
import type { ConvertOptions } from './convert.js';
import { ValidationError } from './errors.js';

/** The two kinds of term. */
export const TERM_KINDS = ['protect', 'override'] as const;

/** One of {@link TERM_KINDS}. */
export type TermKind = (typeof TERM_KINDS)[number];

/** A term: for `protect`, `replacement` equals `term`. */
export interface TermEntry {
  kind: TermKind;
  term: string;
  replacement: string;
}

/** Longest term or replacement accepted, in characters. */
export const MAX_TERM_LENGTH = 200;
/** Most rows accepted in one file. */
export const MAX_TERM_ROWS = 20_000;

/** A bad row of a terms file: its 1-based line number and what is wrong. */
export interface TermFileError {
  line: number;
  message: string;
}

/**
 * Checks one term as typed in a form or read from a file; returns the normalised entry or an
 * error message. Terms are kept exactly (no trimming inside), but must be one line.
 */
export function checkTerm(kind: TermKind, term: string, replacement: string | undefined): TermEntry | string {
  if (term === '') return 'the term is empty';
  if (/[\r\n]/.test(term) || /[\r\n]/.test(replacement ?? '')) return 'a term must be on one line';
  if (term.length > MAX_TERM_LENGTH || (replacement ?? '').length > MAX_TERM_LENGTH)
    return `a term is at most ${MAX_TERM_LENGTH} characters`;
  if (kind === 'protect') {
    if (replacement && replacement !== term)
      return `a protected term takes one column, got a second one ("${replacement}"); use --kind override for from,to pairs`;
    return { kind, term, replacement: term };
  }
  if (!replacement) return `an override needs two columns: from,to (nothing to replace "${term}" with)`;
  return { kind, term, replacement };
}

/**
 * Splits one CSV or TSV line into cells. CSV cells may be double-quoted (`""` is a quote inside);
 * unquoted cells are trimmed of surrounding spaces. Returns null on an unterminated quote.
 */
export function splitRow(line: string, delimiter: ',' | '\t'): string[] | null {
  if (delimiter === '\t') return line.split('\t').map((c) => c.trim());
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ') i++;
    if (line[i] === '"') {
      let cell = '';
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += line[i];
        i++;
      }
      while (line[i] === ' ') i++;
      cells.push(cell);
      if (i >= line.length) return cells;
      if (line[i] !== ',') return null;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma === -1 ? line.length : comma;
      cells.push(line.slice(i, end).trim());
      if (comma === -1) return cells;
      i = comma + 1;
    }
  }
}

const HEADERS = new Set(['term', 'from', 'source', 'protected', 'protect']);

/**
 * Parses a terms file of one kind. Overrides: `from,to` per line. Protected terms: one column, or
 * `term,` with an empty second column. TSV is recognised by a `.tsv` name or a tab on the first
 * row. Blank lines and lines starting with `#` are skipped, as is a header row (`from,to`, `term`).
 * The whole file is refused (nothing is stored) when any row is bad: the
 * {@link ValidationError} (code `bad_terms_file`) names every bad line.
 */
export function parseTermsFile(text: string, kind: TermKind, fileName = 'file'): TermEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const firstRow = lines.find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '';
  const delimiter = /\.tsv$/i.test(fileName) || firstRow.includes('\t') ? '\t' : ',';
  const errors: TermFileError[] = [];
  const byTerm = new Map<string, { entry: TermEntry; line: number }>();
  let rows = 0;
  let headerChecked = false;
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    if (line.trim() === '' || line.startsWith('#')) return;
    const cells = splitRow(line, delimiter);
    if (!cells) {
      errors.push({ line: lineNo, message: 'unterminated or misplaced double quote' });
      return;
    }
    if (!headerChecked) {
      headerChecked = true;
      if (HEADERS.has((cells[0] ?? '').toLowerCase())) return;
    }
    if (++rows > MAX_TERM_ROWS) {
      if (rows === MAX_TERM_ROWS + 1) errors.push({ line: lineNo, message: `more than ${MAX_TERM_ROWS} rows` });
      return;
    }
    if (cells.length > 2) {
      errors.push({ line: lineNo, message: `expected at most two columns, got ${cells.length}` });
      return;
    }
    const checked = checkTerm(kind, cells[0] ?? '', cells[1]);
    if (typeof checked === 'string') {
      errors.push({ line: lineNo, message: checked });
      return;
    }
    const seen = byTerm.get(checked.term);
    if (seen && seen.entry.replacement !== checked.replacement) {
      errors.push({ line: lineNo, message: `"${checked.term}" is already given on line ${seen.line} with another replacement` });
      return;
    }
    if (!seen) byTerm.set(checked.term, { entry: checked, line: lineNo });
  });
  if (errors.length > 0) {
    const shown = errors.slice(0, 10).map((e) => `line ${e.line}: ${e.message}`);
    const more = errors.length > 10 ? `; and ${errors.length - 10} more` : '';
    throw new ValidationError(
      `${fileName}: ${errors.length} bad row(s), nothing imported: ${shown.join('; ')}${more}`,
      { file: fileName, errors },
      'bad_terms_file',
    );
  }
  if (byTerm.size === 0) throw new ValidationError(`${fileName}: no terms found`, { file: fileName, errors: [] }, 'bad_terms_file');
  return [...byTerm.values()].map((v) => v.entry);
}

/** The conversion options (protected terms and overrides) for a list of stored terms. */
export function termsToOptions(terms: readonly Pick<TermEntry, 'kind' | 'term' | 'replacement'>[]): ConvertOptions {
  return {
    protectedTerms: terms.filter((t) => t.kind === 'protect').map((t) => t.term),
    overrides: terms.filter((t) => t.kind === 'override').map((t) => ({ from: t.term, to: t.replacement })),
  };
}
