/**
 * Inline markup inside one segment, split into translatable text and protected markup.
 *
 * The pieces always concatenate back to the input exactly, so machine translation, QA checks,
 * script conversion and the editor can all work on the text while keeping markup intact.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import type { Nodes, Parents } from 'mdast';

/** What a protected span is. */
export type MarkupKind = 'link' | 'image' | 'emphasis' | 'strong' | 'delete' | 'code' | 'html' | 'wikilink' | 'url' | 'break' | 'pipe';

/**
 * One piece of a segment. `open`/`close` pairs wrap translatable text (the text of a link, an emphasis,
 * the display text of a wiki link); an `atom` is protected as a whole (image, inline code, HTML tag,
 * URL, a wiki link without display text). For a wiki link, `href` is the page (`zh:法国`), which is
 * never translated: see {@link parseWikiLink} and {@link wikiLink}.
 */
export type InlinePiece =
  | { type: 'text'; raw: string }
  | { type: 'open'; id: number; kind: MarkupKind; raw: string; href?: string }
  | { type: 'close'; id: number; kind: MarkupKind; raw: string }
  | { type: 'atom'; id: number; kind: MarkupKind; raw: string; href?: string };

/** A protected span: its kind and its offsets in the segment text. */
export interface ProtectedSpan {
  kind: MarkupKind;
  start: number;
  end: number;
  raw: string;
}

const WIKI_LINK = /\[\[[^[\]\n]+\]\]/g;
// A bare URL ends at whitespace, angle brackets, quotes or CJK / full-width punctuation.
const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>"'\u3000-\u303f\uff00-\uffef]+[^\s<>"'.,;:!?)\]\u3000-\u303f\uff00-\uffef]/g;
const TABLE_PIPE = /(?<!\\)\|/g;
// Characters without which no inline construct can start (hard breaks need two spaces before a newline).
const MARKUP_CHARS = /[[\]<>*_~`\\!&]| {2,}\n/;

// GFM's literal autolinks run on past CJK punctuation ("见https://x.com/a。和…" would swallow the
// sentence), so bare URLs are found by BARE_URL instead.
const parseOptions = {
  extensions: [gfmStrikethrough()],
  mdastExtensions: [gfmStrikethroughFromMarkdown()],
};

/** Options for {@link tokenizeInline}. */
export interface TokenizeOptions {
  /** Treat unescaped `|` as protected cell separators (table rows). */
  tableRow?: boolean;
  /**
   * `'always'`: run the Markdown parser on every text with markup characters, even one whose only markup is wiki
   * links (tests compare that shortcut with the parser). Default: the shortcut.
   */
  parser?: 'always';
}

// What may make CommonMark see more than text once wiki links' brackets are set aside: the characters of
// MARKUP_CHARS, a tab or four spaces at a line start (indented code), a hard break.
const NOT_ONLY_WIKI = /[[\]<>*_~`\\!&\t]| {2,}[\r\n]|(?:^|[\r\n]) {4}/;

/**
 * True when a text's only markup is wiki links (`[[page]]`, `[[page|text]]`, the most common markup of imported
 * articles) and plain characters: CommonMark then reads it all as text (without link definitions, `[[page]]` is no
 * link; it is not followed by `(` or `:`), so the Markdown parser can be skipped. Tests compare both on every
 * fixture.
 */
function onlyWikiLinks(text: string): boolean {
  if (!text.includes('[[') || text.includes(']](') || text.includes(']]:')) return false;
  return !NOT_ONLY_WIKI.test(text.replace(WIKI_LINK, (m) => m.slice(2, -2)));
}

/** Splits a segment's text into text and markup pieces; `pieces.map(p => p.raw).join('') === text`. */
export function tokenizeInline(text: string, options: TokenizeOptions = {}): InlinePiece[] {
  const out: InlinePiece[] = [];
  let nextId = 1;
  const newId = () => nextId++;
  const pushText = (raw: string) => {
    if (!raw) return;
    for (const piece of splitTextAtoms(raw, options, newId)) {
      const last = out[out.length - 1];
      if (piece.type === 'text' && last?.type === 'text') last.raw += piece.raw;
      else out.push(piece);
    }
  };

  // Most paragraphs have no inline markup at all, or only wiki links: skip the Markdown parser for them.
  if (!MARKUP_CHARS.test(text) || (options.parser !== 'always' && onlyWikiLinks(text))) {
    pushText(text);
    return out;
  }
  const tree = fromMarkdown(text, parseOptions);

  // Walks a node's children, emitting uncovered ranges as text. Returns the offset reached.
  const walk = (parent: Parents, from: number, to: number): void => {
    let pos = from;
    for (const child of parent.children as Nodes[]) {
      const start = child.position?.start.offset;
      const end = child.position?.end.offset;
      if (start === undefined || end === undefined || start < pos) continue;
      pushText(text.slice(pos, start));
      emit(child, start, end);
      pos = end;
    }
    pushText(text.slice(pos, to));
  };

  const emitPair = (node: Parents, kind: MarkupKind, start: number, end: number, href?: string): void => {
    const kids = node.children as Nodes[];
    const first = kids[0]?.position?.start.offset;
    const last = kids[kids.length - 1]?.position?.end.offset;
    if (first === undefined || last === undefined || first <= start || last >= end) {
      out.push({ type: 'atom', id: newId(), kind, raw: text.slice(start, end), ...(href ? { href } : {}) });
      return;
    }
    const id = newId();
    out.push({ type: 'open', id, kind, raw: text.slice(start, first), ...(href ? { href } : {}) });
    walk(node, first, last);
    out.push({ type: 'close', id, kind, raw: text.slice(last, end) });
  };

  const emit = (node: Nodes, start: number, end: number): void => {
    const raw = text.slice(start, end);
    switch (node.type) {
      case 'text':
        pushText(raw);
        return;
      case 'link': {
        if (raw.startsWith('<')) out.push({ type: 'atom', id: newId(), kind: 'url', raw, href: node.url });
        else emitPair(node, 'link', start, end, node.url);
        return;
      }
      case 'emphasis':
      case 'strong':
      case 'delete':
        emitPair(node, node.type, start, end);
        return;
      case 'image':
      case 'imageReference':
        out.push({ type: 'atom', id: newId(), kind: 'image', raw, ...(node.type === 'image' ? { href: node.url } : {}) });
        return;
      case 'inlineCode':
        out.push({ type: 'atom', id: newId(), kind: 'code', raw });
        return;
      case 'html':
        out.push({ type: 'atom', id: newId(), kind: 'html', raw });
        return;
      case 'break':
        out.push({ type: 'atom', id: newId(), kind: 'break', raw });
        return;
      case 'linkReference':
        emitPair(node, 'link', start, end);
        return;
      default:
        if ('children' in node) walk(node, start, end);
        else pushText(raw);
    }
  };

  walk(tree, 0, text.length);
  return out;
}

/** The parts of a wiki link: `open` + `text` + `close` is the link exactly as written. */
export interface WikiLinkParts {
  /** The linked page, with its interwiki prefix (`zh:法国`): never translated. */
  page: string;
  /** What the reader sees: the text after `|`, or the page without its prefix (`法国`). */
  text: string;
  open: string;
  close: string;
}

// Interwiki / namespace prefixes of a page name (`zh:`, `:zh:`, `w:zh:`): not part of the display text.
const WIKI_PREFIX = /^(?::?[A-Za-z][A-Za-z-]{0,15}:)+/;

/**
 * Splits a wiki link (`[[zh:法国]]`, `[[zh:法国|France]]`) into page, display text and the markup
 * around the text; null when `raw` is not a wiki link.
 */
export function parseWikiLink(raw: string): WikiLinkParts | null {
  if (!raw.startsWith('[[') || !raw.endsWith(']]') || raw.length < 5) return null;
  const inner = raw.slice(2, -2);
  const pipe = inner.indexOf('|');
  if (pipe >= 0) {
    return { page: inner.slice(0, pipe), text: inner.slice(pipe + 1), open: raw.slice(0, pipe + 3), close: ']]' };
  }
  const prefix = WIKI_PREFIX.exec(inner)?.[0] ?? '';
  return { page: inner, text: inner.slice(prefix.length), open: `[[${prefix}`, close: ']]' };
}

/**
 * The wiki link to `page` showing `text`: `[[page]]` when the text is what the page shows anyway
 * (its name without prefix), else the piped form `[[page|text]]`.
 */
export function wikiLink(page: string, text: string): string {
  const shown = page.slice(WIKI_PREFIX.exec(page)?.[0].length ?? 0);
  return text === shown || text === '' ? `[[${page}]]` : `[[${page}|${text}]]`;
}

/** Splits plain text further at wiki links, bare URLs and (in table rows) cell pipes. */
function splitTextAtoms(raw: string, options: TokenizeOptions, newId: () => number): InlinePiece[] {
  const matches: { start: number; end: number; kind: MarkupKind }[] = [];
  const collect = (re: RegExp, kind: MarkupKind) => {
    for (const m of raw.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!matches.some((x) => start < x.end && end > x.start)) matches.push({ start, end, kind });
    }
  };
  collect(WIKI_LINK, 'wikilink');
  collect(BARE_URL, 'url');
  if (options.tableRow) collect(TABLE_PIPE, 'pipe');
  if (matches.length === 0) return [{ type: 'text', raw }];
  matches.sort((a, b) => a.start - b.start);
  const pieces: InlinePiece[] = [];
  let pos = 0;
  for (const m of matches) {
    if (m.start > pos) pieces.push({ type: 'text', raw: raw.slice(pos, m.start) });
    const atom = raw.slice(m.start, m.end);
    const wiki = m.kind === 'wikilink' ? parseWikiLink(atom) : null;
    if (wiki && wiki.text) {
      // The display text is translatable; the page stays (in `href`).
      const id = newId();
      pieces.push({ type: 'open', id, kind: 'wikilink', raw: wiki.open, href: wiki.page });
      pieces.push({ type: 'text', raw: wiki.text });
      pieces.push({ type: 'close', id, kind: 'wikilink', raw: wiki.close });
    } else if (wiki) {
      pieces.push({ type: 'atom', id: newId(), kind: 'wikilink', raw: atom, href: wiki.page });
    } else {
      pieces.push({ type: 'atom', id: newId(), kind: m.kind, raw: atom, ...(m.kind === 'url' ? { href: atom } : {}) });
    }
    pos = m.end;
  }
  if (pos < raw.length) pieces.push({ type: 'text', raw: raw.slice(pos) });
  return pieces;
}

/** The protected spans of a segment (everything that is not translatable text), with offsets. */
export function protectedSpans(text: string, options: TokenizeOptions = {}): ProtectedSpan[] {
  const spans: ProtectedSpan[] = [];
  let pos = 0;
  for (const piece of tokenizeInline(text, options)) {
    if (piece.type !== 'text') spans.push({ kind: piece.kind, start: pos, end: pos + piece.raw.length, raw: piece.raw });
    pos += piece.raw.length;
  }
  return spans;
}

/** Only the translatable text of a segment (markup removed, link texts kept). */
export function plainText(text: string, options: TokenizeOptions = {}): string {
  return tokenizeInline(text, options)
    .filter((p) => p.type === 'text')
    .map((p) => p.raw)
    .join('');
}
