/**
 * Stored QA results (one row per issue, tagged with the translation version it was computed for)
 * and the data a QA context needs: other targets of a segment, the project's translations of the
 * same source.
 */
import { rawOf, type RawSql } from './direct.js';
import { providerOf, type Db } from './client.js';
import type { Provider } from './adapter.js';
import type { QaIssue } from '../domain/qa/types.js';
import { NotFoundError } from '../domain/errors.js';
import { saveSegmentById, type SaveSegment } from './saveRows.js';

/** A stored issue as the editor and the CLI show it. */
export interface StoredQaIssue extends QaIssue {
  /** Translation version the checks ran on; older than the translation's version means stale. */
  version: number;
}

/** The issues of one translation, to store. */
export interface QaResult {
  translationId: number;
  version: number;
  documentId: number;
  lang: string;
  issues: readonly QaIssue[];
}

const rowOf = (r: QaResult, i: QaIssue) => ({
  translationId: r.translationId,
  version: r.version,
  documentId: r.documentId,
  lang: r.lang,
  check: i.check,
  severity: i.severity,
  message: i.message,
  key: i.key,
  params: JSON.stringify(i.params ?? {}),
  side: i.side ?? 'target',
  start: i.start ?? null,
  end: i.end ?? null,
});

const ISSUE_COLUMNS = [
  'translationId',
  'version',
  'documentId',
  'lang',
  'check',
  'severity',
  'message',
  'key',
  'params',
  'side',
  'start',
  'end',
] as const;
// SQLite binds at most 32,766 parameters per statement.
const ISSUES_PER_INSERT = Math.floor(32_000 / ISSUE_COLUMNS.length);

/**
 * Replaces the stored issues of some translations with new results, in one transaction. Rows go in
 * with multi-row INSERT statements: Prisma's createMany costs about 1 ms a row here, which made a
 * document QA run spend most of its time storing.
 */
export async function storeQaResults(db: Db, results: readonly QaResult[]): Promise<void> {
  if (results.length === 0) return;
  const dialect = providerOf(db);
  await db.$transaction((tx) => writeQaResults(tx, dialect, results));
}

/**
 * {@link storeQaResults} inside a caller's transaction (a save stores its issues with the translation). A
 * transaction client does not know its database: `dialect` is the one of the database it runs on. `fresh`: the
 * translations were inserted in this transaction, so no issues are stored for them yet (nothing to delete).
 */
export async function writeQaResults(tx: RawSql, dialect: Provider, results: readonly QaResult[], fresh = false): Promise<void> {
  if (results.length === 0) return;
  const columns = ISSUE_COLUMNS.map((c) => `"${c}"`).join(', ');
  const ids = fresh ? [] : results.map((r) => r.translationId);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const marks = chunk.map((_, k) => (dialect === 'postgresql' ? `$${k + 1}` : '?')).join(', ');
    await tx.$executeRawUnsafe(`DELETE FROM "QaIssue" WHERE "translationId" IN (${marks})`, ...chunk);
  }
  const rows = results.flatMap((r) => r.issues.map((i) => rowOf(r, i)));
  for (let i = 0; i < rows.length; i += ISSUES_PER_INSERT) {
    const params: unknown[] = [];
    const values = rows.slice(i, i + ISSUES_PER_INSERT).map((row) => {
      const marks = ISSUE_COLUMNS.map((c) => {
        params.push(row[c]);
        return dialect === 'postgresql' ? `$${params.length}` : '?';
      });
      return `(${marks.join(', ')})`;
    });
    await tx.$executeRawUnsafe(`INSERT INTO "QaIssue" (${columns}) VALUES ${values.join(', ')}`, ...params);
  }
}

type IssueRow = {
  check: string;
  severity: string;
  message: string;
  key: string;
  params: string;
  side: string;
  start: number | null;
  end: number | null;
  version: number;
};

/** Stored parameters: a JSON object of strings and numbers ({} when unreadable). */
function paramsOf(json: string): Record<string, string | number> {
  try {
    const v: unknown = JSON.parse(json);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string' || typeof x === 'number')) as Record<
        string,
        string | number
      >;
    }
  } catch {
    // fall through: an unreadable value shows the English message
  }
  return {};
}

function toIssue(r: IssueRow): StoredQaIssue {
  const params = paramsOf(r.params);
  return {
    check: r.check,
    severity: r.severity as QaIssue['severity'],
    message: r.message,
    key: r.key,
    ...(Object.keys(params).length > 0 ? { params } : {}),
    side: r.side as 'source' | 'target',
    ...(r.start !== null ? { start: r.start } : {}),
    ...(r.end !== null ? { end: r.end } : {}),
    version: r.version,
  };
}

/** Stored issues of some segments in one language, by segment id. */
export async function qaIssuesOfSegments(db: Db, segmentIds: readonly number[], lang: string): Promise<Map<number, StoredQaIssue[]>> {
  const out = new Map<number, StoredQaIssue[]>();
  if (segmentIds.length === 0) return out;
  const rows = await db.qaIssue.findMany({
    where: { lang, translation: { segmentId: { in: [...segmentIds] } } },
    orderBy: { id: 'asc' },
    include: { translation: { select: { segmentId: true } } },
  });
  for (const r of rows) {
    const list = out.get(r.translation.segmentId) ?? [];
    list.push(toIssue(r));
    out.set(r.translation.segmentId, list);
  }
  return out;
}

/**
 * Counts of a document's stored issues in one language: segments with errors / warnings, issues per check, segments per
 * check (a segment with three number issues counts once), and translations confirmed although QA errors remained.
 */
export async function qaCounts(db: Db, documentId: number, lang: string) {
  const [bySeverity, byCheck, byCheckSegment, confirmedErrors] = await Promise.all([
    db.qaIssue.groupBy({ by: ['severity', 'translationId'], where: { documentId, lang } }),
    db.qaIssue.groupBy({ by: ['check'], where: { documentId, lang }, _count: { _all: true }, orderBy: { check: 'asc' } }),
    db.qaIssue.groupBy({ by: ['check', 'translationId'], where: { documentId, lang } }),
    db.translation.count({ where: { lang, segment: { documentId }, flags: { contains: QA_ERRORS_CONFIRMED } } }),
  ]);
  const segments = { error: 0, warning: 0, confirmedErrors };
  for (const g of bySeverity) if (g.severity === 'error' || g.severity === 'warning') segments[g.severity]++;
  const segmentsPerCheck: Record<string, number> = {};
  for (const g of byCheckSegment) segmentsPerCheck[g.check] = (segmentsPerCheck[g.check] ?? 0) + 1;
  return { segments, checks: Object.fromEntries(byCheck.map((g) => [g.check, g._count._all])) as Record<string, number>, segmentsPerCheck };
}

/** Translation flag of a text confirmed (or approved) although QA errors remained. */
export const QA_ERRORS_CONFIRMED = 'qa_errors_confirmed';

/** A translatable segment with what QA needs: its translations in every language and its project. */
export interface QaSegment {
  id: number;
  index: number;
  kind: string;
  source: string;
  documentId: number;
  projectId: number;
  /** False for code, HTML and image blocks (a save refuses them). */
  translatable: boolean;
  translations: { id: number; lang: string; text: string; status: string; origin: string; engine: string; version: number }[];
}

const SEGMENT_SELECT = {
  id: true,
  index: true,
  kind: true,
  source: true,
  documentId: true,
  translatable: true,
  document: { select: { projectId: true } },
  translations: { select: { id: true, lang: true, text: true, status: true, origin: true, engine: true, version: true } },
} as const;

/** The translatable segments of a document (all, or those given) for QA, in order. */
export async function qaSegments(db: Db, documentId: number, ids?: readonly number[]): Promise<QaSegment[]> {
  const rows = await db.segment.findMany({
    where: { documentId, translatable: true, ...(ids ? { id: { in: [...ids] } } : {}) },
    orderBy: { index: 'asc' },
    select: SEGMENT_SELECT,
  });
  return rows.map(({ document, ...r }) => ({ ...r, projectId: document.projectId }));
}

/** One segment for QA, with its neighbours' sources for a memory unit (404 when missing; one statement). */
export async function qaSegmentById(db: Db, id: number): Promise<SaveSegment> {
  const seg = await saveSegmentById(db, id);
  if (!seg) throw new NotFoundError('segment', id);
  return seg;
}

/** Engine of each segment's translation in `lang` (provenance for the editor's rows). */
export async function enginesOf(db: Db, segmentIds: readonly number[], lang: string): Promise<Map<number, string>> {
  if (segmentIds.length === 0) return new Map();
  const rows = await db.translation.findMany({
    where: { lang, segmentId: { in: [...segmentIds] } },
    select: { segmentId: true, engine: true },
  });
  return new Map(rows.map((r) => [r.segmentId, r.engine]));
}

/**
 * Translations in `lang` elsewhere in the project whose segment source is one of `sources`
 * (for the consistency check), excluding untranslated ones.
 */
export async function projectTranslationsOf(db: Db, projectId: number, lang: string, sources: readonly string[]) {
  if (sources.length === 0) return [];
  const out: { segmentId: number; source: string; target: string }[] = [];
  const unique = [...new Set(sources)];
  const dialect = providerOf(db);
  const mark = (k: number) => (dialect === 'postgresql' ? `$${k}` : '?');
  // One raw statement per chunk: the model query was two statements (translations, then their segments' sources).
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = await rawOf(db).$queryRawUnsafe<{ segmentId: unknown; text: string; source: string }[]>(
      `SELECT t."segmentId", t."text", s."source" FROM "Translation" t JOIN "Segment" s ON s."id" = t."segmentId" JOIN "Document" d ON d."id" = s."documentId"
       WHERE t."lang" = ${mark(1)} AND t."status" <> ${mark(2)} AND d."projectId" = ${mark(3)} AND s."source" IN (${chunk.map((_, k) => mark(k + 4)).join(', ')})`,
      lang,
      'untranslated',
      projectId,
      ...chunk,
    );
    for (const r of rows) out.push({ segmentId: Number(r.segmentId), source: r.source, target: r.text });
  }
  return out;
}

/** The stored issues of a document in one language with their segment, in document order. */
export async function documentIssues(db: Db, documentId: number, lang: string) {
  const rows = await db.qaIssue.findMany({
    where: { documentId, lang },
    orderBy: { id: 'asc' },
    include: {
      translation: {
        select: { segmentId: true, text: true, status: true, version: true, segment: { select: { index: true, source: true } } },
      },
    },
  });
  const bySegment = new Map<
    number,
    { segmentId: number; number: number; source: string; target: string; status: string; stale: boolean; issues: StoredQaIssue[] }
  >();
  for (const r of rows) {
    const t = r.translation;
    const entry = bySegment.get(t.segmentId) ?? {
      segmentId: t.segmentId,
      number: t.segment.index + 1,
      source: t.segment.source,
      target: t.text,
      status: t.status,
      stale: r.version !== t.version,
      issues: [],
    };
    entry.issues.push(toIssue(r));
    bySegment.set(t.segmentId, entry);
  }
  return [...bySegment.values()].sort((a, b) => a.number - b.number);
}
