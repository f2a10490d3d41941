/**
 * Traditional Chinese targets (zh-Hant, zh-TW, zh-HK) drafted by conversion of the Simplified
 * source: free and instant, for one segment, a document or a whole project. Drafts have origin
 * `opencc` and status `draft`; human, MT, imported, translated or reviewed work is never replaced.
 */
import type { Db } from '../db/client.js';
import { findProject } from '../db/projects.js';
import {
  documentForDrafting,
  draftDocument,
  draftSegment,
  listTerms,
  projectDocumentIds,
  segmentForDrafting,
  type DraftCounts,
  type DraftJob,
  type TranslationView,
} from '../db/conversion.js';
import { createConverter, createInlineConverter, type ConversionConfigName } from '../domain/convert.js';
import { configForTarget, isSimplifiedSource, parseTargetConfigs } from '../domain/chineseTargets.js';
import { termsToOptions } from '../domain/conversionTerms.js';
import { AppError, ValidationError } from '../domain/errors.js';
import type { JobHandler } from './jobs.js';
import { refreshDocumentQa } from './qaService.js';

/** Who drafts when no user is given. */
export const CONVERSION_USER = 'opencc';

/** What drafting one document did. */
export interface DocumentDraftReport {
  documentId: number;
  path: string;
  langs: (DraftCounts & { config: ConversionConfigName })[];
  /** Languages added to the project's targets. */
  addedTargets: string[];
}

interface DraftContext {
  project: { id: number; conversionConfigs: string };
  sourceLang: string;
  format: string;
}

/** Builds one job per language: the configuration (project's choice or default) and the project's terms. */
async function jobsFor(db: Db, ctx: DraftContext, langs: readonly string[]): Promise<(DraftJob & { config: ConversionConfigName })[]> {
  if (!isSimplifiedSource(ctx.sourceLang)) {
    throw new ValidationError(
      `the source language is ${ctx.sourceLang}: drafting by conversion needs a Simplified Chinese source (zh, zh-Hans, zh-CN)`,
      { sourceLang: ctx.sourceLang },
      'not_convertible',
      {
        key: 'not_convertible_source',
        params: { sourceLang: ctx.sourceLang },
      },
    );
  }
  const configs = parseTargetConfigs(ctx.project.conversionConfigs);
  const options = termsToOptions(await listTerms(db, ctx.project.id));
  return langs.map((lang) => {
    const config = configForTarget(lang, configs);
    const convert = ctx.format === 'text' ? createConverter(config, options) : createInlineConverter(config, options);
    return { lang, config, convert };
  });
}

function checkLangs(langs: readonly string[]): void {
  if (langs.length === 0)
    throw new ValidationError('lang: no language given', { field: 'lang' }, undefined, { key: 'no_lang', params: { field: 'lang' } });
  for (const lang of langs) configForTarget(lang); // throws for languages conversion cannot draft
}

/** Drafts a whole document into each language, in one transaction. */
export async function draftDocumentTargets(
  db: Db,
  documentId: number,
  langs: readonly string[],
  user = CONVERSION_USER,
): Promise<DocumentDraftReport> {
  checkLangs(langs);
  const doc = await documentForDrafting(db, documentId);
  const jobs = await jobsFor(db, { project: doc.project, sourceLang: doc.sourceLang, format: doc.format }, langs);
  const { counts, addedTargets } = await draftDocument(db, documentId, jobs, user);
  await refreshDocumentQa(db, documentId, langs);
  return { documentId, path: doc.path, langs: counts.map((c, i) => ({ ...c, config: jobs[i]!.config })), addedTargets };
}

/** Drafts every document of a project, one transaction per document. */
export async function draftProjectTargets(
  db: Db,
  projectName: string,
  langs: readonly string[],
  user = CONVERSION_USER,
): Promise<DocumentDraftReport[]> {
  checkLangs(langs);
  const project = await findProject(db, { name: projectName });
  const reports: DocumentDraftReport[] = [];
  for (const id of await projectDocumentIds(db, project.id)) reports.push(await draftDocumentTargets(db, id, langs, user));
  return reports;
}

/**
 * Drafts one segment into one language. When a translation conversion must not replace is there,
 * answers 409 (`translation_kept`) carrying that translation.
 */
export async function draftSegmentTarget(db: Db, segmentId: number, lang: string, user = CONVERSION_USER): Promise<TranslationView> {
  checkLangs([lang]);
  const segment = await segmentForDrafting(db, segmentId);
  if (!segment.translatable) {
    throw new ValidationError(`segment ${segmentId} is not translatable (code, HTML or image block)`, undefined, undefined, {
      key: 'not_translatable',
      params: { segment: segmentId },
    });
  }
  const [job] = await jobsFor(
    db,
    { project: segment.document.project, sourceLang: segment.document.sourceLang, format: segment.document.format },
    [lang],
  );
  const { translation, stored } = await draftSegment(db, segmentId, job!, user);
  if (!stored) {
    throw new AppError(
      'translation_kept',
      `segment ${segmentId} already has a ${translation.status} ${lang} translation (${translation.origin}); conversion does not overwrite it`,
      409,
      {
        current: translation,
      },
      { params: { segment: segmentId, lang } },
    );
  }
  return translation;
}

/** The job type that drafts Traditional targets for every document of a project. */
export const CONVERT_TARGETS_JOB = 'convert-targets';

/** Parameters of a {@link CONVERT_TARGETS_JOB}. */
export interface ConvertTargetsJobParams {
  projectId: number;
  langs: string[];
  /** Who drafts (recorded on the revisions). */
  user?: string;
}

/** Totals of a project conversion, per language over all documents. */
export interface ConvertTargetsSummary {
  documents: number;
  drafted: number;
  updated: number;
  unchanged: number;
  kept: number;
  addedTargets: string[];
}

/** Where a project conversion stopped: documents are drafted in id order, up to `afterId`. */
interface ConvertCheckpoint extends ConvertTargetsSummary {
  afterId: number;
}

/** Checks a project conversion before it is queued (unknown languages, a source that is not Simplified). */
export async function checkProjectConversion(db: Db, projectId: number, langs: readonly string[]): Promise<void> {
  checkLangs(langs);
  const project = await findProject(db, { id: projectId });
  await jobsFor(db, { project, sourceLang: project.sourceLang, format: 'markdown' }, langs); // throws not_convertible
}

/**
 * The project conversion job handler: one transaction per document, in id order, with progress
 * and a checkpoint after each, so a resumed job goes on with the next document.
 */
export function convertTargetsJobHandler(): JobHandler {
  return async ({ db, job, signal, progress }) => {
    const p = job.params as ConvertTargetsJobParams;
    const summary: ConvertCheckpoint = (job.checkpoint as ConvertCheckpoint | null) ?? {
      afterId: 0,
      documents: 0,
      drafted: 0,
      updated: 0,
      unchanged: 0,
      kept: 0,
      addedTargets: [],
    };
    const ids = (await projectDocumentIds(db, p.projectId)).sort((a, b) => a - b);
    let done = ids.filter((id) => id <= summary.afterId).length;
    await progress(done, ids.length);
    for (const id of ids.filter((id) => id > summary.afterId)) {
      if (signal.aborted) return { status: 'cancelled', result: summary };
      const report = await draftDocumentTargets(db, id, p.langs, p.user ?? CONVERSION_USER);
      summary.documents++;
      for (const l of report.langs) {
        summary.drafted += l.drafted;
        summary.updated += l.updated;
        summary.unchanged += l.unchanged;
        summary.kept += l.kept;
      }
      for (const lang of report.addedTargets) if (!summary.addedTargets.includes(lang)) summary.addedTargets.push(lang);
      summary.afterId = id;
      await progress(++done, ids.length, summary);
    }
    const { afterId: _, ...result } = summary;
    return { status: 'done', result };
  };
}
