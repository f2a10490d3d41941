/**
 * Segment Markdown <-> XML for machine translation with tag handling (DeepL `tagHandling: 'xml'`).
 *
 * Translatable text is XML-escaped; paired markup (link text, emphasis, strong, delete) becomes
 * `<m i="N">…</m>` so the engine can move it with the words it wraps; protected atoms (images,
 * inline code, HTML, wiki links, URLs, breaks, table pipes) become empty `<x i="N"/>` elements.
 * The markup itself never reaches the engine: {@link TaggedSegment.restore} puts the original raw
 * Markdown back by id and reports every tag the engine lost, duplicated, reordered or mangled.
 *
 * A wiki link's display text is sent inside a pair tag (`[[zh:法国]]` → `<m i="1">法国</m>`) so it is
 * translated in context; its page is kept and the link comes back piped: `[[zh:法国|France]]`.
 */
import { tokenizeInline, wikiLink, type TokenizeOptions } from './inline.js';

/** Element name wrapping translatable text inside paired markup. */
export const PAIR_TAG = 'm';
/** Element name standing for a protected atom (always empty). */
export const ATOM_TAG = 'x';
/** Tags whose content the engine must not translate (pass as DeepL `ignoreTags`). */
export const MT_IGNORE_TAGS: readonly string[] = [ATOM_TAG];

/** What went wrong while restoring an engine's output. */
export type TagIssueCode = 'tag_missing' | 'tag_reordered' | 'tag_extra' | 'malformed';

/** One problem found by {@link TaggedSegment.restore}; `id` is the markup id when known. */
export interface TagIssue {
  code: TagIssueCode;
  id?: number;
  /** Original raw Markdown of the markup concerned, for messages. */
  raw?: string;
}

/** Result of restoring Markdown from engine output. `issues` is empty when the markup survived intact. */
export interface RestoreResult {
  text: string;
  issues: TagIssue[];
}

/** A segment converted to XML, with the means to turn a translation of that XML back into Markdown. */
export interface TaggedSegment {
  /** XML to send to the engine. */
  xml: string;
  /** Rebuilds Markdown from the engine's XML output (best effort, with issues). */
  restore(xmlOut: string): RestoreResult;
}

interface PairMarkup {
  type: 'pair';
  open: string;
  close: string;
  parent: number;
  /** For a wiki link: its page; the link is rebuilt around the translated text. */
  page?: string;
}
interface AtomMarkup {
  type: 'atom';
  raw: string;
  parent: number;
}
type Markup = PairMarkup | AtomMarkup;

/** Escapes text for XML character data. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Resolves XML entities; an `&` that does not start a valid entity is kept literally. */
export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name] ?? whole;
  });
}

/** Converts a segment's Markdown to XML for an engine; see the module comment for the mapping. */
export function toTagged(text: string, options: TokenizeOptions = {}): TaggedSegment {
  const pieces = tokenizeInline(text, options);
  const markup = new Map<number, Markup>();
  const order: number[] = [];
  const stack: number[] = [];
  let xml = '';
  for (const piece of pieces) {
    const parent = stack[stack.length - 1] ?? 0;
    switch (piece.type) {
      case 'text':
        xml += escapeXml(piece.raw);
        break;
      case 'open':
        markup.set(piece.id, {
          type: 'pair',
          open: piece.raw,
          close: '',
          parent,
          ...(piece.kind === 'wikilink' && piece.href !== undefined ? { page: piece.href } : {}),
        });
        order.push(piece.id);
        stack.push(piece.id);
        xml += `<${PAIR_TAG} i="${piece.id}">`;
        break;
      case 'close': {
        const m = markup.get(piece.id);
        if (m?.type === 'pair') m.close = piece.raw;
        stack.pop();
        xml += `</${PAIR_TAG}>`;
        break;
      }
      case 'atom':
        markup.set(piece.id, { type: 'atom', raw: piece.raw, parent });
        order.push(piece.id);
        xml += `<${ATOM_TAG} i="${piece.id}"/>`;
        break;
    }
  }
  return { xml, restore: (xmlOut) => restoreMarkdown(xmlOut, markup, order) };
}

type Token =
  | { type: 'text'; value: string }
  | { type: 'open'; tag: string; id: number; selfClosing: boolean }
  | { type: 'close'; tag: string }
  | { type: 'bad'; value: string };

// Tags as engines return them: attribute quoting and spacing may vary.
const TAG = /<\s*(\/)?\s*([a-zA-Z][\w.-]*)((?:\s+[^<>]*?)?)\s*(\/)?\s*>/y;
const ID_ATTR = /^\s*i\s*=\s*(?:"(\d+)"|'(\d+)'|(\d+))\s*$/;

/** Splits engine output into text and our tags; anything tag-like that is not ours is `bad`. */
function scan(xmlOut: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let textStart = 0;
  const flushText = (end: number) => {
    if (end > textStart) tokens.push({ type: 'text', value: unescapeXml(xmlOut.slice(textStart, end)) });
  };
  while (pos < xmlOut.length) {
    const lt = xmlOut.indexOf('<', pos);
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(xmlOut);
    if (!m) {
      pos = lt + 1;
      continue;
    }
    flushText(lt);
    const [whole, slash, tag = '', attrs = '', selfClose] = m;
    const known = tag === PAIR_TAG || tag === ATOM_TAG;
    if (known && slash && !attrs.trim() && !selfClose) tokens.push({ type: 'close', tag });
    else if (known && !slash) {
      const idm = ID_ATTR.exec(attrs);
      const id = idm ? Number(idm[1] ?? idm[2] ?? idm[3]) : NaN;
      if (Number.isSafeInteger(id)) tokens.push({ type: 'open', tag, id, selfClosing: Boolean(selfClose) });
      else tokens.push({ type: 'bad', value: whole });
    } else tokens.push({ type: 'bad', value: whole });
    pos = lt + whole.length;
    textStart = pos;
  }
  flushText(xmlOut.length);
  return tokens;
}

/** Rebuilds Markdown from engine output using the original raws; see {@link TaggedSegment.restore}. */
function restoreMarkdown(xmlOut: string, markup: Map<number, Markup>, order: number[]): RestoreResult {
  const issues: TagIssue[] = [];
  const seen = new Set<number>();
  const seenOrder: number[] = [];
  const parentOf = new Map<number, number>();
  // Open elements in the output: our pair ids, or -1 for an element we drop (bad / expanded atom);
  // `start` is where a wiki link's text begins in `out`.
  const stack: { tag: string; id: number; start?: number }[] = [];
  let out = '';
  // Closes a pair: a wiki link is rebuilt around the text written since it opened.
  const closePair = (m: PairMarkup, start: number | undefined): void => {
    if (m.page !== undefined && start !== undefined) out = out.slice(0, start) + wikiLink(m.page, out.slice(start));
    else out += m.close;
  };
  let atomDepth = 0; // inside an expanded `<x i="N">…</x>`: content is dropped

  const currentPair = (): number => {
    for (let k = stack.length - 1; k >= 0; k--) {
      const e = stack[k];
      if (e && e.tag === PAIR_TAG && e.id > 0) return e.id;
    }
    return 0;
  };

  for (const tok of scan(xmlOut)) {
    if (tok.type === 'text') {
      if (atomDepth === 0) out += tok.value;
      continue;
    }
    if (tok.type === 'bad') {
      issues.push({ code: 'malformed' });
      if (atomDepth === 0) out += tok.value;
      continue;
    }
    if (tok.type === 'close') {
      const top = stack.pop();
      if (!top || top.tag !== tok.tag) {
        if (top) stack.push(top);
        issues.push({ code: 'malformed' });
        continue;
      }
      if (top.tag === ATOM_TAG) atomDepth--;
      else if (top.id > 0) {
        const m = markup.get(top.id);
        if (m?.type === 'pair') closePair(m, top.start);
      }
      continue;
    }
    // An opening (or self-closing) tag of ours.
    const m = markup.get(tok.id);
    const kindOk = m && (tok.tag === PAIR_TAG ? m.type === 'pair' : m.type === 'atom');
    const duplicate = seen.has(tok.id);
    if (!kindOk || duplicate) {
      issues.push({ code: 'tag_extra', id: tok.id, ...(m ? { raw: m.type === 'pair' ? m.open : m.raw } : {}) });
    }
    const usable = kindOk && atomDepth === 0;
    if (usable && !duplicate) {
      seen.add(tok.id);
      seenOrder.push(tok.id);
      parentOf.set(tok.id, currentPair());
    }
    if (tok.tag === PAIR_TAG) {
      if (tok.selfClosing) {
        // `<m i="N"/>`: the engine emptied the pair; keep the markup with no text inside.
        if (usable && m?.type === 'pair') out += m.page !== undefined ? wikiLink(m.page, '') : m.open + m.close;
        continue;
      }
      if (usable && m?.type === 'pair' && m.page === undefined) out += m.open;
      stack.push({
        tag: PAIR_TAG,
        id: usable ? tok.id : -1,
        ...(usable && m?.type === 'pair' && m.page !== undefined ? { start: out.length } : {}),
      });
    } else {
      if (usable && m?.type === 'atom') out += m.raw;
      if (!tok.selfClosing) {
        stack.push({ tag: ATOM_TAG, id: tok.id });
        atomDepth++;
      }
    }
  }
  // Unclosed elements: close them at the end so the Markdown stays balanced.
  while (stack.length > 0) {
    const top = stack.pop();
    if (!top) break;
    issues.push({ code: 'malformed', ...(top.id > 0 ? { id: top.id } : {}) });
    const m = top.tag === PAIR_TAG && top.id > 0 ? markup.get(top.id) : undefined;
    if (m?.type === 'pair') closePair(m, top.start);
  }

  for (const id of order) {
    if (seen.has(id)) continue;
    const m = markup.get(id);
    issues.push({ code: 'tag_missing', id, ...(m ? { raw: m.type === 'pair' ? m.open : m.raw } : {}) });
  }
  const reordered = firstReordered(order, seenOrder, markup, parentOf);
  if (reordered !== undefined) issues.push({ code: 'tag_reordered', id: reordered });
  return { text: out, issues };
}

/** The first id whose order or nesting differs from the source, among ids present in both. */
function firstReordered(
  order: number[],
  seenOrder: number[],
  markup: Map<number, Markup>,
  parentOf: Map<number, number>,
): number | undefined {
  const present = new Set(seenOrder);
  const expected = order.filter((id) => present.has(id));
  for (let k = 0; k < expected.length; k++) {
    if (expected[k] !== seenOrder[k]) return seenOrder[k];
  }
  for (const id of seenOrder) {
    const parent = markup.get(id)?.parent ?? 0;
    // A parent the engine dropped does not count as a nesting change.
    const expectedParent = parent === 0 || present.has(parent) ? parent : parentOf.get(id);
    if (parentOf.get(id) !== expectedParent) return id;
  }
  return undefined;
}
