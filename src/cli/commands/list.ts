/** Adds `bitext list`: projects and documents with progress per language. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { progressLine, projectOverview } from '../../services/overviewService.js';

/** Registers the command. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('list projects and documents with progress per language')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const projects = await projectOverview(await ctx.db());
      if (opts.json) {
        ctx.printJson({ projects });
        return;
      }
      if (projects.length === 0) {
        ctx.io.out('No projects yet. Import one with: bitext import ARTICLE.md --project NAME\n');
        return;
      }
      for (const p of projects) {
        ctx.io.out(`${p.name} (${p.sourceLang} → ${p.targetLangs.join(', ')})\n`);
        for (const d of p.documents) {
          const progress = d.progress.map(progressLine).join('  ');
          ctx.io.out(`  #${String(d.id).padEnd(5)} ${d.path}  ${d.segments} segments  ${progress}\n`);
        }
      }
    });
}
