/**
 * The `bitext` command line. Thin: parse arguments, call a service, print. Errors are one line on
 * stderr and a non-zero exit code.
 */
import { writeFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Db } from '../db/client.js';
import { importPaths } from '../services/importService.js';
import { exportDocument } from '../services/exportService.js';
import { projectOverview } from '../services/overviewService.js';
import { LAYOUTS, type Layout } from '../domain/layout.js';
import { normalizeLang, parseLangList } from '../domain/lang.js';
import { AppError } from '../domain/errors.js';
import { startServer } from '../web/server.js';

function intArg(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number, got "${value}"`);
    return n;
  };
}

/** Builds the program; `io` lets tests capture output. */
export function buildProgram(io = { out: (s: string) => process.stdout.write(s), err: (s: string) => process.stderr.write(s) }) {
  let config: Config | undefined;
  let db: Db | undefined;
  const getConfig = () => (config ??= loadConfig());
  const getDb = async () => (db ??= await openDatabase(getConfig().DATABASE_URL));
  const printJson = (value: unknown) => {
    io.out(JSON.stringify(value, null, 2) + '\n');
  };

  const program = new Command('bitext')
    .description('Translation workbench: Chinese Markdown articles, machine drafts, side-by-side review, bilingual export.')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('import')
    .description('import Markdown or text files, or whole folders, as documents')
    .argument('<path...>', 'files or folders')
    .option('--project <name>', 'project to import into (created if missing)', 'default')
    .option('--source-lang <lang>', 'language of the source text', 'zh')
    .option('--targets <langs>', 'target languages of a new project', 'en,ru')
    .option('--json', 'print the result as JSON')
    .action(async (paths: string[], opts: { project: string; sourceLang: string; targets: string; json?: boolean }) => {
      const report = await importPaths(await getDb(), paths, {
        project: opts.project,
        sourceLang: normalizeLang(opts.sourceLang, '--source-lang'),
        targetLangs: parseLangList(opts.targets, '--targets'),
        maxBytes: getConfig().MAX_IMPORT_BYTES,
      });
      if (opts.json) {
        printJson({
          documents: report.documents.map((d) => ({ id: d.id, path: d.path, segments: d.segments, translatable: d.translatable, action: d.action, notes: d.notes || undefined })),
          refused: report.refused,
        });
      } else {
        for (const d of report.documents) {
          io.out(`${d.action.padEnd(9)} #${d.id} ${d.path}: ${d.segments} segments, ${d.translatable} translatable${d.action === 'updated' ? `, ${d.keptSegments} kept their translations` : ''}${d.notes ? ` (${d.notes})` : ''}\n`);
        }
      }
      for (const r of report.refused) io.err(`bitext: refused ${r.message}\n`);
      if (report.refused.length > 0) process.exitCode = 1;
    });

  program
    .command('export')
    .description('export a document in a layout')
    .argument('<documentId>', 'document id (see `bitext list`)', intArg('documentId'))
    .addOption(new Option('--layout <layout>', 'output layout').choices(LAYOUTS).default('source'))
    .option('--lang <langs>', 'target language(s), comma-separated, e.g. en,ru')
    .option('--mark-untranslated', 'target layout: prefix blocks that fall back to the source with [UNTRANSLATED]')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (documentId: number, opts: { layout: Layout; lang?: string; markUntranslated?: boolean; out?: string }) => {
      const { text } = await exportDocument(await getDb(), {
        documentId,
        layout: opts.layout,
        langs: opts.lang ? parseLangList(opts.lang, '--lang') : [],
        markUntranslated: opts.markUntranslated ?? false,
      });
      if (opts.out) await writeFile(opts.out, text);
      else io.out(text);
    });

  program
    .command('list')
    .description('list projects and documents with progress per language')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const projects = await projectOverview(await getDb());
      if (opts.json) {
        printJson({ projects });
        return;
      }
      if (projects.length === 0) {
        io.out('No projects yet. Import one with: bitext import ARTICLE.md --project NAME\n');
        return;
      }
      for (const p of projects) {
        io.out(`${p.name} (${p.sourceLang} → ${p.targetLangs.join(', ')})\n`);
        for (const d of p.documents) {
          const progress = d.progress.map((g) => `${g.lang} ${g.percent}%`).join('  ');
          io.out(`  #${String(d.id).padEnd(5)} ${d.path}  ${d.segments} segments  ${progress}\n`);
        }
      }
    });

  program
    .command('serve')
    .description('serve the workbench in the browser')
    .option('--port <n>', 'port to listen on (default PORT or 3000)', intArg('port'))
    .option('--host <host>', 'address to listen on (default HOST or 127.0.0.1)')
    .action(async (opts: { port?: number; host?: string }) => {
      const cfg = getConfig();
      await startServer({ ...cfg, PORT: opts.port ?? cfg.PORT, HOST: opts.host ?? cfg.HOST }, await getDb(), io.err);
    });

  return { program, close: async () => db?.$disconnect() };
}

/** Runs the CLI with process arguments. */
export async function main(argv = process.argv): Promise<void> {
  // `bitext export 1 | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const { program, close } = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
    } else {
      const message = err instanceof AppError || err instanceof Error ? err.message : String(err);
      process.stderr.write(`bitext: ${message}\n`);
      process.exitCode = 1;
    }
  } finally {
    if (program.args[0] !== 'serve' || process.exitCode) await close();
  }
}
