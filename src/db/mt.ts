/**
 * Persistence for machine translation: what to pretranslate, drafts stored with their billing
 * record in one transaction, runs, recorded usage and synced glossaries.
 */
import { isUniqueViolation, providerOf, type Db } from './client.js';
import { insertRevisionRows, insertTranslationRows, settleBatchDone, translationRowStates } from './draftRows.js';
import type { Dialect } from './tm.js';
import { NotFoundError } from '../domain/errors.js';
import { draftMayReplace, type Origin, type Status, type TranslationState } from '../domain/status.js';
import { preferredTranslations } from './glossary.js';
import { splitLangs } from './projects.js';
import { translationRecord, type TranslationRecord } from './translationRecord.js';

/** Which segments a pretranslation covers. */
export type MtScope = { documentId: number } | { projectId: number } | { projectName: string } | { all: true };

/** A segment as pretranslation needs it. */
export interface ScopeSegment {
  id: number;
  index: number;
  kind: string;
  translatable: boolean;
  source: string;
}

/** A document of the scope, its segments in order. */
export interface ScopeDocument {
  id: number;
  path: string;
  segments: ScopeSegment[];
}

/** A project of the scope. */
export interface ScopeProject {
  id: number;
  name: string;
  sourceLang: string;
  targetLangs: string[];
  documents: ScopeDocument[];
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
const TX_OPTIONS = { timeout: 60_000, maxWait: 60_000 };
const CHUNK = 500;

/** Projects, documents and segments of a scope, in block order. Throws NotFoundError for an unknown document or project. */
export async function loadScope(db: Db, scope: MtScope): Promise<ScopeProject[]> {
  const where =
    'documentId' in scope
      ? { documents: { some: { id: scope.documentId } } }
      : 'projectId' in scope
        ? { id: scope.projectId }
        : 'projectName' in scope
          ? { name: scope.projectName }
          : {};
  const projects = await db.project.findMany({
    where,
    orderBy: { id: 'asc' },
    include: {
      documents: {
        ...('documentId' in scope ? { where: { id: scope.documentId } } : {}),
        orderBy: { id: 'asc' },
        include: {
          segments: {
            orderBy: { index: 'asc' },
            select: { id: true, index: true, kind: true, translatable: true, source: true },
          },
        },
      },
    },
  });
  if (projects.length === 0) {
    if ('documentId' in scope) throw new NotFoundError('document', scope.documentId);
    if ('projectId' in scope) throw new NotFoundError('project', scope.projectId);
    if ('projectName' in scope) throw new NotFoundError('project', scope.projectName);
  }
  return projects.map((p) => ({
    id: p.id,
    name: p.name,
    sourceLang: p.sourceLang,
    targetLangs: splitLangs(p.targetLangs),
    documents: p.documents.map((d) => ({ id: d.id, path: d.path, segments: d.segments })),
  }));
}

/** Current translation states of segments into `langs`, keyed `${segmentId}:${lang}`. */
export async function translationStates(db: Db, segmentIds: number[], langs: string[]): Promise<Map<string, TranslationState>> {
  const out = new Map<string, TranslationState>();
  for (let i = 0; i < segmentIds.length; i += CHUNK) {
    const rows = await db.translation.findMany({
      where: { segmentId: { in: segmentIds.slice(i, i + CHUNK) }, lang: { in: langs } },
      select: { segmentId: true, lang: true, status: true, origin: true },
    });
    for (const r of rows) out.set(`${r.segmentId}:${r.lang}`, { status: r.status, origin: r.origin });
  }
  return out;
}

/**
 * Confirmed translations (status translated or reviewed) into `lang` of the given source texts,
 * anywhere in the project: source → text (the most recently updated wins).
 */
export async function confirmedTranslations(db: Db, projectId: number, lang: string, sources: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < sources.length; i += CHUNK) {
    const rows = await db.translation.findMany({
      where: {
        lang,
        status: { in: ['translated', 'reviewed'] },
        segment: { source: { in: sources.slice(i, i + CHUNK) }, document: { projectId } },
      },
      orderBy: { updatedAt: 'asc' },
      select: { text: true, segment: { select: { source: true } } },
    });
    for (const r of rows) out.set(r.segment.source, r.text);
  }
  return out;
}

/** One draft to store. */
export interface DraftWrite {
  segmentId: number;
  lang: string;
  text: string;
  origin: Extract<Origin, 'mt' | 'tm'>;
  /** Engine to record instead of the batch's provider (e.g. `copy`: nothing was sent). */
  engine?: string;
  flags: string[];
}

/** The billing record of a batch: settles its ledger row (written `sent` before the request, see db/mtLedger.ts). */
export interface BatchBilling {
  /** The MtBatch row recorded before sending. */
  batchId: number;
  runId: number | null;
  projectId: number;
  lang: string;
  provider: string;
  texts: number;
  billedCharacters: number;
  requests: number;
  retries: number;
  durationMs: number;
}

/** What {@link storeDrafts} did. */
export interface StoreResult {
  stored: number;
  /** Segments left alone because someone saved a translation meanwhile. */
  changedMeanwhile: number[];
}

const DRAFT_STATUS: Status = 'draft';

/**
 * Stores drafts and (when given) the batch's billing record in ONE transaction. The
 * no-overwrite rule is checked again here, inside the transaction, so an editor's save made
 * while the batch was at the provider always wins. Every stored draft gets a Revision.
 * A handful of raw statements per batch, whatever its size (src/db/draftRows.ts: Prisma's model
 * queries cost several times more).
 */
export async function storeDrafts(
  db: Db,
  drafts: DraftWrite[],
  options: { overwriteDrafts: boolean; user: string; billing?: BatchBilling },
): Promise<StoreResult> {
  const dialect = providerOf(db);
  const attempt = () =>
    db.$transaction(async (tx) => {
      const result = await writeDrafts(tx, dialect, drafts, options);
      const b = options.billing;
      if (b) await settleBatchDone(tx, dialect, { ...b, segments: result.stored });
      return result;
    }, TX_OPTIONS);
  try {
    return await attempt();
  } catch (err) {
    // A translation created by someone else between our read and our insert: read again, once.
    if (isUniqueViolation(err)) return attempt();
    throw err;
  }
}

async function writeDrafts(
  tx: Tx,
  dialect: Dialect,
  drafts: DraftWrite[],
  options: { overwriteDrafts: boolean; user: string; billing?: BatchBilling },
): Promise<StoreResult> {
  const result: StoreResult = { stored: 0, changedMeanwhile: [] };
  const saved: { id: number; version: number; text: string; origin: string; engine: string }[] = [];
  // Provenance: MT drafts record their provider.
  const engine = (d: DraftWrite) => d.engine ?? (d.origin === 'mt' ? (options.billing?.provider ?? '') : '');
  for (const [lang, group] of groupBy(drafts, (d) => d.lang)) {
    const current = await translationRowStates(
      tx,
      dialect,
      lang,
      group.map((d) => d.segmentId),
    );
    const bySegment = new Map(current.map((c) => [c.segmentId, c]));
    const fresh: DraftWrite[] = [];
    for (const d of group) {
      const c = bySegment.get(d.segmentId);
      if (!c) fresh.push(d);
      else if (!draftMayReplace(c, options.overwriteDrafts)) result.changedMeanwhile.push(d.segmentId);
      else {
        // Guarded by the version read above.
        const { count } = await tx.translation.updateMany({
          where: { id: c.id, version: c.version },
          data: { ...draftData(d, options.user, engine), version: { increment: 1 } },
        });
        if (count === 0) result.changedMeanwhile.push(d.segmentId);
        else saved.push({ id: c.id, version: c.version + 1, text: d.text, origin: d.origin, engine: engine(d) });
      }
    }
    if (fresh.length > 0) {
      const ids = await insertTranslationRows(
        tx,
        dialect,
        fresh.map((d) => ({ ...draftData(d, options.user, engine), segmentId: d.segmentId, lang })),
      );
      for (const d of fresh) {
        const id = ids.get(`${d.segmentId}:${lang}`);
        if (id !== undefined) saved.push({ id, version: 1, text: d.text, origin: d.origin, engine: engine(d) });
      }
    }
  }
  if (saved.length > 0) {
    await insertRevisionRows(
      tx,
      dialect,
      saved.map((t) => ({
        translationId: t.id,
        version: t.version,
        text: t.text,
        status: DRAFT_STATUS,
        origin: t.origin,
        engine: t.engine,
        createdBy: options.user,
      })),
    );
  }
  result.stored = saved.length;
  return result;
}

function draftData(d: DraftWrite, user: string, engine: (d: DraftWrite) => string) {
  return { text: d.text, status: DRAFT_STATUS, origin: d.origin, engine: engine(d), updatedBy: user, flags: JSON.stringify(d.flags) };
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Starts a run record, owned by the process `owner` (`host:pid`, see services/mtLedger.ts). */
export async function createRun(
  db: Db,
  input: { provider: string; langs: string[]; params: unknown; jobId?: number; owner: string },
): Promise<number> {
  const run = await db.mtRun.create({
    data: {
      provider: input.provider,
      langs: input.langs.join(','),
      params: JSON.stringify(input.params),
      jobId: input.jobId ?? null,
      owner: input.owner,
    },
    select: { id: true },
  });
  return run.id;
}

/** Closes a running run record with its status and summary (a run already marked interrupted stays so). */
export async function finishRun(db: Db, id: number, status: string, summary: unknown): Promise<void> {
  await db.mtRun.updateMany({
    where: { id, status: 'running' },
    data: { status, summary: JSON.stringify(summary), finishedAt: new Date() },
  });
}

/** Billed characters recorded per project, language and provider. */
export interface RecordedUsage {
  projectId: number;
  project: string | null;
  lang: string;
  provider: string;
  /** Characters the provider reported billing (batches `done`). */
  billedCharacters: number;
  /**
   * Characters of batches whose outcome is unknown (sent by a run that died, or timed out): the
   * provider may have billed them. Batches still `sent` by a live run are not counted yet.
   */
  possiblyBilledCharacters: number;
  requests: number;
  batches: number;
}

/** Sums the billing ledger per project, language and provider. */
export async function recordedUsage(db: Db): Promise<RecordedUsage[]> {
  const groups = await db.mtBatch.groupBy({
    by: ['projectId', 'lang', 'provider', 'state'],
    _sum: { billedCharacters: true, sentCharacters: true, requests: true },
    _count: { _all: true },
    orderBy: [{ projectId: 'asc' }, { lang: 'asc' }, { provider: 'asc' }, { state: 'asc' }],
  });
  const projects = await db.project.findMany({
    where: { id: { in: [...new Set(groups.map((g) => g.projectId))] } },
    select: { id: true, name: true },
  });
  const names = new Map(projects.map((p) => [p.id, p.name]));
  const rows = new Map<string, RecordedUsage>();
  for (const g of groups) {
    const key = `${g.projectId}\u0000${g.lang}\u0000${g.provider}`;
    let r = rows.get(key);
    if (!r) {
      r = {
        projectId: g.projectId,
        project: names.get(g.projectId) ?? null,
        lang: g.lang,
        provider: g.provider,
        billedCharacters: 0,
        possiblyBilledCharacters: 0,
        requests: 0,
        batches: 0,
      };
      rows.set(key, r);
    }
    r.billedCharacters += g._sum.billedCharacters ?? 0;
    if (g.state === 'unknown') r.possiblyBilledCharacters += g._sum.sentCharacters ?? 0;
    r.requests += g._sum.requests ?? 0;
    r.batches += g._count._all;
  }
  return [...rows.values()];
}

/** Preferred glossary translations (project and shared entries) into one target language, sorted by source term. */
export async function glossaryEntries(db: Db, projectId: number, targetLang: string): Promise<[string, string][]> {
  return preferredTranslations(db, projectId, targetLang);
}

/** The provider glossary last synced for a project and language, if any. */
export async function syncedGlossary(db: Db, projectId: number, provider: string, targetLang: string) {
  return db.mtGlossary.findUnique({ where: { projectId_provider_targetLang: { projectId, provider, targetLang } } });
}

/** Records the provider glossary now in use for a project and language. */
export async function saveSyncedGlossary(
  db: Db,
  g: { projectId: number; provider: string; targetLang: string; glossaryId: string; entriesHash: string; keyHash: string },
): Promise<void> {
  const { glossaryId, entriesHash, keyHash } = g;
  await db.mtGlossary.upsert({
    where: { projectId_provider_targetLang: { projectId: g.projectId, provider: g.provider, targetLang: g.targetLang } },
    create: g,
    update: { glossaryId, entriesHash, keyHash, syncedAt: new Date() },
  });
}

/** Forgets a synced glossary (e.g. after its entries were all deleted). */
export async function deleteSyncedGlossary(db: Db, projectId: number, provider: string, targetLang: string): Promise<void> {
  await db.mtGlossary.deleteMany({ where: { projectId, provider, targetLang } });
}

/** A segment with its document's project, for single-segment drafting. */
export async function segmentWithDocument(db: Db, segmentId: number) {
  const seg = await db.segment.findUnique({ where: { id: segmentId }, select: { id: true, documentId: true } });
  if (!seg) throw new NotFoundError('segment', segmentId);
  return seg;
}

/** The stored translation of a segment into `lang`, or null. */
export async function currentTranslation(db: Db, segmentId: number, lang: string): Promise<TranslationRecord | null> {
  const t = await db.translation.findUnique({ where: { segmentId_lang: { segmentId, lang } } });
  return t ? translationRecord(t) : null;
}
