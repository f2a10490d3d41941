/**
 * Chinese script conversion use cases: converting pasted text and files (with a project's terms),
 * and managing a project's protected terms, overrides and per-language configurations.
 */
import { normalizationNote } from '../domain/importNotes.js';
import type { Db } from '../db/client.js';
import { findProject } from '../db/projects.js';
import {
  deleteTerm,
  listTerms,
  saveTerms,
  setConversionConfigs,
  termsOfProjectNamed,
  type SaveTermsResult,
  type StoredTerm,
} from '../db/conversion.js';
import {
  convertMarkdownDocument,
  convertText,
  normalizeSegmentSource,
  type ConversionConfigName,
  type ConvertOptions,
} from '../domain/convert.js';
import { changedRanges, type ChangedRange } from '../domain/diff.js';
import { checkTerm, parseTermsFile, termsToOptions, type TermKind } from '../domain/conversionTerms.js';
import { DEFAULT_TARGET_CONFIGS, formatTargetConfigs, parseTargetConfigs, type TargetConfigs } from '../domain/chineseTargets.js';
import { decodeFile } from '../domain/decode.js';
import type { SegmentDraft } from '../domain/segment.js';
import { ValidationError } from '../domain/errors.js';

/** How text is read: Markdown (code, HTML, links untouched) or plain text. */
export type TextFormat = 'markdown' | 'plain';

/** A conversion request. */
export interface ConvertRequest {
  text: string;
  config: ConversionConfigName;
  /** Apply this project's protected terms and overrides. */
  projectId?: number | undefined;
  format?: TextFormat;
}

/** A converted text and the spans that changed (offsets in the result, UTF-16 code units). */
export interface ConvertResult {
  text: string;
  changed: ChangedRange[];
}

/** A project's protected terms and overrides as conversion options (none without a project). */
export async function projectConvertOptions(db: Db, projectId: number | undefined): Promise<ConvertOptions> {
  if (projectId === undefined) return {};
  await findProject(db, { id: projectId });
  return termsToOptions(await listTerms(db, projectId));
}

/** Converts a text with the chosen configuration (and a project's terms). */
export async function convertWithProject(db: Db | undefined, req: ConvertRequest): Promise<ConvertResult> {
  const options = db ? await projectConvertOptions(db, req.projectId) : {};
  const text = convertByFormat(req.text, req.config, options, req.format ?? 'markdown');
  return { text, changed: changedRanges(req.text, text) };
}

/** Converts a whole text, Markdown-aware or plain. */
export function convertByFormat(text: string, config: ConversionConfigName, options: ConvertOptions, format: TextFormat): string {
  return format === 'plain' ? convertText(text, config, options) : convertMarkdownDocument(text, config, options);
}

/** Decodes an uploaded or read file (UTF-8, GB18030/GBK, Big5, UTF-16); an empty file is empty text. */
export function decodeText(name: string, bytes: Uint8Array, maxBytes: number): string {
  return bytes.length === 0 ? '' : decodeFile(name, bytes, maxBytes).text;
}

/** The name of a converted file: `article.md` → `article.s2twp.md`. */
export function convertedFileName(name: string, config: ConversionConfigName): string {
  const base = name.split(/[\\/]/).pop() || 'converted.txt';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? `${base.slice(0, dot)}.${config}${base.slice(dot)}` : `${base}.${config}.txt`;
}

/** A project's conversion settings: terms and per-language configurations (defaults filled in). */
export async function projectConversionSettings(db: Db, projectId: number) {
  const project = await findProject(db, { id: projectId });
  const own = parseTargetConfigs(project.conversionConfigs);
  const configs: TargetConfigs = { ...DEFAULT_TARGET_CONFIGS, ...own };
  const terms: StoredTerm[] = await listTerms(db, projectId);
  return {
    project: { id: project.id, name: project.name, targetLangs: project.targetLangs },
    terms,
    configs,
  };
}

/** Adds (or replaces) one term typed in a form. */
export async function addTerm(db: Db, projectId: number, kind: TermKind, term: string, replacement?: string): Promise<SaveTermsResult> {
  await findProject(db, { id: projectId });
  const checked = checkTerm(kind, term, kind === 'protect' ? undefined : replacement);
  if (typeof checked === 'string') throw new ValidationError(`term: ${checked}`, { field: 'term' }, 'bad_term');
  return saveTerms(db, projectId, [checked]);
}

/** Removes one term. */
export async function removeTerm(db: Db, projectId: number, termId: number): Promise<void> {
  await deleteTerm(db, projectId, termId);
}

/**
 * Imports a two-column terms file (CSV or TSV) into a project, all or nothing: a bad row refuses
 * the whole file, naming every bad line.
 */
export async function importTermsFile(
  db: Db,
  project: { id: number } | { name: string },
  file: { name: string; bytes: Uint8Array },
  kind: TermKind,
  maxBytes: number,
): Promise<SaveTermsResult & { project: string }> {
  const p = await findProject(db, project);
  const text = decodeText(file.name, file.bytes, maxBytes);
  const entries = parseTermsFile(text, kind, file.name);
  return { ...(await saveTerms(db, p.id, entries)), project: p.name };
}

/** Sets a project's configuration for Traditional Chinese targets (only differences from the defaults are stored). */
export async function setProjectTargetConfigs(db: Db, projectId: number, configs: Record<string, string>): Promise<void> {
  await findProject(db, { id: projectId });
  const stored = Object.entries(configs)
    .map(([lang, config]) => `${lang}=${config}`)
    .join(',');
  await setConversionConfigs(db, projectId, formatTargetConfigs(parseTargetConfigs(stored)));
}

/**
 * Normalises the `source` of every translatable segment to one script (see
 * {@link normalizeSegmentSource}), applying the project's terms when the project exists. `raw` is
 * never touched, so the source export stays byte-identical. Returns new segments and a note.
 */
export async function normalizeSources(
  db: Db,
  segments: readonly SegmentDraft[],
  config: ConversionConfigName,
  projectName: string,
): Promise<{ segments: SegmentDraft[]; changed: number; note: string }> {
  const options = termsToOptions(await termsOfProjectNamed(db, projectName));
  let changed = 0;
  const out = segments.map((s) => {
    if (!s.translatable || !s.source) return s;
    const source = normalizeSegmentSource(s.source, config, options);
    if (source === s.source) return s;
    changed++;
    return { ...s, source };
  });
  return { segments: out, changed, note: normalizationNote(config, changed) };
}

/** Converts an export's rendered text (Markdown-aware unless the document is plain text), with the project's terms. */
export async function convertExport(
  db: Db,
  text: string,
  config: ConversionConfigName,
  projectId: number,
  format: string,
): Promise<string> {
  const options = termsToOptions(await listTerms(db, projectId));
  return convertByFormat(text, config, options, format === 'text' ? 'plain' : 'markdown');
}
