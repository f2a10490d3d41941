/**
 * The database-free part of an import: decode a file's bytes, choose its format and split it into segments. It
 * runs on the importing thread for a few files, and in a worker thread for import jobs (src/services/importWorker.ts),
 * so it imports no database module.
 */
import { createHash } from 'node:crypto';
import { decodeFile } from '../domain/decode.js';
import { AppError } from '../domain/errors.js';
import { decideFormat, type FormatChoice, type FormatReason } from '../domain/formatDetect.js';
import { segmentI18next } from '../domain/i18nextDoc.js';
import { segmentDocument, type DocumentFormat, type SegmentedDocument } from '../domain/segment.js';

/** A file's stored name and bytes. */
export interface FileBytes {
  name: string;
  bytes: Uint8Array;
}

/** A file decoded and segmented, before anything that needs the database (normalisation, saving). */
export interface ParsedFile {
  name: string;
  format: DocumentFormat;
  formatReason: FormatReason;
  /** What the importer asked for ("auto", "markdown", "text"), or the kept document's choice. */
  formatChoice: string;
  encoding: string;
  /** What decoding noted (a legacy encoding, a BOM), or ''. */
  decodeNote: string;
  doc: SegmentedDocument;
  sourceHash: string;
  byteLength: number;
}

/** Why a file was refused before anything was written (the fields of the AppError that refused it). */
export interface ParseRefusal {
  name: string;
  code: string;
  message: string;
  key?: string | undefined;
  params?: Record<string, unknown>;
}

/** The format of a document already stored at a file's path: a re-import keeps it under `auto`. */
export interface StoredFormat {
  format: string;
  formatChoice: string;
}

/**
 * The document format of a file: i18next for `.json`, otherwise Markdown or text as
 * {@link decideFormat} rules (the user's choice, the stored format on re-import, extension, content).
 */
export function formatOf(
  name: string,
  text = '',
  choice: FormatChoice = 'auto',
  stored?: string,
): { format: DocumentFormat; reason: FormatReason } {
  if (/\.json$/i.test(name)) return { format: 'i18next', reason: 'extension' };
  return decideFormat({ name, text, choice, stored: stored === 'markdown' || stored === 'text' ? stored : undefined });
}

/** Decodes and segments one file; `stored` is the format of the document already at its path, if any. Throws AppError to refuse it. */
export function parseFile(file: FileBytes, maxBytes: number, choice: FormatChoice, stored?: StoredFormat): ParsedFile {
  const decoded = decodeFile(file.name, file.bytes, maxBytes);
  const { format, reason } = formatOf(file.name, decoded.text, choice, choice === 'auto' ? stored?.format : undefined);
  // i18next resource files: one segment per string value, the JSON around it kept as glue.
  const doc: SegmentedDocument =
    format === 'i18next'
      ? (segmentI18next(decoded.text, file.name) as unknown as SegmentedDocument)
      : segmentDocument(decoded.text, format);
  return {
    name: file.name,
    format,
    formatReason: reason,
    // A kept format keeps the choice it was made with (an explicit --format text stays explicit).
    formatChoice: reason === 'kept' ? (stored?.formatChoice ?? 'auto') : choice,
    encoding: decoded.encoding,
    decodeNote: decoded.note,
    doc,
    sourceHash: createHash('sha256').update(decoded.text).digest('hex'),
    byteLength: file.bytes.length,
  };
}

/** {@link parseFile} over a batch of files assumed new (no stored format): each parsed or refused, in order. */
export function parseFiles(
  files: readonly FileBytes[],
  maxBytes: number,
  choice: FormatChoice,
): ({ parsed: ParsedFile } | { refused: ParseRefusal })[] {
  return files.map((file) => {
    try {
      return { parsed: parseFile(file, maxBytes, choice) };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { refused: { name: file.name, code: err.code, message: err.message, key: err.key, params: err.params } };
    }
  });
}
