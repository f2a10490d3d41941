/** Adds `bitext serve`: the workbench in the browser. */
import type { Command } from 'commander';
import { intArg, type CliContext } from '../context.js';

/** Registers the command. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('serve the workbench in the browser')
    .option('--port <n>', 'port to listen on (default PORT or 3000)', intArg('port'))
    .option('--host <host>', 'address to listen on (default HOST or 127.0.0.1)')
    .action(async (opts: { port?: number; host?: string }) => {
      const cfg = ctx.config();
      // Loaded here so that other commands do not pay for Express and the views (over a second at start).
      const { startServer } = await import('../../web/server.js');
      await startServer({ ...cfg, PORT: opts.port ?? cfg.PORT, HOST: opts.host ?? cfg.HOST }, await ctx.db(), ctx.io.err);
    });
}
