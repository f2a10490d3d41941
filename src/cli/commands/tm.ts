/** Adds `bitext tm`: rebuild the translation memory, export it as TMX, import TMX files into it. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { normalizeLang } from '../../domain/lang.js';
import { ImportRefused } from '../../domain/errors.js';
import { rebuildMemory } from '../../services/tmService.js';
import { exportMemoryTmx, importMemoryTmxBytes } from '../../services/tmxService.js';

/** Largest TMX file read by the CLI (memories are much larger than articles). */
const MAX_TMX_BYTES = 1024 * 1024 * 1024;

/** Registers the command. */
export function register(program: Command, ctx: CliContext): void {
  const tm = program.command('tm').description('translation memory: rebuild it, export it as TMX, import TMX files');

  tm.command('rebuild')
    .description('put every confirmed (translated or reviewed) translation into the memory; existing units are only refreshed')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const r = await rebuildMemory(await ctx.db());
      if (opts.json) ctx.printJson(r);
      else ctx.io.out(`memory rebuilt from ${r.documents} documents: ${r.created} units added, ${r.updated} refreshed\n`);
    });

  tm.command('export')
    .description('write the memory as TMX 1.4b (to stdout or --out)')
    .option('--project <name>', "only this project's units")
    .option('--lang <lang>', 'only this target language')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (opts: { project?: string; lang?: string; out?: string }) => {
      const { text, units } = await exportMemoryTmx(await ctx.db(), {
        project: opts.project,
        lang: opts.lang === undefined ? undefined : normalizeLang(opts.lang, '--lang'),
      });
      if (opts.out) {
        await writeFile(opts.out, text);
        ctx.io.err(`${units} units written to ${opts.out}\n`);
      } else ctx.io.out(text);
    });

  tm.command('import')
    .description('read a TMX file into the memory (shared, or into --project with its languages); all or nothing')
    .argument('<file>', 'a .tmx file')
    .option('--project <name>', 'the project the units belong to (only its source and target languages are read)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { project?: string; json?: boolean }) => {
      const bytes = await readFile(file).catch(() => {
        throw new ImportRefused('file_not_found', file, 'no such file');
      });
      const r = await importMemoryTmxBytes(await ctx.db(), path.basename(file), bytes, MAX_TMX_BYTES, { project: opts.project });
      if (opts.json) ctx.printJson(r);
      else
        ctx.io.out(
          `${file}: ${r.pairs} translation pairs from ${r.units} units (${r.langs.join(', ')}): ${r.created} added, ${r.updated} already in the memory${r.project ? `, project ${r.project}` : ', shared'}\n`,
        );
    });
}
