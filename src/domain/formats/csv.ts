/**
 * RFC 4180 CSV: quoted fields with commas, doubled quotes and line breaks; CRLF or LF; a UTF-8
 * BOM is ignored. Pure logic; no CSV package is installed, and this is all the glossary needs.
 */
import { ValidationError } from '../errors.js';

/** One parsed record and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Parses CSV text into records. Blank lines are skipped. Throws a ValidationError naming the
 * line for a quote inside an unquoted field, text after a closing quote, or an unterminated quote.
 */
export function parseCsv(text: string, what = 'CSV'): CsvRecord[] {
  const src = text.startsWith('\ufeff') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // current field was quoted (only a separator may follow the closing quote)
  let quoteLine = 1;
  const fail = (message: string, at: number): never => {
    throw new ValidationError(`${what}, line ${at}: ${message}`, { line: at }, 'invalid_csv');
  };
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !wasQuoted)) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        field += c;
      }
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (c === '"') {
      if (field !== '' || wasQuoted) fail('a quote inside an unquoted field (quote the whole field and double the quote)', line);
      quoted = wasQuoted = true;
      quoteLine = line;
    } else {
      if (wasQuoted) fail('text after a closing quote', line);
      field += c;
    }
  }
  if (quoted) fail('a quoted field is never closed', quoteLine);
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return records;
}

/** Quotes a field when it holds a comma, a quote, a line break or edge spaces. */
function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes records as CSV with CRLF line ends (RFC 4180), quoting only where needed. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}
