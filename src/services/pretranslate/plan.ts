/**
 * Planning a pretranslation: which segments are skipped (not translatable, already translated,
 * nothing to translate), filled from the translation memory, or sent, once per distinct tagged text.
 * Shared by the run and the estimate, so both count the same texts.
 */
import type { Db } from '../../db/client.js';
import { confirmedTranslations, loadScope, translationStates, type DraftWrite, type MtScope, type ScopeProject } from '../../db/mt.js';
import { draftMayReplace } from '../../domain/status.js';
import { ValidationError } from '../../domain/errors.js';
import { plainText } from '../../domain/inline.js';
import { nothingToTranslate } from '../../domain/mtSkip.js';
import { toTagged, type TaggedSegment } from '../../domain/mtTags.js';
import { batchPlanner, type BatchItem, type PlannedBatch } from '../../mt/batching.js';
import type { MtLimits } from '../../mt/types.js';
import { memoryDrafts } from '../tmService.js';

/** The engine recorded on drafts copied because they had nothing to translate. */
export const COPY_ENGINE = 'copy';

/** What to pretranslate. */
export interface PretranslateTarget {
  scope: MtScope;
  langs: string[];
  /** Only these segments (of the scope); their neighbours still serve as context. */
  segmentIds?: number[];
  /** Replace earlier MT drafts (origin mt, status draft). Never anything else. */
  overwriteDrafts?: boolean;
}

/** Segments not sent, by reason (each counted once per target language). */
export interface SkipCounts {
  /** Already had a translation (human, imported, confirmed, or a draft kept). */
  alreadyTranslated: number;
  /** Code, HTML, image blocks and the like. */
  nonTranslatable: number;
  /** Same source as a text sent in this run: drafted from that one translation. */
  duplicate: number;
  /** Filled from a confirmed translation of the same source in the project (not billed). */
  tmReuse: number;
  /** Someone saved a translation while the batch was at the provider: theirs was kept. */
  changedMeanwhile: number;
  /** Planned but never sent (quota, cancellation, failed batch). */
  notSent: number;
  /**
   * Nothing to translate (only a URL, markup, whitespace, punctuation or numbers): copied as they are
   * (status draft, origin mt, engine `copy`), never sent nor billed.
   */
  nothingToTranslate: number;
}

/** One unique text to send, and the segments that get its translation. */
export interface Unit extends BatchItem {
  segmentIds: number[];
  /** The tagged form of each segment (same order as `segmentIds`): each restores its own markup. */
  segmentTags: TaggedSegment[];
  /** What is sent (identical for every segment of the unit); `text` is its XML. */
  tagged: TaggedSegment;
  /** Plain text of this segment and of its neighbours, for context. */
  plain: string;
  before?: string;
  after?: string;
}

/** What a run will do for one project and language. */
export interface LangPlan {
  project: ScopeProject;
  lang: string;
  units: Unit[];
  tm: DraftWrite[];
  /** Segments with nothing to translate, copied as they are (never sent). */
  copies: DraftWrite[];
  skipped: SkipCounts;
}

/** Skip counts all zero. */
export const zeroSkips = (): SkipCounts => ({
  alreadyTranslated: 0,
  nonTranslatable: 0,
  duplicate: 0,
  tmReuse: 0,
  changedMeanwhile: 0,
  notSent: 0,
  nothingToTranslate: 0,
});
const TABLE_KINDS = new Set(['table_row', 'table_header']);

/** Languages a project can be pretranslated into; throws when a named document or project lacks one. */
function langsFor(project: ScopeProject, langs: string[], strict: boolean): string[] {
  const missing = langs.filter((l) => !project.targetLangs.includes(l));
  if (strict && missing.length > 0) {
    throw new ValidationError(
      `project ${project.name} does not translate into ${missing.join(', ')} (targets: ${project.targetLangs.join(', ')})`,
      {
        field: 'langs',
      },
      undefined,
      { key: 'not_target_lang', params: { value: missing.join(', '), project: project.name, langs: project.targetLangs } },
    );
  }
  if (project.sourceLang !== 'zh') {
    if (!strict) return [];
    throw new ValidationError(
      `project ${project.name}: machine translation needs source language zh, not ${project.sourceLang}`,
      undefined,
      undefined,
      {
        key: 'mt_source_not_zh',
        params: { project: project.name, sourceLang: project.sourceLang },
      },
    );
  }
  return langs.filter((l) => project.targetLangs.includes(l));
}

/**
 * The plain text of a paragraph (not a table row, whose pipes are tags) from its tagged form: its
 * text pieces, unescaped. Equal to `plainText(source)` without parsing the Markdown a second time
 * (the text of the XML is escaped, so every `<` starts a tag and every `&` an entity of escapeXml).
 */
export function plainFromTagged(xml: string): string {
  return xml.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt);/g, (_, e: string) => (e === 'amp' ? '&' : e === 'lt' ? '<' : '>'));
}

/**
 * A run that sends while it plans: the plan hands over each batch as soon as it is complete, so the
 * first requests leave before the last paragraphs are tagged.
 */
export interface PlanStream {
  /** The provider's limits, for the one batch planner. */
  limits: MtLimits;
  /** Called once the scope is loaded and its languages checked, before any batch (a run records itself, syncs glossaries). */
  ready: (targets: { project: ScopeProject; langs: string[] }[]) => Promise<void>;
  /**
   * Called with each complete batch, in order (the batches of `planBatches(p.units)`). A unit's text is final, but
   * its `segmentIds` may still gain duplicates found later: use them only once {@link plan} has resolved.
   */
  batch: (p: LangPlan, batch: PlannedBatch<Unit>) => void | Promise<void>;
}

/** Lets the event loop run (requests of batches handed over go out) while a long plan goes on. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Works out, without calling any provider, what a run would send and store. Owns the rules of the
 * target: at least one language, languages of the project, segments only within one document.
 * With `stream`, batches are handed over as they are planned (deduplication stays over the whole scope:
 * a duplicate found after its unit's batch left joins that unit).
 */
export async function plan(db: Db, target: PretranslateTarget, stream?: PlanStream): Promise<LangPlan[]> {
  if (target.langs.length === 0)
    throw new ValidationError('no target language given', { field: 'langs' }, undefined, { key: 'no_lang', params: { field: 'langs' } });
  if (target.segmentIds && !('documentId' in target.scope)) {
    throw new ValidationError('segmentIds need a document scope (documentId)', { field: 'segmentIds' });
  }
  const projects = await loadScope(db, target.scope);
  const only = target.segmentIds ? new Set(target.segmentIds) : undefined;
  const plans: LangPlan[] = [];
  // Each paragraph's plain text serves up to three times as context; a paragraph's is taken from its tagged form.
  const plains = new Map<string, string>();
  const plainOf = (source: string) => {
    let v = plains.get(source);
    if (v === undefined) plains.set(source, (v = plainText(source)));
    return v;
  };
  const tagged = new Map<string, TaggedSegment>();
  const taggedOf = (source: string, tableRow: boolean) => {
    const key = `${tableRow ? 't' : 'p'}\u0000${source}`;
    let t = tagged.get(key);
    if (!t) tagged.set(key, (t = toTagged(source, { tableRow })));
    return t;
  };
  // Every project's languages are checked before anything is planned or sent.
  const targets = projects.map((project) => ({ project, langs: langsFor(project, target.langs, !('all' in target.scope)) }));
  await stream?.ready(targets);
  for (const { project, langs } of targets) {
    const ids = project.documents.flatMap((d) => d.segments.map((s) => s.id));
    const states = await translationStates(db, ids, langs);
    for (const lang of langs) {
      const p: LangPlan = { project, lang, units: [], tm: [], copies: [], skipped: zeroSkips() };
      const candidates: { id: number; kind: string; source: string; before?: string; after?: string }[] = [];
      for (const doc of project.documents) {
        const translatable = doc.segments.filter((s) => s.translatable);
        const position = new Map(translatable.map((s, k) => [s.id, k]));
        doc.segments.forEach((s) => {
          if (only && !only.has(s.id)) return;
          if (!s.translatable) return void p.skipped.nonTranslatable++;
          if (!draftMayReplace(states.get(`${s.id}:${lang}`), target.overwriteDrafts ?? false)) return void p.skipped.alreadyTranslated++;
          const k = position.get(s.id) ?? 0;
          const before = translatable[k - 1]?.source;
          const after = translatable[k + 1]?.source;
          candidates.push({ id: s.id, kind: s.kind, source: s.source, ...(before ? { before } : {}), ...(after ? { after } : {}) });
        });
      }
      // Exact translation-memory matches first (in-context ones flagged), then confirmed translations of the
      // project not (yet) in the memory, e.g. before `bitext tm rebuild`.
      const memory = await memoryDrafts(db, { projectId: project.id, sourceLang: project.sourceLang, lang }, candidates);
      const tm = await confirmedTranslations(db, project.id, lang, [
        ...new Set(candidates.filter((c) => !memory.has(c.id)).map((c) => c.source)),
      ]);
      const byXml = new Map<string, Unit>();
      // Sources to send are tagged before their neighbour needs their plain text as context, so it needs no second parse.
      const tagAhead = (c: (typeof candidates)[number] | undefined) => {
        if (!c || memory.has(c.id) || tm.has(c.source) || TABLE_KINDS.has(c.kind) || plains.has(c.source)) return;
        plains.set(c.source, plainFromTagged(taggedOf(c.source, false).xml));
      };
      const batches = stream ? batchPlanner<Unit>(stream.limits) : undefined;
      tagAhead(candidates[0]);
      for (let k = 0; k < candidates.length; k++) {
        const c = candidates[k]!;
        tagAhead(candidates[k + 1]);
        const fromMemory = memory.get(c.id);
        if (fromMemory) {
          p.tm.push({ segmentId: c.id, lang, text: fromMemory.text, origin: 'tm', flags: fromMemory.flags });
          p.skipped.tmReuse++;
          continue;
        }
        const reuse = tm.get(c.source);
        if (reuse !== undefined) {
          p.tm.push({ segmentId: c.id, lang, text: reuse, origin: 'tm', flags: [] });
          p.skipped.tmReuse++;
          continue;
        }
        // Table cells tag their pipes, so a table row and a paragraph with the same text are different requests.
        const t = taggedOf(c.source, TABLE_KINDS.has(c.kind));
        if (nothingToTranslate(t.xml)) {
          p.copies.push({ segmentId: c.id, lang, text: c.source, origin: 'mt', engine: COPY_ENGINE, flags: [] });
          p.skipped.nothingToTranslate++;
          continue;
        }
        // Deduplicated after tagging: sources that differ only in their markup (link targets, code) are sent once.
        const seen = byXml.get(t.xml);
        if (seen) {
          seen.segmentIds.push(c.id);
          seen.segmentTags.push(t);
          p.skipped.duplicate++;
          continue;
        }
        const unit: Unit = {
          text: t.xml,
          segmentIds: [c.id],
          segmentTags: [t],
          tagged: t,
          plain: plainOf(c.source),
          ...(c.before ? { before: plainOf(c.before) } : {}),
          ...(c.after ? { after: plainOf(c.after) } : {}),
        };
        byXml.set(t.xml, unit);
        p.units.push(unit);
        const closed = batches?.push(unit) ?? [];
        for (const b of closed) await stream?.batch(p, b);
        if (closed.length > 0) await yieldToLoop();
      }
      for (const b of batches?.end() ?? []) await stream?.batch(p, b);
      plans.push(p);
    }
  }
  return plans;
}
