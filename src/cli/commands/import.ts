/** Adds `bitext import`: files and folders in, documents out. */
import { Option, type Command } from 'commander';
import { FORMAT_CHOICES, type FormatChoice } from '../../domain/formatDetect.js';
import type { CliContext } from '../context.js';
import { collectFiles, IMPORT_JOB, importPaths, type ImportJobParams, type ImportReport } from '../../services/importService.js';
import { createJobRunner } from '../../services/jobTypes.js';
import { jobProgressState, jobView } from '../../services/jobService.js';
import type { Db } from '../../db/client.js';
import { normalizeLang, parseLangList } from '../../domain/lang.js';
import { parseConversionConfig } from '../../domain/convert.js';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { importXliff } from '../../services/xliffService.js';

const XLIFF_FILE = /\.(xlf|xliff)$/i;

/** Registers the command. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('import Markdown or text files, or whole folders, as documents; .xlf/.xliff files update the document they came from')
    .argument('<path...>', 'files or folders')
    .option('--project <name>', 'project to import into (created if missing)', 'default')
    .option('--source-lang <lang>', 'language of the source text', 'zh')
    .option('--targets <langs>', 'target languages of a new project', 'en,ru')
    .option('--json', 'print the result as JSON')
    .addOption(
      new Option(
        '--format <format>',
        "Markdown or plain text: auto reads a .txt file as Markdown when its content shows Markdown structure, and keeps a re-imported document's format",
      )
        .choices(FORMAT_CHOICES)
        .default('auto'),
    )
    .option(
      '--normalize <config>',
      'Chinese script: normalise segment sources with an OpenCC configuration, e.g. t2s (the original bytes are kept)',
    )
    .action(
      async (
        paths: string[],
        opts: { project: string; sourceLang: string; targets: string; json?: boolean; normalize?: string; format: FormatChoice },
      ) => {
        // XLIFF files translated elsewhere go back into the documents they were exported from.
        const xliffs = paths.filter((p) => XLIFF_FILE.test(p));
        for (const file of xliffs) {
          const r = await importXliff(await ctx.db(), path.basename(file), await readFile(file, 'utf8'));
          if (opts.json) ctx.printJson({ xliff: r });
          else ctx.io.out(`xliff     #${r.documentId} ${r.path} (${r.lang}): ${r.updated} of ${r.units} units updated\n`);
        }
        paths = paths.filter((p) => !XLIFF_FILE.test(p));
        if (paths.length === 0) return;
        const options = {
          project: opts.project,
          sourceLang: normalizeLang(opts.sourceLang, '--source-lang'),
          targetLangs: parseLangList(opts.targets, '--targets'),
          maxBytes: ctx.config().MAX_IMPORT_BYTES,
          normalize: opts.normalize === undefined ? undefined : parseConversionConfig(opts.normalize, '--normalize'),
          format: opts.format,
        };
        const config = ctx.config();
        const found = await collectFiles(paths);
        // Sizes only matter for a few files: more than IMPORT_JOB_FILES always make a job.
        const asJob =
          found.length > config.IMPORT_JOB_FILES ||
          (await Promise.all(found.map((f) => stat(f.file).then((s) => s.size)))).reduce((a, b) => a + b, 0) > config.IMPORT_JOB_BYTES;
        const report = asJob
          ? await importAsBackgroundJob(ctx, await ctx.db(), found, options)
          : await importPaths(await ctx.db(), paths, options);
        if (!report) return;
        // Refusals name the file as given on the command line (importPaths already did it; a background job did not).
        const fileOf = new Map(found.map((f) => [f.name, f.file]));
        for (const r of report.refused) {
          const file = fileOf.get(r.path) ?? r.path;
          if (!r.message.startsWith(file)) r.message = r.message.replace(r.path, file);
        }
        if (opts.json) {
          ctx.printJson({
            documents: report.documents.map((d) => ({
              id: d.id,
              path: d.path,
              segments: d.segments,
              translatable: d.translatable,
              action: d.action,
              format: d.format,
              formatReason: d.formatReason,
              notes: d.notes || undefined,
              tmPrefilled: d.tmPrefilled || undefined,
            })),
            refused: report.refused,
          });
        } else {
          for (const d of report.documents) {
            ctx.io.out(
              `${d.action.padEnd(9)} #${d.id} ${d.path}: ${d.format} (${d.formatReason}), ${d.segments} segments, ${d.translatable} translatable${d.action === 'updated' ? `, ${d.keptSegments} kept their translations` : ''}${d.notes ? ` (${d.notes})` : ''}${d.tmPrefilled ? `; ${d.tmPrefilled} prefilled from the translation memory` : ''}\n`,
            );
          }
        }
        for (const r of report.refused) ctx.io.err(`bitext: refused ${r.message}\n`);
        if (report.refused.length > 0) process.exitCode = 1;
      },
    );
}

/**
 * Imports many files as a job run by this process (progress on stderr). The job names the files on
 * disk and reads them in batches as it goes. Interrupted (Ctrl-C, SIGTERM), the job stops after the
 * current batch and stays queued: a worker on this machine (the server's or `bitext worker`) resumes
 * it with the next batch. Returns the report, or undefined if interrupted.
 */
async function importAsBackgroundJob(
  ctx: CliContext,
  db: Db,
  found: { name: string; file: string }[],
  options: Omit<ImportJobParams, 'files'>,
): Promise<ImportReport | undefined> {
  const runner = createJobRunner(db, ctx.config(), { log: ctx.io.err, pollMs: 0 });
  // The job names the files on disk (read in batches as it runs) rather than copying an archive into the database.
  const params: ImportJobParams = {
    ...options,
    files: found.length,
    disk: found.map((f) => ({ name: f.name, file: path.resolve(f.file) })),
  };
  // Not announced: this process runs it at once, so that a worker on another machine (which may not see these
  // files) does not take it first.
  const job = await runner.enqueue(IMPORT_JOB, params, [], { announce: false });
  ctx.io.err(`bitext: importing ${found.length} files as job #${job.id}\n`);
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    void runner.stop();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let shown = -1;
  const show = async () => {
    const state = await jobProgressState(db, job.id);
    if (state && state.done !== shown && state.total > 0)
      ctx.io.err(`bitext: job #${job.id}: ${(shown = state.done)} of ${state.total} files\n`);
  };
  const ticker = setInterval(() => void show().catch(() => {}), 1000);
  try {
    // Run here unless another worker took it first; then wait for that worker.
    if (!(await runner.runJob(job.id))) {
      while (['queued', 'running'].includes((await jobProgressState(db, job.id))?.status ?? '') && !interrupted)
        await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    clearInterval(ticker);
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await runner.stop();
  }
  const end = await jobView(db, job.id);
  if (interrupted || end.status === 'queued' || end.status === 'running') {
    ctx.io.err(
      `bitext: stopped after ${end.progress.done} of ${end.progress.total} files; job #${job.id} is queued and resumes in a worker (bitext worker, or bitext serve)\n`,
    );
    process.exitCode = 1;
    return undefined;
  }
  if (end.status !== 'done') throw new Error(`import job #${job.id} ${end.status}: ${end.error ?? ''}`);
  await show();
  return end.result as ImportReport;
}
