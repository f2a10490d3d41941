/**
 * How job ids reach workers. The Job table stays the record of every job (status, progress,
 * checkpoint, result, cancel); a queue only delivers ids, and a delivered id is claimed with a
 * conditional update on the row, so a duplicate or late delivery is harmless.
 *
 * - {@link InProcessQueue} (SQLite): the Job table is the queue; workers in this process look for
 *   queued rows when told (`send`) and every few seconds (rows written by other processes).
 * - {@link PgBossQueue} (PostgreSQL): pg-boss in the same database, so any number of
 *   `bitext worker` processes on any machines consume the ids.
 */
import PgBoss from 'pg-boss';

/** What a queue calls to get work done. */
export interface JobConsumer {
  /** Claims and runs one job; false when it was not claimable (already taken, cancelled, finished). */
  run(jobId: number): Promise<boolean>;
  /** The oldest queued job this consumer can run, or null (the in-process queue asks). */
  next(): Promise<number | null>;
}

/** A job queue: delivers job ids to consumers. */
export interface JobQueue {
  readonly kind: 'in-process' | 'pg-boss';
  /** Announces a queued job to the workers. */
  send(jobId: number): Promise<void>;
  /** Starts delivering ids to `consumer`, at most `concurrency` at once. */
  work(consumer: JobConsumer, concurrency: number): Promise<void>;
  /** Stops delivering new ids (jobs in flight go on). */
  stopWork(): Promise<void>;
  /** Resolves once no job of this process is running (tests wait on it). */
  idle(): Promise<void>;
  /** Releases connections; after this the queue cannot be used. Not graceful: do not wait for deliveries in progress. */
  close(options?: { graceful?: boolean }): Promise<void>;
}

/** The Job table as the queue, for one process (SQLite). */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private consumer: JobConsumer | undefined;
  private concurrency = 1;
  private readonly loops = new Set<Promise<void>>();
  private pending = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  /** `pollMs`: how often to look for jobs queued by other processes (0: only when told). */
  constructor(
    private readonly pollMs = 0,
    private readonly log: (line: string) => void = () => {},
  ) {}

  async send(): Promise<void> {
    this.kick();
  }

  async work(consumer: JobConsumer, concurrency: number): Promise<void> {
    this.consumer = consumer;
    this.concurrency = concurrency;
    this.stopped = false;
    if (this.pollMs > 0 && !this.timer) this.timer = setInterval(() => this.kick(), this.pollMs).unref();
    this.kick();
  }

  async stopWork(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async idle(): Promise<void> {
    while (this.loops.size > 0) await Promise.all(this.loops);
  }

  async close(): Promise<void> {
    await this.stopWork();
  }

  private kick(): void {
    if (!this.consumer || this.stopped) return;
    // A loop that is about to find nothing sees this flag and looks once more.
    this.pending = true;
    while (this.loops.size < this.concurrency) {
      const loop: Promise<void> = this.loop(this.consumer).finally(() => this.loops.delete(loop));
      this.loops.add(loop);
    }
  }

  private async loop(consumer: JobConsumer): Promise<void> {
    try {
      while (!this.stopped) {
        this.pending = false;
        const id = await consumer.next();
        if (id === null) {
          if (this.pending) continue;
          return;
        }
        await consumer.run(id);
      }
    } catch (err) {
      this.log(`bitext: job queue: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}

/** The pg-boss queue that carries bitext job ids. */
export const PG_BOSS_QUEUE = 'bitext-jobs';

/** Options of {@link PgBossQueue}. */
export interface PgBossQueueOptions {
  /** pg-boss schema (default `pgboss`). */
  schema?: string;
  /** How often an idle worker asks for work, in seconds (pg-boss allows 0.5 and more). Default 2. */
  pollSeconds?: number;
  log?: (line: string) => void;
}

/** pg-boss (PostgreSQL): ids are messages; any process on any machine may consume them. */
export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private ready: Promise<void> | undefined;
  private readonly workerIds: string[] = [];
  private closed = false;
  private consumer: JobConsumer | undefined;
  private concurrency = 0;
  /** Runs in this process (pg-boss deliveries and the local fast path), for `idle()`. */
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(
    connectionString: string,
    private readonly options: PgBossQueueOptions = {},
  ) {
    this.boss = new PgBoss({ connectionString, schema: options.schema ?? 'pgboss', max: 4 });
    this.boss.on('error', (err) => options.log?.(`bitext: pg-boss: ${err.message}\n`));
  }

  /** Starts pg-boss (creating its schema on first use) and the queue; idempotent. */
  start(): Promise<void> {
    this.ready ??= (async () => {
      await this.boss.start();
      // Workers starting together on a fresh database may deadlock creating the queue: try again.
      for (let attempt = 1; !(await this.boss.getQueue(PG_BOSS_QUEUE)); attempt++) {
        try {
          await this.boss.createQueue(PG_BOSS_QUEUE);
        } catch (err) {
          if (attempt >= 5) throw err;
        }
      }
    })();
    return this.ready;
  }

  async send(jobId: number): Promise<void> {
    await this.start();
    // No pg-boss retries: the Job row decides what runs again (requeue, stale sweep), and a message
    // may outlive a long job without harm, since claiming is conditional.
    await this.boss.send(PG_BOSS_QUEUE, { jobId }, { retryLimit: 0, expireInSeconds: 23 * 3600 });
    // Fast path: a worker of this process with a free slot claims the job at once instead of waiting
    // for the next poll; the message then finds it claimed and is dropped (claiming is conditional).
    if (this.consumer && this.inflight.size < this.concurrency) void this.track(this.consumer.run(jobId));
    else for (const id of this.workerIds) this.boss.notifyWorker(id);
  }

  private track<T>(run: Promise<T>): Promise<T> {
    const p = run.catch((err: unknown) => {
      this.options.log?.(`bitext: job queue: ${err instanceof Error ? err.message : String(err)}\n`);
      return undefined as T;
    });
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
    return p;
  }

  async work(consumer: JobConsumer, concurrency: number): Promise<void> {
    await this.start();
    this.consumer = consumer;
    this.concurrency = concurrency;
    // pg-boss 10 runs one job at a time per worker: concurrency is that many workers.
    for (let i = 0; i < concurrency; i++) {
      this.workerIds.push(
        await this.boss.work<{ jobId: number }>(
          PG_BOSS_QUEUE,
          { batchSize: 1, pollingIntervalSeconds: this.options.pollSeconds ?? 2 },
          async ([message]) => {
            if (message && Number.isInteger(message.data.jobId)) await this.track(consumer.run(message.data.jobId));
          },
        ),
      );
    }
  }

  async stopWork(): Promise<void> {
    this.consumer = undefined;
    for (const id of this.workerIds.splice(0)) await this.boss.offWork({ id });
  }

  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all(this.inflight);
  }

  async close(options: { graceful?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.stopWork();
    if (this.ready) await this.boss.stop({ graceful: options.graceful ?? true, wait: true, close: true, timeout: 10_000 });
  }
}

/** Whether a database URL is PostgreSQL's. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * The queue for a database: pg-boss on the same PostgreSQL database (same connection string),
 * the in-process queue for SQLite. `pollMs` is how often the in-process queue looks for rows
 * queued by other processes.
 */
export function createJobQueue(
  databaseUrl: string,
  options: { pollMs?: number; pgBossPollSeconds?: number; log?: (line: string) => void } = {},
): JobQueue {
  if (isPostgresUrl(databaseUrl)) {
    return new PgBossQueue(databaseUrl, {
      ...(options.pgBossPollSeconds ? { pollSeconds: options.pgBossPollSeconds } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  }
  return new InProcessQueue(options.pollMs ?? 0, options.log);
}
