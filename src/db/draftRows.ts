/**
 * Multi-row INSERTs of new draft translations and their revisions, for bulk writers (pretranslation,
 * memory reuse). Prisma's createManyAndReturn and createMany cost about 0.5 ms a row here (query
 * compilation on the main thread), which made storing a 50-text MT batch take 50 ms and capped
 * pretranslation throughput (bench/pretranslate.ts); one raw statement per table costs a few ms.
 */
import type { Dialect } from './tm.js';

type Raw = { $queryRawUnsafe<T>(sql: string, ...values: unknown[]): PromiseLike<T>; $executeRawUnsafe(sql: string, ...values: unknown[]): PromiseLike<number> };

/** One new translation row. */
export interface NewTranslationRow {
  segmentId: number;
  lang: string;
  text: string;
  status: string;
  origin: string;
  engine: string;
  updatedBy: string;
  flags: string;
}

/** One new revision row. */
export interface NewRevisionRow {
  translationId: number;
  version: number;
  text: string;
  status: string;
  origin: string;
  engine: string;
  createdBy: string;
}

const TRANSLATION_COLUMNS = ['segmentId', 'lang', 'text', 'status', 'origin', 'engine', 'version', 'updatedBy', 'flags', 'createdAt', 'updatedAt'];
const REVISION_COLUMNS = ['translationId', 'version', 'text', 'status', 'origin', 'engine', 'createdBy', 'createdAt'];
/** Rows per statement, below SQLite's 32,766 bound parameters. */
const rowsPerInsert = (columns: string[]) => Math.floor(30_000 / columns.length);

/** A DateTime parameter: SQLite stores Prisma's ISO 8601 text with an explicit offset. */
const dateParam = (d: Date, dialect: Dialect) => (dialect === 'sqlite' ? d.toISOString().replace('Z', '+00:00') : d);

/** `(…), (…)` placeholders for `rows` rows of `width` parameters. */
function placeholders(dialect: Dialect, rows: number, width: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const marks = Array.from({ length: width }, (_, k) => (dialect === 'postgresql' ? `$${r * width + k + 1}` : '?'));
    out.push(`(${marks.join(', ')})`);
  }
  return out.join(', ');
}

const columnList = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');

/**
 * Inserts translations at version 1 and returns their ids by segment and language, `${segmentId}:${lang}`.
 * A row that already exists fails the statement with a unique violation (the caller's transaction retries).
 */
export async function insertTranslationRows(db: Raw, dialect: Dialect, rows: NewTranslationRow[], now = new Date()): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const at = dateParam(now, dialect);
  const step = rowsPerInsert(TRANSLATION_COLUMNS);
  for (let i = 0; i < rows.length; i += step) {
    const slice = rows.slice(i, i + step);
    const params = slice.flatMap((r) => [r.segmentId, r.lang, r.text, r.status, r.origin, r.engine, 1, r.updatedBy, r.flags, at, at]);
    const returned = await db.$queryRawUnsafe<{ id: number | bigint; segmentId: number | bigint; lang: string }[]>(
      `INSERT INTO "Translation" (${columnList(TRANSLATION_COLUMNS)}) VALUES ${placeholders(dialect, slice.length, TRANSLATION_COLUMNS.length)} RETURNING "id", "segmentId", "lang"`,
      ...params,
    );
    for (const r of returned) ids.set(`${Number(r.segmentId)}:${r.lang}`, Number(r.id));
  }
  return ids;
}

/** Inserts revisions (one statement per few thousand rows). */
export async function insertRevisionRows(db: Raw, dialect: Dialect, rows: NewRevisionRow[], now = new Date()): Promise<void> {
  const at = dateParam(now, dialect);
  const step = rowsPerInsert(REVISION_COLUMNS);
  for (let i = 0; i < rows.length; i += step) {
    const slice = rows.slice(i, i + step);
    const params = slice.flatMap((r) => [r.translationId, r.version, r.text, r.status, r.origin, r.engine, r.createdBy, at]);
    await db.$executeRawUnsafe(
      `INSERT INTO "Revision" (${columnList(REVISION_COLUMNS)}) VALUES ${placeholders(dialect, slice.length, REVISION_COLUMNS.length)}`,
      ...params,
    );
  }
}
