/**
 * Persistence of the translation memory (TmUnit): upserts from confirmed translations and TMX files,
 * exact lookup by source hash, incremental reads for the in-process fuzzy index, concordance search,
 * and the segment context (neighbouring sources) a unit records.
 */
import { providerOf, type Db } from './client.js';
import type { RawSql } from './direct.js';
import type { Prisma } from './generated/client.js';
import { NotFoundError } from '../domain/errors.js';
import { splitLangs, toProject } from './projects.js';
import { saveSegmentById } from './saveRows.js';

/** Where a unit came from. */
export type TmOrigin = 'editor' | 'import' | 'tmx' | 'rebuild';

/** A unit to store. Units are keyed by (sourceLang, targetLang, projectId, source, target). */
export interface TmUnitInput {
  sourceLang: string;
  targetLang: string;
  source: string;
  target: string;
  sourceHash: string;
  projectId: number | null;
  documentId?: number | null;
  segmentId?: number | null;
  createdBy: string;
  origin: TmOrigin;
  prevHash: string;
  nextHash: string;
  /** Defaults to now (TMX imports keep the file's creation date). */
  createdAt?: Date;
  /** True when the translation was confirmed although QA errors remained (issue 14). */
  qaErrors?: boolean;
}

/** A stored unit. */
export type TmUnitRow = Prisma.TmUnitGetPayload<object>;

const CHUNK = 400;
/** Hashes looked up at once when checking which units exist. */
const LOOKUP_CHUNK = 2000;
type Client = Db | Parameters<Parameters<Db['$transaction']>[0]>[0] | RawSql;

const keyOf = (u: { sourceLang: string; targetLang: string; projectId: number | null; source: string; target: string }) =>
  `${u.sourceLang}\u0000${u.targetLang}\u0000${u.projectId ?? ''}\u0000${u.source}\u0000${u.target}`;

const UNIT_COLUMNS = [
  'sourceLang',
  'targetLang',
  'source',
  'target',
  'sourceHash',
  'projectId',
  'documentId',
  'segmentId',
  'createdBy',
  'origin',
  'prevHash',
  'nextHash',
  'createdAt',
  'updatedAt',
  'qaErrors',
] as const;
// SQLite binds at most 32,766 parameters per statement.
const ROWS_PER_INSERT = Math.floor(32_000 / UNIT_COLUMNS.length);

/** SQL dialect of the raw statements below (a transaction client is not registered: pass the dialect of its database). */
export type Dialect = 'sqlite' | 'postgresql';

/** A DateTime parameter of a raw statement: SQLite stores Prisma's ISO 8601 text with an explicit offset. */
const dateParam = (d: Date, dialect: Dialect) => (dialect === 'sqlite' ? d.toISOString().replace('Z', '+00:00') : d);

/** A Boolean parameter of a raw statement (SQLite stores 0 / 1). */
const boolParam = (b: boolean, dialect: Dialect) => (dialect === 'sqlite' ? (b ? 1 : 0) : b);

/** Placeholders for `n` parameters after `offset` already bound. */
const marks = (dialect: Dialect, n: number, offset: number) =>
  Array.from({ length: n }, (_, k) => (dialect === 'postgresql' ? `$${offset + k + 1}` : '?')).join(', ');

/**
 * Inserts units with multi-row INSERT statements: Prisma's createMany costs about 0.4 ms a row
 * (query compilation), which made a 100,000-unit TMX import take minutes.
 */
async function insertUnits(db: Client, dialect: Dialect, units: TmUnitInput[], now: Date): Promise<void> {
  const columns = UNIT_COLUMNS.map((c) => `"${c}"`).join(', ');
  for (let i = 0; i < units.length; i += ROWS_PER_INSERT) {
    const params: unknown[] = [];
    const rows = units.slice(i, i + ROWS_PER_INSERT).map((u) => {
      params.push(
        u.sourceLang,
        u.targetLang,
        u.source,
        u.target,
        u.sourceHash,
        u.projectId,
        u.documentId ?? null,
        u.segmentId ?? null,
        u.createdBy,
        u.origin,
        u.prevHash,
        u.nextHash,
        dateParam(u.createdAt ?? now, dialect),
        dateParam(now, dialect),
        boolParam(u.qaErrors ?? false, dialect),
      );
      return `(${marks(dialect, UNIT_COLUMNS.length, params.length - UNIT_COLUMNS.length)})`;
    });
    await db.$executeRawUnsafe(`INSERT INTO "TmUnit" (${columns}) VALUES ${rows.join(', ')}`, ...params);
  }
}

/**
 * Stores units: one already stored with the same languages, project, source and target gets the new
 * time, user, segment and context instead of a second copy; anything else becomes a new unit (a new
 * target for the same source is another unit). Returns how many were created and the ids updated.
 */
export async function upsertTmUnits(
  db: Client,
  units: TmUnitInput[],
  dialect: Dialect = providerOf(db),
): Promise<{ created: number; updated: number; updatedIds: number[] }> {
  const latest = new Map<string, TmUnitInput>();
  for (const u of units) latest.set(keyOf(u), u);
  const all = [...latest.values()];
  const now = new Date();
  const fresh: TmUnitInput[] = [];
  const updatedIds: number[] = [];
  for (let i = 0; i < all.length; i += LOOKUP_CHUNK) {
    const chunk = all.slice(i, i + LOOKUP_CHUNK);
    const hashes = [...new Set(chunk.map((u) => u.sourceHash))];
    const existing = await db.$queryRawUnsafe<
      { id: unknown; sourceLang: string; targetLang: string; projectId: unknown; source: string; target: string }[]
    >(
      `SELECT "id", "sourceLang", "targetLang", "projectId", "source", "target" FROM "TmUnit" WHERE "sourceHash" IN (${marks(dialect, hashes.length, 0)})`,
      ...hashes,
    );
    const ids = new Map(existing.map((e) => [keyOf({ ...e, projectId: e.projectId === null ? null : Number(e.projectId) }), Number(e.id)]));
    for (const u of chunk) {
      const id = ids.get(keyOf(u));
      if (id === undefined) {
        fresh.push(u);
        continue;
      }
      const m = marks(dialect, 9, 0).split(', ');
      await db.$executeRawUnsafe(
        `UPDATE "TmUnit" SET "createdBy" = ${m[0]}, "origin" = ${m[1]}, "documentId" = ${m[2]}, "segmentId" = ${m[3]}, "prevHash" = ${m[4]}, "nextHash" = ${m[5]}, "updatedAt" = ${m[6]}, "qaErrors" = ${m[7]} WHERE "id" = ${m[8]}`,
        u.createdBy,
        u.origin,
        u.documentId ?? null,
        u.segmentId ?? null,
        u.prevHash,
        u.nextHash,
        dateParam(now, dialect),
        // SQLite's `?` marks are positional: the parameters follow the marks' order in the statement.
        boolParam(u.qaErrors ?? false, dialect),
        id,
      );
      updatedIds.push(id);
    }
  }
  await insertUnits(db, dialect, fresh, now);
  return { created: fresh.length, updated: updatedIds.length, updatedIds };
}

/**
 * Sets the change time of units to now: after a long import transaction commits, so that fuzzy
 * indexes of other processes (which look back a few seconds) see its updates.
 */
export async function touchTmUnits(db: Db, ids: number[]): Promise<void> {
  const dialect = providerOf(db);
  const now = dateParam(new Date(), dialect);
  for (let i = 0; i < ids.length; i += 30_000) {
    const chunk = ids.slice(i, i + 30_000);
    await db.$executeRawUnsafe(
      `UPDATE "TmUnit" SET "updatedAt" = ${marks(dialect, 1, 0)} WHERE "id" IN (${marks(dialect, chunk.length, 1)})`,
      now,
      ...chunk,
    );
  }
}

/** Units whose source has this hash, for one language pair and the given projects (null = shared units). */
export async function exactTmUnits(
  db: Db,
  q: { sourceLang: string; targetLang: string; sourceHashes: string[]; projectIds: (number | null)[] },
): Promise<TmUnitRow[]> {
  const out: TmUnitRow[] = [];
  const projects = q.projectIds.filter((p): p is number => p !== null);
  const shared = q.projectIds.includes(null);
  for (let i = 0; i < q.sourceHashes.length; i += CHUNK) {
    out.push(
      ...(await db.tmUnit.findMany({
        where: {
          sourceHash: { in: q.sourceHashes.slice(i, i + CHUNK) },
          targetLang: q.targetLang,
          sourceLang: q.sourceLang,
          OR: [{ projectId: { in: projects } }, ...(shared ? [{ projectId: null }] : [])],
        },
        orderBy: { updatedAt: 'asc' },
      })),
    );
  }
  return out;
}

/** The columns the fuzzy index keeps of a unit. */
const INDEXED = {
  id: true,
  source: true,
  target: true,
  targetLang: true,
  prevHash: true,
  nextHash: true,
  projectId: true,
  segmentId: true,
  createdBy: true,
  updatedAt: true,
  qaErrors: true,
} as const;
/** A unit as the fuzzy index reads it. */
export type IndexedUnit = Prisma.TmUnitGetPayload<{ select: typeof INDEXED }>;

/**
 * At most `take` units of one language pair with an id above `afterId` (the fuzzy index's initial load and new
 * units), by id. The caller pages with its own `take`: fewer rows than it asked for is how it knows it is done.
 */
export async function tmUnitsAfter(db: Db, sourceLang: string, targetLang: string, afterId: number, take: number): Promise<IndexedUnit[]> {
  return db.tmUnit.findMany({ where: { sourceLang, targetLang, id: { gt: afterId } }, orderBy: { id: 'asc' }, take, select: INDEXED });
}

/** Ids and change times of units (ids up to `maxId`) changed since `since`, for the fuzzy index's refresh. */
export async function tmUnitsChangedSince(db: Db, sourceLang: string, targetLang: string, maxId: number, since: Date) {
  return db.tmUnit.findMany({
    where: { sourceLang, targetLang, id: { lte: maxId }, updatedAt: { gte: since } },
    select: { id: true, updatedAt: true },
  });
}

/** Units by id, as the fuzzy index reads them. */
export async function tmUnitsByIds(db: Db, ids: number[]): Promise<IndexedUnit[]> {
  const out: IndexedUnit[] = [];
  for (let i = 0; i < ids.length; i += CHUNK)
    out.push(...(await db.tmUnit.findMany({ where: { id: { in: ids.slice(i, i + CHUNK) } }, select: INDEXED })));
  return out;
}

/** A concordance query: units containing `q` in their source or target. */
export interface ConcordanceQuery {
  q: string;
  side: 'source' | 'target';
  targetLang?: string;
  /** Projects the reader may see; null in the list stands for shared units; undefined = everything (admins). */
  projectIds?: (number | null)[];
  offset: number;
  limit: number;
}

/**
 * Units containing the phrase, newest first, with the total. A plain substring test (not LIKE, so
 * `%` and `_` are literal; no word boundaries, so Chinese works), ignoring case for Latin letters.
 */
export async function concordanceUnits(db: Db, q: ConcordanceQuery): Promise<{ total: number; units: TmUnitRow[] }> {
  const dialect = providerOf(db);
  const params: unknown[] = [];
  const bind = (v: unknown) => {
    params.push(v);
    return dialect === 'postgresql' ? `$${params.length}` : '?';
  };
  const column = q.side === 'source' ? '"source"' : '"target"';
  const where = [
    dialect === 'postgresql' ? `strpos(lower(${column}), lower(${bind(q.q)})) > 0` : `instr(lower(${column}), lower(${bind(q.q)})) > 0`,
  ];
  if (q.targetLang) where.push(`"targetLang" = ${bind(q.targetLang)}`);
  if (q.projectIds) {
    const projects = q.projectIds.filter((p): p is number => p !== null);
    const visible = projects.length ? [`"projectId" IN (${projects.map(bind).join(', ')})`] : [];
    if (q.projectIds.includes(null)) visible.push('"projectId" IS NULL');
    where.push(visible.length ? `(${visible.join(' OR ')})` : 'FALSE');
  }
  const sql = `FROM "TmUnit" WHERE ${where.join(' AND ')}`;
  const [count, page] = await Promise.all([
    db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT COUNT(*) AS n ${sql}`, ...params),
    db.$queryRawUnsafe<{ id: number }[]>(
      `SELECT "id" AS id ${sql} ORDER BY "updatedAt" DESC, "id" DESC LIMIT ${Math.trunc(q.limit)} OFFSET ${Math.trunc(q.offset)}`,
      ...params,
    ),
  ]);
  const ids = page.map((r) => Number(r.id));
  const rows = new Map((await db.tmUnit.findMany({ where: { id: { in: ids } } })).map((u) => [u.id, u]));
  return { total: Number(count[0]?.n ?? 0), units: ids.map((id) => rows.get(id)).filter((u): u is TmUnitRow => u !== undefined) };
}

/** Every unit (of a project and/or target language), by id, for TMX export. */
export async function listTmUnits(db: Db, filter: { projectId?: number; targetLang?: string }): Promise<TmUnitRow[]> {
  return db.tmUnit.findMany({
    where: {
      ...(filter.projectId !== undefined ? { projectId: filter.projectId } : {}),
      ...(filter.targetLang ? { targetLang: filter.targetLang } : {}),
    },
    orderBy: { id: 'asc' },
  });
}

/** Unit counts per language pair. */
export async function tmStats(db: Db) {
  const groups = await db.tmUnit.groupBy({
    by: ['sourceLang', 'targetLang'],
    _count: { _all: true },
    orderBy: [{ sourceLang: 'asc' }, { targetLang: 'asc' }],
  });
  return groups.map((g) => ({ sourceLang: g.sourceLang, targetLang: g.targetLang, units: g._count._all }));
}

/** A translatable segment with its document, project and the sources of its translatable neighbours. */
export interface SegmentContext {
  id: number;
  documentId: number;
  projectId: number;
  sourceLang: string;
  source: string;
  /** Previous / next translatable segment's source, undefined at the document's ends. */
  prevSource: string | undefined;
  nextSource: string | undefined;
}

/** The context of one segment (404 when it does not exist). */
export async function segmentContext(db: Db, segmentId: number): Promise<SegmentContext> {
  const seg = await saveSegmentById(db, segmentId);
  if (!seg) throw new NotFoundError('segment', segmentId);
  return {
    id: seg.id,
    documentId: seg.documentId,
    projectId: seg.projectId,
    sourceLang: seg.sourceLang,
    source: seg.source,
    prevSource: seg.prevSource,
    nextSource: seg.nextSource,
  };
}

/** A document's translatable segments in order, with their translations into `langs` (for prefill and rebuild). */
export async function documentForMemory(db: Db, documentId: number, langs?: string[]) {
  const doc = await db.document.findUnique({
    where: { id: documentId },
    select: {
      id: true,
      projectId: true,
      sourceLang: true,
      project: { select: { targetLangs: true } },
      segments: {
        where: { translatable: true },
        orderBy: { index: 'asc' },
        select: {
          id: true,
          source: true,
          translations: {
            ...(langs ? { where: { lang: { in: langs } } } : {}),
            select: { lang: true, text: true, status: true, updatedBy: true, updatedAt: true },
          },
        },
      },
    },
  });
  if (!doc) throw new NotFoundError('document', documentId);
  return doc;
}

/** Ids of documents that have a confirmed translation (what `tm rebuild` walks through). */
export async function documentsWithConfirmed(db: Db): Promise<number[]> {
  const docs = await db.document.findMany({
    where: { segments: { some: { translations: { some: { status: { in: ['translated', 'reviewed'] } } } } } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return docs.map((d) => d.id);
}

/** Project names by id. */
export async function projectNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.project.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Projects by name (all, or those with the given ids), for the memory page's pickers. */
export async function tmProjects(db: Db, ids?: number[]): Promise<{ id: number; name: string; targetLangs: string[] }[]> {
  const rows = await db.project.findMany({
    where: ids ? { id: { in: ids } } : {},
    select: { id: true, name: true, targetLangs: true },
    orderBy: { name: 'asc' },
  });
  return rows.map(toProject);
}

/**
 * Which of `langs` have memory units usable by a document (its project's or shared ones, same source
 * language): prefill skips reading the document for the others.
 */
export async function languagesWithMemory(db: Db, documentId: number, langs?: string[]): Promise<string[]> {
  const doc = await db.document.findUnique({
    where: { id: documentId },
    select: { projectId: true, sourceLang: true, project: { select: { targetLangs: true } } },
  });
  if (!doc) throw new NotFoundError('document', documentId);
  const wanted = langs ?? splitLangs(doc.project.targetLangs);
  const found = await db.tmUnit.findMany({
    where: { sourceLang: doc.sourceLang, targetLang: { in: wanted }, OR: [{ projectId: doc.projectId }, { projectId: null }] },
    distinct: ['targetLang'],
    select: { targetLang: true },
  });
  const have = new Set(found.map((f) => f.targetLang));
  return wanted.filter((l) => have.has(l));
}
