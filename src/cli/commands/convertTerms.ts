/** Adds `bitext convert-terms`: a project's protected terms and overrides for Chinese script conversion. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { TERM_KINDS, type TermKind } from '../../domain/conversionTerms.js';
import { importTermsFile, projectConversionSettings } from '../../services/conversionService.js';
import { projectOf } from '../../services/projectService.js';

/** Registers the command and its sub-commands. */
export function register(program: Command, ctx: CliContext): void {
  const terms = program.command('convert-terms').description("a project's protected terms and overrides for Chinese script conversion");
  terms
    .command('import')
    .description('import a two-column CSV or TSV file: from,to (overrides) or one term per line (protected terms); all or nothing')
    .argument('<file>', 'CSV or TSV file')
    .requiredOption('--project <name>', 'project')
    .addOption(new Option('--kind <kind>', 'protect: never converted; override: from → to').choices(TERM_KINDS).makeOptionMandatory())
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { project: string; kind: TermKind; json?: boolean }) => {
      const bytes = await readFile(file);
      const r = await importTermsFile(
        await ctx.db(),
        { name: opts.project },
        { name: path.basename(file), bytes },
        opts.kind,
        ctx.config().MAX_IMPORT_BYTES,
      );
      if (opts.json) ctx.printJson(r);
      else ctx.io.out(`${r.project}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged\n`);
    });
  terms
    .command('list')
    .description("list a project's terms and per-language configurations")
    .requiredOption('--project <name>', 'project')
    .option('--json', 'print as JSON')
    .action(async (opts: { project: string; json?: boolean }) => {
      const db = await ctx.db();
      const settings = await projectConversionSettings(db, (await projectOf(db, { name: opts.project })).id);
      if (opts.json) {
        ctx.printJson({ terms: settings.terms, configs: settings.configs });
        return;
      }
      for (const t of settings.terms)
        ctx.io.out(t.kind === 'protect' ? `protect   ${t.term}\n` : `override  ${t.term} → ${t.replacement}\n`);
      if (settings.terms.length === 0) ctx.io.out('no terms\n');
    });
}
