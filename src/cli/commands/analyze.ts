/** Adds `bitext analyze`: the analysis report of a document in one target language. */
import type { Command } from 'commander';
import { intArg, type CliContext } from '../context.js';
import { analyseDocument } from '../../services/analysisService.js';
import { MATCH_BANDS } from '../../domain/tm/similarity.js';
import type { Tally } from '../../domain/analysis.js';

/** Registers the command. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('analyze')
    .alias('analyse')
    .description('analyse a document: progress, repetitions, TM match bands, MT estimate, post-edit distance')
    .argument('<documentId>', 'document id (see bitext list)', intArg('documentId'))
    .requiredOption('--lang <lang>', 'target language')
    .option('--json', 'print as JSON')
    .action(async (documentId: number, opts: { lang: string; json?: boolean }) => {
      const r = await analyseDocument(await ctx.db(), documentId, opts.lang, { pricePerMillion: ctx.config().MT_PRICE_PER_MILLION });
      if (opts.json) return ctx.printJson(r);
      const line = (label: string, t: Tally) =>
        ctx.io.out(`  ${label.padEnd(14)} ${String(t.segments).padStart(6)} segments ${String(t.characters).padStart(9)} characters\n`);
      ctx.io.out(`${r.project} / ${r.path} → ${r.lang}\n`);
      for (const [status, t] of Object.entries(r.byStatus)) line(status, t);
      line('total', r.total);
      ctx.io.out('Memory\n');
      line('repetitions', r.repetitions);
      for (const b of MATCH_BANDS) line(b.band === 'none' ? 'no match' : `${b.band} %`, r.matchBands[b.band]);
      ctx.io.out(
        `MT estimate: ${r.mtEstimate.characters} characters in ${r.mtEstimate.segments} segments, about €${r.mtEstimatedCost.toFixed(2)}\n`,
      );
      ctx.io.out(
        r.postEdit.segments.length === 0
          ? 'Post-edit distance: no confirmed translation started as a machine draft\n'
          : `Post-edit distance: ${r.postEdit.mean} % on average (${r.postEdit.weighted} % by length) over ${r.postEdit.segments.length} segments; ${r.postEdit.unchanged} kept as drafted\n`,
      );
    });
}
