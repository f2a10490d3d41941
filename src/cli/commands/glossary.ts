/**
 * Adds `bitext glossary`: import, export, list, add and remove glossary entries of a project
 * (`--project NAME`) or of the shared glossary (`--shared`) that applies to every project.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { CLI_USER, type CliContext } from '../context.js';
import { ValidationError } from '../../domain/errors.js';
import { normalizeLang } from '../../domain/lang.js';
import {
  entryOfForm,
  exportGlossary,
  GLOSSARY_FORMATS,
  importGlossaryFile,
  glossaryEntries,
  projectGlossary,
  removeGlossaryTerm,
  resolveScope,
  saveGlossaryForm,
  type GlossaryForm,
  type GlossaryFormat,
  type ScopeName,
} from '../../services/glossaryService.js';
import type { GlossaryEntry } from '../../domain/formats/glossary.js';

interface ScopeOpts {
  project?: string;
  shared?: boolean;
}

/** `--project NAME` or `--shared`, exactly one. */
function scopeOf(opts: ScopeOpts): ScopeName {
  if (opts.project !== undefined && opts.shared) throw new ValidationError('give either --project NAME or --shared, not both');
  if (opts.project !== undefined) return { project: opts.project };
  if (opts.shared) return { shared: true };
  throw new ValidationError('give --project NAME or --shared');
}

const withScope = (c: Command) =>
  c.option('--project <name>', "the project's glossary").option('--shared', 'the shared glossary (applies to every project)');

/** One line per entry and language: source, language, translations (preferred first), forbidden, note. */
function entryLines(e: GlossaryEntry): string {
  const meta = [e.pos, e.note].filter(Boolean).join('; ');
  if (e.targets.length === 0) return `${e.source}\t-\t\t\t${meta}\n`;
  return e.targets
    .map((t) => `${e.source}\t${t.lang}\t${t.terms.join(' | ')}\t${t.forbidden.length ? `not: ${t.forbidden.join(' | ')}` : ''}\t${meta}\n`)
    .join('');
}

/** Registers the command and its sub-commands. */
export function register(program: Command, ctx: CliContext): void {
  const glossary = program
    .command('glossary')
    .description('glossary terms per project or shared: highlighted in the editor, checked by QA, synced to DeepL by pretranslate');

  withScope(glossary.command('import'))
    .description('import a glossary file (.csv or .tbx) in one transaction: a bad row refuses the whole file')
    .argument('<file>', 'CSV (columns zh, en, ru, pos, note, forbidden_en, …) or TBX')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: ScopeOpts & { json?: boolean }) => {
      const db = await ctx.db();
      const { scope, label } = await resolveScope(db, scopeOf(opts));
      const bytes = await readFile(file);
      const r = await importGlossaryFile(db, scope, { name: path.basename(file), bytes }, ctx.config().MAX_IMPORT_BYTES, CLI_USER);
      if (opts.json) ctx.printJson(r);
      else ctx.io.out(`${label}: ${r.entries} entries read, ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged\n`);
    });

  withScope(glossary.command('export'))
    .description('export a glossary as CSV or TBX (to stdout or --out)')
    .addOption(new Option('--format <format>', 'file format').choices(GLOSSARY_FORMATS).default('csv'))
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--merged', 'with --project: the project entries and the shared ones, as they apply')
    .action(async (opts: ScopeOpts & { format: GlossaryFormat; out?: string; merged?: boolean }) => {
      const db = await ctx.db();
      const { scope, langs } = await resolveScope(db, scopeOf(opts));
      const text = await exportGlossary(db, scope, opts.format, { langs, merged: opts.merged ?? false });
      if (opts.out) await writeFile(opts.out, text);
      else ctx.io.out(text);
    });

  withScope(glossary.command('list'))
    .description('list entries: source, language, translations (preferred first), forbidden variants, notes')
    .option('--merged', 'with --project: include the shared entries, as they apply to the project')
    .option('--lang <lang>', 'only this target language')
    .option('--json', 'print as JSON: {entries: [{source, pos?, note?, targets: [{lang, terms, forbidden}]}]}')
    .action(async (opts: ScopeOpts & { merged?: boolean; lang?: string; json?: boolean }) => {
      const db = await ctx.db();
      const { scope } = await resolveScope(db, scopeOf(opts));
      const lang = opts.lang === undefined ? undefined : normalizeLang(opts.lang, '--lang');
      let entries: GlossaryEntry[] =
        opts.merged && 'projectId' in scope ? await projectGlossary(db, scope.projectId) : await glossaryEntries(db, scope);
      if (lang)
        entries = entries.map((e) => ({ ...e, targets: e.targets.filter((t) => t.lang === lang) })).filter((e) => e.targets.length > 0);
      if (opts.json) ctx.printJson({ entries });
      else if (entries.length === 0) ctx.io.out('no entries\n');
      else for (const e of entries) ctx.io.out(entryLines(e));
    });

  withScope(glossary.command('add'))
    .description('add an entry (refused when the glossary already has the source term, as in the web form)')
    .argument('<source>', 'source term (Chinese)')
    .argument('[translations]', 'translations separated by |, preferred first')
    .option('--lang <lang>', 'target language of the translations, e.g. en')
    .option('--forbidden <terms>', 'variants that must not be used, separated by |')
    .option('--pos <pos>', 'part of speech (noun, properNoun, verb, …)')
    .option('--note <text>', 'note for translators')
    .action(
      async (
        source: string,
        translations: string | undefined,
        opts: ScopeOpts & { lang?: string; forbidden?: string; pos?: string; note?: string },
      ) => {
        const db = await ctx.db();
        const { scope, label } = await resolveScope(db, scopeOf(opts));
        if ((translations !== undefined || opts.forbidden !== undefined) && opts.lang === undefined) {
          throw new ValidationError('--lang: the language of the translations is required');
        }
        const lang = opts.lang === undefined ? undefined : normalizeLang(opts.lang, '--lang');
        const form: GlossaryForm = {
          source,
          pos: opts.pos ?? '',
          note: opts.note ?? '',
          langs: lang ? [{ lang, terms: translations ?? '', forbidden: opts.forbidden ?? '' }] : [],
        };
        const entry = entryOfForm(form);
        await saveGlossaryForm(db, scope, form, { actor: CLI_USER });
        const t = entry.targets[0];
        ctx.io.out(
          `${label}: ${entry.source}${t ? ` → ${t.lang}: ${t.terms.join(' | ')}${t.forbidden.length ? ` (not: ${t.forbidden.join(' | ')})` : ''}` : ''} (added)\n`,
        );
      },
    );

  withScope(glossary.command('remove'))
    .description('remove an entry, or only its translations into --lang')
    .argument('<source>', 'source term')
    .option('--lang <lang>', 'only this target language')
    .action(async (source: string, opts: ScopeOpts & { lang?: string }) => {
      const db = await ctx.db();
      const { scope, label } = await resolveScope(db, scopeOf(opts));
      const lang = opts.lang === undefined ? undefined : normalizeLang(opts.lang, '--lang');
      if (!(await removeGlossaryTerm(db, scope, source, lang, CLI_USER))) {
        throw new ValidationError(
          `${label}: "${source}"${lang ? ` has no ${lang} translations` : ' is not in the glossary'}`,
          { source },
          'not_found',
        );
      }
      ctx.io.out(`${label}: removed ${source}${lang ? ` (${lang})` : ''}\n`);
    });
}
