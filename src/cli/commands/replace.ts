/** Adds `bitext replace`: find and replace in the translations of a document, with a dry run. */
import type { Command } from 'commander';
import { CLI_USER, intArg, type CliContext } from '../context.js';
import { applyReplace, previewReplace } from '../../services/replaceService.js';
import type { ReplaceOptions } from '../../domain/replace.js';

interface Opts {
  lang: string;
  find: string;
  replace: string;
  regex?: boolean;
  matchCase?: boolean;
  wholeWord?: boolean;
  includeReviewed?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** Registers the command. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('replace')
    .description('find and replace in the translations of a document (reviewed ones only with --include-reviewed)')
    .argument('<documentId>', 'document id (see bitext list)', intArg('documentId'))
    .requiredOption('--lang <lang>', 'target language')
    .requiredOption('--find <text>', 'text (or, with --regex, pattern) to find')
    .requiredOption('--replace <text>', 'replacement (with --regex, $1 and $<name> refer to groups)')
    .option('--regex', 'treat --find as a JavaScript regular expression')
    .option('--match-case', 'case-sensitive')
    .option('--whole-word', 'whole words only')
    .option('--include-reviewed', 'also change reviewed translations (they go back to translated)')
    .option('--dry-run', 'show what would change, change nothing')
    .option('--json', 'print as JSON')
    .action(async (documentId: number, opts: Opts) => {
      const db = await ctx.db();
      const options: ReplaceOptions = opts;
      const plan = await previewReplace(db, documentId, opts.lang, options, CLI_USER);
      if (opts.dryRun) {
        if (opts.json) return ctx.printJson(plan);
        for (const c of plan.changes) ctx.io.out(`#${c.index + 1}\n- ${c.before.map((p) => p.text).join('')}\n+ ${c.text}\n`);
        ctx.io.out(
          `${plan.changes.length} translations would change (${plan.matches} matches); ${plan.skippedReviewed} reviewed skipped\n`,
        );
        return;
      }
      const result = await applyReplace(
        db,
        documentId,
        opts.lang,
        options,
        new Map(plan.changes.map((c) => [c.segmentId, c.version])),
        CLI_USER,
      );
      if (opts.json) return ctx.printJson(result);
      ctx.io.out(
        `${result.changed} translations changed (${result.matches} replacements); ${result.skippedReviewed} reviewed skipped; ${result.conflicts.length} changed meanwhile and left alone\n`,
      );
    });
}
