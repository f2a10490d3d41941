/**
 * Running `bitext` in tests. `runCli` runs a command in this process through the program builder (the real
 * command definitions, no tsx start-up and no migration per call: milliseconds instead of about two seconds);
 * `spawnCli` / `startCli` start the real `bin/bitext.js`, for the few tests of the entry point itself
 * (bytes on stdout, exit codes, signals, a long-running server or worker).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CommanderError } from 'commander';
import { afterAll, beforeAll } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { freshDatabaseUrl, ROOT, tempDir } from './db.js';

/** The entry point users run (`npx bitext`). */
export const BITEXT_BIN = path.join(ROOT, 'bin/bitext.js');

/** What a run of `bitext` gave: exit code, and what it wrote (stdout also as bytes). */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  bytes: Buffer;
}

/** Options of one run: environment variables to set (undefined removes one) and what stdin holds. */
export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** The bytes on stdin (empty when not given, like a spawned process with a closed pipe). */
  stdin?: string | Buffer;
}

/**
 * Runs `bitext ...args` in this process and returns its exit code and output, as `main()` in
 * src/cli/program.ts would: a commander error exits with commander's code (its message is already on
 * stderr), any other error is one `bitext: message` line on stderr and exit code 1; a command may set
 * `process.exitCode`. Meanwhile `env` is applied to process.env (configuration is read per run), stdin
 * holds `stdin`, and stderr is not a terminal (plain progress lines, as through a pipe); all restored after.
 */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const restoreEnv = applyEnv(options.env ?? {});
  const stdinDescriptor = Object.getOwnPropertyDescriptor(process, 'stdin');
  const stdin = Readable.from([Buffer.from(options.stdin ?? '')]);
  Object.defineProperty(process, 'stdin', { value: stdin, configurable: true, enumerable: true, writable: true });
  const wasTTY = process.stderr.isTTY;
  process.stderr.isTTY = false;
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  let stdout = '';
  let stderr = '';
  let code: number;
  try {
    const { program, close } = buildProgram({ out: (s) => (stdout += s), err: (s) => (stderr += s) });
    program.exitOverride();
    try {
      await program.parseAsync(['node', 'bitext', ...args]);
    } catch (err) {
      if (err instanceof CommanderError) process.exitCode = err.exitCode;
      else {
        stderr += `bitext: ${err instanceof Error ? err.message : String(err)}\n`;
        process.exitCode = 1;
      }
    } finally {
      await close();
    }
    code = Number(process.exitCode ?? 0);
  } finally {
    process.exitCode = exitCodeBefore;
    process.stderr.isTTY = wasTTY;
    if (stdinDescriptor) Object.defineProperty(process, 'stdin', stdinDescriptor);
    restoreEnv();
  }
  return { code, stdout, stderr, bytes: Buffer.from(stdout, 'utf8') };
}

/** Options of a real `bin/bitext.js` process: environment added to this process's, working folder, stdin. */
export interface SpawnOptions extends CliOptions {
  cwd?: string;
}

/** Runs the real `bin/bitext.js` to the end (about two seconds: tsx and migrations); for entry-point tests. */
export function spawnCli(args: string[], options: SpawnOptions = {}): CliResult & { signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, [BITEXT_BIN, ...args], {
    env: childEnv(options.env),
    cwd: options.cwd,
    input: options.stdin ?? '',
  });
  return { code: r.status ?? -1, signal: r.signal, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), bytes: r.stdout };
}

/** Starts the real `bin/bitext.js` without waiting (a server, a worker, a process to kill). */
export function startCli(args: string[], options: SpawnOptions = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BITEXT_BIN, ...args], { env: childEnv(options.env), cwd: options.cwd });
}

/** This process's environment with `env` applied (undefined removes a variable). */
function childEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** Sets environment variables; returns what puts the previous values back. */
function applyEnv(env: Record<string, string | undefined>): () => void {
  const previous = Object.keys(env).map((key) => [key, process.env[key]] as const);
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** Shorthand for {@link runCli} with the arguments spread (`await bitext('import', file)`). */
export async function bitext(...args: string[]): Promise<CliResult> {
  return runCli(args);
}

/**
 * Points `bitext` at a fresh database (DATABASE_URL) for the test file, restored afterwards; returns a
 * temporary folder and the database, both set once `beforeAll` has run.
 */
export function useCliDatabase(setup?: (db: Db, dir: string) => Promise<void>): { dir: string; db: Db } {
  const state = {} as { dir: string; db: Db };
  let savedUrl: string | undefined;
  beforeAll(async () => {
    state.dir = tempDir();
    savedUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = await freshDatabaseUrl();
    state.db = await openDatabase(process.env.DATABASE_URL);
    await setup?.(state.db, state.dir);
  }, 120_000);
  afterAll(async () => {
    await state.db.$disconnect();
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
  });
  return state;
}
