/**
 * Glossary entries as stored and exchanged (CSV, TBX), and their conversion to the QA checks'
 * per-language terms.
 *
 * CSV layout: a header row naming the columns, in any order: the source language (`zh`, first
 * language column by default), one column per target language (`en`, `ru`, `zh-Hant`, …),
 * `forbidden_<lang>` columns, `pos`, `note`. Several terms in one cell are separated by `|`.
 * Unknown column names are refused (a typo like `forbiden_en` would otherwise lose data).
 */
import { ValidationError } from '../errors.js';
import { normalizeLang } from '../lang.js';
import type { GlossaryTerm } from '../qa/types.js';
import { parseCsv, writeCsv, type CsvRecord } from './csv.js';
import { checkGlossaryEntries, TERM_SEPARATOR } from '../glossary.js';

/** The translations of one entry in one language. */
export interface GlossaryTargets {
  lang: string;
  /** Allowed translations, preferred first. */
  terms: string[];
  /** Variants that must not be used. */
  forbidden: string[];
}

/** One glossary entry: a source term and its translations. */
export interface GlossaryEntry {
  source: string;
  /** Part of speech (noun, verb, properNoun, …). */
  pos?: string;
  note?: string;
  targets: GlossaryTargets[];
}

export { TERM_SEPARATOR };

/** The QA terms of entries (one GlossaryTerm per entry and language that has terms or forbidden variants). */
export function toGlossaryTerms(entries: readonly GlossaryEntry[]): GlossaryTerm[] {
  return entries.flatMap((e) =>
    e.targets
      .filter((t) => t.terms.length > 0 || t.forbidden.length > 0)
      .map((t) => ({
        source: e.source,
        lang: t.lang,
        target: [...t.terms],
        ...(t.forbidden.length ? { forbidden: [...t.forbidden] } : {}),
      })),
  );
}

const splitCell = (cell: string) =>
  cell
    .split(TERM_SEPARATOR)
    .map((t) => t.trim())
    .filter(Boolean);

type Column = { type: 'source' } | { type: 'terms' | 'forbidden'; lang: string } | { type: 'pos' | 'note' };

/** The columns named by a header row; throws a ValidationError naming the line and column. */
function headerColumns(header: CsvRecord | undefined, sourceLang: string): Column[] {
  if (!header) throw new ValidationError('glossary CSV: no header row', {}, 'invalid_csv');
  const columns: Column[] = header.fields.map((raw, i) => {
    const name = raw.trim();
    const lower = name.toLowerCase();
    if (lower === 'pos' || lower === 'note') return { type: lower };
    const forbidden = /^forbidden[_-](.+)$/i.exec(name);
    try {
      if (forbidden) return { type: 'forbidden', lang: normalizeLang(forbidden[1]!) };
      const lang = normalizeLang(name);
      return lang === sourceLang ? { type: 'source' } : { type: 'terms', lang };
    } catch {
      throw new ValidationError(
        `glossary CSV, line ${header.line}: column ${i + 1} "${name}" is not a language code, forbidden_<lang>, pos or note`,
        { line: header.line, column: name },
        'invalid_csv',
      );
    }
  });
  if (!columns.some((c) => c.type === 'source')) {
    throw new ValidationError(
      `glossary CSV, line ${header.line}: no "${sourceLang}" column for the source term`,
      { line: header.line },
      'invalid_csv',
    );
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    throw new ValidationError(
      `glossary CSV, line ${header.line}: column "${dup}" appears twice`,
      { line: header.line, column: dup },
      'invalid_csv',
    );
  return columns;
}

/**
 * The languages a glossary CSV has columns for: translations (`en`) and forbidden variants
 * (`forbidden_en`). An import leaves what the file has no column for as it is stored.
 */
export function glossaryCsvLanguages(text: string, options: { sourceLang?: string } = {}): { terms: string[]; forbidden: string[] } {
  const columns = headerColumns(parseCsv(text, 'glossary CSV')[0], normalizeLang(options.sourceLang ?? 'zh'));
  const of = (type: 'terms' | 'forbidden') => columns.flatMap((c) => (c.type === type ? [c.lang] : []));
  return { terms: of('terms'), forbidden: of('forbidden') };
}

/** Reads a glossary CSV (see the module comment); throws a ValidationError naming the line or column. */
export function readGlossaryCsv(text: string, options: { sourceLang?: string } = {}): GlossaryEntry[] {
  const sourceLang = normalizeLang(options.sourceLang ?? 'zh');
  const records = parseCsv(text, 'glossary CSV');
  const columns = headerColumns(records[0], sourceLang);

  const rows = records.slice(1);
  const entries = rows.map(({ line, fields }) => {
    if (fields.length !== columns.length) {
      throw new ValidationError(
        `glossary CSV, line ${line}: ${fields.length} fields, the header has ${columns.length}`,
        { line },
        'invalid_csv',
      );
    }
    const entry: GlossaryEntry = { source: '', targets: [] };
    const target = (lang: string): GlossaryTargets => {
      let t = entry.targets.find((x) => x.lang === lang);
      if (!t) entry.targets.push((t = { lang, terms: [], forbidden: [] }));
      return t;
    };
    columns.forEach((col, i) => {
      const cell = fields[i]!.trim();
      if (col.type === 'source') entry.source = cell;
      else if ('lang' in col) target(col.lang)[col.type === 'terms' ? 'terms' : 'forbidden'].push(...splitCell(cell));
      else if (cell) entry[col.type] = cell;
    });
    if (!entry.source) throw new ValidationError(`glossary CSV, line ${line}: the source term is empty`, { line }, 'invalid_csv');
    entry.targets = entry.targets.filter((t) => t.terms.length > 0 || t.forbidden.length > 0);
    return entry;
  });
  checkGlossaryEntries(entries, 'glossary CSV', (i) => `line ${rows[i]!.line}`);
  return entries;
}

/**
 * Writes entries as glossary CSV: columns `<sourceLang>`, each target language, `pos`, `note`,
 * then `forbidden_<lang>` for the languages that have forbidden variants.
 */
export function writeGlossaryCsv(entries: readonly GlossaryEntry[], options: { sourceLang?: string; langs?: string[] } = {}): string {
  const langs = options.langs ?? [...new Set(entries.flatMap((e) => e.targets.map((t) => t.lang)))];
  const forbiddenLangs = langs.filter((l) => entries.some((e) => e.targets.some((t) => t.lang === l && t.forbidden.length > 0)));
  for (const e of entries) {
    for (const term of [e.source, ...e.targets.flatMap((t) => [...t.terms, ...t.forbidden])]) {
      if (term.includes(TERM_SEPARATOR))
        throw new ValidationError(`glossary: term "${term}" contains "${TERM_SEPARATOR}", the CSV term separator`, { term });
    }
  }
  const rows = [[options.sourceLang ?? 'zh', ...langs, 'pos', 'note', ...forbiddenLangs.map((l) => `forbidden_${l}`)]];
  for (const e of entries) {
    const of = (lang: string) => e.targets.find((t) => t.lang === lang);
    rows.push([
      e.source,
      ...langs.map((l) => (of(l)?.terms ?? []).join(TERM_SEPARATOR)),
      e.pos ?? '',
      e.note ?? '',
      ...forbiddenLangs.map((l) => (of(l)?.forbidden ?? []).join(TERM_SEPARATOR)),
    ]);
  }
  return writeCsv(rows);
}
