/**
 * Persistence for Chinese script conversion: a project's terms and per-language configurations,
 * and translation drafts made by conversion (origin `opencc`, status `draft`).
 */
import type { Db } from './client.js';
import { NotFoundError } from '../domain/errors.js';
import { joinLangs, splitLangs } from './projects.js';
import type { TermEntry, TermKind } from '../domain/conversionTerms.js';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Every project (id and name), for pickers. */
export async function projectChoices(db: Db): Promise<{ id: number; name: string }[]> {
  return db.project.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

/** The ids of a project's documents, by path. */
export async function projectDocumentIds(db: Db, projectId: number): Promise<number[]> {
  const docs = await db.document.findMany({ where: { projectId }, select: { id: true }, orderBy: { path: 'asc' } });
  return docs.map((d) => d.id);
}

/** The terms of the project with this name, or none when there is no such project yet. */
export async function termsOfProjectNamed(db: Db, name: string): Promise<StoredTerm[]> {
  const project = await db.project.findUnique({ where: { name }, select: { id: true } });
  return project ? listTerms(db, project.id) : [];
}

/** A stored term. */
export interface StoredTerm extends TermEntry {
  id: number;
}

/** A project's terms, protected terms first, then by term. */
export async function listTerms(db: Db, projectId: number): Promise<StoredTerm[]> {
  const rows = await db.conversionTerm.findMany({ where: { projectId }, orderBy: [{ kind: 'desc' }, { term: 'asc' }] });
  return rows.map((r) => ({ id: r.id, kind: r.kind as TermKind, term: r.term, replacement: r.replacement }));
}

/** What storing terms did. */
export interface SaveTermsResult {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * Stores terms in one transaction. A term is unique per project: storing it again replaces its
 * kind and replacement (an override can become a protected term and back).
 */
export async function saveTerms(db: Db, projectId: number, entries: readonly TermEntry[]): Promise<SaveTermsResult> {
  return db.$transaction(async (tx) => {
    const result: SaveTermsResult = { added: 0, updated: 0, unchanged: 0 };
    const existing = new Map(
      (await tx.conversionTerm.findMany({ where: { projectId, term: { in: entries.map((e) => e.term) } } })).map((r) => [r.term, r]),
    );
    const fresh: TermEntry[] = [];
    for (const e of entries) {
      const old = existing.get(e.term);
      if (!old) fresh.push(e);
      else if (old.kind === e.kind && old.replacement === e.replacement) result.unchanged++;
      else {
        await tx.conversionTerm.update({ where: { id: old.id }, data: { kind: e.kind, replacement: e.replacement } });
        result.updated++;
      }
    }
    if (fresh.length > 0) {
      await tx.conversionTerm.createMany({
        data: fresh.map((e) => ({ projectId, kind: e.kind, term: e.term, replacement: e.replacement })),
      });
      result.added = fresh.length;
    }
    return result;
  });
}

/** Deletes one of a project's terms; throws {@link NotFoundError} when it is not there. */
export async function deleteTerm(db: Db, projectId: number, termId: number): Promise<void> {
  const { count } = await db.conversionTerm.deleteMany({ where: { id: termId, projectId } });
  if (count === 0) throw new NotFoundError('term', termId);
}

/** Stores a project's per-language configurations (the stored string form). */
export async function setConversionConfigs(db: Db, projectId: number, stored: string): Promise<void> {
  await db.project.update({ where: { id: projectId }, data: { conversionConfigs: stored } });
}

/** A document with what drafting needs: format, source language and project. */
export async function documentForDrafting(db: Db, documentId: number) {
  const doc = await db.document.findUnique({ where: { id: documentId }, include: { project: true } });
  if (!doc) throw new NotFoundError('document', documentId);
  return doc;
}

/** A segment with its document and project. */
export async function segmentForDrafting(db: Db, segmentId: number) {
  const segment = await db.segment.findUnique({ where: { id: segmentId }, include: { document: { include: { project: true } } } });
  if (!segment) throw new NotFoundError('segment', segmentId);
  return segment;
}

/** One language to draft and how to turn a segment's source into its draft. */
export interface DraftJob {
  lang: string;
  convert: (source: string) => string;
  /** The OpenCC configuration, recorded as the drafts' engine. */
  config?: string;
}

/** What drafting did for one language. */
export interface DraftCounts {
  lang: string;
  /** New translations stored. */
  drafted: number;
  /** Untranslated rows and older conversion drafts replaced. */
  updated: number;
  /** Conversion drafts already holding the same text. */
  unchanged: number;
  /** Translations left alone: human, MT, imported work, or anything translated or reviewed. */
  kept: number;
}

/** The current translation as the API returns it. */
export interface TranslationView {
  text: string;
  status: string;
  origin: string;
  version: number;
  updatedAt: Date;
  updatedBy: string;
}

/** Whether conversion may (re)write a translation: only untranslated rows and its own drafts. */
export function isReplaceableByConversion(t: { status: string; origin: string }): boolean {
  return t.status === 'untranslated' || (t.status === 'draft' && t.origin === 'opencc');
}

const OPENCC_DRAFT = { status: 'draft', origin: 'opencc' } as const;

/**
 * Drafts translations of some segments into one language, inside a transaction: the existing
 * translations are read here, so work saved by someone else meanwhile is never overwritten.
 * Every stored draft gets a revision.
 */
async function draftInTx(tx: Tx, segments: readonly { id: number; source: string }[], job: DraftJob, user: string): Promise<DraftCounts> {
  const counts: DraftCounts = { lang: job.lang, drafted: 0, updated: 0, unchanged: 0, kept: 0 };
  const existing = new Map(
    (await tx.translation.findMany({ where: { lang: job.lang, segmentId: { in: segments.map((s) => s.id) } } })).map((t) => [
      t.segmentId,
      t,
    ]),
  );
  const fresh: { segmentId: number; text: string }[] = [];
  const DRAFT = { ...OPENCC_DRAFT, engine: job.config ?? '' };
  for (const s of segments) {
    const current = existing.get(s.id);
    if (current && !isReplaceableByConversion(current)) {
      counts.kept++;
      continue;
    }
    const text = job.convert(s.source);
    if (!current) {
      fresh.push({ segmentId: s.id, text });
      continue;
    }
    if (current.status === 'draft' && current.text === text) {
      counts.unchanged++;
      continue;
    }
    // Guarded by the version read above: a concurrent save makes this a no-op (kept).
    const { count } = await tx.translation.updateMany({
      where: { id: current.id, version: current.version },
      data: { ...DRAFT, text, updatedBy: user, version: { increment: 1 } },
    });
    if (count === 0) {
      counts.kept++;
      continue;
    }
    await tx.revision.create({ data: { translationId: current.id, version: current.version + 1, text, ...DRAFT, createdBy: user } });
    counts.updated++;
  }
  if (fresh.length > 0) {
    const created = await tx.translation.createManyAndReturn({
      data: fresh.map((f) => ({ segmentId: f.segmentId, lang: job.lang, text: f.text, ...DRAFT, version: 1, updatedBy: user })),
      select: { id: true, text: true },
    });
    await tx.revision.createMany({
      data: created.map((c) => ({ translationId: c.id, version: 1, text: c.text, ...DRAFT, createdBy: user })),
    });
    counts.drafted = created.length;
  }
  return counts;
}

/** Adds languages to a project's targets (inside a transaction) so that progress shows them. */
async function ensureTargets(tx: Tx, projectId: number, langs: readonly string[]): Promise<string[]> {
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { targetLangs: true } });
  const targets = splitLangs(project.targetLangs);
  const added = langs.filter((l) => !targets.includes(l));
  if (added.length > 0) await tx.project.update({ where: { id: projectId }, data: { targetLangs: joinLangs([...targets, ...added]) } });
  return added;
}

/**
 * Drafts every translatable segment of a document into each job's language, in one transaction.
 * Languages not yet among the project's targets are added to them (returned as `addedTargets`).
 */
export async function draftDocument(
  db: Db,
  documentId: number,
  jobs: readonly DraftJob[],
  user: string,
): Promise<{ counts: DraftCounts[]; addedTargets: string[] }> {
  return db.$transaction(
    async (tx) => {
      const doc = await tx.document.findUnique({ where: { id: documentId }, select: { projectId: true } });
      if (!doc) throw new NotFoundError('document', documentId);
      const addedTargets = await ensureTargets(
        tx,
        doc.projectId,
        jobs.map((j) => j.lang),
      );
      const segments = await tx.segment.findMany({
        where: { documentId, translatable: true, source: { not: '' } },
        select: { id: true, source: true },
        orderBy: { index: 'asc' },
      });
      const counts: DraftCounts[] = [];
      for (const job of jobs) counts.push(await draftInTx(tx, segments, job, user));
      return { counts, addedTargets };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * Drafts one segment into one language, in one transaction. Returns the current translation and
 * whether the draft was stored (false when a translation conversion must not overwrite is there).
 */
export async function draftSegment(
  db: Db,
  segmentId: number,
  job: DraftJob,
  user: string,
): Promise<{ translation: TranslationView; stored: boolean }> {
  return db.$transaction(async (tx) => {
    const segment = await tx.segment.findUnique({
      where: { id: segmentId },
      select: { id: true, source: true, document: { select: { projectId: true } } },
    });
    if (!segment) throw new NotFoundError('segment', segmentId);
    await ensureTargets(tx, segment.document.projectId, [job.lang]);
    const counts = await draftInTx(tx, [segment], job, user);
    const t = await tx.translation.findUniqueOrThrow({ where: { segmentId_lang: { segmentId, lang: job.lang } } });
    return {
      translation: { text: t.text, status: t.status, origin: t.origin, version: t.version, updatedAt: t.updatedAt, updatedBy: t.updatedBy },
      stored: counts.kept === 0,
    };
  });
}
