/** Adds `bitext jobs`: background jobs of the database, and cancelling one. */
import type { Command } from 'commander';
import { CLI_USER, intArg, type CliContext } from '../context.js';
import { cancelJob, recentJobs, type JobView } from '../../services/jobService.js';

const line = (j: JobView) =>
  `#${j.id} ${j.type.padEnd(15)} ${j.status.padEnd(9)} ${j.progress.done}/${j.progress.total}${j.cancelRequested && j.status === 'running' ? ' (cancelling)' : ''}${j.error ? `  ${j.error}` : ''}\n`;

/** Registers the command. */
export function register(program: Command, ctx: CliContext): void {
  const jobs = program
    .command('jobs')
    .description('list background jobs (newest first) with status and progress')
    .option('--limit <n>', 'how many (default 20)', intArg('--limit'))
    .option('--json', 'print the jobs as JSON')
    .action(async (opts: { limit?: number; json?: boolean }) => {
      const list = await recentJobs(await ctx.db(), opts.limit ?? 20);
      if (opts.json) ctx.printJson({ jobs: list });
      else for (const j of list) ctx.io.out(line(j));
    });
  jobs
    .command('cancel')
    .description('cancel a job: at once when queued, at its next batch boundary when running (in any worker)')
    .argument('<id>', 'job id', intArg('job id'))
    .action(async (id: number) => {
      ctx.io.out(line(await cancelJob(await ctx.db(), CLI_USER, id)));
    });
}
