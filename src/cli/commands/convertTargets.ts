/** Adds `bitext convert-targets`: Traditional Chinese targets drafted by conversion of the source. */
import type { Command } from 'commander';
import { intArg, type CliContext } from '../context.js';
import { parseLangList } from '../../domain/lang.js';
import { ValidationError } from '../../domain/errors.js';
import { draftDocumentTargets, draftProjectTargets, type DocumentDraftReport } from '../../services/chineseTargetsService.js';

/** Registers the command. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('convert-targets')
    .description('draft zh-Hant / zh-TW / zh-HK translations by converting the Simplified source (never overwrites human or MT work)')
    .option('--document <id>', 'one document', intArg('--document'))
    .option('--project <name>', 'every document of a project (one transaction per document)')
    .requiredOption('--lang <langs>', 'target language(s): zh-Hant, zh-TW, zh-HK, comma-separated')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { document?: number; project?: string; lang: string; json?: boolean }) => {
      if ((opts.document === undefined) === (opts.project === undefined)) {
        throw new ValidationError('give either --document ID or --project NAME', { field: '--document' });
      }
      const langs = parseLangList(opts.lang, '--lang');
      const db = await ctx.db();
      const reports: DocumentDraftReport[] =
        opts.document !== undefined
          ? [await draftDocumentTargets(db, opts.document, langs, 'cli')]
          : await draftProjectTargets(db, opts.project!, langs, 'cli');
      if (opts.json) {
        ctx.printJson({ documents: reports });
        return;
      }
      for (const r of reports) {
        for (const l of r.langs) {
          ctx.io.out(
            `#${r.documentId} ${r.path} ${l.lang} (${l.config}): ${l.drafted} drafted, ${l.updated} updated, ${l.unchanged} unchanged, ${l.kept} kept\n`,
          );
        }
        if (r.addedTargets.length > 0) ctx.io.out(`  added ${r.addedTargets.join(', ')} to the project's target languages\n`);
      }
    });
}
