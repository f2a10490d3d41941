/**
 * The cost estimate of a pretranslation (the CLI's `--dry-run`, the editor's cost dialog, the answer
 * of a queued job): the same plan and the same batch planner as the run, for the provider that would
 * run it, so web and CLI show the same figures.
 */
import type { Db } from '../../db/client.js';
import { planBatches } from '../../mt/batching.js';
import type { MtProvider } from '../../mt/types.js';
import { costOf } from '../usageService.js';
import { plan, type PretranslateTarget, type SkipCounts } from './plan.js';

const codePoints = (s: string) => [...s].length;

/** What a run would send, per language, and what it would cost. */
export interface PretranslateEstimate {
  /** The provider whose request limits were counted. */
  provider: string;
  langs: { lang: string; project: string; texts: number; segments: number; characters: number; requests: number; skipped: SkipCounts }[];
  texts: number;
  characters: number;
  requests: number;
  pricePerMillion: number;
  /** EUR. */
  estimatedCost: number;
}

/** What to estimate, and for which provider. */
export interface EstimateTarget extends PretranslateTarget {
  /** The provider that would run (configured or not): its limits decide how many requests. */
  provider: Pick<MtProvider, 'name' | 'limits'>;
  /** EUR per million characters. */
  pricePerMillion: number;
}

/**
 * Dry run: what would be sent (unique texts, characters as sent with their tags, requests) and
 * the estimated cost, without calling any provider or writing anything.
 */
export async function estimatePretranslation(db: Db, target: EstimateTarget): Promise<PretranslateEstimate> {
  const plans = await plan(db, target);
  const langs = plans.map((p) => ({
    lang: p.lang,
    project: p.project.name,
    texts: p.units.length,
    segments: p.units.reduce((n, u) => n + u.segmentIds.length, 0),
    characters: p.units.reduce((n, u) => n + codePoints(u.tagged.xml), 0),
    requests: planBatches(p.units, target.provider.limits).length,
    skipped: p.skipped,
  }));
  const characters = langs.reduce((n, l) => n + l.characters, 0);
  return {
    provider: target.provider.name,
    langs,
    texts: langs.reduce((n, l) => n + l.texts, 0),
    characters,
    requests: langs.reduce((n, l) => n + l.requests, 0),
    pricePerMillion: target.pricePerMillion,
    estimatedCost: costOf(characters, target.pricePerMillion),
  };
}
