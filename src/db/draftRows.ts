/**
 * The statements of storing a pretranslation batch, as raw SQL: the translations' current state,
 * multi-row INSERTs of new drafts and their revisions, and the settling of the batch's ledger row.
 * Prisma's model queries cost 2–5 ms each and createManyAndReturn/createMany about 0.5 ms a row here
 * (query compilation and result mapping on the main thread), which made storing a 50-text MT batch
 * take 50 ms and capped pretranslation throughput at 4 and 8 requests in flight
 * (bench/pretranslate.ts); a raw statement costs well under 1 ms.
 */
import type { Dialect } from './tm.js';

/** A client or transaction client (raw statements only). */
export type Raw = {
  $queryRawUnsafe<T>(sql: string, ...values: unknown[]): PromiseLike<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): PromiseLike<number>;
};

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

const TRANSLATION_COLUMNS = [
  'segmentId',
  'lang',
  'text',
  'status',
  'origin',
  'engine',
  'version',
  'updatedBy',
  'flags',
  'createdAt',
  'updatedAt',
];
const REVISION_COLUMNS = ['translationId', 'version', 'text', 'status', 'origin', 'engine', 'createdBy', 'createdAt'];
/** Rows per statement, below SQLite's 32,766 bound parameters. */
const rowsPerInsert = (columns: string[]) => Math.floor(30_000 / columns.length);

/** A DateTime parameter: SQLite stores Prisma's ISO 8601 text with an explicit offset. */
const dateParam = (d: Date, dialect: Dialect) => (dialect === 'sqlite' ? d.toISOString().replace('Z', '+00:00') : d);

const placeholderCache = new Map<string, string>();

/** `(…), (…)` placeholders for `rows` rows of `width` parameters (built once per shape: a run stores many equal batches). */
function placeholders(dialect: Dialect, rows: number, width: number): string {
  const key = `${dialect}:${rows}:${width}`;
  const cached = placeholderCache.get(key);
  if (cached !== undefined) return cached;
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const marks = Array.from({ length: width }, (_, k) => (dialect === 'postgresql' ? `$${r * width + k + 1}` : '?'));
    out.push(`(${marks.join(', ')})`);
  }
  const sql = out.join(', ');
  // Shapes are bounded by the rows per statement; a cap keeps odd workloads from growing the cache without end.
  if (placeholderCache.size < 1000) placeholderCache.set(key, sql);
  return sql;
}

const columnList = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');

/**
 * Inserts translations at version 1 and returns their ids by segment and language, `${segmentId}:${lang}`.
 * A row that already exists fails the statement with a unique violation (the caller's transaction retries).
 */
export async function insertTranslationRows(
  db: Raw,
  dialect: Dialect,
  rows: NewTranslationRow[],
  now = new Date(),
): Promise<Map<string, number>> {
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

/** The current state of a translation, as the no-overwrite rule reads it. */
export interface TranslationRowState {
  id: number;
  segmentId: number;
  status: string;
  origin: string;
  version: number;
}

/** Current translations into `lang` of some segments (in chunks of 500 ids). */
export async function translationRowStates(db: Raw, dialect: Dialect, lang: string, segmentIds: number[]): Promise<TranslationRowState[]> {
  const out: TranslationRowState[] = [];
  for (let i = 0; i < segmentIds.length; i += 500) {
    const ids = segmentIds.slice(i, i + 500);
    const marks = ids.map((_, k) => (dialect === 'postgresql' ? `$${k + 2}` : '?')).join(', ');
    const rows = await db.$queryRawUnsafe<
      { id: number | bigint; segmentId: number | bigint; status: string; origin: string; version: number | bigint }[]
    >(
      `SELECT "id", "segmentId", "status", "origin", "version" FROM "Translation" WHERE "lang" = ${dialect === 'postgresql' ? '$1' : '?'} AND "segmentId" IN (${marks})`,
      lang,
      ...ids,
    );
    for (const r of rows)
      out.push({ id: Number(r.id), segmentId: Number(r.segmentId), status: r.status, origin: r.origin, version: Number(r.version) });
  }
  return out;
}

/** What a batch's ledger row is settled with once its drafts are stored. */
export interface BatchDone {
  batchId: number;
  runId: number | null;
  segments: number;
  texts: number;
  billedCharacters: number;
  requests: number;
  retries: number;
  durationMs: number;
}

/** Marks a ledger row `done` with what was billed, and adds it to its run's totals. Throws when the row is gone. */
export async function settleBatchDone(db: Raw, dialect: Dialect, b: BatchDone): Promise<void> {
  const m = (k: number) => (dialect === 'postgresql' ? `$${k}` : '?');
  const count = await db.$executeRawUnsafe(
    `UPDATE "MtBatch" SET "state" = 'done', "error" = NULL, "segments" = ${m(1)}, "texts" = ${m(2)}, "billedCharacters" = ${m(3)}, "requests" = ${m(4)}, "retries" = ${m(5)}, "durationMs" = ${m(6)} WHERE "id" = ${m(7)}`,
    b.segments,
    b.texts,
    b.billedCharacters,
    b.requests,
    b.retries,
    b.durationMs,
    b.batchId,
  );
  if (count === 0) throw new Error(`MT ledger: batch ${b.batchId} not found`);
  if (b.runId !== null) {
    await db.$executeRawUnsafe(
      `UPDATE "MtRun" SET "billedCharacters" = "billedCharacters" + ${m(1)}, "requests" = "requests" + ${m(2)} WHERE "id" = ${m(3)}`,
      b.billedCharacters,
      b.requests,
      b.runId,
    );
  }
}
