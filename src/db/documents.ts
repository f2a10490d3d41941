/**
 * Persistence of projects, documents and segments. Each document is saved in one transaction, alone or
 * with a bounded batch of others (archive imports).
 */
import { providerOf, sqliteConnectionOf, type Db } from './client.js';
import type Database from 'better-sqlite3';
import type { SqliteConnection } from './adapter.js';
import type { SegmentDraft } from '../domain/segment.js';
import { NotFoundError } from '../domain/errors.js';
import { joinLangs, toProject } from './projects.js';

/** What the import service hands over for one file. */
export interface DocumentInput {
  projectName: string;
  sourceLang: string;
  targetLangs: string[];
  path: string;
  format: string;
  /** What the importer asked for ("auto", "markdown", "text"). */
  formatChoice?: string;
  encoding: string;
  bom: boolean;
  eol: string;
  trailer: string;
  sourceHash: string;
  byteLength: number;
  notes: string;
  /** OpenCC configuration applied to the segments' `source` (not `raw`), or '' (Chinese script conversion). */
  sourceNormalization?: string;
  segments: SegmentDraft[];
  /** Who imports, recorded in the audit log in the same transaction (omitted: "system"). */
  actor?: { id: number; name: string };
}

/** What happened to one imported document. */
export interface SavedDocument {
  id: number;
  projectId: number;
  path: string;
  segments: number;
  translatable: number;
  /** created | updated | unchanged */
  action: 'created' | 'updated' | 'unchanged';
  /** On update: how many segments kept their translations. */
  keptSegments: number;
}

function segmentRow(documentId: number, s: SegmentDraft) {
  return {
    documentId,
    index: s.index,
    kind: s.kind,
    translatable: s.translatable,
    gap: s.gap,
    raw: s.raw,
    source: s.source,
    frame: JSON.stringify(s.frame),
  };
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
const SEGMENT_COLUMNS = ['documentId', 'index', 'kind', 'translatable', 'gap', 'raw', 'source', 'frame'] as const;
/** Characters of JSON rows bound to one PostgreSQL INSERT (a batch of 1 MB of files is about 2.5 million). */
const JSON_PER_INSERT = 1_000_000;
const insertStatements = new WeakMap<SqliteConnection, Database.Statement>();

/** Inserts one document's segments. */
async function insertSegments(tx: Tx, db: Db, documentId: number, segments: SegmentDraft[]): Promise<void> {
  await insertSegmentRows(tx, db, [{ documentId, segments }]);
}

/**
 * Inserts the segments of one or several documents inside the transaction `tx` of `db`. Binding 8 parameters a row
 * through Prisma cost more CPU than the database's own work (2.3 million parameters for the 85 MB archive, and a
 * fresh 8,000-placeholder statement to prepare every 1,000 rows), so:
 * - SQLite: one prepared statement run per row on the transaction's own connection (see `sqliteConnectionOf`);
 * - PostgreSQL: each statement binds ONE JSON text of rows, unpacked by the server (`json_each`,
 *   `json_array_elements`), about {@link JSON_PER_INSERT} characters a statement.
 */
async function insertSegmentRows(tx: Tx, db: Db, docs: { documentId: number; segments: SegmentDraft[] }[]): Promise<void> {
  const connection = sqliteConnectionOf(db);
  if (connection) {
    let insert = insertStatements.get(connection);
    if (!insert) {
      const columns = SEGMENT_COLUMNS.map((c) => `"${c}"`).join(', ');
      insert = connection.prepare(`INSERT INTO "Segment" (${columns}) VALUES (${SEGMENT_COLUMNS.map(() => '?').join(', ')})`);
      insertStatements.set(connection, insert);
    }
    // Runs inside `tx` (the connection's open transaction), which the caller holds.
    if (!connection.client.inTransaction) throw new Error('insertSegmentRows: no open transaction');
    for (const { documentId, segments } of docs)
      for (const s of segments)
        insert.run(documentId, s.index, s.kind, s.translatable ? 1 : 0, s.gap, s.raw, s.source, JSON.stringify(s.frame));
    return;
  }
  // PostgreSQL: {"documentId": [[index, kind, translatable, gap, raw, source, frame], …], …} in one parameter. Each
  // document's rows as jsonb (parsed once; `->>` on json parses the row again for every column): half the time.
  const sql = `INSERT INTO "Segment" (${SEGMENT_COLUMNS.map((c) => `"${c}"`).join(', ')})
    SELECT d.k::int, (s.v->>0)::int, s.v->>1, (s.v->>2)::int = 1, s.v->>3, s.v->>4, s.v->>5, s.v->>6
    FROM json_each($1::json) AS d(k, v), jsonb_array_elements(d.v::jsonb) AS s(v)`;
  // One JSON.stringify per statement (not one per document and a join: a copy less of every text to collect).
  let chunk: Record<number, unknown[][]> = {};
  let length = 0;
  const flush = async () => {
    if (length === 0) return;
    const json = JSON.stringify(chunk);
    chunk = {};
    length = 0;
    await tx.$executeRawUnsafe(sql, json);
  };
  for (const { documentId, segments } of docs) {
    for (const s of segments) {
      if (length >= JSON_PER_INSERT) await flush();
      (chunk[documentId] ??= []).push([s.index, s.kind, s.translatable ? 1 : 0, s.gap, s.raw, s.source, JSON.stringify(s.frame)]);
      length += s.gap.length + s.raw.length + s.source.length + 40;
    }
  }
  await flush();
}

async function auditImport(tx: Tx, input: DocumentInput, documentId: number, action: string): Promise<void> {
  await tx.auditEvent.create({
    data: {
      ...(input.actor ? { userId: input.actor.id } : {}),
      userName: input.actor?.name ?? 'system',
      action: 'import',
      target: `document:${documentId}`,
      details: JSON.stringify({ project: input.projectName, path: input.path, action }),
    },
  });
}

/** Placeholders `$n` (PostgreSQL) or `?` (SQLite) for rows of `width` values, numbered from 1. */
function valuesList(dialect: 'sqlite' | 'postgresql', rows: number, width: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const marks: string[] = [];
    for (let c = 0; c < width; c++) marks.push(dialect === 'postgresql' ? `$${r * width + c + 1}` : '?');
    out.push(`(${marks.join(', ')})`);
  }
  return out.join(', ');
}

const DOCUMENT_COLUMNS = [
  'projectId',
  'path',
  'format',
  'formatChoice',
  'sourceLang',
  'encoding',
  'bom',
  'eol',
  'trailer',
  'sourceHash',
  'byteLength',
  'notes',
  'sourceNormalization',
  'createdAt',
  'updatedAt',
] as const;
const AUDIT_COLUMNS = ['userId', 'userName', 'action', 'target', 'details', 'createdAt'] as const;

function documentData(input: DocumentInput) {
  return {
    format: input.format,
    formatChoice: input.formatChoice ?? 'auto',
    sourceLang: input.sourceLang,
    encoding: input.encoding,
    bom: input.bom,
    eol: input.eol,
    trailer: input.trailer,
    sourceHash: input.sourceHash,
    byteLength: input.byteLength,
    notes: input.notes,
    sourceNormalization: input.sourceNormalization ?? '',
  };
}

async function projectFor(tx: Tx, input: DocumentInput) {
  return (
    (await tx.project.findUnique({ where: { name: input.projectName } })) ??
    (await tx.project.create({
      data: { name: input.projectName, sourceLang: input.sourceLang, targetLangs: joinLangs(input.targetLangs) },
    }))
  );
}

type DocumentRow = NonNullable<Awaited<ReturnType<Db['document']['findUnique']>>>;

/**
 * Saves one document whose project and existing row (if any) are known, inside `tx`. On re-import,
 * segments whose source text is unchanged keep their id and therefore their translations and history.
 */
async function saveInTx(tx: Tx, db: Db, projectId: number, existing: DocumentRow | null, input: DocumentInput): Promise<SavedDocument> {
  const translatable = input.segments.filter((s) => s.translatable).length;
  const docData = documentData(input);
  const base = { projectId, path: input.path, segments: input.segments.length, translatable };
  if (!existing) {
    const doc = await tx.document.create({ data: { ...docData, projectId, path: input.path } });
    await insertSegments(tx, db, doc.id, input.segments);
    await auditImport(tx, input, doc.id, 'created');
    return { ...base, id: doc.id, action: 'created', keptSegments: 0 };
  }
  if (
    existing.sourceHash === input.sourceHash &&
    existing.sourceNormalization === docData.sourceNormalization &&
    existing.format === docData.format &&
    existing.formatChoice === docData.formatChoice
  ) {
    return { ...base, id: existing.id, action: 'unchanged', keptSegments: input.segments.length };
  }
  const old = await tx.segment.findMany({
    where: { documentId: existing.id },
    select: { id: true, source: true, kind: true, translatable: true },
    orderBy: { index: 'asc' },
  });
  // Queue old segments by (kind, source) so repeated paragraphs match in order.
  const pool = new Map<string, number[]>();
  for (const o of old) {
    if (!o.translatable) continue;
    const key = `${o.kind}\u0000${o.source}`;
    pool.set(key, [...(pool.get(key) ?? []), o.id]);
  }
  const kept = new Set<number>();
  const fresh: SegmentDraft[] = [];
  for (const s of input.segments) {
    const id = s.translatable ? pool.get(`${s.kind}\u0000${s.source}`)?.shift() : undefined;
    if (id === undefined) {
      fresh.push(s);
      continue;
    }
    kept.add(id);
    await tx.segment.update({ where: { id }, data: segmentRow(existing.id, s) });
  }
  await tx.segment.deleteMany({ where: { documentId: existing.id, id: { notIn: [...kept] } } });
  await insertSegments(tx, db, existing.id, fresh);
  await tx.document.update({ where: { id: existing.id }, data: docData });
  await auditImport(tx, input, existing.id, 'updated');
  return { ...base, id: existing.id, action: 'updated', keptSegments: kept.size };
}

/**
 * Creates or updates a document in one transaction. On re-import, segments whose source text is
 * unchanged keep their id and therefore their translations and history.
 */
export async function saveDocument(db: Db, input: DocumentInput): Promise<SavedDocument> {
  return db.$transaction(
    async (tx) => {
      const project = await projectFor(tx, input);
      const existing = await tx.document.findUnique({ where: { projectId_path: { projectId: project.id, path: input.path } } });
      return saveInTx(tx, db, project.id, existing, input);
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * Saves a batch of documents of one project in ONE transaction (all or nothing): new documents with
 * one multi-row INSERT each for documents, segments and audit events, re-imported ones as
 * {@link saveDocument} does. The caller bounds the batch (files and bytes), so the transaction's
 * length does not grow with the size of an import; when the batch fails, it saves the documents one
 * by one to find the one that failed (see importService). Results are in the order of `inputs`.
 */
export async function saveDocuments(db: Db, inputs: DocumentInput[]): Promise<SavedDocument[]> {
  if (inputs.length === 0) return [];
  const first = inputs[0]!;
  if (inputs.some((i) => i.projectName !== first.projectName)) throw new Error('saveDocuments: one project per batch');
  if (new Set(inputs.map((i) => i.path)).size !== inputs.length) throw new Error('saveDocuments: a path appears twice in one batch');
  const dialect = providerOf(db);
  return db.$transaction(
    async (tx) => {
      const project = await projectFor(tx, first);
      const existing = new Map(
        (await tx.document.findMany({ where: { projectId: project.id, path: { in: inputs.map((i) => i.path) } } })).map((d) => [d.path, d]),
      );
      const fresh = inputs.filter((i) => !existing.has(i.path));
      const ids = await insertDocuments(tx, dialect, project.id, fresh);
      await insertSegmentRows(
        tx,
        db,
        fresh.map((input, k) => ({ documentId: ids[k]!, segments: input.segments })),
      );
      await insertAudits(
        tx,
        dialect,
        fresh.map((input, k) => ({ input, documentId: ids[k]!, action: 'created' })),
      );
      const created = new Map(fresh.map((input, k) => [input.path, ids[k]!]));
      const out: SavedDocument[] = [];
      for (const input of inputs) {
        const id = created.get(input.path);
        if (id === undefined) {
          out.push(await saveInTx(tx, db, project.id, existing.get(input.path) ?? null, input));
          continue;
        }
        const translatable = input.segments.filter((s) => s.translatable).length;
        out.push({
          id,
          projectId: project.id,
          path: input.path,
          segments: input.segments.length,
          translatable,
          action: 'created',
          keptSegments: 0,
        });
      }
      return out;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/** Inserts new documents with multi-row INSERT … RETURNING; their ids in the order of `inputs`. */
async function insertDocuments(tx: Tx, dialect: 'sqlite' | 'postgresql', projectId: number, inputs: DocumentInput[]): Promise<number[]> {
  const ids: number[] = [];
  const columns = DOCUMENT_COLUMNS.map((c) => `"${c}"`).join(', ');
  const perInsert = Math.floor(32_000 / DOCUMENT_COLUMNS.length);
  const now = new Date();
  for (let i = 0; i < inputs.length; i += perInsert) {
    const chunk = inputs.slice(i, i + perInsert);
    const params = chunk.flatMap((input) => {
      const d = documentData(input);
      const row = { ...d, projectId, path: input.path, createdAt: now, updatedAt: now };
      return DOCUMENT_COLUMNS.map((c) => row[c]);
    });
    const rows = await tx.$queryRawUnsafe<{ id: number | bigint; path: string }[]>(
      `INSERT INTO "Document" (${columns}) VALUES ${valuesList(dialect, chunk.length, DOCUMENT_COLUMNS.length)} RETURNING id, path`,
      ...params,
    );
    // RETURNING order is not guaranteed by SQL: match rows back by path (unique per project).
    const byPath = new Map(rows.map((r) => [r.path, Number(r.id)]));
    for (const input of chunk) ids.push(byPath.get(input.path)!);
  }
  return ids;
}

/** Inserts the `import` audit events of several documents with multi-row INSERT statements. */
async function insertAudits(
  tx: Tx,
  dialect: 'sqlite' | 'postgresql',
  events: { input: DocumentInput; documentId: number; action: string }[],
): Promise<void> {
  const columns = AUDIT_COLUMNS.map((c) => `"${c}"`).join(', ');
  const perInsert = Math.floor(32_000 / AUDIT_COLUMNS.length);
  const now = new Date();
  for (let i = 0; i < events.length; i += perInsert) {
    const chunk = events.slice(i, i + perInsert);
    const params = chunk.flatMap(({ input, documentId, action }) => [
      input.actor?.id ?? null,
      input.actor?.name ?? 'system',
      'import',
      `document:${documentId}`,
      JSON.stringify({ project: input.projectName, path: input.path, action }),
      now,
    ]);
    await tx.$executeRawUnsafe(
      `INSERT INTO "AuditEvent" (${columns}) VALUES ${valuesList(dialect, chunk.length, AUDIT_COLUMNS.length)}`,
      ...params,
    );
  }
}

/** A document with its segments and the translations into `langs`, in block order. */
export async function loadDocument(db: Db, id: number, langs: string[]) {
  const doc = await db.document.findUnique({
    where: { id },
    include: {
      project: true,
      segments: {
        orderBy: { index: 'asc' },
        include: { translations: { where: { lang: { in: langs } } } },
      },
    },
  });
  if (!doc) throw new NotFoundError('document', id);
  return { ...doc, project: toProject(doc.project) };
}

/** The stored formats of the documents at `paths` in a project (by name), by path; paths without a document are absent. */
export async function storedDocumentFormats(
  db: Db,
  projectName: string,
  paths: string[],
): Promise<Map<string, { format: string; formatChoice: string }>> {
  if (paths.length === 0) return new Map();
  const docs = await db.document.findMany({
    where: { path: { in: paths }, project: { name: projectName } },
    select: { path: true, format: true, formatChoice: true },
  });
  return new Map(docs.map((d) => [d.path, { format: d.format, formatChoice: d.formatChoice }]));
}

/** A document and its project, without segments. */
export async function loadDocumentHeader(db: Db, id: number) {
  const doc = await db.document.findUnique({ where: { id }, include: { project: true } });
  if (!doc) throw new NotFoundError('document', id);
  return { ...doc, project: toProject(doc.project) };
}

/** Per-document, per-language counts of translations by status (one grouped query). */
export interface StatusCount {
  documentId: number;
  lang: string;
  status: string;
  segments: number;
  chars: number;
}

/** Counts translations by document, language and status. Plain SQL that runs on SQLite and PostgreSQL. */
export async function translationCounts(db: Db): Promise<StatusCount[]> {
  const rows = await db.$queryRaw<
    { documentId: number; lang: string; status: string; segments: bigint | number; chars: bigint | number | null }[]
  >`
    SELECT s."documentId" AS "documentId", t.lang AS lang, t.status AS status,
           COUNT(*) AS segments, SUM(LENGTH(s.source)) AS chars
    FROM "Translation" t JOIN "Segment" s ON s.id = t."segmentId"
    GROUP BY s."documentId", t.lang, t.status`;
  return rows.map((r) => ({ ...r, documentId: Number(r.documentId), segments: Number(r.segments), chars: Number(r.chars ?? 0) }));
}

/** Projects with their documents and translatable totals. */
export async function listProjects(db: Db) {
  const projects = await db.project.findMany({
    orderBy: { name: 'asc' },
    include: { documents: { orderBy: { path: 'asc' } } },
  });
  const totals = await db.$queryRaw<{ documentId: number; segments: bigint | number; chars: bigint | number | null }[]>`
    SELECT "documentId" AS "documentId", COUNT(*) AS segments, SUM(LENGTH(source)) AS chars
    FROM "Segment" WHERE translatable = true GROUP BY "documentId"`;
  const byDoc = new Map(totals.map((t) => [Number(t.documentId), { segments: Number(t.segments), chars: Number(t.chars ?? 0) }]));
  return projects.map((p) => ({
    ...toProject(p),
    documents: p.documents.map((d) => ({ ...d, translatable: byDoc.get(d.id) ?? { segments: 0, chars: 0 } })),
  }));
}

/** Deletes a document and everything under it. */
export async function deleteDocument(db: Db, id: number): Promise<void> {
  const { count } = await db.document.deleteMany({ where: { id } });
  if (count === 0) throw new NotFoundError('document', id);
}
