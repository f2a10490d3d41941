/**
 * XLIFF exchange with other translation tools: export one document in one target language (2.1 or 1.2),
 * and import a file translated elsewhere back into the document it came from.
 */
import type { Db } from '../db/client.js';
import { loadDocument } from '../db/documents.js';
import { applyImportedTranslations, type ImportedTranslation } from '../db/translations.js';
import type { AuthUser } from '../db/users.js';
import { AppError, ValidationError } from '../domain/errors.js';
import { documentBaseName } from '../domain/projectExport.js';
import { readXliff, writeXliff12, writeXliff2, type TranslationStatus, type XliffReadDocument } from '../domain/formats/xliff.js';
import { OFF_THREAD_MIN_CHARS, runOffThread } from './offThread.js';
import { audit } from './auth/authService.js';
import { recordDocumentTranslations } from './tmService.js';
import { refreshDocumentQa } from './qaService.js';

/** The XLIFF versions bitext writes. */
export const XLIFF_FORMATS = ['xliff', 'xliff12'] as const;
/** `xliff` is XLIFF 2.1, `xliff12` is XLIFF 1.2. */
export type XliffFormat = (typeof XLIFF_FORMATS)[number];

/** The one language of an XLIFF file (XLIFF carries one target language): anything but one is refused (`one_lang`). */
export function xliffLang(langs: readonly string[]): string {
  if (langs.length !== 1) {
    throw new ValidationError(`lang: XLIFF takes exactly one language, got "${langs.join(',')}"`, { field: 'lang' }, undefined, {
      key: 'one_lang',
      params: { value: langs.join(',') },
    });
  }
  return langs[0]!;
}

/** Writes a document's translatable segments and their translations into its one language (see {@link xliffLang}) as XLIFF. */
export async function exportXliff(
  db: Db,
  req: { documentId: number; langs: readonly string[]; format: XliffFormat; actor?: AuthUser },
): Promise<{ text: string; fileName: string }> {
  const lang = xliffLang(req.langs);
  const doc = await loadDocument(db, req.documentId, [lang]);
  if (!doc.project.targetLangs.includes(lang)) {
    throw new ValidationError(`lang: "${lang}" is not a target language of project ${doc.project.name}`, {
      field: 'lang',
      value: lang,
    });
  }
  const xdoc = {
    id: doc.id,
    path: doc.path,
    sourceLang: doc.sourceLang,
    targetLang: lang,
    units: doc.segments
      .filter((s) => s.translatable)
      .map((s) => {
        const t = s.translations[0];
        return {
          id: s.id,
          index: s.index,
          source: s.source,
          kind: s.kind,
          target: t?.text ?? null,
          // A rejected translation goes out as a draft: it needs work.
          status: (t?.status === 'rejected' ? 'draft' : (t?.status ?? 'untranslated')) as TranslationStatus,
          baseVersion: t?.version ?? 0,
        };
      }),
  };
  const text = req.format === 'xliff12' ? writeXliff12(xdoc) : writeXliff2(xdoc);
  if (req.actor) await audit(db, req.actor, 'export', `document:${doc.id}`, { format: req.format, langs: [lang] });
  return { text, fileName: xliffFileName(doc.path, lang, req.format) };
}

/** The download name of a document's XLIFF file: `seed-article.en.xliff` (2.1) or `seed-article.en.xlf` (1.2). */
export function xliffFileName(documentPath: string, lang: string, format: XliffFormat): string {
  const base = documentBaseName(documentPath);
  return `${base}.${lang}${format === 'xliff12' ? '.xlf' : '.xliff'}`;
}

/** What an XLIFF import changed. */
export interface XliffImportReport {
  documentId: number;
  path: string;
  lang: string;
  units: number;
  updated: number;
  unchanged: number;
}

/**
 * Reads an XLIFF file written by bitext (and translated elsewhere) and stores the targets that differ from the
 * current translations, in one transaction: a changed text becomes `translated` with origin `import` (or the
 * file's state when it says reviewed). A file for another document, a language that is not a target of the
 * project, or units that are not segments of the document are refused with a message, changing nothing.
 */
export async function importXliff(
  db: Db,
  fileName: string,
  xml: string,
  actor?: AuthUser,
  authorize: (doc: { id: number; projectId: number }) => Promise<void> = async () => {},
): Promise<XliffImportReport> {
  // A big file is parsed in a worker: seconds of parsing would hold every other request.
  const file =
    xml.length >= OFF_THREAD_MIN_CHARS ? await runOffThread<XliffReadDocument>('formats/xliff', 'readXliff', [xml]) : readXliff(xml);
  const id = Number(file.documentId);
  if (!file.documentId || !Number.isInteger(id)) {
    throw new ValidationError(
      `${fileName}: the file names no bitext document (it was not exported by bitext)`,
      { file: fileName },
      undefined,
      {
        key: 'xliff_not_bitext',
        params: { file: fileName },
      },
    );
  }
  // A document the user may not see is refused as a missing one (nobody learns it exists).
  const doc = await loadDocument(db, id, [file.targetLang])
    .then(async (d) => (await authorize(d), d))
    .catch((err: unknown) => {
      if (err instanceof AppError && err.status === 404)
        throw new ValidationError(`${fileName}: document ${id} does not exist here`, { file: fileName }, undefined, {
          key: 'xliff_no_document',
          params: { file: fileName, id },
        });
      throw err;
    });
  if (doc.path !== file.path) {
    throw new ValidationError(
      `${fileName}: the file is for "${file.path}" but document ${id} is "${doc.path}"`,
      { file: fileName },
      undefined,
      {
        key: 'xliff_other_path',
        params: { file: fileName, path: file.path, id, docPath: doc.path },
      },
    );
  }
  if (!doc.project.targetLangs.includes(file.targetLang)) {
    throw new ValidationError(
      `${fileName}: "${file.targetLang}" is not a target language of project ${doc.project.name}`,
      {
        file: fileName,
      },
      undefined,
      { key: 'xliff_not_target', params: { file: fileName, value: file.targetLang, project: doc.project.name } },
    );
  }
  const segments = new Map(doc.segments.filter((s) => s.translatable).map((s) => [String(s.id), s]));
  const unknown = file.units.filter((u) => !segments.has(u.id)).map((u) => u.id);
  if (unknown.length > 0) {
    throw new ValidationError(
      `${fileName}: units ${unknown.slice(0, 10).join(', ')} are not segments of document ${id} (was it re-imported since?)`,
      { file: fileName },
      undefined,
      { key: 'xliff_unknown_units', params: { file: fileName, units: unknown.slice(0, 10), id } },
    );
  }
  const changes: ImportedTranslation[] = [];
  for (const u of file.units) {
    const seg = segments.get(u.id)!;
    if (u.source !== seg.source) {
      throw new ValidationError(
        `${fileName}: the source of unit ${u.id} differs from segment ${seg.index + 1}; export the document again`,
        { file: fileName },
        undefined,
        { key: 'xliff_source_changed', params: { file: fileName, unit: u.id, segment: seg.index + 1 } },
      );
    }
    const current = seg.translations[0];
    const text = u.target ?? '';
    if (text === (current?.text ?? '') && (u.state === (current?.status ?? 'untranslated') || text === '')) continue;
    if (text === '') continue; // an emptied target in another tool never deletes work here
    const status = u.state === 'reviewed' ? 'reviewed' : 'translated';
    // Files from bitext carry the version they were made from; without it (another tool rewrote the unit) the
    // current version is assumed, i.e. the file wins.
    changes.push({ segmentId: seg.id, lang: file.targetLang, text, status, expectedVersion: u.baseVersion ?? current?.version ?? 0 });
  }
  await applyImportedTranslations(db, changes, actor?.name ?? 'import');
  // Imported targets are stored as translated or reviewed: they enter the translation memory.
  await recordDocumentTranslations(
    db,
    id,
    changes.map((c) => ({ segmentId: c.segmentId, lang: c.lang, user: actor?.name ?? 'import' })),
    'import',
  );
  // The imported targets get their QA results at once, as after an MT run, so the editor's counts describe them.
  if (changes.length > 0) await refreshDocumentQa(db, id, [file.targetLang]);
  if (actor) await audit(db, actor, 'import.xliff', `document:${id}`, { lang: file.targetLang, updated: changes.length });
  return {
    documentId: id,
    path: doc.path,
    lang: file.targetLang,
    units: file.units.length,
    updated: changes.length,
    unchanged: file.units.length - changes.length,
  };
}
