/**
 * Persistence of the machine-translation billing ledger: a batch row is written (state `sent`)
 * before its request leaves, and settled after (`done` with its drafts in storeDrafts, `failed`,
 * or `unknown`); runs carry their owner process and a heartbeat so that a dead run can be found.
 */
import { providerOf, type Db } from './client.js';

/** States of an MtBatch row. */
export type BatchState = 'sent' | 'done' | 'failed' | 'unknown';

/** A batch about to be sent. */
export interface BatchIntent {
  runId: number | null;
  projectId: number;
  lang: string;
  provider: string;
  texts: number;
  /** Characters sent (code points of the texts), what the provider may bill. */
  sentCharacters: number;
}

/**
 * Writes a batch as `sent` (committed before the request goes out); returns its id. One raw INSERT:
 * it runs once per request, and Prisma's create costs several times more (see db/draftRows.ts).
 */
export async function recordBatchSent(db: Db, b: BatchIntent): Promise<number> {
  const dialect = providerOf(db);
  const m = (k: number) => (dialect === 'postgresql' ? `$${k}` : '?');
  const now = new Date();
  const rows = await db.$queryRawUnsafe<{ id: number | bigint }[]>(
    `INSERT INTO "MtBatch" ("runId", "projectId", "lang", "provider", "texts", "sentCharacters", "state", "segments", "billedCharacters", "requests", "retries", "durationMs", "createdAt") ` +
      `VALUES (${m(1)}, ${m(2)}, ${m(3)}, ${m(4)}, ${m(5)}, ${m(6)}, 'sent', 0, 0, 0, 0, 0, ${m(7)}) RETURNING "id"`,
    b.runId,
    b.projectId,
    b.lang,
    b.provider,
    b.texts,
    b.sentCharacters,
    dialect === 'sqlite' ? now.toISOString().replace('Z', '+00:00') : now,
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('MT ledger: the batch row was not written');
  return Number(id);
}

/**
 * Settles a batch that yielded no drafts: `failed` (the provider refused it: not billed, or billed
 * `billedCharacters` when it answered but storing failed) or `unknown` (e.g. a timeout: possibly billed).
 */
export async function settleBatch(
  db: Db,
  id: number,
  s: {
    state: Extract<BatchState, 'failed' | 'unknown'>;
    error: string;
    requests: number;
    retries: number;
    durationMs: number;
    billedCharacters?: number;
  },
): Promise<void> {
  await db.mtBatch.updateMany({ where: { id, state: { in: ['sent', 'unknown'] } }, data: s });
}

/** Writes a running run's heartbeat. */
export async function runHeartbeat(db: Db, id: number): Promise<void> {
  await db.mtRun.updateMany({ where: { id, status: 'running' }, data: { heartbeatAt: new Date() } });
}

/** A run still marked running, as recovery needs it. */
export interface RunningRun {
  id: number;
  owner: string;
  heartbeatAt: Date;
}

/** Every run still marked `running`. */
export async function runningRuns(db: Db): Promise<RunningRun[]> {
  return db.mtRun.findMany({ where: { status: 'running' }, select: { id: true, owner: true, heartbeatAt: true }, orderBy: { id: 'asc' } });
}

/** What marking one run interrupted found. */
export interface InterruptedRun {
  runId: number;
  /** Batches that were `sent` and are now `unknown`. */
  batches: number;
  /** Their characters: possibly billed by the provider. */
  possiblyBilledCharacters: number;
}

/**
 * Marks a dead run `interrupted` and its `sent` batches `unknown`, in one transaction; null when
 * the run is no longer `running` (another process recovered it, or it finished meanwhile).
 */
export async function markRunInterrupted(db: Db, runId: number): Promise<InterruptedRun | null> {
  return db.$transaction(async (tx) => {
    const claimed = await tx.mtRun.updateMany({
      where: { id: runId, status: 'running' },
      data: { status: 'interrupted', finishedAt: new Date() },
    });
    if (claimed.count === 0) return null;
    const sent = await tx.mtBatch.aggregate({ where: { runId, state: 'sent' }, _sum: { sentCharacters: true }, _count: { _all: true } });
    await tx.mtBatch.updateMany({ where: { runId, state: 'sent' }, data: { state: 'unknown', error: 'interrupted' } });
    const found: InterruptedRun = { runId, batches: sent._count._all, possiblyBilledCharacters: sent._sum.sentCharacters ?? 0 };
    await tx.mtRun.update({ where: { id: runId }, data: { summary: JSON.stringify({ interrupted: true, ...found }) } });
    return found;
  });
}

/** A run as the ledger reports it. */
export async function runStatus(db: Db, id: number) {
  return db.mtRun.findUnique({
    where: { id },
    select: { id: true, status: true, owner: true, summary: true, billedCharacters: true, finishedAt: true },
  });
}
