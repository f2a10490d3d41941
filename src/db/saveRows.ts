/**
 * The statements of an editor save as raw SQL (tagged templates, parameterised, the same text on SQLite and
 * PostgreSQL): the segment with its document, neighbours and translations in one read, and the writes of the save's
 * transaction. A Prisma model query costs 0.3–1 ms of CPU here (query compilation and result mapping on the main
 * thread), and a relation read is several statements; a save made 15–21 of them (bench/save.ts).
 */
import type { Provider } from './adapter.js';
import type { DbOrTx } from './client.js';
import { rawOf, type RawSql } from './direct.js';
import type { QaSegment } from './qa.js';

/** A DateTime parameter: SQLite stores Prisma's ISO 8601 text with an explicit offset. */
export const dateParam = (d: Date, dialect: Provider) => (dialect === 'sqlite' ? d.toISOString().replace('Z', '+00:00') : d);

/** A DateTime read by a raw statement (SQLite gives the stored text, PostgreSQL a Date). */
export const dateOf = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

/** An integer read by a raw statement (SQLite may give a bigint). */
const num = (v: unknown): number => Number(v);

/** A segment as a save reads it: what QA needs, plus what its memory unit records. */
export interface SaveSegment extends QaSegment {
  sourceLang: string;
  /** Sources of the previous and next translatable segments of the document (undefined at its ends). */
  prevSource: string | undefined;
  nextSource: string | undefined;
  /**
   * Changes whenever the glossary the segment's QA uses (the project's entries and the shared ones) changes: their
   * number, highest id and latest change time. A cached glossary with the same stamp is current.
   */
  glossaryStamp: string;
  /** The segment's project (its target languages for the language check). */
  project: { id: number; name: string; targetLangs: string[] };
  /** True when the user given to {@link saveSegmentById} is a member of the project (false without a user). */
  member: boolean;
}

type SegmentRow = {
  id: unknown;
  index: unknown;
  kind: string;
  source: string;
  documentId: unknown;
  translatable: unknown;
  projectId: unknown;
  sourceLang: string;
  prevSource: string | null;
  nextSource: string | null;
  tId: unknown;
  tLang: string | null;
  tText: string | null;
  tStatus: string | null;
  tOrigin: string | null;
  tEngine: string | null;
  tVersion: unknown;
  gCount: unknown;
  gMaxId: unknown;
  gUpdated: unknown;
  projectName: string;
  targetLangs: string;
  member: unknown;
};

/**
 * One segment with its document, project, neighbouring translatable sources and translations (one statement); undefined
 * when missing. With `userId`, also whether that user is a member of the project (the access check of a save).
 */
export async function saveSegmentById(db: DbOrTx, id: number, userId = 0): Promise<SaveSegment | undefined> {
  const rows = await rawOf(db).$queryRaw<SegmentRow[]>`
    SELECT s."id", s."index", s."kind", s."source", s."documentId", s."translatable", d."projectId", d."sourceLang", pr."name" AS "projectName", pr."targetLangs",
      (SELECT p."source" FROM "Segment" p WHERE p."documentId" = s."documentId" AND p."translatable" AND p."index" < s."index" ORDER BY p."index" DESC LIMIT 1) AS "prevSource",
      (SELECT n."source" FROM "Segment" n WHERE n."documentId" = s."documentId" AND n."translatable" AND n."index" > s."index" ORDER BY n."index" ASC LIMIT 1) AS "nextSource",
      (SELECT COUNT(*) FROM "ProjectMember" m WHERE m."userId" = ${userId} AND m."projectId" = d."projectId") AS "member",
      (SELECT COUNT(*) FROM "TermEntry" g WHERE g."scope" IN (d."projectId", 0)) AS "gCount",
      (SELECT MAX(g."id") FROM "TermEntry" g WHERE g."scope" IN (d."projectId", 0)) AS "gMaxId",
      (SELECT MAX(g."updatedAt") FROM "TermEntry" g WHERE g."scope" IN (d."projectId", 0)) AS "gUpdated",
      t."id" AS "tId", t."lang" AS "tLang", t."text" AS "tText", t."status" AS "tStatus", t."origin" AS "tOrigin", t."engine" AS "tEngine", t."version" AS "tVersion"
    FROM "Segment" s JOIN "Document" d ON d."id" = s."documentId" JOIN "Project" pr ON pr."id" = d."projectId" LEFT JOIN "Translation" t ON t."segmentId" = s."id"
    WHERE s."id" = ${id} ORDER BY t."id"`;
  const first = rows[0];
  if (!first) return undefined;
  return {
    id: num(first.id),
    index: num(first.index),
    kind: first.kind,
    source: first.source,
    documentId: num(first.documentId),
    projectId: num(first.projectId),
    translatable: Boolean(first.translatable),
    sourceLang: first.sourceLang,
    prevSource: first.prevSource ?? undefined,
    nextSource: first.nextSource ?? undefined,
    member: num(first.member) > 0,
    project: { id: num(first.projectId), name: first.projectName, targetLangs: first.targetLangs.split(',').filter(Boolean) },
    glossaryStamp: `${num(first.gCount)}:${num(first.gMaxId ?? 0)}:${first.gUpdated === null ? '' : dateOf(first.gUpdated).getTime()}`,
    translations: rows
      .filter((r) => r.tId !== null)
      .map((r) => ({
        id: num(r.tId),
        lang: r.tLang!,
        text: r.tText!,
        status: r.tStatus!,
        origin: r.tOrigin!,
        engine: r.tEngine!,
        version: num(r.tVersion),
      })),
  };
}

/** A translation row as a save returns it (the columns of Prisma's Translation model). */
export interface TranslationRow {
  id: number;
  segmentId: number;
  lang: string;
  text: string;
  status: string;
  origin: string;
  engine: string;
  version: number;
  updatedBy: string;
  flags: string;
  createdAt: Date;
  updatedAt: Date;
}

const translationRow = (r: Record<string, unknown>): TranslationRow => ({
  id: num(r.id),
  segmentId: num(r.segmentId),
  lang: String(r.lang),
  text: String(r.text),
  status: String(r.status),
  origin: String(r.origin),
  engine: String(r.engine),
  version: num(r.version),
  updatedBy: String(r.updatedBy),
  flags: String(r.flags),
  createdAt: dateOf(r.createdAt),
  updatedAt: dateOf(r.updatedAt),
});

/** The values a save writes to a translation. */
export interface TranslationValues {
  segmentId: number;
  lang: string;
  text: string;
  status: string;
  origin: string;
  engine: string;
  updatedBy: string;
  flags: string;
}

/** Inserts a translation at version 1; an existing one fails the statement with a unique violation. */
export async function insertTranslationRow(db: RawSql, dialect: Provider, v: TranslationValues, now = new Date()): Promise<TranslationRow> {
  const at = dateParam(now, dialect);
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    INSERT INTO "Translation" ("segmentId", "lang", "text", "status", "origin", "engine", "version", "updatedBy", "flags", "createdAt", "updatedAt")
    VALUES (${v.segmentId}, ${v.lang}, ${v.text}, ${v.status}, ${v.origin}, ${v.engine}, ${1}, ${v.updatedBy}, ${v.flags}, ${at}, ${at})
    RETURNING *`;
  return translationRow(rows[0]!);
}

/**
 * Updates a translation if it is still at `version` (the check and the write are one statement); undefined when no row
 * matched (missing, or saved meanwhile).
 */
export async function updateTranslationRow(
  db: RawSql,
  dialect: Provider,
  v: TranslationValues,
  version: number,
  now = new Date(),
): Promise<TranslationRow | undefined> {
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    UPDATE "Translation" SET "text" = ${v.text}, "status" = ${v.status}, "origin" = ${v.origin}, "engine" = ${v.engine}, "updatedBy" = ${v.updatedBy},
      "flags" = ${v.flags}, "version" = "version" + 1, "updatedAt" = ${dateParam(now, dialect)}
    WHERE "segmentId" = ${v.segmentId} AND "lang" = ${v.lang} AND "version" = ${version}
    RETURNING *`;
  return rows[0] ? translationRow(rows[0]) : undefined;
}

/** Inserts the revision of a translation just written. */
export async function insertRevisionRow(
  db: RawSql,
  dialect: Provider,
  r: {
    translationId: number;
    version: number;
    text: string;
    status: string;
    origin: string;
    engine: string;
    note: string;
    createdBy: string;
  },
  now = new Date(),
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "Revision" ("translationId", "version", "text", "status", "origin", "engine", "note", "createdBy", "createdAt")
    VALUES (${r.translationId}, ${r.version}, ${r.text}, ${r.status}, ${r.origin}, ${r.engine}, ${r.note}, ${r.createdBy}, ${dateParam(now, dialect)})`;
}

/** The current translation of a segment into one language (undefined when there is none). */
export async function translationRowOf(db: RawSql, segmentId: number, lang: string): Promise<TranslationRow | undefined> {
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT * FROM "Translation" WHERE "segmentId" = ${segmentId} AND "lang" = ${lang}`;
  return rows[0] ? translationRow(rows[0]) : undefined;
}

/** Whether a segment is translatable (undefined when it does not exist). */
export async function segmentTranslatable(db: RawSql, id: number): Promise<boolean | undefined> {
  const rows = await db.$queryRaw<{ translatable: unknown }[]>`SELECT "translatable" FROM "Segment" WHERE "id" = ${id}`;
  return rows[0] ? Boolean(rows[0].translatable) : undefined;
}

/** Inserts a segment comment (a rejection's, inside the save's transaction). */
export async function insertCommentRow(
  db: RawSql,
  dialect: Provider,
  c: { segmentId: number; lang: string; author: string; text: string; kind: string },
  now = new Date(),
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "SegmentComment" ("segmentId", "lang", "author", "text", "kind", "resolved", "createdAt")
    VALUES (${c.segmentId}, ${c.lang}, ${c.author}, ${c.text}, ${c.kind}, ${dialect === 'sqlite' ? 0 : false}, ${dateParam(now, dialect)})`;
}

/** Inserts an audit event. */
export async function insertAuditRow(
  db: RawSql,
  dialect: Provider,
  e: { userId?: number; userName: string; action: string; target: string; details: string },
  now = new Date(),
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "AuditEvent" ("userId", "userName", "action", "target", "details", "createdAt")
    VALUES (${e.userId ?? null}, ${e.userName}, ${e.action}, ${e.target}, ${e.details}, ${dateParam(now, dialect)})`;
}
