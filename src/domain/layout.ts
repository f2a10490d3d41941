/**
 * Export layouts: source, target, interleaved (bilingual article) and table.
 * Pure functions over segments and their translations; every layout is aligned with the source.
 */
import type { Frame, SegmentKind } from './segment.js';

/** The export layouts. */
export const LAYOUTS = ['source', 'target', 'interleaved', 'table'] as const;
/** One of {@link LAYOUTS}. */
export type Layout = (typeof LAYOUTS)[number];

/** A segment as the exporter needs it, with its translations keyed by language. */
export interface ExportSegment {
  kind: SegmentKind | string;
  translatable: boolean;
  gap: string;
  raw: string;
  source: string;
  frame: Frame;
  /** Target text by language; absent or null when untranslated. */
  targets: Record<string, string | null | undefined>;
}

/** A document as the exporter needs it. */
export interface ExportDocument {
  bom: boolean;
  eol: string;
  trailer: string;
  sourceLang: string;
  segments: ExportSegment[];
}

/** Options for {@link renderLayout}. */
export interface LayoutOptions {
  layout: Layout;
  /** Target languages, in column / block order. */
  langs: string[];
  /** Prefix untranslated blocks that fall back to the source with this marker (target layout). */
  untranslatedMarker?: string;
}

const BOM = '\uFEFF';
const FINAL_EOL = /(\r\n|\r|\n)$/;
const LIST_LEAD = /(?:[-+*]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?$/;

/** Rebuilds a block around `text` (lines joined with the document's line ending), without a final line ending. */
export function rebuildBlock(frame: Frame, text: string, eol: string): string {
  return frame.lead + text.split(/\r\n|\r|\n/).join(eol + frame.cont) + frame.tail;
}

function finalEol(raw: string): string {
  return FINAL_EOL.exec(raw)?.[0] ?? '';
}

/** Renders a document in one layout. Line endings and BOM follow the source. */
export function renderLayout(doc: ExportDocument, options: LayoutOptions): string {
  const body = (() => {
    switch (options.layout) {
      case 'source':
        return doc.segments.map((s) => s.gap + s.raw).join('') + doc.trailer;
      case 'target':
        return renderTarget(doc, options);
      case 'interleaved':
        return renderInterleaved(doc, options.langs);
      case 'table':
        return renderTable(doc, options.langs);
    }
  })();
  return (doc.bom ? BOM : '') + body;
}

function renderTarget(doc: ExportDocument, options: LayoutOptions): string {
  if (options.langs.length !== 1) throw new RangeError('the target layout takes exactly one language');
  const lang = options.langs[0]!;
  let out = '';
  for (const s of doc.segments) {
    out += s.gap;
    const text = s.translatable ? s.targets[lang] : undefined;
    if (!s.translatable) out += s.raw;
    else if (text != null && text !== '') out += rebuildBlock(s.frame, text, doc.eol) + finalEol(s.raw);
    else if (options.untranslatedMarker) out += rebuildBlock(s.frame, options.untranslatedMarker + s.source, doc.eol) + finalEol(s.raw);
    else out += s.raw;
  }
  return out + doc.trailer;
}

/**
 * Each source block followed by its translation in the same construct. List items get a sibling
 * item, table rows a following row (the header's translation goes after the delimiter row),
 * other blocks a following block separated by a blank line inside the same container.
 */
function renderInterleaved(doc: ExportDocument, langs: string[]): string {
  const eol = doc.eol;
  let out = '';
  let pendingHeader = '';
  for (const s of doc.segments) {
    out += s.gap;
    let raw = s.raw;
    if (!s.translatable) {
      out += raw;
      if (s.kind === 'table_delim' && pendingHeader) {
        if (!finalEol(raw)) out += eol;
        out += pendingHeader;
        pendingHeader = '';
      }
      continue;
    }
    if (!finalEol(raw)) raw += eol;
    out += raw;
    const blocks = langs.map((lang) => rebuildBlock(s.frame, s.targets[lang] || s.source, eol));
    if (s.kind === 'table_header') {
      pendingHeader = blocks.map((b) => b + eol).join('');
      continue;
    }
    const sibling = s.kind === 'table_row' || LIST_LEAD.test(s.frame.lead);
    const separator = sibling ? '' : s.frame.lead.replace(/[^\s>]/g, ' ').trimEnd() + eol;
    out += blocks.map((b) => separator + b).join(eol) + finalEol(s.raw);
  }
  return out + pendingHeader + doc.trailer;
}

/** Escapes text for one Markdown table cell: pipes escaped, line breaks as `<br>`. */
export function escapeCell(text: string): string {
  return text
    .replace(/\\\|/g, '\u0000')
    .replace(/\|/g, '\\|')
    .replace(/\u0000/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** A Markdown table, one row per translatable segment, one column per language (source first). */
function renderTable(doc: ExportDocument, langs: string[]): string {
  const eol = doc.eol;
  const cols = [doc.sourceLang, ...langs];
  const row = (cells: string[]) => `| ${cells.join(' | ')} |${eol}`;
  let out = row(cols) + row(cols.map(() => '---'));
  for (const s of doc.segments) {
    if (!s.translatable) continue;
    out += row([escapeCell(s.source), ...langs.map((l) => escapeCell(s.targets[l] ?? ''))]);
  }
  return out;
}
