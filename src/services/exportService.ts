/**
 * Export use case: a stored document rendered in one layout for one or more languages.
 */
import { loadDocument } from '../db/documents.js';
import type { Db } from '../db/client.js';
import { renderLayout, type Layout, type ExportDocument } from '../domain/layout.js';
import { ValidationError } from '../domain/errors.js';
import { documentBaseName } from '../domain/projectExport.js';
import type { Frame } from '../domain/segment.js';
import { renderI18nextTarget } from '../domain/i18nextDoc.js';
import type { AuthUser } from '../db/users.js';
import { audit } from './auth/authService.js';
import type { ConversionConfigName } from '../domain/convert.js';
import { convertExport } from './conversionService.js';

/** What to export. */
export interface ExportRequest {
  documentId: number;
  layout: Layout;
  langs: string[];
  markUntranslated?: boolean;
  /** Who exports (recorded in the audit log). */
  actor?: AuthUser;
  /** Chinese script conversion of the rendered output (markup-safe, with the project's terms). */
  convert?: ConversionConfigName | undefined;
}

/** Marker put before untranslated blocks in the target layout when asked. */
export const UNTRANSLATED_MARKER = '[UNTRANSLATED] ';

/** Checks that a layout gets the languages it needs (one for target, at least one for interleaved and table). */
export function checkLayoutLangs(req: { layout: Layout; langs: string[] }): void {
  if (req.layout === 'target' && req.langs.length !== 1) {
    throw new ValidationError(
      `lang: the target layout takes exactly one language, got "${req.langs.join(',')}"`,
      { field: 'lang' },
      undefined,
      {
        key: 'one_lang',
        params: { value: req.langs.join(',') },
      },
    );
  }
  if ((req.layout === 'interleaved' || req.layout === 'table') && req.langs.length === 0) {
    throw new ValidationError(`lang: the ${req.layout} layout needs at least one language`, { field: 'lang' }, undefined, {
      key: 'no_lang',
      params: { field: 'lang' },
    });
  }
}

/** The download name of a document exported in a layout: `seed.interleaved.en+ru.md`, `strings.target.ru.json`. */
export function exportFileName(
  doc: { path: string; format: string },
  req: { layout: Layout; langs: string[]; convert?: string | undefined },
): string {
  const base = documentBaseName(doc.path);
  const suffix = (req.layout === 'source' ? '' : `.${req.layout}.${req.langs.join('+')}`) + (req.convert ? `.${req.convert}` : '');
  const ext = doc.format === 'i18next' && req.layout !== 'table' ? '.json' : '.md';
  return `${base}${suffix}${ext}`;
}

/** Renders a document; the result's bytes are what the CLI prints and the browser downloads. */
export async function exportDocument(db: Db, req: ExportRequest): Promise<{ text: string; fileName: string }> {
  checkLayoutLangs(req);
  const doc = await loadDocument(db, req.documentId, req.langs);
  const exportDoc: ExportDocument = {
    bom: doc.bom,
    eol: doc.eol,
    trailer: doc.trailer,
    sourceLang: doc.sourceLang,
    segments: doc.segments.map((s) => ({
      kind: s.kind,
      translatable: s.translatable,
      gap: s.gap,
      raw: s.raw,
      source: s.source,
      frame: JSON.parse(s.frame) as Frame,
      targets: Object.fromEntries(s.translations.filter((t) => t.status !== 'untranslated').map((t) => [t.lang, t.text])),
    })),
  };
  const rendered =
    doc.format === 'i18next'
      ? renderI18next(exportDoc, req)
      : renderLayout(exportDoc, {
          layout: req.layout,
          langs: req.langs,
          ...(req.markUntranslated ? { untranslatedMarker: UNTRANSLATED_MARKER } : {}),
        });
  const text = req.convert ? await convertExport(db, rendered, req.convert, doc.projectId, doc.format) : rendered;
  if (req.actor) await audit(db, req.actor, 'export', `document:${doc.id}`, { layout: req.layout, langs: req.langs, convert: req.convert });
  return { text, fileName: exportFileName(doc, req) };
}

/**
 * i18next resource files: `source` is the file as imported, `target` the same file with translated values
 * (same keys, order and formatting; plural keys the target language needs are added), `table` the usual table.
 */
function renderI18next(doc: ExportDocument, req: ExportRequest): string {
  if (req.layout === 'interleaved') {
    throw new ValidationError('layout: interleaved is for Markdown articles; export an i18next file as target or table', {
      field: 'layout',
    });
  }
  if (req.layout !== 'target') return renderLayout(doc, { layout: req.layout, langs: req.langs });
  const lang = req.langs[0]!;
  const original = renderLayout(doc, { layout: 'source', langs: [] });
  const translations = new Map<string, string>();
  for (const s of doc.segments) {
    const text = s.targets[lang];
    const key = (s.frame as Frame & { key?: string }).key;
    if (key !== undefined && text) translations.set(key, text);
  }
  return renderI18nextTarget(original, translations, { targetLang: lang });
}
