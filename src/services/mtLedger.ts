/**
 * The machine-translation billing ledger: every batch is recorded before it is sent, so that a
 * process killed mid-run (kill -9, power loss) leaves a trace of what the provider may have billed.
 *
 * Recovery ({@link recoverInterruptedRuns}) finds runs still marked `running` whose process is
 * gone, marks them `interrupted` and their in-flight batches `unknown` (sent, outcome unknown:
 * counted in usage as possibly billed). It runs wherever a dead run's figures matter and is safe
 * in any process sharing the database (server, workers, CLI): before each new run starts, and
 * before usage is reported. A run is dead when its owner process on this host no longer exists,
 * or (any host) when its heartbeat is older than {@link RUN_STALE_MS}.
 */
import os from 'node:os';
import type { Db } from '../db/client.js';
import { markRunInterrupted, runHeartbeat, runningRuns, type InterruptedRun, type RunningRun } from '../db/mtLedger.js';

/** How often a running run writes its heartbeat. */
export const RUN_HEARTBEAT_MS = 10_000;
/** A run without heartbeat for this long is dead, whatever its host. */
export const RUN_STALE_MS = 120_000;

/** This process as a run owner: `host:pid`. */
export function processOwner(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** Whether process `pid` exists on this host (EPERM: it exists, owned by someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Options of {@link runIsDead} and {@link recoverInterruptedRuns} (injectable for tests). */
export interface LivenessOptions {
  now?: Date;
  staleMs?: number;
  host?: string;
  isAlive?: (pid: number) => boolean;
}

/**
 * Whether a `running` run's process is gone: its owner is on this host and its pid does not exist,
 * or its heartbeat is stale. Runs recorded before the ledger (owner "") only go stale.
 */
export function runIsDead(run: Pick<RunningRun, 'owner' | 'heartbeatAt'>, options: LivenessOptions = {}): boolean {
  const { now = new Date(), staleMs = RUN_STALE_MS, host = os.hostname(), isAlive = pidAlive } = options;
  if (now.getTime() - run.heartbeatAt.getTime() > staleMs) return true;
  const at = run.owner.lastIndexOf(':');
  if (at <= 0) return false;
  const pid = Number(run.owner.slice(at + 1));
  return run.owner.slice(0, at) === host && Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid);
}

/**
 * Marks every dead run `interrupted` and its batches still `sent` as `unknown` (possibly billed).
 * Returns what it recovered; a run recovered concurrently by another process is counted once.
 */
export async function recoverInterruptedRuns(db: Db, options: LivenessOptions = {}): Promise<InterruptedRun[]> {
  const out: InterruptedRun[] = [];
  for (const run of await runningRuns(db)) {
    if (!runIsDead(run, options)) continue;
    const found = await markRunInterrupted(db, run.id);
    if (found) out.push(found);
  }
  return out;
}

/** Writes the run's heartbeat every {@link RUN_HEARTBEAT_MS} until the returned function is called. */
export function keepRunAlive(db: Db, runId: number, onError: (err: unknown) => void = () => {}): () => void {
  const timer = setInterval(() => void runHeartbeat(db, runId).catch(onError), RUN_HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Characters of texts as DeepL bills them (code points). */
export function billableCharacters(texts: string[]): number {
  return texts.reduce((n, t) => n + [...t].length, 0);
}
