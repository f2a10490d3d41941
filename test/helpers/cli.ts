/** Test helper: runs `bitext` in this process through the program builder, as main() does. */
import { buildProgram } from '../../src/cli/program.js';

/** Runs `bitext ...args`; errors become one stderr line and exit code 1, as in main(). */
export async function bitext(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const { program, close } = buildProgram({ out: (s) => (stdout += s), err: (s) => (stderr += s) });
  program.exitOverride();
  let code = 0;
  const exitCodeBefore = process.exitCode;
  try {
    await program.parseAsync(['node', 'bitext', ...args]);
    // Commands that refuse part of their input (import) set the exit code and go on.
    if (process.exitCode) code = Number(process.exitCode);
  } catch (err) {
    code = 1;
    if ((err as { code?: string }).code?.startsWith('commander.') !== true) stderr += `bitext: ${(err as Error).message}\n`;
  } finally {
    process.exitCode = exitCodeBefore;
    await close();
  }
  return { code, stdout, stderr };
}
