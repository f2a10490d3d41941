/**
 * Machine-translation usage: what the provider account says, and what bitext recorded as billed
 * per project and language, with the cost at the configured price.
 */
import type { Db } from '../db/client.js';
import { recordedUsage, type RecordedUsage } from '../db/mt.js';
import type { MtProvider } from '../mt/types.js';
import { toMtError } from '../mt/run.js';

/** The answer of `GET /api/mt/usage` and `bitext usage --json`. */
export interface UsageReport {
  /** The provider's account usage this billing period; null when not configured or not offered. */
  provider: { name: string; characterCount: number; characterLimit: number } | null;
  /** Why the provider's usage is missing, when it was asked and failed. */
  providerError?: { code: string; message: string };
  recorded: (RecordedUsage & { estimatedCost: number })[];
  totals: { billedCharacters: number; requests: number; estimatedCost: number };
  /** EUR per million characters. */
  pricePerMillion: number;
}

/** Cost in EUR of `characters` at `pricePerMillion`, rounded to cents. */
export function costOf(characters: number, pricePerMillion: number): number {
  return Math.round(((characters * pricePerMillion) / 1e6) * 100) / 100;
}

/** Collects the usage report; `provider` undefined when MT is not configured. */
export async function mtUsage(db: Db, provider: MtProvider | undefined, pricePerMillion: number): Promise<UsageReport> {
  const recorded = (await recordedUsage(db)).map((r) => ({ ...r, estimatedCost: costOf(r.billedCharacters, pricePerMillion) }));
  const billedCharacters = recorded.reduce((n, r) => n + r.billedCharacters, 0);
  const report: UsageReport = {
    provider: null,
    recorded,
    totals: { billedCharacters, requests: recorded.reduce((n, r) => n + r.requests, 0), estimatedCost: costOf(billedCharacters, pricePerMillion) },
    pricePerMillion,
  };
  if (provider?.usage) {
    try {
      report.provider = { name: provider.name, ...(await provider.usage()) };
    } catch (err) {
      const e = toMtError(err);
      report.providerError = { code: e.code, message: e.message };
    }
  }
  return report;
}
