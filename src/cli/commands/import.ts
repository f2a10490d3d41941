/** Adds `bitext import`: files and folders in, documents out. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { importPaths } from '../../services/importService.js';
import { normalizeLang, parseLangList } from '../../domain/lang.js';
import { parseConversionConfig } from '../../domain/convert.js';
import { readFile } from 'node:fs/promises';
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
    .option('--normalize <config>', 'Chinese script: normalise segment sources with an OpenCC configuration, e.g. t2s (the original bytes are kept)')
    .action(async (paths: string[], opts: { project: string; sourceLang: string; targets: string; json?: boolean; normalize?: string }) => {
      // XLIFF files translated elsewhere go back into the documents they were exported from.
      const xliffs = paths.filter((p) => XLIFF_FILE.test(p));
      for (const file of xliffs) {
        const r = await importXliff(await ctx.db(), path.basename(file), await readFile(file, 'utf8'));
        if (opts.json) ctx.printJson({ xliff: r });
        else ctx.io.out(`xliff     #${r.documentId} ${r.path} (${r.lang}): ${r.updated} of ${r.units} units updated\n`);
      }
      paths = paths.filter((p) => !XLIFF_FILE.test(p));
      if (paths.length === 0) return;
      const report = await importPaths(await ctx.db(), paths, {
        project: opts.project,
        sourceLang: normalizeLang(opts.sourceLang, '--source-lang'),
        targetLangs: parseLangList(opts.targets, '--targets'),
        maxBytes: ctx.config().MAX_IMPORT_BYTES,
        normalize: opts.normalize === undefined ? undefined : parseConversionConfig(opts.normalize, '--normalize'),
      });
      if (opts.json) {
        ctx.printJson({
          documents: report.documents.map((d) => ({
            id: d.id,
            path: d.path,
            segments: d.segments,
            translatable: d.translatable,
            action: d.action,
            notes: d.notes || undefined,
            tmPrefilled: d.tmPrefilled || undefined,
          })),
          refused: report.refused,
        });
      } else {
        for (const d of report.documents) {
          ctx.io.out(
            `${d.action.padEnd(9)} #${d.id} ${d.path}: ${d.segments} segments, ${d.translatable} translatable${d.action === 'updated' ? `, ${d.keptSegments} kept their translations` : ''}${d.notes ? ` (${d.notes})` : ''}${d.tmPrefilled ? `; ${d.tmPrefilled} prefilled from the translation memory` : ''}\n`,
          );
        }
      }
      for (const r of report.refused) ctx.io.err(`bitext: refused ${r.message}\n`);
      if (report.refused.length > 0) process.exitCode = 1;
    });
}
