/** Adds `bitext export`: a document in a layout, to stdout or a file. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { intArg, type CliContext } from '../context.js';
import { exportDocument } from '../../services/exportService.js';
import { LAYOUTS, type Layout } from '../../domain/layout.js';
import { parseLangList } from '../../domain/lang.js';
import { parseConversionConfig } from '../../domain/convert.js';
import { exportXliff, XLIFF_FORMATS, type XliffFormat } from '../../services/xliffService.js';
import { AppError, ValidationError } from '../../domain/errors.js';

/** Registers the command. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('export a document in a layout')
    .argument('<documentId>', 'document id (see `bitext list`)', intArg('documentId'))
    .addOption(new Option('--layout <layout>', 'output layout').choices(LAYOUTS).default('source'))
    .option('--lang <langs>', 'target language(s), comma-separated, e.g. en,ru')
    .option('--mark-untranslated', 'target layout: prefix blocks that fall back to the source with [UNTRANSLATED]')
    .option('--out <file>', 'write to a file instead of stdout (never over an existing file without --force)')
    .option('--force', 'with --out: overwrite an existing file')
    .addOption(new Option('--format <format>', 'XLIFF for other translation tools: xliff (2.1) or xliff12 (1.2), one --lang').choices(XLIFF_FORMATS))
    .option('--convert <config>', 'Chinese script: convert the output with an OpenCC configuration, e.g. s2twp (markup-safe)')
    .action(async (documentId: number, opts: { layout: Layout; lang?: string; markUntranslated?: boolean; out?: string; force?: boolean; convert?: string; format?: XliffFormat }) => {
      if (opts.format) {
        const langs = opts.lang ? parseLangList(opts.lang, '--lang') : [];
        if (langs.length !== 1) throw new ValidationError(`--lang: --format ${opts.format} takes exactly one language`);
        const { text } = await exportXliff(await ctx.db(), { documentId, lang: langs[0]!, format: opts.format });
        if (opts.out) await writeOut(opts.out, text, opts.force ?? false);
        else ctx.io.out(text);
        return;
      }
      const { text } = await exportDocument(await ctx.db(), {
        documentId,
        layout: opts.layout,
        langs: opts.lang ? parseLangList(opts.lang, '--lang') : [],
        markUntranslated: opts.markUntranslated ?? false,
        convert: opts.convert === undefined ? undefined : parseConversionConfig(opts.convert, '--convert'),
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
