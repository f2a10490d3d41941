/** Adds `bitext qa`: runs the QA checks over a document's translations in one language. */
import type { Command } from 'commander';
import { intArg, type CliContext } from '../context.js';
import { runDocumentQa } from '../../services/qaService.js';
import { parseLangList } from '../../domain/lang.js';
import { ValidationError } from '../../domain/errors.js';

/** Registers the command. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('qa')
    .description('run the QA checks on a document in one target language; exit 1 when error-level issues remain')
    .argument('<documentId>', 'document id (see `bitext list`)', intArg('documentId'))
    .option('--lang <lang>', "target language (default: the project's first)")
    .option('--json', 'print the report as JSON')
    .action(async (documentId: number, opts: { lang?: string; json?: boolean }) => {
      const langs = opts.lang === undefined ? [] : parseLangList(opts.lang, '--lang');
      if (opts.lang !== undefined && langs.length !== 1) throw new ValidationError('--lang: give exactly one language');
      const report = await runDocumentQa(await ctx.db(), documentId, langs[0]).catch((err: unknown) => {
        // Name the option, not the service's field.
        if (err instanceof ValidationError && err.details?.field === 'lang')
          throw new ValidationError(err.message.replace(/^lang:/, '--lang:'), err.details);
        throw err;
      });
      if (opts.json) ctx.printJson(report);
      else {
        ctx.io.out(
          `${report.path} (${report.lang}): ${report.checked} translation(s) checked, ${report.errors} error(s), ${report.warnings} warning(s)\n`,
        );
        for (const s of report.segments) {
          ctx.io.out(`#${s.number} [${s.status}]\n`);
          for (const i of s.issues) ctx.io.out(`  ${i.severity.padEnd(7)} ${i.check}: ${i.message}\n`);
        }
      }
      if (report.errors > 0) process.exitCode = 1;
    });
}
