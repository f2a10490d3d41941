/**
 * Persistence of projects, documents and segments. Each import is one transaction.
 */
import { providerOf, type Db } from './client.js';
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
// SQLite binds at most 32,766 parameters per statement (PostgreSQL 65,535): one statement holds 4,000 rows.
const ROWS_PER_INSERT = Math.floor(32_000 / SEGMENT_COLUMNS.length);

/**
 * Inserts segments with multi-row INSERT statements. Prisma's createMany costs about 0.4 ms a row
 * here (query compilation), which made a long transcript's import eight times slower than parsing it.
 */
async function insertSegments(tx: Tx, dialect: 'sqlite' | 'postgresql', documentId: number, segments: SegmentDraft[]): Promise<void> {
  const columns = SEGMENT_COLUMNS.map((c) => `"${c}"`).join(', ');
  for (let i = 0; i < segments.length; i += ROWS_PER_INSERT) {
    const chunk = segments.slice(i, i + ROWS_PER_INSERT);
    const params: unknown[] = [];
    const rows = chunk.map((s) => {
      const row = segmentRow(documentId, s);
      const marks = SEGMENT_COLUMNS.map((c) => {
        params.push(row[c]);
        return dialect === 'postgresql' ? `$${params.length}` : '?';
      });
      return `(${marks.join(', ')})`;
    });
    await tx.$executeRawUnsafe(`INSERT INTO "Segment" (${columns}) VALUES ${rows.join(', ')}`, ...params);
  }
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

/**
 * Creates or updates a document in one transaction. On re-import, segments whose source text is
 * unchanged keep their id and therefore their translations and history.
 */
export async function saveDocument(db: Db, input: DocumentInput): Promise<SavedDocument> {
  const dialect = providerOf(db);
  return db.$transaction(
    async (tx) => {
      const project =
        (await tx.project.findUnique({ where: { name: input.projectName } })) ??
        (await tx.project.create({
          data: { name: input.projectName, sourceLang: input.sourceLang, targetLangs: joinLangs(input.targetLangs) },
        }));
      const translatable = input.segments.filter((s) => s.translatable).length;
      const docData = {
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
      const existing = await tx.document.findUnique({ where: { projectId_path: { projectId: project.id, path: input.path } } });
      const base = { projectId: project.id, path: input.path, segments: input.segments.length, translatable };
      if (!existing) {
        const doc = await tx.document.create({ data: { ...docData, projectId: project.id, path: input.path } });
        await insertSegments(tx, dialect, doc.id, input.segments);
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
      await insertSegments(tx, dialect, existing.id, fresh);
      await tx.document.update({ where: { id: existing.id }, data: docData });
      await auditImport(tx, input, existing.id, 'updated');
      return { ...base, id: existing.id, action: 'updated', keptSegments: kept.size };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
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

/** The format a document was stored with (by project name and path), or undefined when there is no such document. */
export async function storedDocumentFormat(
  db: Db,
  projectName: string,
  path: string,
): Promise<{ format: string; formatChoice: string } | undefined> {
  const doc = await db.document.findFirst({
    where: { path, project: { name: projectName } },
    select: { format: true, formatChoice: true },
  });
  return doc ?? undefined;
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
