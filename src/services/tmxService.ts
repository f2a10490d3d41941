/**
 * TMX 1.4b exchange of the translation memory with other tools: export the memory (all of it, a
 * project's, one target language), import a TMX file into it (shared or into a project), and
 * export one document's confirmed translations as TMX.
 */
import type { Db } from '../db/client.js';
import { findProject, knownLanguages } from '../db/projects.js';
import { importTmUnits, listTmUnits, type TmUnitInput, type TmUnitRow } from '../db/tm.js';
import { loadDocument } from '../db/documents.js';
import { describeDbError } from '../db/errors.js';
import type { AuthUser } from '../db/users.js';
import { AppError, ValidationError } from '../domain/errors.js';
import { readTmx, writeTmx, type TmxDocument, type TmxUnit } from '../domain/formats/tmx.js';
import { normalizeLang } from '../domain/lang.js';
import { sameLanguage } from '../domain/qa/lang.js';
import { hashSource } from '../domain/tm/index.js';
import { decodeFile } from '../domain/decode.js';
import { audit } from './auth/authService.js';
import { OFF_THREAD_MIN_CHARS, runOffThread } from './offThread.js';
import { contextHashes, entersMemory } from './tmService.js';

/** `<prop>` types carrying the context hashes of a unit. */
export const TMX_CONTEXT_PREV = 'x-context-prev';
export const TMX_CONTEXT_NEXT = 'x-context-next';

function tmxUnitOf(u: TmUnitRow): TmxUnit {
  const props: Record<string, string> = {};
  if (u.prevHash) props[TMX_CONTEXT_PREV] = u.prevHash;
  if (u.nextHash) props[TMX_CONTEXT_NEXT] = u.nextHash;
  return {
    id: String(u.id),
    creationDate: u.createdAt,
    ...(u.createdBy ? { creationId: u.createdBy } : {}),
    changeDate: u.updatedAt,
    ...(Object.keys(props).length ? { props } : {}),
    variants: [
      { lang: u.sourceLang, text: u.source },
      { lang: u.targetLang, text: u.target },
    ],
  };
}

/** The header's source language: the one all units share, or `*all*`. */
function srcLangOf(langs: string[]): string {
  const distinct = [...new Set(langs)];
  return distinct.length === 1 ? distinct[0]! : distinct.length === 0 ? 'zh' : '*all*';
}

/** Writes memory units as TMX 1.4b: all of them, a project's (`project`), and/or one target language. */
export async function exportMemoryTmx(
  db: Db,
  req: { project?: string | undefined; lang?: string | undefined; projectIds?: (number | null)[] | undefined; actor?: AuthUser },
): Promise<{ text: string; fileName: string; units: number }> {
  const projectId = req.project ? (await findProject(db, { name: req.project })).id : undefined;
  let units = await listTmUnits(db, { ...(projectId !== undefined ? { projectId } : {}), ...(req.lang ? { targetLang: req.lang } : {}) });
  // Readers who are not admins get the units of their projects and the shared ones.
  if (req.projectIds) {
    const allowed = new Set(req.projectIds);
    units = units.filter((u) => allowed.has(u.projectId));
  }
  const text = writeTmx({
    header: { srcLang: srcLangOf(units.map((u) => u.sourceLang)), creationDate: new Date() },
    units: units.map(tmxUnitOf),
  });
  if (req.actor)
    await audit(db, req.actor, 'tm.export', req.project ? `project:${req.project}` : 'tm', { lang: req.lang, units: units.length });
  const name = ['memory', req.project, req.lang]
    .filter(Boolean)
    .join('.')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_');
  return { text, fileName: `${name}.tmx`, units: units.length };
}

/** What a TMX import stored. */
export interface TmxImportReport {
  file: string;
  /** `<tu>` elements in the file. */
  units: number;
  /** Source/target pairs found in usable languages. */
  pairs: number;
  created: number;
  updated: number;
  project: string | null;
  /** Language pairs stored, e.g. ["zh→en"]. */
  langs: string[];
}

/**
 * Reads a TMX file into the memory: every `<tu>` gives one unit per target
 * variant (a variant in the header's source language is the source; zh-CN, en-US… are mapped onto
 * the workbench's codes). With a project, only its source and target languages are taken and the
 * units belong to it; without, they are shared. A file that is not TMX, or has no unit in usable
 * languages, is refused with a message naming it, and nothing is stored. A valid file is stored in
 * short transactions of a few thousand units ({@link importTmUnits}): other users' saves are not held up.
 */
export async function importMemoryTmx(
  db: Db,
  fileName: string,
  xml: string,
  options: { project?: string | undefined; actor?: AuthUser } = {},
): Promise<TmxImportReport> {
  let doc;
  try {
    // A big file is parsed in a worker: seconds of parsing would hold every other request.
    doc = xml.length >= OFF_THREAD_MIN_CHARS ? await runOffThread<TmxDocument>('formats/tmx', 'readTmx', [xml]) : readTmx(xml);
  } catch (err) {
    if (err instanceof AppError) throw new ValidationError(`${fileName}: ${err.message}`, { file: fileName }, 'invalid_tmx');
    throw err;
  }
  const project = options.project ? await findProject(db, { name: options.project }) : null;
  const known = project ? [project.sourceLang, ...project.targetLangs] : await knownLanguages(db);
  const canonical = (lang: string) => {
    const k = known.find((x) => sameLanguage(x, lang));
    if (k) return k;
    try {
      return normalizeLang(lang);
    } catch {
      throw new ValidationError(`${fileName}: "${lang}" is not a valid language code`, { file: fileName }, 'invalid_tmx');
    }
  };
  const headerSrc = doc.header.srcLang === '*all*' ? (project?.sourceLang ?? 'zh') : doc.header.srcLang;
  const sourceLang = project ? project.sourceLang : canonical(headerSrc);
  const inputs: TmUnitInput[] = [];
  for (const tu of doc.units) {
    const src = tu.variants.find((v) => sameLanguage(v.lang, headerSrc));
    if (!src || src.text.trim() === '') continue;
    for (const v of tu.variants) {
      if (v === src || sameLanguage(v.lang, headerSrc) || v.text.trim() === '') continue;
      if (project && !project.targetLangs.some((t) => sameLanguage(t, v.lang))) continue;
      const createdAt = tu.creationDate ?? v.creationDate;
      inputs.push({
        sourceLang,
        targetLang: canonical(v.lang),
        source: src.text,
        target: v.text,
        sourceHash: hashSource(src.text),
        projectId: project?.id ?? null,
        createdBy: tu.creationId ?? v.creationId ?? tu.changeId ?? v.changeId ?? options.actor?.name ?? '',
        origin: 'tmx',
        prevHash: tu.props?.[TMX_CONTEXT_PREV] ?? '',
        nextHash: tu.props?.[TMX_CONTEXT_NEXT] ?? '',
        ...(createdAt ? { createdAt } : {}),
      });
    }
  }
  if (inputs.length === 0) {
    const wanted = project
      ? `${project.sourceLang} → ${project.targetLangs.join(', ')} (project ${options.project})`
      : `${headerSrc} → any other language`;
    throw new ValidationError(`${fileName}: no translation unit in ${wanted}; nothing imported`, { file: fileName }, 'tmx_no_units');
  }
  let done = 0;
  let stored;
  try {
    stored = await importTmUnits(db, inputs, (n) => (done = n));
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Batches are committed one by one: say how far it got, and that importing the file again completes it.
    const reason = describeDbError(err);
    throw new AppError(
      'tm_import_stopped',
      `${fileName}: the import stopped after ${done} units (${reason}); import the file again to complete it`,
      500,
      { file: fileName, stored: done },
      { params: { file: fileName, units: done, reason } },
    );
  }
  const langs = [...new Set(inputs.map((i) => `${i.sourceLang}→${i.targetLang}`))];
  if (options.actor)
    await audit(db, options.actor, 'tm.import', options.project ? `project:${options.project}` : 'tm', { file: fileName, ...stored });
  return { file: fileName, units: doc.units.length, pairs: inputs.length, ...stored, project: options.project ?? null, langs };
}

/** {@link importMemoryTmx} from a file's bytes (UTF-8 or UTF-16; a byte-order mark is dropped), refused by name when not text. */
export async function importMemoryTmxBytes(
  db: Db,
  fileName: string,
  bytes: Uint8Array,
  maxBytes: number,
  options: { project?: string | undefined; actor?: AuthUser } = {},
): Promise<TmxImportReport> {
  const { text } = decodeFile(fileName, bytes, maxBytes);
  return importMemoryTmx(db, fileName, text.replace(/^\uFEFF/, ''), options);
}

/**
 * A document's confirmed translations (translated or reviewed) into `langs` as TMX: one `<tu>` per
 * segment with a variant per language, context hashes as props.
 */
export async function exportDocumentTmx(
  db: Db,
  req: { documentId: number; langs: string[]; actor?: AuthUser },
): Promise<{ text: string; fileName: string }> {
  const doc = await loadDocument(db, req.documentId, req.langs);
  const targets = doc.project.targetLangs;
  const bad = req.langs.filter((l) => !targets.includes(l));
  if (bad.length)
    throw new ValidationError(`lang: ${bad.join(', ')} is not a target language of project ${doc.project.name}`, { field: 'lang' });
  const translatable = doc.segments.filter((s) => s.translatable);
  const units: TmxUnit[] = [];
  translatable.forEach((s, k) => {
    const confirmed = s.translations.filter((t) => entersMemory(t.status) && t.text.trim() !== '');
    if (confirmed.length === 0) return;
    const { prevHash, nextHash } = contextHashes(translatable[k - 1]?.source, translatable[k + 1]?.source);
    units.push({
      id: String(s.id),
      props: { ...(prevHash ? { [TMX_CONTEXT_PREV]: prevHash } : {}), ...(nextHash ? { [TMX_CONTEXT_NEXT]: nextHash } : {}) },
      variants: [
        { lang: doc.sourceLang, text: s.source },
        ...confirmed.map((t) => ({
          lang: t.lang,
          text: t.text,
          changeDate: t.updatedAt,
          ...(t.updatedBy ? { changeId: t.updatedBy } : {}),
        })),
      ],
    });
  });
  const text = writeTmx({ header: { srcLang: doc.sourceLang, creationDate: new Date() }, units });
  if (req.actor) await audit(db, req.actor, 'export', `document:${doc.id}`, { format: 'tmx', langs: req.langs });
  const base =
    doc.path
      .replace(/\.[^./]+$/, '')
      .split('/')
      .pop() || 'document';
  return { text, fileName: `${base}.${req.langs.join('+')}.tmx` };
}
