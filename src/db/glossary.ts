/**
 * Persistence of glossaries: entries per project or shared (projectId null), each with its
 * translations per target language (allowed terms, preferred first, and forbidden variants).
 * Tables TermEntry and TermLang; lists of terms are JSON columns.
 */
import { providerOf, type Db } from './client.js';
import { containsText } from './textFilter.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { toGlossaryTerms, type GlossaryEntry, type GlossaryTargets } from '../domain/formats/glossary.js';
import { entriesForLang, mergeGlossaries, targetsFor } from '../domain/glossary.js';
import type { GlossaryTerm } from '../domain/qa/types.js';

/** Whose glossary: one project's, or the shared one that applies to every project. */
export type GlossaryScope = { projectId: number } | { shared: true };

/** A stored entry: the exchange entry with its id. */
export interface StoredGlossaryEntry extends GlossaryEntry {
  id: number;
  projectId: number | null;
}

/** What writing entries did. */
export interface GlossaryWriteResult {
  added: number;
  updated: number;
  unchanged: number;
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
type Client = Db | Tx;

const scopeKey = (scope: GlossaryScope) => ('projectId' in scope ? scope.projectId : 0);
const scopeProjectId = (scope: GlossaryScope) => ('projectId' in scope ? scope.projectId : null);

function parseList(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

type Row = {
  id: number;
  projectId: number | null;
  sourceTerm: string;
  pos: string;
  note: string;
  langs: { lang: string; terms: string; forbidden: string }[];
};

function toEntry(r: Row): StoredGlossaryEntry {
  const e: StoredGlossaryEntry = {
    id: r.id,
    projectId: r.projectId,
    source: r.sourceTerm,
    targets: r.langs
      .map((l) => ({ lang: l.lang, terms: parseList(l.terms), forbidden: parseList(l.forbidden) }))
      .filter((t) => t.terms.length > 0 || t.forbidden.length > 0),
  };
  if (r.pos) e.pos = r.pos;
  if (r.note) e.note = r.note;
  return e;
}

const WITH_LANGS = { langs: { orderBy: { id: 'asc' as const } } };

/**
 * The entries of a project and the shared ones with their languages, in creation order: one raw statement (every save
 * runs QA with the glossary; the model query with its languages was two statements and about 1 ms of CPU).
 */
async function scopeRows(db: Client, projectId: number): Promise<Row[]> {
  const flat = await db.$queryRaw<
    {
      id: unknown;
      projectId: unknown;
      sourceTerm: string;
      pos: string;
      note: string;
      lang: string | null;
      terms: string | null;
      forbidden: string | null;
    }[]
  >`SELECT e."id", e."projectId", e."sourceTerm", e."pos", e."note", l."lang", l."terms", l."forbidden"
    FROM "TermEntry" e LEFT JOIN "TermLang" l ON l."entryId" = e."id"
    WHERE e."scope" IN (${projectId}, ${0}) ORDER BY e."id", l."id"`;
  const rows: Row[] = [];
  for (const f of flat) {
    const id = Number(f.id);
    let row = rows.at(-1);
    if (row?.id !== id) {
      row = {
        id,
        projectId: f.projectId === null ? null : Number(f.projectId),
        sourceTerm: f.sourceTerm,
        pos: f.pos,
        note: f.note,
        langs: [],
      };
      rows.push(row);
    }
    if (f.lang !== null) row.langs.push({ lang: f.lang, terms: f.terms ?? '[]', forbidden: f.forbidden ?? '[]' });
  }
  return rows;
}

/** The plain exchange form of a stored entry (no id), for export. */
export function exchangeEntry(e: StoredGlossaryEntry): GlossaryEntry {
  const { id: _id, projectId: _p, ...rest } = e;
  return rest;
}

/**
 * The entries of one scope in the order they were created. `q` keeps entries whose source term,
 * note or translations contain it (literally, ignoring case, on both databases).
 */
export async function listGlossaryEntries(db: Client, scope: GlossaryScope, options: { q?: string } = {}): Promise<StoredGlossaryEntry[]> {
  const q = options.q?.trim();
  const rows = await db.termEntry.findMany({
    where: {
      scope: scopeKey(scope),
      ...(q
        ? {
            OR: [
              { sourceTerm: containsText(q, providerOf(db)) },
              { note: containsText(q, providerOf(db)) },
              { langs: { some: { OR: [{ terms: containsText(q, providerOf(db)) }, { forbidden: containsText(q, providerOf(db)) }] } } },
            ],
          }
        : {}),
    },
    orderBy: { id: 'asc' },
    include: WITH_LANGS,
  });
  return rows.map(toEntry);
}

/** One entry of a scope; NotFoundError when it is not there. */
export async function getGlossaryEntry(db: Client, scope: GlossaryScope, id: number): Promise<StoredGlossaryEntry> {
  const row = await db.termEntry.findFirst({ where: { id, scope: scopeKey(scope) }, include: WITH_LANGS });
  if (!row) throw new NotFoundError('glossary entry', id);
  return toEntry(row);
}

/** Writes the languages of `entry` over a stored row (or a new one); languages not in `langs` stay as they are. */
async function writeEntry(tx: Tx, scope: GlossaryScope, id: number | null, entry: GlossaryEntry, langs: readonly string[]): Promise<void> {
  const data = { sourceTerm: entry.source, pos: entry.pos ?? '', note: entry.note ?? '' };
  const entryId = id ?? (await tx.termEntry.create({ data: { ...data, projectId: scopeProjectId(scope), scope: scopeKey(scope) } })).id;
  if (id !== null) await tx.termEntry.update({ where: { id }, data });
  for (const lang of langs) {
    const t: GlossaryTargets = entry.targets.find((x) => x.lang === lang) ?? { lang, terms: [], forbidden: [] };
    if (t.terms.length === 0 && t.forbidden.length === 0) {
      await tx.termLang.deleteMany({ where: { entryId, lang } });
      continue;
    }
    const cols = { terms: JSON.stringify(t.terms), forbidden: JSON.stringify(t.forbidden) };
    await tx.termLang.upsert({ where: { entryId_lang: { entryId, lang } }, create: { entryId, lang, ...cols }, update: cols });
  }
}

/** Whether writing `next` (its languages only, pos/note when given) would change `old`. */
function changes(old: GlossaryEntry, next: GlossaryEntry, replaceMeta: boolean): boolean {
  if (
    replaceMeta
      ? (old.pos ?? '') !== (next.pos ?? '') || (old.note ?? '') !== (next.note ?? '')
      : (next.pos && next.pos !== old.pos) || (next.note && next.note !== old.note)
  ) {
    return true;
  }
  return next.targets.some((t) => {
    const o = old.targets.find((x) => x.lang === t.lang);
    return JSON.stringify([o?.terms ?? [], o?.forbidden ?? []]) !== JSON.stringify([t.terms, t.forbidden]);
  });
}

/** Which fields an import carries, when not every one (a CSV without a `forbidden_ru` column); the others are kept. */
export interface GivenFields {
  terms: readonly string[];
  forbidden: readonly string[];
}

/**
 * Stores entries in ONE transaction (all or nothing). An entry whose source term is already in the
 * scope updates it: the languages it has replace the stored ones (others are kept; with `given`,
 * translations or forbidden variants of a language the file has no column for are kept too), and
 * its part of speech and note replace the stored ones when set.
 */
export async function saveGlossaryEntries(
  db: Db,
  scope: GlossaryScope,
  entries: readonly GlossaryEntry[],
  given?: GivenFields,
): Promise<GlossaryWriteResult> {
  return db.$transaction(
    async (tx) => {
      const result: GlossaryWriteResult = { added: 0, updated: 0, unchanged: 0 };
      const existing = new Map(
        (
          await tx.termEntry.findMany({
            where: { scope: scopeKey(scope), sourceTerm: { in: entries.map((e) => e.source) } },
            include: WITH_LANGS,
          })
        ).map((r) => [r.sourceTerm, toEntry(r)]),
      );
      for (const incoming of entries) {
        const old = existing.get(incoming.source);
        const e = old && given ? keepMissing(incoming, old, given) : incoming;
        if (old && !changes(old, e, false)) {
          result.unchanged++;
          continue;
        }
        const merged: GlossaryEntry = old ? { ...e, pos: e.pos || old.pos, note: e.note || old.note } : e;
        await writeEntry(
          tx,
          scope,
          old?.id ?? null,
          merged,
          e.targets.map((t) => t.lang),
        );
        result[old ? 'updated' : 'added']++;
      }
      return result;
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

/** `e` with the stored translations or forbidden variants of the languages `given` has no column for. */
function keepMissing(e: GlossaryEntry, old: GlossaryEntry, given: GivenFields): GlossaryEntry {
  return {
    ...e,
    targets: e.targets.map((t) => {
      const o = old.targets.find((x) => x.lang === t.lang);
      return {
        lang: t.lang,
        terms: given.terms.includes(t.lang) ? t.terms : (o?.terms ?? []),
        forbidden: given.forbidden.includes(t.lang) ? t.forbidden : (o?.forbidden ?? []),
      };
    }),
  };
}

/**
 * Replaces one entry as edited in a form: source term, part of speech, note, and the translations
 * of the languages in `langs` (languages the form did not show are kept). Throws a ValidationError
 * on field `source` when another entry of the scope has that source term.
 */
export async function updateGlossaryEntry(
  db: Db,
  scope: GlossaryScope,
  id: number,
  entry: GlossaryEntry,
  langs: readonly string[],
): Promise<void> {
  await db.$transaction(async (tx) => {
    await getGlossaryEntry(tx, scope, id);
    const clash = await tx.termEntry.findFirst({
      where: { scope: scopeKey(scope), sourceTerm: entry.source, NOT: { id } },
      select: { id: true },
    });
    if (clash) throw duplicateSource(entry.source);
    await writeEntry(tx, scope, id, entry, langs);
  });
}

/** Adds one entry typed in a form; a ValidationError on field `source` when the scope already has it. */
export async function addGlossaryEntry(db: Db, scope: GlossaryScope, entry: GlossaryEntry): Promise<number> {
  return db.$transaction(async (tx) => {
    const clash = await tx.termEntry.findFirst({ where: { scope: scopeKey(scope), sourceTerm: entry.source }, select: { id: true } });
    if (clash) throw duplicateSource(entry.source);
    await writeEntry(
      tx,
      scope,
      null,
      entry,
      entry.targets.map((t) => t.lang),
    );
    return (await tx.termEntry.findFirstOrThrow({ where: { scope: scopeKey(scope), sourceTerm: entry.source }, select: { id: true } })).id;
  });
}

const duplicateSource = (source: string) =>
  new ValidationError(
    `source: "${source}" is already in this glossary; edit that entry instead`,
    { field: 'source', value: source },
    'duplicate_term',
  );

/** Deletes an entry of a scope (NotFoundError when it is not there). */
export async function deleteGlossaryEntry(db: Db, scope: GlossaryScope, id: number): Promise<void> {
  const { count } = await db.termEntry.deleteMany({ where: { id, scope: scopeKey(scope) } });
  if (count === 0) throw new NotFoundError('glossary entry', id);
}

/**
 * Removes a source term from a scope: the whole entry, or only its translations into `lang` (the
 * entry goes when no language is left). Returns false when there was nothing to remove.
 */
export async function removeGlossaryTerm(db: Db, scope: GlossaryScope, source: string, lang?: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const row = await tx.termEntry.findFirst({ where: { scope: scopeKey(scope), sourceTerm: source }, include: { langs: true } });
    if (!row) return false;
    if (lang === undefined || row.langs.every((l) => l.lang === lang)) {
      await tx.termEntry.delete({ where: { id: row.id } });
      return true;
    }
    const { count } = await tx.termLang.deleteMany({ where: { entryId: row.id, lang } });
    // The entry's change time is part of the stamp by which cached glossaries know they are stale (src/db/saveRows.ts).
    if (count > 0) await tx.termEntry.update({ where: { id: row.id }, data: { updatedAt: new Date() } });
    return count > 0;
  });
}

/** The glossary of a project merged with the shared one (see {@link mergeGlossaries}); only `lang` when given. */
export async function mergedGlossary(db: Client, projectId: number, lang?: string): Promise<GlossaryEntry[]> {
  const entries = (await scopeRows(db, projectId)).map(toEntry);
  const merged = mergeGlossaries(
    entries.filter((e) => e.projectId === null).map(exchangeEntry),
    entries.filter((e) => e.projectId !== null).map(exchangeEntry),
  );
  return lang === undefined ? merged : entriesForLang(merged, lang);
}

/** The QA glossary terms of a project (its own entries and the shared ones, project first), for all languages or one. */
export async function glossaryTermsFor(db: Db, projectId: number, lang?: string): Promise<GlossaryTerm[]> {
  return toGlossaryTerms(await mergedGlossary(db, projectId, lang));
}

/**
 * Source term → preferred translation into `lang` of every entry (project and shared) that has one,
 * sorted by source term: what a provider glossary (DeepL) holds.
 */
export async function preferredTranslations(db: Db, projectId: number, lang: string): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const e of await mergedGlossary(db, projectId, lang)) {
    const preferred = targetsFor(e, lang)?.terms[0];
    if (preferred) out.push([e.source, preferred]);
  }
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
