/** Adds `bitext worker`: runs background jobs (pretranslation, large imports, project conversions). */
import type { Command } from 'commander';
import { intArg, type CliContext } from '../context.js';
import { redactUrl } from '../../config.js';
import { createJobRunner } from '../../services/jobTypes.js';

/** Registers the command. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('run background jobs until stopped (SIGTERM/SIGINT stop each job at a batch boundary and requeue it)')
    .option('--concurrency <n>', 'jobs run at once (default JOB_CONCURRENCY or 1)', intArg('concurrency'))
    .action(async (opts: { concurrency?: number }) => {
      const config = ctx.config();
      const db = await ctx.db();
      const concurrency = Math.max(1, opts.concurrency ?? config.JOB_CONCURRENCY);
      const runner = createJobRunner(db, config, { log: ctx.io.err, concurrency });
      const stopped = new Promise<string>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      const requeued = await runner.start();
      ctx.io.err(
        `bitext worker ${runner.workerId}: running jobs (${runner.queue.kind} queue, concurrency ${concurrency}, database ${redactUrl(config.DATABASE_URL)})` +
          (requeued > 0 ? `, ${requeued} interrupted job(s) resumed` : '') +
          '\n',
      );
      // The queue's timers do not hold the process open; this does, until a signal comes.
      const keepAlive = setInterval(() => {}, 1 << 30);
      const signal = await stopped;
      clearInterval(keepAlive);
      ctx.io.err(`bitext worker: ${signal}: stopping at the next batch boundary\n`);
      await runner.stop();
      ctx.io.err('bitext worker: stopped\n');
    });
}
