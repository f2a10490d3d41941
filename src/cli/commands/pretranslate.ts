/** Adds `bitext pretranslate` (machine drafts in bulk, or a dry run with the cost) and `bitext usage`. */
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { intArg, type CliContext } from '../context.js';
import type { MtScope } from '../../db/mt.js';
import { ValidationError } from '../../domain/errors.js';
import { parseLangList } from '../../domain/lang.js';
import { createProvider, isConfigured, PROVIDER_NAMES, providerProfile, type ProviderName } from '../../mt/factory.js';
import { estimatePretranslation, type PretranslateEstimate } from '../../services/pretranslate/estimate.js';
import { assertComplete, pretranslate, type PretranslateProgress, type PretranslateSummary } from '../../services/pretranslate/run.js';
import { mtUsage } from '../../services/usageService.js';

interface PretranslateOpts {
  document?: number;
  project?: string;
  all?: boolean;
  lang: string;
  provider?: ProviderName;
  dryRun?: boolean;
  concurrency?: number;
  overwriteDrafts?: boolean;
  json?: boolean;
}

function scopeOf(opts: PretranslateOpts): MtScope {
  const given = [opts.document !== undefined, opts.project !== undefined, opts.all === true].filter(Boolean).length;
  if (given !== 1) throw new ValidationError('give exactly one of --document ID, --project NAME and --all');
  if (opts.document !== undefined) return { documentId: opts.document };
  if (opts.project !== undefined) return { projectName: opts.project };
  return { all: true };
}

/** Progress on stderr: a bar on a terminal, a line every 10 % otherwise. */
function progressReporter(ctx: CliContext, json: boolean) {
  let bar: cliProgress.SingleBar | undefined;
  let lastStep = -1;
  return {
    update(p: PretranslateProgress) {
      if (ctx.interactive) {
        bar ??= new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: 'pretranslate [{bar}] {percentage}% | {value}/{total} segments | {billed} chars billed',
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        if (!bar.isActive) bar.start(p.total, 0, { billed: 0 });
        bar.setTotal(p.total);
        bar.update(p.done, { billed: p.billedCharacters });
        return;
      }
      const step = p.total === 0 ? 10 : Math.floor((p.done / p.total) * 10);
      if (step === lastStep || json) return;
      lastStep = step;
      ctx.io.err(`pretranslate: ${p.done}/${p.total} segments (${step * 10}%), ${p.billedCharacters} characters billed\n`);
    },
    stop() {
      bar?.stop();
    },
  };
}

function printSummary(ctx: CliContext, s: PretranslateSummary): void {
  const k = s.skipped;
  ctx.io.out(
    [
      `drafted ${s.drafted} segments (${s.flagged} flagged for markup), ${s.tmReused} reused from confirmed translations`,
      `skipped: ${k.alreadyTranslated} already translated, ${k.nonTranslatable} not translatable, ${k.duplicate} duplicates, ${k.tmReuse} translation-memory reuse, ${k.changedMeanwhile} changed meanwhile, ${k.notSent} not sent, ${k.nothingToTranslate} with nothing to translate (copied, not sent)`,
      `${s.texts} texts in ${s.requests} requests (${s.retries} retries), ${s.billedCharacters} characters billed (${s.provider})`,
      ...s.errors.map((e) => `error (${e.lang}, ${e.segments} segments): ${e.code}: ${e.message}`),
      ...(s.stoppedBy ? [`stopped: ${s.stoppedBy.code}: ${s.stoppedBy.message}`] : []),
      ...(s.warnings ?? []).map((w) => `warning: ${w}`),
      '',
    ].join('\n'),
  );
}

function printEstimate(ctx: CliContext, e: PretranslateEstimate): void {
  for (const l of e.langs) {
    ctx.io.out(
      `${l.project} → ${l.lang}: ${l.texts} texts for ${l.segments} segments, ${l.characters} characters, ~${l.requests} requests\n`,
    );
  }
  ctx.io.out(
    `total: ${e.characters} characters, estimated cost €${e.estimatedCost.toFixed(2)} at €${e.pricePerMillion} per million (dry run: nothing sent)\n`,
  );
}

/** Registers `pretranslate` and `usage` (`glossary` is in glossary.ts). */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('pretranslate')
    .description('draft untranslated segments by machine translation (never overwrites translations)')
    .option('--document <id>', 'one document', intArg('--document'))
    .option('--project <name>', 'every document of a project')
    .option('--all', 'every document of every project')
    .requiredOption('--lang <langs>', 'target languages, comma-separated, e.g. en,ru')
    .addOption(new Option('--provider <name>', 'provider (default MT_PROVIDER)').choices(PROVIDER_NAMES))
    .option('--dry-run', 'show what would be sent and the estimated cost; send nothing')
    .option('--concurrency <n>', 'batches in flight (default MT_CONCURRENCY)', intArg('--concurrency'))
    .option('--overwrite-drafts', 'replace earlier machine drafts (never human or confirmed work)')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: PretranslateOpts) => {
      const config = ctx.config();
      const target = { scope: scopeOf(opts), langs: parseLangList(opts.lang, '--lang'), overwriteDrafts: opts.overwriteDrafts ?? false };
      const providerName = opts.provider ?? config.MT_PROVIDER;
      const db = await ctx.db();
      if (opts.dryRun) {
        const estimate = await estimatePretranslation(db, {
          ...target,
          provider: providerProfile(config, providerName),
          pricePerMillion: config.MT_PRICE_PER_MILLION,
        });
        if (opts.json) ctx.printJson(estimate);
        else printEstimate(ctx, estimate);
        return;
      }
      const provider = createProvider(config, providerName);
      const progress = progressReporter(ctx, opts.json ?? false);
      // Ctrl-C stops at the next batch boundary; batches in flight are still stored.
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      let summary: PretranslateSummary;
      try {
        summary = await pretranslate(db, {
          ...target,
          provider,
          concurrency: opts.concurrency ?? config.MT_CONCURRENCY,
          signal: controller.signal,
          onProgress: (p) => progress.update(p),
        });
      } finally {
        progress.stop();
        process.removeListener('SIGINT', onSigint);
      }
      if (opts.json) ctx.printJson(summary);
      else printSummary(ctx, summary);
      assertComplete(summary);
      if (summary.cancelled) process.exitCode = 130;
    });

  program
    .command('usage')
    .description('provider usage this billing period, and characters billed per project and language')
    .addOption(new Option('--provider <name>', 'provider (default MT_PROVIDER)').choices(PROVIDER_NAMES))
    .option('--json', 'print as JSON')
    .action(async (opts: { provider?: ProviderName; json?: boolean }) => {
      const config = ctx.config();
      const name = opts.provider ?? config.MT_PROVIDER;
      const provider = isConfigured(config, name) ? createProvider(config, name) : undefined;
      const report = await mtUsage(await ctx.db(), provider, config.MT_PRICE_PER_MILLION);
      if (opts.json) {
        ctx.printJson(report);
        return;
      }
      if (report.provider) {
        const { name: n, characterCount, characterLimit } = report.provider;
        const pct = characterLimit > 0 ? ` (${((characterCount / characterLimit) * 100).toFixed(1)}%)` : '';
        ctx.io.out(`${n}: ${characterCount} of ${characterLimit} characters used this period${pct}\n`);
      } else if (report.providerError) {
        ctx.io.out(`${name}: usage unavailable: ${report.providerError.message}\n`);
      } else {
        ctx.io.out(`${name}: not configured, or it reports no usage\n`);
      }
      if (report.recoveredRuns.length > 0) {
        ctx.io.out(`marked interrupted (their process had died): run ${report.recoveredRuns.join(', ')}\n`);
      }
      for (const r of report.recorded) {
        const maybe = r.possiblyBilledCharacters > 0 ? ` + ${r.possiblyBilledCharacters} possibly billed` : '';
        ctx.io.out(
          `${r.project ?? `#${r.projectId}`} ${r.lang} ${r.provider}: ${r.billedCharacters} characters billed${maybe} in ${r.requests} requests, €${r.estimatedCost.toFixed(2)}\n`,
        );
      }
      const t = report.totals;
      const maybe = t.possiblyBilledCharacters > 0 ? `, ${t.possiblyBilledCharacters} possibly billed (sent, outcome unknown)` : '';
      ctx.io.out(
        `recorded total: ${t.billedCharacters} characters billed${maybe}, €${t.estimatedCost.toFixed(2)} at €${report.pricePerMillion} per million\n`,
      );
      const c = report.comparison;
      if (c) {
        ctx.io.out(
          `difference: ${c.providerCount} counted by ${report.provider?.name ?? name} − ${c.billed} recorded as billed = ${c.difference}` +
            ` (${c.possiblyBilled} possibly billed; ${c.unexplained} not explained by them)\n`,
        );
      }
    });
}
