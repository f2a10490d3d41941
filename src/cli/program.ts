/**
 * The `bitext` command line. Thin: parse arguments, call a service, print. Errors are one line on
 * stderr and a non-zero exit code. Each command lives in src/cli/commands/.
 */
import { Command, CommanderError } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Db } from '../db/client.js';
import type { CliContext, CliIo } from './context.js';
import * as importCmd from './commands/import.js';
import * as exportCmd from './commands/export.js';
import * as listCmd from './commands/list.js';
import * as serveCmd from './commands/serve.js';
import * as accountsCmd from './commands/accounts.js';
import * as convertCmd from './commands/convert.js';
import * as pretranslateCmd from './commands/pretranslate.js';
import * as replaceCmd from './commands/replace.js';
import * as analyzeCmd from './commands/analyze.js';
import * as workerCmd from './commands/worker.js';
import * as jobsCmd from './commands/jobs.js';
import * as glossaryCmd from './commands/glossary.js';
import * as qaCmd from './commands/qa.js';
import * as tmCmd from './commands/tm.js';

const COMMANDS = [
  importCmd,
  exportCmd,
  listCmd,
  serveCmd,
  accountsCmd,
  convertCmd,
  pretranslateCmd,
  glossaryCmd,
  qaCmd,
  tmCmd,
  replaceCmd,
  analyzeCmd,
  workerCmd,
  jobsCmd,
];

/** Builds the program; `io` lets tests capture output. */
export function buildProgram(io: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }) {
  let config: Config | undefined;
  let db: Db | undefined;
  const ctx: CliContext = {
    io,
    config: () => (config ??= loadConfig()),
    db: async () => (db ??= await openDatabase(ctx.config().DATABASE_URL)),
    printJson: (value) => io.out(JSON.stringify(value, null, 2) + '\n'),
    interactive: Boolean(process.stderr.isTTY),
  };
  const program = new Command('bitext')
    .description('Translation workbench: Chinese Markdown articles, machine drafts, side-by-side review, bilingual export.')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  for (const c of COMMANDS) c.register(program, ctx);
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
  let serving = false;
  program.hook('preAction', (_root, action) => {
    serving = action.name() === 'serve';
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`bitext: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  } finally {
    if (!serving || process.exitCode) await close();
  }
}
