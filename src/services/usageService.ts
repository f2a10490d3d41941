/**
 * Machine-translation usage: what the provider account says, and what bitext recorded per project
 * and language (billed, and possibly billed by runs that died mid-batch), with the cost at the
 * configured price and the difference between the provider's count and ours.
 */
import type { Db } from '../db/client.js';
import { recordedUsage, type RecordedUsage } from '../db/mt.js';
import type { MtProvider } from '../mt/types.js';
import { toMtError } from '../mt/errors.js';
import { recoverInterruptedRuns } from './mtLedger.js';

/** The provider's count against ours. */
export interface UsageComparison {
  /** Characters the provider counts this billing period (every application using the key). */
  providerCount: number;
  /** What bitext recorded as billed. */
  billed: number;
  /** What bitext sent without learning the outcome (possibly billed). */
  possiblyBilled: number;
  /** providerCount − billed: characters the provider counts that bitext did not record as billed. */
  difference: number;
  /** difference − possiblyBilled: what the possibly billed batches do not explain (negative: they were not all billed). */
  unexplained: number;
}

/** The answer of `GET /api/mt/usage` and `bitext usage --json`. */
export interface UsageReport {
  /** The provider's account usage this billing period; null when not configured or not offered. */
  provider: { name: string; characterCount: number; characterLimit: number } | null;
  /** Why the provider's usage is missing, when it was asked and failed. */
  providerError?: { code: string; message: string };
  recorded: (RecordedUsage & { estimatedCost: number })[];
  totals: { billedCharacters: number; possiblyBilledCharacters: number; requests: number; estimatedCost: number };
  /** Present when the provider reported its usage. */
  comparison?: UsageComparison;
  /** Runs found dead and marked interrupted while preparing this report. */
  recoveredRuns: number[];
  /** EUR per million characters. */
  pricePerMillion: number;
}

/** Cost in EUR of `characters` at `pricePerMillion`, rounded to cents. */
export function costOf(characters: number, pricePerMillion: number): number {
  return Math.round(((characters * pricePerMillion) / 1e6) * 100) / 100;
}

/** The provider's count against bitext's ledger. */
export function compareUsage(providerCount: number, billed: number, possiblyBilled: number): UsageComparison {
  const difference = providerCount - billed;
  return { providerCount, billed, possiblyBilled, difference, unexplained: difference - possiblyBilled };
}

/**
 * Collects the usage report; `provider` undefined when MT is not configured. Recovers dead runs
 * first, so that their in-flight batches count as possibly billed.
 */
export async function mtUsage(db: Db, provider: MtProvider | undefined, pricePerMillion: number): Promise<UsageReport> {
  const recoveredRuns = (await recoverInterruptedRuns(db)).map((r) => r.runId);
  const recorded = (await recordedUsage(db)).map((r) => ({ ...r, estimatedCost: costOf(r.billedCharacters, pricePerMillion) }));
  const billedCharacters = recorded.reduce((n, r) => n + r.billedCharacters, 0);
  const possiblyBilledCharacters = recorded.reduce((n, r) => n + r.possiblyBilledCharacters, 0);
  const report: UsageReport = {
    provider: null,
    recorded,
    totals: {
      billedCharacters,
      possiblyBilledCharacters,
      requests: recorded.reduce((n, r) => n + r.requests, 0),
      estimatedCost: costOf(billedCharacters, pricePerMillion),
    },
    recoveredRuns,
    pricePerMillion,
  };
  if (provider?.usage) {
    try {
      report.provider = { name: provider.name, ...(await provider.usage()) };
      const ours = recorded.filter((r) => r.provider === provider.name);
      report.comparison = compareUsage(
        report.provider.characterCount,
        ours.reduce((n, r) => n + r.billedCharacters, 0),
        ours.reduce((n, r) => n + r.possiblyBilledCharacters, 0),
      );
    } catch (err) {
      const e = toMtError(err);
      report.providerError = { code: e.code, message: e.message };
    }
  }
  return report;
}
