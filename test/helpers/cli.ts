/** Test helper: runs `bitext` in this process through the program builder, against the database in DATABASE_URL. */
import { buildProgram } from '../../src/cli/program.js';

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
