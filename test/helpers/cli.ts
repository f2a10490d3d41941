/** Test helper: runs `bitext` in this process through the program builder, against the database in DATABASE_URL. */
import { afterAll, beforeAll } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { freshDatabaseUrl, tempDir } from './db.js';

/** Runs `bitext args…`; errors become one stderr line and exit code 1, as in main(). */
export async function runBitext(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const { program, close } = buildProgram({ out: (s) => (stdout += s), err: (s) => (stderr += s) });
  program.exitOverride();
  let code = 0;
  const savedExit = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'bitext', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (err) {
    code = 1;
    if ((err as { code?: string }).code?.startsWith('commander.') !== true) stderr += `bitext: ${(err as Error).message}\n`;
  } finally {
    process.exitCode = savedExit;
    await close();
  }
  return { code, stdout, stderr };
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
