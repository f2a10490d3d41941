/**
 * Splits a Markdown (or plain-text) document into segments, one per block, so that the original
 * bytes are recoverable exactly: `bom + Σ(gap + raw) + trailer === original`.
 *
 * Like OmegaT's segmenter, it splits and glues: every byte belongs either to a block (`raw`) or to
 * the glue before it (`gap`: blank lines, bare `>` lines), or to the document's `trailer`.
 * Each translatable block also carries its text (`source`, block markers removed) and a `frame`
 * that rebuilds the same construct around a translation.
 */
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

/** What a block is. Opaque kinds are stored but never translated. */
export type SegmentKind =
  | 'paragraph'
  | 'heading'
  | 'list_item'
  | 'blockquote'
  | 'table_header'
  | 'table_row'
  | 'table_delim'
  | 'code'
  | 'html'
  | 'front_matter'
  | 'hr'
  | 'image'
  | 'linkdef'
  | 'i18n_value'
  | 'other';

/** How to rebuild a block around new text: `lead + lines.join(eol + cont) + tail`. */
export interface Frame {
  lead: string;
  cont: string;
  tail: string;
}

/** One block of a document. */
export interface SegmentDraft {
  index: number;
  kind: SegmentKind;
  translatable: boolean;
  /** Glue before the block. */
  gap: string;
  /** The block's exact text, including its final line ending (if any). */
  raw: string;
  /** Translatable text with block markers removed and lines joined by "\n" ('' for opaque blocks). */
  source: string;
  frame: Frame;
}

/** A segmented document. */
export interface SegmentedDocument {
  bom: boolean;
  /** Dominant line ending ("\r\n" or "\n"), used for lines the exporter creates. */
  eol: '\r\n' | '\n';
  segments: SegmentDraft[];
  trailer: string;
}

/** Input format of a document (`i18next` resource files are segmented by i18nextDoc.ts). */
export type DocumentFormat = 'markdown' | 'text' | 'i18next';

const BOM = '\uFEFF';
const EMPTY_FRAME: Frame = { lead: '', cont: '', tail: '' };
const md = new MarkdownIt('default', { html: true, linkify: false });

interface Line {
  text: string;
  eol: string;
}

/** Splits text into lines, each keeping its own line ending ("\r\n", "\n", "\r" or "" at the end). */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let pos = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ text: text.slice(pos, m.index), eol: m[0] });
    pos = m.index + m[0].length;
  }
  if (pos < text.length) lines.push({ text: text.slice(pos), eol: '' });
  return lines;
}

/** The line ending used by most lines ("\n" when there are none). */
export function dominantEol(lines: Line[]): '\r\n' | '\n' {
  let crlf = 0;
  let lf = 0;
  for (const l of lines) {
    if (l.eol === '\r\n') crlf++;
    else if (l.eol === '\n') lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Segments a document. Text must already be decoded; a leading BOM is recorded, not segmented. */
export function segmentDocument(input: string, format: Exclude<DocumentFormat, 'i18next'> = 'markdown'): SegmentedDocument {
  const bom = input.startsWith(BOM);
  const text = bom ? input.slice(1) : input;
  const lines = splitLines(text);
  const blocks = format === 'markdown' ? markdownBlocks(lines) : textBlocks(lines);
  return { bom, eol: dominantEol(lines), ...glue(lines, blocks) };
}

/** Reassembles the original text from its segments (the `source` export). */
export function reassemble(doc: Pick<SegmentedDocument, 'bom' | 'segments' | 'trailer'>): string {
  let out = doc.bom ? BOM : '';
  for (const s of doc.segments) out += s.gap + s.raw;
  return out + doc.trailer;
}

/** A block found by a parser: its line range and how to read it. */
interface Block {
  start: number;
  end: number;
  kind: SegmentKind;
  translatable: boolean;
  /** Content lines as the parser saw them (for translatable blocks). */
  content?: string;
  /** Number of trailing lines that are markup, not content (setext underline). */
  underline?: number;
}

// ---- Markdown ----

const FRONT_MATTER_OPEN = /^(---|\+\+\+)\s*$/;

function markdownBlocks(lines: Line[]): Block[] {
  const blocks: Block[] = [];
  const parseLines = lines.map((l) => l.text);
  const fm = frontMatterEnd(parseLines);
  if (fm > 0) {
    blocks.push({ start: 0, end: fm, kind: 'front_matter', translatable: false });
    // Blank the front matter so the parser keeps its line numbers but ignores it.
    for (let i = 0; i < fm; i++) parseLines[i] = '';
  }
  const tokens = md.parse(parseLines.join('\n'), {});
  const containers: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case 'list_item_open':
      case 'blockquote_open':
        containers.push(t.type);
        break;
      case 'list_item_close':
      case 'blockquote_close':
        containers.pop();
        break;
      case 'paragraph_open': {
        const inline = tokens[i + 1]!;
        const kind: SegmentKind = containers.includes('list_item_open')
          ? 'list_item'
          : containers.includes('blockquote_open')
            ? 'blockquote'
            : 'paragraph';
        if (imageOnly(inline)) blocks.push({ ...range(t), kind: 'image', translatable: false });
        else blocks.push({ ...range(t), kind, translatable: true, content: inline.content });
        break;
      }
      case 'heading_open': {
        const inline = tokens[i + 1]!;
        const setext = t.markup === '=' || t.markup === '-';
        blocks.push({ ...range(t), kind: 'heading', translatable: true, content: inline.content, underline: setext ? 1 : 0 });
        break;
      }
      case 'tr_open': {
        const header = tokens[i - 1]?.type === 'thead_open';
        blocks.push({ ...range(t), kind: header ? 'table_header' : 'table_row', translatable: true });
        break;
      }
      case 'fence':
      case 'code_block':
        blocks.push({ ...range(t), kind: 'code', translatable: false });
        break;
      case 'html_block':
        blocks.push({ ...range(t), kind: IMAGE_HTML.test(t.content.trim()) ? 'image' : 'html', translatable: false });
        break;
      case 'hr':
        blocks.push({ ...range(t), kind: 'hr', translatable: false });
        break;
    }
  }
  return blocks.sort((a, b) => a.start - b.start);
}

function range(t: Token): { start: number; end: number } {
  const [start, end] = t.map ?? [0, 0];
  return { start, end };
}

function frontMatterEnd(lines: string[]): number {
  const first = lines[0];
  if (first === undefined || !FRONT_MATTER_OPEN.test(first)) return 0;
  const fence = first.trim();
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l === fence || (fence === '---' && l === '...')) return i + 1;
  }
  return 0;
}

const IMAGE_HTML = /^<img\b[^>]*>$/i;

/** True when a paragraph holds only images (possibly linked) and whitespace. */
function imageOnly(inline: Token): boolean {
  const kids = inline.children ?? [];
  let images = 0;
  for (const k of kids) {
    if (k.type === 'image' || (k.type === 'html_inline' && IMAGE_HTML.test(k.content.trim()))) images++;
    else if (k.type === 'softbreak' || k.type === 'hardbreak' || k.type === 'link_open' || k.type === 'link_close') continue;
    else if (k.type === 'text' && k.content.trim() === '') continue;
    else return false;
  }
  return images > 0;
}

// ---- Plain text ----

function textBlocks(lines: Line[]): Block[] {
  const blocks: Block[] = [];
  let start = -1;
  lines.forEach((l, i) => {
    const blank = l.text.trim() === '';
    if (!blank && start < 0) start = i;
    if (blank && start >= 0) {
      blocks.push(textBlock(lines, start, i));
      start = -1;
    }
  });
  if (start >= 0) blocks.push(textBlock(lines, start, lines.length));
  return blocks;
}

function textBlock(lines: Line[], start: number, end: number): Block {
  return {
    start,
    end,
    kind: 'paragraph',
    translatable: true,
    content: lines
      .slice(start, end)
      .map((l) => l.text)
      .join('\n'),
  };
}

// ---- Glue ----

// Applied to the trimmed line; no two quantified runs of spaces touch, so a long hostile line is matched in
// linear time (the former /^\s*…\|?\s*$/ took seconds on "|-" followed by thousands of spaces).
const TABLE_DELIM = /^(?:>\s*)*(?:\|\s*)?:?-+:?(?:\s*\|\s*:?-+:?)*(?:\s*\|)?$/;
const LINK_DEF = /^\s*(?:>\s*)*\[[^\]]+\]:/;
// Glue lines: nothing but white space and blockquote markers.
const GLUE_LINE = /^[\s>]*$/;

function glue(lines: Line[], found: Block[]): { segments: SegmentDraft[]; trailer: string } {
  // Merge overlapping blocks (never expected from markdown-it, but bytes must not be counted twice).
  const blocks: Block[] = [];
  for (const b of found) {
    const prev = blocks[blocks.length - 1];
    if (prev && b.start < prev.end) {
      blocks[blocks.length - 1] = { start: prev.start, end: Math.max(prev.end, b.end), kind: 'other', translatable: false };
    } else if (b.end > b.start) blocks.push(b);
  }
  // Uncovered lines that are not glue (link definitions, table delimiter rows) become opaque blocks.
  const all: Block[] = [];
  let pos = 0;
  const uncovered = (from: number, to: number) => {
    let i = from;
    while (i < to) {
      if (GLUE_LINE.test(lines[i]!.text)) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < to && !GLUE_LINE.test(lines[j]!.text)) j++;
      const text = lines[i]!.text;
      const kind: SegmentKind = TABLE_DELIM.test(text.trim()) ? 'table_delim' : LINK_DEF.test(text) ? 'linkdef' : 'other';
      all.push({ start: i, end: j, kind, translatable: false });
      i = j;
    }
  };
  for (const b of blocks) {
    uncovered(pos, b.start);
    all.push(b);
    pos = b.end;
  }
  uncovered(pos, lines.length);

  const segments: SegmentDraft[] = [];
  const joinLines = (from: number, to: number) => {
    let s = '';
    for (let i = from; i < to; i++) s += lines[i]!.text + lines[i]!.eol;
    return s;
  };
  let cursor = 0;
  for (const b of all) {
    const gap = joinLines(cursor, b.start);
    const raw = joinLines(b.start, b.end);
    cursor = b.end;
    segments.push({ index: segments.length, gap, raw, ...readBlock(lines, b) });
  }
  return { segments, trailer: joinLines(cursor, lines.length) };
}

/** Extracts the translatable text and frame of a block; falls back to opaque when the text is empty. */
function readBlock(lines: Line[], b: Block): Pick<SegmentDraft, 'kind' | 'translatable' | 'source' | 'frame'> {
  const opaque = { kind: b.kind, translatable: false, source: '', frame: EMPTY_FRAME };
  if (!b.translatable) return opaque;
  const own = lines.slice(b.start, b.end);
  const read =
    b.kind === 'table_header' || b.kind === 'table_row' ? readTableRow(own) : readContent(own, b.content ?? '', b.underline ?? 0);
  if (read.source.trim() === '') return opaque;
  return { kind: b.kind, translatable: true, ...read };
}

// Quote markers, the opening pipe and the spaces after it (greedy, nothing follows it: linear time).
const ROW_LEAD = /^\s*(?:>\s*)*\|?[ \t]*/;

/**
 * A table row as lead (quote markers, opening pipe), content and tail (closing pipe, trailing spaces): the content
 * is as short as possible and keeps an escaped `\|`. Scanned from both ends without a backtracking pattern (the
 * former single regular expression took seconds on a cell with a few thousand spaces). Null for a row that ends
 * with a backslash (no frame).
 */
export function splitTableRow(text: string): [lead: string, content: string, tail: string] | null {
  const lead = ROW_LEAD.exec(text)![0];
  let end = text.length;
  while (end > lead.length && /\s/.test(text[end - 1]!)) end--;
  let start = end;
  if (end > lead.length && text[end - 1] === '|') {
    let r = end - 1;
    while (r > lead.length && (text[r - 1] === ' ' || text[r - 1] === '\t')) r--;
    if (r < end - 1 || text[end - 2] !== '\\') start = r;
  } else if (end > lead.length && text[end - 1] === '\\' && text[end] !== ' ' && text[end] !== '\t') {
    return null;
  }
  return [lead, text.slice(lead.length, start), text.slice(start)];
}

function readTableRow(own: Line[]): { source: string; frame: Frame } {
  const text = own[0]!.text;
  const parts = splitTableRow(text);
  if (!parts) return { source: text, frame: EMPTY_FRAME };
  return { source: parts[1], frame: { lead: parts[0], cont: '', tail: parts[2] } };
}

/**
 * Finds each content line at the end of its source line; what precedes it is the container prefix
 * (indentation, list marker, `>`), what follows the last line is the tail (closing #s, trailing
 * spaces, a setext underline).
 */
function readContent(own: Line[], content: string, underline: number): { source: string; frame: Frame } {
  const contentLines = content.split('\n');
  const textLines = own.slice(0, own.length - underline);
  const fallback = { source: textLines.map((l) => l.text).join('\n'), frame: EMPTY_FRAME };
  if (contentLines.length !== textLines.length) return fallback;
  const prefixes: string[] = [];
  let tail = '';
  for (let i = 0; i < textLines.length; i++) {
    let line = textLines[i]!.text;
    const c = contentLines[i]!;
    if (i === textLines.length - 1) {
      // The last line may carry trailing spaces or an ATX closing sequence after the content.
      const at = c === '' ? line.length : line.lastIndexOf(c);
      if (at < 0) return fallback;
      tail = line.slice(at + c.length);
      line = line.slice(0, at + c.length);
    }
    if (!line.endsWith(c)) return fallback;
    prefixes.push(line.slice(0, line.length - c.length));
  }
  for (let i = textLines.length; i < own.length; i++) {
    tail += own[i - 1]!.eol + own[i]!.text;
  }
  const lead = prefixes[0] ?? '';
  const cont = prefixes.length > 1 ? prefixes[1]! : continuationOf(lead);
  return { source: contentLines.join('\n'), frame: { lead, cont, tail } };
}

/** The prefix for continuation lines of a block whose first line starts with `lead`. */
export function continuationOf(lead: string): string {
  return lead.replace(/[^\s>]/g, ' ');
}
