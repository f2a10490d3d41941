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

/** Columns an update of a stored unit sets from the new input (besides `updatedAt`), in parameter order. */
const UPDATE_COLUMNS = ['createdBy', 'origin', 'documentId', 'segmentId', 'prevHash', 'nextHash', 'qaErrors'] as const;
/** PostgreSQL types of `id` and {@link UPDATE_COLUMNS}, for the VALUES list of a multi-row update. */
const PG_UPDATE_TYPES = ['integer', 'text', 'text', 'integer', 'integer', 'text', 'text', 'boolean'];
const ROWS_PER_UPDATE = Math.floor(32_000 / (UPDATE_COLUMNS.length + 1));

/**
 * Gives stored units (by id) the new user, origin, segment, context and time with one multi-row
 * `UPDATE … FROM (VALUES …)` per few thousand units: one statement per unit made re-importing a
 * 100,000-unit TMX take 38 s on SQLite and 82 s on PostgreSQL.
 */
async function updateUnits(db: Client, dialect: Dialect, updates: { id: number; unit: TmUnitInput }[], now: Date): Promise<void> {
  const width = UPDATE_COLUMNS.length + 1;
  for (let i = 0; i < updates.length; i += ROWS_PER_UPDATE) {
    const chunk = updates.slice(i, i + ROWS_PER_UPDATE);
    const params: unknown[] = [dateParam(now, dialect)];
    const rows = chunk.map(({ id, unit: u }) => {
      const offset = params.length;
      params.push(
        id,
        u.createdBy,
        u.origin,
        u.documentId ?? null,
        u.segmentId ?? null,
        u.prevHash,
        u.nextHash,
        boolParam(u.qaErrors ?? false, dialect),
      );
      if (dialect === 'sqlite') return `(${marks(dialect, width, offset)})`;
      return `(${PG_UPDATE_TYPES.map((type, k) => `$${offset + k + 1}::${type}`).join(', ')})`;
    });
    const set = UPDATE_COLUMNS.map((c, k) => `"${c}" = v.${dialect === 'sqlite' ? `column${k + 2}` : `"${c}"`}`).join(', ');
    const sql =
      dialect === 'sqlite'
        ? `UPDATE "TmUnit" SET ${set}, "updatedAt" = ? FROM (VALUES ${rows.join(', ')}) AS v WHERE "TmUnit"."id" = v.column1`
        : `UPDATE "TmUnit" SET ${set}, "updatedAt" = $1 FROM (VALUES ${rows.join(', ')}) AS v("id", ${UPDATE_COLUMNS.map((c) => `"${c}"`).join(', ')}) WHERE "TmUnit"."id" = v."id"`;
    // SQLite's `?` marks are positional: the time (in SET) comes before the VALUES list, as in `params`.
    await db.$executeRawUnsafe(sql, ...params);
  }
}

/** The last input per key: a file or document naming the same unit twice stores it once. */
function distinctUnits(units: TmUnitInput[]): TmUnitInput[] {
  const latest = new Map<string, TmUnitInput>();
  for (const u of units) latest.set(keyOf(u), u);
  return [...latest.values()];
}

/** Upserts one chunk of distinct units (at most {@link LOOKUP_CHUNK}): one lookup, one update, one insert. */
async function upsertChunk(
  db: Client,
  dialect: Dialect,
  chunk: TmUnitInput[],
  now: Date,
): Promise<{ created: number; updatedIds: number[] }> {
  const hashes = [...new Set(chunk.map((u) => u.sourceHash))];
  const existing = await db.$queryRawUnsafe<
    { id: unknown; sourceLang: string; targetLang: string; projectId: unknown; source: string; target: string }[]
  >(
    `SELECT "id", "sourceLang", "targetLang", "projectId", "source", "target" FROM "TmUnit" WHERE "sourceHash" IN (${marks(dialect, hashes.length, 0)})`,
    ...hashes,
  );
  const ids = new Map(existing.map((e) => [keyOf({ ...e, projectId: e.projectId === null ? null : Number(e.projectId) }), Number(e.id)]));
  const fresh: TmUnitInput[] = [];
  const updates: { id: number; unit: TmUnitInput }[] = [];
  for (const u of chunk) {
    const id = ids.get(keyOf(u));
    if (id === undefined) fresh.push(u);
    else updates.push({ id, unit: u });
  }
  await updateUnits(db, dialect, updates, now);
  await insertUnits(db, dialect, fresh, now);
  return { created: fresh.length, updatedIds: updates.map((x) => x.id) };
}

/**
 * Stores units: one already stored with the same languages, project, source and target gets the new
 * time, user, segment and context instead of a second copy; anything else becomes a new unit (a new
 * target for the same source is another unit). Returns how many were created and the ids updated.
 * Runs on `db` as it is (inside the caller's transaction, if any): for a few units, like a save's.
 */
export async function upsertTmUnits(
  db: Client,
  units: TmUnitInput[],
  dialect: Dialect = providerOf(db),
): Promise<{ created: number; updated: number; updatedIds: number[] }> {
  const all = distinctUnits(units);
  const now = new Date();
  let created = 0;
  const updatedIds: number[] = [];
  for (let i = 0; i < all.length; i += LOOKUP_CHUNK) {
    const r = await upsertChunk(db, dialect, all.slice(i, i + LOOKUP_CHUNK), now);
    created += r.created;
    updatedIds.push(...r.updatedIds);
  }
  return { created, updated: updatedIds.length, updatedIds };
}

/**
 * {@link upsertTmUnits} for a whole file or memory: each chunk of {@link LOOKUP_CHUNK} units in a short
 * transaction of its own, so that the time the import holds the database (SQLite has one writer) does
 * not grow with the file; saves and other requests run between chunks. A failure keeps the chunks
 * already stored; storing is an upsert, so importing the same file again completes it without copies.
 * `onChunk` reports progress (units stored so far, of the distinct total).
 */
export async function importTmUnits(
  db: Db,
  units: TmUnitInput[],
  onChunk?: (done: number, total: number) => void,
): Promise<{ created: number; updated: number }> {
  const dialect = providerOf(db);
  const all = distinctUnits(units);
  let created = 0;
  let updated = 0;
  for (let i = 0; i < all.length; i += LOOKUP_CHUNK) {
    const chunk = all.slice(i, i + LOOKUP_CHUNK);
    const r = await db.$transaction((tx) => upsertChunk(tx, dialect, chunk, new Date()));
    created += r.created;
    updated += r.updatedIds.length;
    onChunk?.(i + chunk.length, all.length);
  }
  return { created, updated };
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
