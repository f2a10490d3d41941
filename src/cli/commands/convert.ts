/**
 * Adds `bitext convert`: Simplified ↔ Traditional Chinese conversion of files or stdin, for
 * pipelines. Also registers the other Chinese script commands (`convert-terms`, `convert-targets`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CONVERSION_CONFIGS, parseConversionConfig } from '../../domain/convert.js';
import { ValidationError } from '../../domain/errors.js';
import { convertByFormat, decodeText, projectConvertOptions } from '../../services/conversionService.js';
import { projectOf } from '../../services/projectService.js';
import * as termsCmd from './convertTerms.js';
import * as targetsCmd from './convertTargets.js';

interface ConvertOpts {
  config?: string;
  list?: boolean;
  out?: string;
  project?: string;
  plain?: boolean;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The configurations as an aligned table, one per line. */
export function configTable(): string {
  const width = Math.max(...CONVERSION_CONFIGS.map((c) => c.name.length));
  const scripts = CONVERSION_CONFIGS.map((c) => `${c.source} → ${c.target}`);
  const scriptWidth = Math.max(...scripts.map((s) => s.length));
  return CONVERSION_CONFIGS.map((c, i) => `${c.name.padEnd(width)}  ${scripts[i]!.padEnd(scriptWidth)}  ${c.description}\n`).join('');
}

/** Registers the commands. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('convert')
    .description('convert Chinese text between Simplified and Traditional (OpenCC): files or stdin to stdout')
    .argument('[file...]', 'files to convert (default: stdin); several are written one after the other')
    .option('--config <name>', 'OpenCC configuration, e.g. s2twp (see --list)')
    .option('--list', 'list the configurations with descriptions')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--project <name>', "apply this project's protected terms and overrides")
    .option('--plain', 'plain text: convert everything (default: Markdown-aware, code and links untouched)')
    .action(async (files: string[], opts: ConvertOpts) => {
      if (opts.list) {
        ctx.io.out(configTable());
        return;
      }
      if (opts.config === undefined)
        throw new ValidationError('--config is required, e.g. --config s2twp (see bitext convert --list)', { field: '--config' });
      const config = parseConversionConfig(opts.config, '--config');
      const options =
        opts.project === undefined
          ? {}
          : await projectConvertOptions(await ctx.db(), (await projectOf(await ctx.db(), { name: opts.project })).id);
      const inputs =
        files.length > 0
          ? await Promise.all(files.map(async (f) => ({ name: f, bytes: await readFile(f) })))
          : [{ name: 'stdin', bytes: await readStdin() }];
      const format = opts.plain ? 'plain' : 'markdown';
      const text = inputs
        .map((i) => convertByFormat(decodeText(path.basename(i.name), i.bytes, Number.MAX_SAFE_INTEGER), config, options, format))
        .join('');
      if (opts.out) await writeFile(opts.out, text);
      else ctx.io.out(text);
    });
  termsCmd.register(program, ctx);
  targetsCmd.register(program, ctx);
}
