/** Adds `bitext export`: a document in a layout, to stdout or a file; or a whole project into a folder. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import { intArg, type CliContext } from '../context.js';
import { exportDocument } from '../../services/exportService.js';
import { LAYOUTS, type Layout } from '../../domain/layout.js';
import { parseLangList } from '../../domain/lang.js';
import { parseConversionConfig } from '../../domain/convert.js';
import { exportXliff, XLIFF_FORMATS, type XliffFormat } from '../../services/xliffService.js';
import { AppError, ValidationError } from '../../domain/errors.js';
import { parseChangedSince } from '../../domain/projectExport.js';
import { planProjectExport, writeProjectExport, type ProjectExportSummary } from '../../services/projectExportService.js';

interface ExportOpts {
  layout: Layout;
  lang?: string;
  markUntranslated?: boolean;
  out?: string;
  convert?: string;
  format?: XliffFormat;
  project?: string;
  outDir?: string;
  changedSince?: string;
  force?: boolean;
}

/** Registers the command. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('export a document in a layout, or every document of a project (--project, --out-dir)')
    .argument('[documentId]', 'document id (see `bitext list`)', intArg('documentId'))
    .addOption(new Option('--layout <layout>', 'output layout').choices(LAYOUTS).default('source'))
    .option('--lang <langs>', 'target language(s), comma-separated, e.g. en,ru')
    .option('--mark-untranslated', 'target layout: prefix blocks that fall back to the source with [UNTRANSLATED]')
    .option('--out <file>', 'write to a file instead of stdout (never over an existing file without --force)')
    .addOption(
      new Option('--format <format>', 'XLIFF for other translation tools: xliff (2.1) or xliff12 (1.2), one --lang').choices(XLIFF_FORMATS),
    )
    .option('--convert <config>', 'Chinese script: convert the output with an OpenCC configuration, e.g. s2twp (markup-safe)')
    .option('--project <name>', 'export every document of the project into --out-dir, each under its stored path')
    .option('--out-dir <dir>', 'with --project: the folder to write into (created if missing)')
    .option(
      '--changed-since <date|last>',
      'with --project: only documents changed since a date (2026-12-01, 2026-12-01T08:30Z) or since the last export of the same layout and languages',
    )
    .option('--force', 'overwrite an existing --out file, or files that already exist in --out-dir')
    .action(async (documentId: number | undefined, opts: ExportOpts) => {
      const convert = opts.convert === undefined ? undefined : parseConversionConfig(opts.convert, '--convert');
      if (opts.project !== undefined || opts.outDir !== undefined) return exportProject(ctx, documentId, opts, convert);
      if (documentId === undefined) throw new ValidationError('give a document id, or --project NAME --out-dir DIR for a whole project');
      if (opts.changedSince !== undefined) throw new ValidationError('--changed-since goes with --project');
      if (opts.format) {
        const langs = opts.lang ? parseLangList(opts.lang, '--lang') : [];
        const { text } = await exportXliff(await ctx.db(), { documentId, langs, format: opts.format });
        if (opts.out) await writeOut(opts.out, text, opts.force ?? false);
        else ctx.io.out(text);
        return;
      }
      const { text } = await exportDocument(await ctx.db(), {
        documentId,
        layout: opts.layout,
        langs: opts.lang ? parseLangList(opts.lang, '--lang') : [],
        markUntranslated: opts.markUntranslated ?? false,
        convert,
      });
      if (opts.out) await writeOut(opts.out, text, opts.force ?? false);
      else ctx.io.out(text);
    });
}

/**
 * Writes `--out`; an existing file is refused (as `bitext backup` does) unless `force`, in the same
 * system call that creates the file, so nothing is ever half-overwritten.
 */
async function writeOut(file: string, text: string, force: boolean): Promise<void> {
  try {
    await writeFile(file, text, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new AppError('file_exists', `${file} already exists: add --force to overwrite it`, 409);
    if (code === 'ENOENT') throw new AppError('folder_missing', `${file}: the folder ${path.dirname(file)} does not exist`, 400);
    throw e;
  }
}

/** `bitext export --project NAME --out-dir DIR`: every document, a progress bar on stderr, a summary on stdout. */
async function exportProject(
  ctx: CliContext,
  documentId: number | undefined,
  opts: ExportOpts,
  convert: ReturnType<typeof parseConversionConfig> | undefined,
): Promise<void> {
  if (documentId !== undefined) throw new ValidationError('give either a document id or --project, not both');
  if (opts.project === undefined || opts.outDir === undefined)
    throw new ValidationError('a project export needs both --project NAME and --out-dir DIR');
  if (opts.out !== undefined) throw new ValidationError('--out writes one document; a project export writes into --out-dir');
  const db = await ctx.db();
  const req = {
    project: opts.project,
    layout: opts.layout,
    langs: opts.lang ? parseLangList(opts.lang, '--lang') : [],
    format: opts.format ?? ('markdown' as const),
    markUntranslated: opts.markUntranslated ?? false,
    convert,
    changedSince: opts.changedSince === undefined ? undefined : parseChangedSince(opts.changedSince),
  };
  const plan = await planProjectExport(db, req);
  const bar = progressBar(ctx);
  let summary: ProjectExportSummary;
  try {
    summary = await writeProjectExport(db, req, plan, opts.outDir, { force: opts.force ?? false, onProgress: bar.update });
  } finally {
    bar.stop();
  }
  for (const s of summary.skipped) ctx.io.err(`bitext: skipped ${s.path}: ${s.reason}\n`);
  ctx.io.out(summaryLine(summary));
}

/** The summary printed after a project export. */
function summaryLine(s: ProjectExportSummary): string {
  const since = s.firstExport
    ? '; no earlier export of this target: every document'
    : s.since
      ? `; ${s.notChanged} not changed since ${s.since.toISOString()}`
      : '';
  const skipped = s.skipped.length ? `; ${s.skipped.length} skipped` : '';
  return `exported ${s.entries.length} document${s.entries.length === 1 ? '' : 's'} of ${s.project} to ${s.outDir}: ${s.written} written, ${s.identical} identical${since}${skipped}\n`;
}

/** Progress on stderr: a bar on a terminal, a line every 10 % otherwise. */
function progressBar(ctx: CliContext) {
  let bar: cliProgress.SingleBar | undefined;
  let lastStep = -1;
  return {
    update: (done: number, total: number) => {
      if (ctx.interactive) {
        bar ??= new cliProgress.SingleBar(
          { stream: process.stderr, format: 'export [{bar}] {percentage}% | {value}/{total} documents', hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        if (!bar.isActive) bar.start(total, 0);
        bar.update(done);
        return;
      }
      const step = Math.floor((done / total) * 10);
      if (step === lastStep) return;
      lastStep = step;
      ctx.io.err(`export: ${done}/${total} documents (${step * 10}%)\n`);
    },
    stop: () => bar?.stop(),
  };
}
