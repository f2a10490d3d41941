/**
 * XLIFF 2.1 / 2.0 and 1.2 exchange with other CAT tools: one document, one target language.
 * Pure functions: no file, network or database access.
 *
 * Inline Markdown markup (from {@link tokenizeInline}) is protected, and the original Markdown
 * travels with the file so that reading it back rebuilds the Markdown exactly:
 *
 * | Markdown                      | XLIFF 2.x                                                                       | XLIFF 1.2                                                         |
 * | ----------------------------- | ------------------------------------------------------------------------------- | ----------------------------------------------------------------- |
 * | paired (link, `*`, `**`, `~~`) | `<pc id dataRefStart dataRefEnd type>` + `<originalData><data id>` (shared by source and target) | `<g id ctype bitext:open bitext:close>`; a target `<g id>` without them takes its source twin's |
 * | atom (image, code, HTML, URL, break, table pipe) | `<ph id dataRef type>`                                       | `<x id ctype equiv-text>`; likewise looked up by id from the source |
 *
 * `<pc>`/`<ph>` with `<originalData>` is what XLIFF 2 tools (Okapi, memoQ, Trados, Xliff-Tools,
 * Matecat) round-trip; `<g>`/`<x>` with `equiv-text` is the most widely accepted 1.2 form
 * (OmegaT, Okapi, memoQ, Trados, Virtaal keep the ids and let translators move the tags; the
 * `bitext:*` attributes live in our own namespace, which 1.2 allows on `<g>`). On reading, the 1.2
 * native-code elements `<bpt>`/`<ept>`/`<ph>`/`<it>` (content = Markdown), `<bx>`/`<ex>`, 2.x
 * `<sc>`/`<ec>`, `<cp>`, `<mrk>`/`<sm>`/`<em>` and units split into several `<segment>`s are
 * also understood. A `\r` travels as `&#13;`; characters XML 1.0 forbids as `<cp hex>` (2.x only:
 * 1.2 has no way to carry them, so writing refuses them).
 *
 * Statuses (writing → reading back gives the same status):
 *
 * | bitext       | 2.x `<segment state>`                       | 1.2 `<target state>`                          |
 * | ------------ | ------------------------------------------- | --------------------------------------------- |
 * | untranslated | `initial`, no `<target>`                    | no `<target>`                                 |
 * | draft        | `initial` + `subState="bitext:draft"`, with target | `needs-review-translation`              |
 * | translated   | `translated`                                | `translated`                                  |
 * | reviewed     | `reviewed`                                  | `signed-off`, and `approved="yes"` on the unit |
 *
 * Reading files from other tools: 2.x `final` → reviewed; `initial` → draft with a non-empty
 * target, untranslated without. 1.2 `final`, `signed-off` or `approved="yes"` → reviewed;
 * `translated` → translated; `new`, `needs-translation` and every `needs-*` state → draft with a
 * non-empty target, untranslated without; a target without a state → translated. An empty or
 * absent target is always untranslated.
 */
import { parseWikiLink, tokenizeInline, wikiLink, type InlinePiece, type MarkupKind } from '../inline.js';
import { ValidationError } from '../errors.js';
import { codeUnitName, escapeXmlAttr, escapeXmlText, parseRawXml, XML_META, xmlSyntaxError, type RawXmlNode } from './xml.js';
import type { Status } from '../status.js';

/** The statuses XLIFF carries: every bitext {@link Status} but `rejected` (exported as a draft). */
export type TranslationStatus = Exclude<Status, 'rejected'>;

/** One segment to export. */
export interface XliffUnit {
  /** Segment id: becomes the unit id. */
  id: string | number;
  /** Position of the segment in its document. */
  index: number;
  /** Source Markdown (inline text of one block). */
  source: string;
  /** Target Markdown; absent, null or '' when untranslated. */
  target?: string | null;
  status: TranslationStatus;
  /** A note for translators (exported as `<note>`). */
  comment?: string;
  /** Segment kind; table rows (`table_row`, `table_header`) protect their cell pipes. */
  kind?: string;
  /** Version of the translation when exported (`bitext:baseVersion`), so an import can detect later edits here. */
  baseVersion?: number;
}

/** One document in one target language, for {@link writeXliff2} and {@link writeXliff12}. */
export interface XliffDocument {
  id: string | number;
  /** Document path: becomes the file's `original`. */
  path: string;
  sourceLang: string;
  targetLang: string;
  units: XliffUnit[];
}

/** Options for the writers. */
export interface WriteXliffOptions {
  /** `version` of a 2.x file (default `2.1`; both use the 2.0 namespace). */
  version2?: '2.0' | '2.1';
}

/** One unit read back from an XLIFF file. */
export interface XliffReadUnit {
  /** Unit id (the segment id when bitext wrote the file). */
  id: string;
  source: string;
  /** Target Markdown, or null when the unit has no target. */
  target: string | null;
  state: TranslationStatus;
  /** The XLIFF state as written in the file (`translated`, `needs-review-translation`, …). */
  xliffState?: string;
  /** `bitext:baseVersion` of the unit, when bitext wrote the file. */
  baseVersion?: number;
  /** Notes, joined by blank lines. */
  comment?: string;
}

/** A document read back from an XLIFF file. */
export interface XliffReadDocument {
  version: '1.2' | '2.0' | '2.1' | string;
  /** The bitext document id, when bitext wrote the file. */
  documentId?: string;
  path: string;
  sourceLang: string;
  targetLang: string;
  units: XliffReadUnit[];
}

const NS_BITEXT = 'urn:bitext:xliff';
const TABLE_KINDS = new Set(['table_row', 'table_header']);

// ---- Escaping (xml.ts; characters XML cannot hold become <cp> in 2.x text and are refused elsewhere) ----

const escapeText = escapeXmlText;
const escapeAttr = (s: string) => escapeXmlAttr(s, refuse);

const cp2 = (ch: string) => `<cp hex="${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}"/>`;
const refuse = (ch: string): never => {
  throw new ValidationError(
    `XLIFF: ${codeUnitName(ch)} cannot be written here (XML 1.0 forbids it; XLIFF 2 text carries it as <cp>)`,
    undefined,
    'invalid_xliff',
  );
};

// ---- Status mapping ----

/** The 2.x `state` (and `subState`) written for a status. */
export function xliff2State(status: TranslationStatus): { state: 'initial' | 'translated' | 'reviewed' | 'final'; subState?: string } {
  if (status === 'draft') return { state: 'initial', subState: 'bitext:draft' };
  if (status === 'untranslated') return { state: 'initial' };
  return { state: status };
}

/** The status for a 2.x `state` (`initial` when absent) and target. */
export function statusFromXliff2(state: string | undefined, target: string | null): TranslationStatus {
  if (!target) return 'untranslated';
  if (state === 'final' || state === 'reviewed') return 'reviewed';
  if (state === 'translated') return 'translated';
  return 'draft';
}

/** The 1.2 target `state` written for a status (undefined: no target is written). */
export function xliff12State(status: TranslationStatus): 'needs-review-translation' | 'translated' | 'signed-off' | undefined {
  if (status === 'draft') return 'needs-review-translation';
  if (status === 'translated') return 'translated';
  if (status === 'reviewed') return 'signed-off';
  return undefined;
}

/** The status for a 1.2 target `state`, the unit's `approved` flag and the target. */
export function statusFromXliff12(state: string | undefined, approved: boolean, target: string | null): TranslationStatus {
  if (!target) return 'untranslated';
  if (approved || state === 'final' || state === 'signed-off') return 'reviewed';
  if (state === undefined || state === 'translated') return 'translated';
  return 'draft';
}

// ---- Inline markup ----

interface PairCode {
  open: string;
  close: string;
}

/** Numbers the markup of a target like its source: same markup, same id; new markup, new ids. */
function alignIds(source: InlinePiece[], target: InlinePiece[]): Map<number, number> {
  const key = (pieces: InlinePiece[], p: Exclude<InlinePiece, { type: 'text' }>): string => {
    if (p.type === 'atom') return `a\u0000${p.raw}`;
    const close = pieces.find((q) => q.type === 'close' && q.id === p.id);
    return `p\u0000${p.raw}\u0000${close?.raw ?? ''}`;
  };
  const free = new Map<string, number[]>();
  let max = 0;
  for (const p of source) {
    if (p.type === 'text' || p.type === 'close') continue;
    max = Math.max(max, p.id);
    const k = key(source, p);
    free.set(k, [...(free.get(k) ?? []), p.id]);
  }
  const ids = new Map<number, number>();
  for (const p of target) {
    if (p.type === 'text' || p.type === 'close') continue;
    const id = free.get(key(target, p))?.shift() ?? ++max;
    ids.set(p.id, id);
  }
  return ids;
}

const CTYPE_12: Partial<Record<MarkupKind, string>> = { strong: 'bold', emphasis: 'italic', link: 'link', image: 'image', break: 'lb' };
const TYPE_2: Partial<Record<MarkupKind, string>> = { strong: 'fmt', emphasis: 'fmt', delete: 'fmt', link: 'link', image: 'image' };

/** Serialises one text's pieces; `ids` renumbers markup, `data` collects 2.x original data. */
function inlineXml(pieces: InlinePiece[], version: 2 | 12, ids: Map<number, number> | undefined, data: Map<string, string>): string {
  const dataRef = (raw: string): string => {
    let id = data.get(raw);
    if (!id) {
      id = `d${data.size + 1}`;
      data.set(raw, id);
    }
    return id;
  };
  const closes = new Map<number, string>();
  for (const p of pieces) if (p.type === 'close') closes.set(p.id, p.raw);
  let out = '';
  for (let p of pieces) {
    if (p.type === 'text') {
      out += escapeText(p.raw, version === 2 ? cp2 : refuse);
      continue;
    }
    if (p.type === 'close') {
      out += version === 2 ? '</pc>' : '</g>';
      continue;
    }
    const id = ids?.get(p.id) ?? p.id;
    // A wiki link's text is translatable: its opening is always written piped (`[[zh:法国|`) so that a
    // translated text keeps the page; the reader turns an unchanged text back into `[[zh:法国]]`.
    if (p.type === 'open' && p.kind === 'wikilink' && p.href !== undefined) p = { ...p, raw: `[[${p.href}|` };
    if (version === 2) {
      const type = TYPE_2[p.kind] ? ` type="${TYPE_2[p.kind]}"` : '';
      if (p.type === 'atom') out += `<ph id="${id}" dataRef="${dataRef(p.raw)}"${type}/>`;
      else out += `<pc id="${id}" dataRefStart="${dataRef(p.raw)}" dataRefEnd="${dataRef(closes.get(p.id) ?? '')}"${type}>`;
    } else {
      const ctype = CTYPE_12[p.kind] ?? `x-md-${p.kind}`;
      if (p.type === 'atom') out += `<x id="${id}" ctype="${ctype}" equiv-text="${escapeAttr(p.raw)}"/>`;
      else out += `<g id="${id}" ctype="${ctype}" bitext:open="${escapeAttr(p.raw)}" bitext:close="${escapeAttr(closes.get(p.id) ?? '')}">`;
    }
  }
  return out;
}

function unitMarkup(u: XliffUnit, version: 2 | 12): { source: string; target: string | undefined; data: Map<string, string> } {
  const options = { tableRow: TABLE_KINDS.has(u.kind ?? '') };
  const data = new Map<string, string>();
  const src = tokenizeInline(u.source, options);
  const source = inlineXml(src, version, undefined, data);
  if (u.target == null || u.target === '' || u.status === 'untranslated') return { source, target: undefined, data };
  const tgt = tokenizeInline(u.target, options);
  return { source, target: inlineXml(tgt, version, alignIds(src, tgt), data), data };
}

// ---- Writers ----

/** Writes one document in one target language as XLIFF 2.1 (or 2.0), one `<unit>` per segment. */
export function writeXliff2(doc: XliffDocument, options: WriteXliffOptions = {}): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:bitext="${NS_BITEXT}" version="${options.version2 ?? '2.1'}" srcLang="${escapeAttr(doc.sourceLang)}" trgLang="${escapeAttr(doc.targetLang)}">`,
    `  <file id="f1" original="${escapeAttr(doc.path)}" bitext:documentId="${escapeAttr(String(doc.id))}">`,
  ];
  for (const u of doc.units) {
    const { source, target, data } = unitMarkup(u, 2);
    const { state, subState } = xliff2State(target === undefined ? 'untranslated' : u.status);
    lines.push(`    <unit id="${escapeAttr(String(u.id))}" name="${u.index}"${baseVersionAttr(u)}>`);
    if (u.comment) lines.push(`      <notes><note category="comment">${escapeText(u.comment, cp2)}</note></notes>`);
    if (data.size) {
      lines.push('      <originalData>');
      for (const [raw, id] of data) lines.push(`        <data id="${id}">${escapeText(raw, cp2)}</data>`);
      lines.push('      </originalData>');
    }
    lines.push(`      <segment state="${state}"${subState ? ` subState="${subState}"` : ''}>`);
    lines.push(`        <source xml:space="preserve">${source}</source>`);
    if (target !== undefined) lines.push(`        <target xml:space="preserve">${target}</target>`);
    lines.push('      </segment>', '    </unit>');
  }
  lines.push('  </file>', '</xliff>', '');
  return lines.join('\n');
}

/** Writes one document in one target language as XLIFF 1.2, one `<trans-unit>` per segment. */
export function writeXliff12(doc: XliffDocument, _options: WriteXliffOptions = {}): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:bitext="${NS_BITEXT}" version="1.2">`,
    `  <file original="${escapeAttr(doc.path)}" source-language="${escapeAttr(doc.sourceLang)}" target-language="${escapeAttr(doc.targetLang)}" datatype="x-markdown" bitext:documentId="${escapeAttr(String(doc.id))}">`,
    '    <body>',
  ];
  for (const u of doc.units) {
    const { source, target } = unitMarkup(u, 12);
    const state = target === undefined ? undefined : xliff12State(u.status);
    const approved = state === 'signed-off' ? ' approved="yes"' : '';
    lines.push(
      `      <trans-unit id="${escapeAttr(String(u.id))}" resname="${u.index}" xml:space="preserve"${approved}${baseVersionAttr(u)}>`,
    );
    lines.push(`        <source>${source}</source>`);
    if (target !== undefined) lines.push(`        <target state="${state}">${target}</target>`);
    if (u.comment) lines.push(`        <note from="bitext">${escapeText(u.comment, refuse)}</note>`);
    lines.push('      </trans-unit>');
  }
  lines.push('    </body>', '  </file>', '</xliff>', '');
  return lines.join('\n');
}

// ---- Reading ----

type XNode = RawXmlNode;
const META = XML_META;

/** Parsed XML with helpers that name lines in errors. */
class Tree {
  private readonly lineStarts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  lineOf(node: XNode): number | undefined {
    const start = (node as Record<symbol, { startIndex?: number } | undefined>)[META as symbol]?.startIndex;
    if (start === undefined) return undefined;
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= start) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  fail(node: XNode, message: string): never {
    const line = this.lineOf(node);
    throw new ValidationError(
      `XLIFF: <${nameOf(node)}>${line ? ` at line ${line}` : ''}: ${message}`,
      { element: nameOf(node), ...(line ? { line } : {}) },
      'invalid_xliff',
    );
  }

  /** A required attribute (decoded); a missing one is a ValidationError naming element and line. */
  need(node: XNode, attr: string): string {
    const v = attrOf(node, attr);
    if (v === undefined) this.fail(node, `missing attribute ${attr}`);
    return v;
  }
}

/** The element name of a node, without a namespace prefix ('#text' for text). */
function nameOf(node: XNode): string {
  const key = Object.keys(node).find((k) => k !== ':@') ?? '';
  return key.replace(/^[^:#]*:/, '');
}

function childrenOf(node: XNode): XNode[] {
  const key = Object.keys(node).find((k) => k !== ':@') ?? '';
  const v = node[key];
  return Array.isArray(v) ? (v as XNode[]) : [];
}

/** An attribute by local name (`documentId` matches `bitext:documentId`), entities decoded. */
function baseVersionAttr(u: XliffUnit): string {
  return u.baseVersion === undefined ? '' : ` bitext:baseVersion="${u.baseVersion}"`;
}

/** The unit's `bitext:baseVersion`, when present and numeric. */
function baseVersionOf(unit: XNode): { baseVersion?: number } {
  const v = attrOf(unit, 'baseVersion');
  return v !== undefined && /^\d+$/.test(v) ? { baseVersion: Number(v) } : {};
}

function attrOf(node: XNode, name: string): string | undefined {
  const attrs = node[':@'] as Record<string, string> | undefined;
  if (!attrs) return undefined;
  const v = attrs[name] ?? Object.entries(attrs).find(([k]) => k.endsWith(`:${name}`) && !k.startsWith('xmlns'))?.[1];
  return v === undefined ? undefined : decodeEntities(v);
}

const elements = (node: XNode, name: string): XNode[] => childrenOf(node).filter((c) => nameOf(c) === name);

function decodeEntities(s: string): string {
  return s.replace(/&(#\d+|#x[\da-fA-F]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] ?? '';
  });
}

/** The text of a node: entities decoded, CDATA kept, elements flattened. */
function textOf(node: XNode): string {
  if ('#text' in node) return decodeEntities(String(node['#text']));
  if ('#cdata' in node)
    return childrenOf(node)
      .map((c) => String(c['#text'] ?? ''))
      .join('');
  if ('#comment' in node) return '';
  return childrenOf(node).map(textOf).join('');
}

/** Parses XLIFF text; malformed XML is a ValidationError with line and column. */
function parseXml(xml: string): { tree: Tree; root: XNode } {
  // XML end-of-line handling: literal CR LF and CR become LF (a `&#13;` stays a CR).
  const text = xml.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const bad = xmlSyntaxError(text);
  if (bad)
    throw new ValidationError(
      `XLIFF: malformed XML at line ${bad.line}, column ${bad.column}: ${bad.message}`,
      { line: bad.line, column: bad.column },
      'invalid_xliff',
    );
  const tree = new Tree(text);
  const badEntity = /&(?!#\d+;|#x[\da-fA-F]+;|amp;|lt;|gt;|quot;|apos;)[^;\s]*;?/.exec(
    text.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, (m) => ' '.repeat(m.length)),
  );
  if (badEntity) {
    const line = text.slice(0, badEntity.index).split('\n').length;
    throw new ValidationError(`XLIFF: malformed XML at line ${line}: unknown entity ${badEntity[0]}`, { line }, 'invalid_xliff');
  }
  const root = parseRawXml(text).find((n) => nameOf(n) === 'xliff');
  if (!root) throw new ValidationError('XLIFF: no <xliff> root element', undefined, 'invalid_xliff');
  return { tree, root };
}

/** Walks `<group>`s down to the units. */
function unitsIn(node: XNode, unitName: string): XNode[] {
  return childrenOf(node).flatMap((c) => (nameOf(c) === unitName ? [c] : nameOf(c) === 'group' ? unitsIn(c, unitName) : []));
}

function notesOf(nodes: XNode[]): string | undefined {
  const notes = nodes.map((n) => textOf(n)).filter((s) => s !== '');
  return notes.length ? notes.join('\n\n') : undefined;
}

/** The Markdown of paired markup around `inner`; a piped wiki link opening is rebuilt with {@link wikiLink}. */
function pairMarkdown(open: string, inner: string, close: string): string {
  const wiki = close === ']]' && open.endsWith('|') ? parseWikiLink(`${open}]]`) : null;
  return wiki ? wikiLink(wiki.page, inner) : open + inner + close;
}

// -- 2.x --

function inline2(tree: Tree, node: XNode, data: Map<string, string>): string {
  const ref = (el: XNode, attr: string): string => {
    const id = attrOf(el, attr);
    if (id === undefined) return '';
    const raw = data.get(id);
    if (raw === undefined) tree.fail(el, `${attr}="${id}" names no <data> of this unit`);
    return raw;
  };
  return childrenOf(node)
    .map((c) => {
      switch (nameOf(c)) {
        case '#text':
        case '#cdata':
          return textOf(c);
        case 'ph':
        case 'sc':
        case 'ec':
          return ref(c, 'dataRef');
        case 'pc':
          return pairMarkdown(ref(c, 'dataRefStart'), inline2(tree, c, data), ref(c, 'dataRefEnd'));
        case 'cp':
          return String.fromCodePoint(parseInt(tree.need(c, 'hex'), 16));
        case 'sm':
        case 'em':
        case '#comment':
          return '';
        default:
          return inline2(tree, c, data);
      }
    })
    .join('');
}

const STATE_RANK_2: Record<string, number> = { initial: 0, translated: 1, reviewed: 2, final: 3 };

function read2(tree: Tree, root: XNode, version: string): XliffReadDocument[] {
  const sourceLang = tree.need(root, 'srcLang');
  const targetLang = tree.need(root, 'trgLang');
  return elements(root, 'file').map((file) => {
    const documentId = attrOf(file, 'documentId');
    const units = unitsIn(file, 'unit').map((unit): XliffReadUnit => {
      const id = tree.need(unit, 'id');
      const data = new Map<string, string>();
      for (const od of elements(unit, 'originalData'))
        for (const d of elements(od, 'data')) data.set(tree.need(d, 'id'), inline2(tree, d, new Map()));
      const parts = childrenOf(unit).filter((c) => nameOf(c) === 'segment' || nameOf(c) === 'ignorable');
      if (!parts.some((p) => nameOf(p) === 'segment')) tree.fail(unit, 'no <segment>');
      let source = '';
      let target = '';
      let hasTarget = false;
      let state: string | undefined;
      for (const part of parts) {
        const src = elements(part, 'source')[0];
        if (!src) tree.fail(part, 'no <source>');
        const tgt = elements(part, 'target')[0];
        const s = inline2(tree, src, data);
        source += s;
        if (tgt) hasTarget = true;
        target += tgt ? inline2(tree, tgt, data) : nameOf(part) === 'ignorable' ? s : '';
        if (nameOf(part) === 'segment') {
          const st = attrOf(part, 'state') ?? 'initial';
          if (state === undefined || (STATE_RANK_2[st] ?? 0) < (STATE_RANK_2[state] ?? 0)) state = st;
        }
      }
      const finalTarget = hasTarget ? target : null;
      const comment = notesOf(elements(unit, 'notes').flatMap((n) => elements(n, 'note')));
      return {
        ...baseVersionOf(unit),
        id,
        source,
        target: finalTarget,
        state: statusFromXliff2(state, finalTarget),
        ...(state ? { xliffState: state } : {}),
        ...(comment ? { comment } : {}),
      };
    });
    return {
      version,
      ...(documentId ? { documentId } : {}),
      path: attrOf(file, 'original') ?? tree.need(file, 'id'),
      sourceLang,
      targetLang,
      units,
    };
  });
}

// -- 1.2 --

/** Markdown of 1.2 inline content; `codes` holds the Markdown of each `<g>`/`<x>` id seen in the source. */
function inline12(tree: Tree, node: XNode, codes: Map<string, PairCode | string>, record: boolean): string {
  return childrenOf(node)
    .map((c) => {
      const name = nameOf(c);
      switch (name) {
        case '#text':
        case '#cdata':
          return textOf(c);
        case 'g': {
          const id = tree.need(c, 'id');
          const known = codes.get(`g${id}`);
          const open = attrOf(c, 'open') ?? (typeof known === 'object' ? known.open : '');
          const close = attrOf(c, 'close') ?? (typeof known === 'object' ? known.close : '');
          if (record) codes.set(`g${id}`, { open, close });
          return pairMarkdown(open, inline12(tree, c, codes, record), close);
        }
        case 'x':
        case 'bx':
        case 'ex': {
          const id = tree.need(c, 'id');
          const known = codes.get(`${name}${id}`);
          const raw = attrOf(c, 'equiv-text') ?? (typeof known === 'string' ? known : '');
          if (record) codes.set(`${name}${id}`, raw);
          return raw;
        }
        case 'bpt':
        case 'ept':
        case 'ph':
        case 'it':
          return textOf(c);
        case '#comment':
          return '';
        default:
          return inline12(tree, c, codes, record);
      }
    })
    .join('');
}

function read12(tree: Tree, root: XNode, version: string): XliffReadDocument[] {
  return elements(root, 'file').map((file) => {
    const path = tree.need(file, 'original');
    const sourceLang = tree.need(file, 'source-language');
    const targetLang = tree.need(file, 'target-language');
    const documentId = attrOf(file, 'documentId');
    const body = elements(file, 'body')[0];
    if (!body) tree.fail(file, 'no <body>');
    const units = unitsIn(body, 'trans-unit').map((tu): XliffReadUnit => {
      const id = tree.need(tu, 'id');
      const src = elements(tu, 'source')[0];
      if (!src) tree.fail(tu, 'no <source>');
      const codes = new Map<string, PairCode | string>();
      const source = inline12(tree, src, codes, true);
      const tgt = elements(tu, 'target')[0];
      const target = tgt ? inline12(tree, tgt, codes, false) : null;
      const xliffState = tgt ? attrOf(tgt, 'state') : undefined;
      const approved = attrOf(tu, 'approved') === 'yes';
      const comment = notesOf(elements(tu, 'note'));
      return {
        ...baseVersionOf(tu),
        id,
        source,
        target,
        state: statusFromXliff12(xliffState, approved, target),
        ...(xliffState ? { xliffState } : {}),
        ...(comment ? { comment } : {}),
      };
    });
    return { version, ...(documentId ? { documentId } : {}), path, sourceLang, targetLang, units };
  });
}

/**
 * Reads every `<file>` of an XLIFF 1.2 or 2.x file (the version is detected from the root).
 * Throws a {@link ValidationError} (code `invalid_xliff`) for malformed XML (with line and
 * column), an unknown version, or a missing required element or attribute (naming the element
 * and its line).
 */
export function readXliffFiles(xml: string): XliffReadDocument[] {
  const { tree, root } = parseXml(xml);
  const version = tree.need(root, 'version');
  if (version.startsWith('1.')) return read12(tree, root, version);
  if (version.startsWith('2.')) return read2(tree, root, version);
  return tree.fail(root, `unsupported version ${version}`);
}

/** Reads an XLIFF 1.2 or 2.x file holding one document (see {@link readXliffFiles}). */
export function readXliff(xml: string): XliffReadDocument {
  const files = readXliffFiles(xml);
  if (files.length !== 1) {
    throw new ValidationError(`XLIFF: expected one <file>, found ${files.length}`, { files: files.length }, 'invalid_xliff');
  }
  return files[0]!;
}
