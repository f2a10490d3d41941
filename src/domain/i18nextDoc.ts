/**
 * i18next resource files (JSON, v4 format) as a document type.
 *
 * A resource file is segmented losslessly like a Markdown article: every string value is one
 * segment whose `raw` is the JSON string literal (quotes and escapes included) and whose `gap` is
 * the JSON syntax before it (braces, keys, commas, indentation, line endings), so
 * `bom + Σ(gap + raw) + trailer === original`. The key path (`home.segmentCount_one`,
 * `list.0`) is kept in the segment's JSON frame (`frame.key`, `frame.path`).
 *
 * Targets are written with {@link renderI18nextTarget}, never with the Markdown layouts: only the
 * string literals are replaced, so key order, indentation (spaces or tabs), line endings, a BOM and
 * untouched escapes stay as they were.
 *
 * Plurals: i18next picks `key_<category>` by `Intl.PluralRules(lng)`. When the target language
 * needs categories the source file lacks (English `_one/_other` → Russian `_one/_few/_many/_other`;
 * Chinese `_other` → English `_one/_other`), {@link renderI18nextTarget} adds the missing keys
 * next to their siblings, in CLDR order (zero, one, two, few, many, other). Their text is the
 * translation given for the new key path if any (see {@link missingPluralKeys}, so a service can
 * offer them for translation), else the translation of `_other`, else the source of `_other`.
 * Keys are never removed: a category the target does not use (`_one` in Chinese) stays harmlessly.
 */
import { ImportRefused, ValidationError } from './errors.js';
import type { Frame, SegmentDraft } from './segment.js';

/** One step of a key path: an object key or an array index. */
export type KeyStep = string | number;

/** The frame of an i18next value: an empty Markdown frame plus the key path. */
export interface I18nextFrame extends Frame {
  /** The key path as i18next's `t()` takes it: steps joined with "." (`home.title`, `items.0`). */
  key: string;
  /** The same path, step by step (unambiguous when a key contains a dot). */
  path: KeyStep[];
}

/** One string value of a resource file, shaped like a {@link SegmentDraft}. */
export interface I18nextSegment extends Omit<SegmentDraft, 'kind' | 'frame'> {
  kind: 'i18n_value';
  frame: I18nextFrame;
}

/** A segmented resource file (same shape as a `SegmentedDocument`). */
export interface I18nextDocument {
  bom: boolean;
  eol: '\r\n' | '\n';
  segments: I18nextSegment[];
  trailer: string;
}

/** What a protected span of an i18next value is. */
export type I18nextSpanKind = 'interpolation' | 'nesting' | 'tag';

/** A protected span of an i18next value: `{{name}}`, `$t(key)`, or an HTML / Trans tag (`<1>`, `</strong>`). */
export interface I18nextSpan {
  kind: I18nextSpanKind;
  start: number;
  end: number;
  raw: string;
}

/** Joins a key path the way i18next's `t()` reads it. */
export function keyPathOf(path: readonly KeyStep[]): string {
  return path.map(String).join('.');
}

// ---- Scanner ----

interface StringLeaf {
  path: KeyStep[];
  start: number;
  end: number;
  value: string;
}

interface Member {
  key: string;
  /** Offset where the key literal starts. */
  keyStart: number;
  /** Offset just after the key literal. */
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  /** White space before the key (after `{` or `,`): newline and indentation. */
  lead: string;
  /** The string value, when the value is a string. */
  value?: string;
}

interface ObjectNode {
  path: KeyStep[];
  members: Member[];
}

interface Scan {
  bom: boolean;
  leaves: StringLeaf[];
  objects: ObjectNode[];
}

const BOM = '\uFEFF';
/** Deepest nesting of objects and arrays accepted (i18next files nest a few levels; this bounds the parser's recursion). */
export const MAX_JSON_DEPTH = 100;

/** Parses JSON text, recording the offsets of every string value and object member. */
function scan(input: string, name: string): Scan {
  const bom = input.startsWith(BOM);
  const text = input;
  let pos = bom ? 1 : 0;
  const leaves: StringLeaf[] = [];
  const objects: ObjectNode[] = [];

  const fail = (what: string): never => {
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - before.lastIndexOf('\n');
    throw new ValidationError(`${name}: invalid JSON at line ${line}, column ${column}: ${what}`, { line, column }, 'invalid_json');
  };
  const ws = () => {
    while (pos < text.length && /[ \t\r\n]/.test(text[pos]!)) pos++;
  };
  const readString = (): { value: string; start: number; end: number } => {
    const start = pos;
    if (text[pos] !== '"') fail('expected a string');
    pos++;
    while (pos < text.length && text[pos] !== '"') {
      if (text[pos] === '\\') pos++;
      else if (text.charCodeAt(pos) < 0x20) fail('control character in a string');
      pos++;
    }
    if (pos >= text.length) fail('unterminated string');
    pos++;
    let value: string;
    try {
      value = JSON.parse(text.slice(start, pos)) as string;
    } catch {
      pos = start;
      return fail('bad escape in a string');
    }
    return { value, start, end: pos };
  };
  const value = (path: KeyStep[]): string | undefined => {
    ws();
    const c = text[pos];
    if ((c === '{' || c === '[') && path.length >= MAX_JSON_DEPTH) {
      throw new ImportRefused('json_too_deep', name, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, { depth: MAX_JSON_DEPTH });
    }
    if (c === '{') {
      pos++;
      const node: ObjectNode = { path, members: [] };
      objects.push(node);
      let leadStart = pos;
      ws();
      if (text[pos] === '}') {
        pos++;
        return undefined;
      }
      for (;;) {
        const lead = text.slice(leadStart, pos);
        const key = readString();
        ws();
        if (text[pos] !== ':') fail('expected ":"');
        pos++;
        ws();
        const valueStart = pos;
        const v = value([...path, key.value]);
        node.members.push({
          key: key.value,
          keyStart: key.start,
          keyEnd: key.end,
          valueStart,
          valueEnd: pos,
          lead,
          ...(v !== undefined ? { value: v } : {}),
        });
        ws();
        if (text[pos] === ',') {
          pos++;
          leadStart = pos;
          ws();
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return undefined;
        }
        return fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      pos++;
      ws();
      if (text[pos] === ']') {
        pos++;
        return undefined;
      }
      for (let i = 0; ; i++) {
        value([...path, i]);
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return undefined;
        }
        return fail('expected "," or "]"');
      }
    }
    if (c === '"') {
      const s = readString();
      leaves.push({ path, start: s.start, end: s.end, value: s.value });
      return s.value;
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(pos, pos + 400));
    if (!m) return fail('unexpected character');
    pos += m[0].length;
    return undefined;
  };

  ws();
  if (text[pos] !== '{') fail('an i18next resource file must hold one JSON object');
  value([]);
  ws();
  if (pos < text.length) fail('unexpected text after the JSON object');
  return { bom, leaves, objects };
}

// ---- Segmenting ----

/**
 * Segments an i18next resource file: one `i18n_value` segment per string value (in file order),
 * translatable unless blank. Throws a {@link ValidationError} (code `invalid_json`, with line and
 * column) for malformed JSON or a top level that is not an object.
 */
export function segmentI18next(input: string, name = 'resource file'): I18nextDocument {
  const { bom, leaves } = scan(input, name);
  const segments: I18nextSegment[] = [];
  let cursor = bom ? 1 : 0;
  for (const leaf of leaves) {
    segments.push({
      index: segments.length,
      kind: 'i18n_value',
      translatable: leaf.value.trim() !== '',
      gap: input.slice(cursor, leaf.start),
      raw: input.slice(leaf.start, leaf.end),
      source: leaf.value,
      frame: { lead: '', cont: '', tail: '', key: keyPathOf(leaf.path), path: leaf.path },
    });
    cursor = leaf.end;
  }
  const crlf = (input.match(/\r\n/g) ?? []).length;
  const lf = (input.match(/\n/g) ?? []).length - crlf;
  return { bom, eol: crlf > lf ? '\r\n' : '\n', segments, trailer: input.slice(cursor) };
}

// ---- Protected spans ----

const INTERPOLATION = /\{\{[^{}]*\}\}/y;
const TAG = /<\/?[A-Za-z0-9][\w.-]*(?:\s[^<>]*)?\/?>/y;

/**
 * The protected spans of an i18next value, in order: interpolations (`{{name}}`, `{{- html}}`,
 * `{{count, number}}`), nestings (`$t(key)`, `$t(key, {"count": 2})`, balanced parentheses and
 * quoted strings inside), and HTML / `<Trans>` tags (`<1>`, `</1>`, `<br/>`, `<strong>`).
 * Machine translation and QA must keep these byte for byte.
 */
export function i18nextProtectedSpans(text: string): I18nextSpan[] {
  const spans: I18nextSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    let end = -1;
    let kind: I18nextSpanKind = 'interpolation';
    if (c === '{' && text[i + 1] === '{') {
      INTERPOLATION.lastIndex = i;
      if (INTERPOLATION.test(text)) end = INTERPOLATION.lastIndex;
    } else if (c === '$' && text.startsWith('$t(', i)) {
      kind = 'nesting';
      end = nestingEnd(text, i + 3);
    } else if (c === '<') {
      kind = 'tag';
      TAG.lastIndex = i;
      if (TAG.test(text)) end = TAG.lastIndex;
    }
    if (end > i) {
      spans.push({ kind, start: i, end, raw: text.slice(i, end) });
      i = end;
    } else i++;
  }
  return spans;
}

/** End offset of a `$t(` nesting whose argument starts at `from`, or -1 when unbalanced. */
function nestingEnd(text: string, from: number): number {
  let depth = 1;
  let quote = '';
  for (let j = from; j < text.length; j++) {
    const ch = text[j]!;
    if (quote) {
      if (ch === '\\') j++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return j + 1;
  }
  return -1;
}

// ---- Plurals ----

const CATEGORY_ORDER = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
const PLURAL_KEY = /^(.*?)_(ordinal_)?(zero|one|two|few|many|other)$/;

/** A plural key that the target language needs and the source file lacks. */
export interface MissingPluralKey {
  /** Key path of the key to add (`home.segmentCount_few`). */
  key: string;
  /** Key path of the sibling whose text it starts from (`home.segmentCount_other`). */
  basedOn: string;
}

interface PluralInsertion extends MissingPluralKey {
  keyName: string;
  /** Insert before this member, or after `after`. */
  before?: Member;
  after?: Member;
  /** The member whose key/value separator (`": "`) is copied. */
  model: Member;
}

function pluralInsertions(objects: ObjectNode[], targetLang: string): PluralInsertion[] {
  const cardinal = new Intl.PluralRules(targetLang).resolvedOptions().pluralCategories as string[];
  const ordinal = new Intl.PluralRules(targetLang, { type: 'ordinal' }).resolvedOptions().pluralCategories as string[];
  const out: PluralInsertion[] = [];
  for (const obj of objects) {
    const groups = new Map<string, { ordinal: boolean; members: Map<string, Member> }>();
    for (const m of obj.members) {
      const p = PLURAL_KEY.exec(m.key);
      if (!p || m.value === undefined) continue;
      const id = `${p[1]}_${p[2] ?? ''}`;
      const g = groups.get(id) ?? { ordinal: Boolean(p[2]), members: new Map<string, Member>() };
      g.members.set(p[3]!, m);
      groups.set(id, g);
    }
    for (const [id, g] of groups) {
      const other = g.members.get('other');
      if (!other) continue;
      const present = [...g.members.values()];
      const last = present.reduce((a, b) => (b.valueEnd > a.valueEnd ? b : a));
      for (const cat of CATEGORY_ORDER) {
        if (g.members.has(cat) || !(g.ordinal ? ordinal : cardinal).includes(cat)) continue;
        const rank = CATEGORY_ORDER.indexOf(cat);
        const before = present
          .filter((m) => CATEGORY_ORDER.indexOf(PLURAL_KEY.exec(m.key)![3] as (typeof CATEGORY_ORDER)[number]) > rank)
          .sort((a, b) => a.keyStart - b.keyStart)[0];
        const keyName = `${id}${cat}`;
        out.push({
          key: keyPathOf([...obj.path, keyName]),
          basedOn: keyPathOf([...obj.path, other.key]),
          keyName,
          model: other,
          ...(before ? { before } : { after: last }),
        });
      }
    }
  }
  return out;
}

/**
 * The plural keys {@link renderI18nextTarget} will add for `targetLang` (e.g. `_few` and `_many`
 * for Russian from an English file), so that a service can offer them for translation.
 */
export function missingPluralKeys(original: string, targetLang: string): MissingPluralKey[] {
  const { objects } = scan(original, 'resource file');
  return pluralInsertions(objects, targetLang).map(({ key, basedOn }) => ({ key, basedOn }));
}

// ---- Rendering ----

/** Options for {@link renderI18nextTarget}. */
export interface RenderI18nextOptions {
  /** Target language: adds the plural keys it needs (see the module comment). Omit to add none. */
  targetLang?: string;
}

/**
 * Writes the target-language resource file: the original text with each string value replaced
 * by its translation (`translations` keyed by key path, see {@link keyPathOf}); an absent or
 * empty translation falls back to the source, keeping the original literal byte for byte.
 * Key order, indentation, line endings and a BOM are the original's; an untranslated export
 * equals the input exactly (unless plural keys are added for `options.targetLang`).
 */
export function renderI18nextTarget(
  original: string,
  translations: ReadonlyMap<string, string>,
  options: RenderI18nextOptions = {},
): string {
  const { leaves, objects } = scan(original, 'resource file');
  const edits: { at: number; end: number; text: string; seq: number }[] = [];
  let seq = 0;
  for (const leaf of leaves) {
    const t = translations.get(keyPathOf(leaf.path));
    if (t === undefined || t === '' || t === leaf.value) continue;
    edits.push({ at: leaf.start, end: leaf.end, text: JSON.stringify(t), seq: seq++ });
  }
  if (options.targetLang) {
    for (const ins of pluralInsertions(objects, options.targetLang)) {
      const otherValue = ins.model.value ?? '';
      const text = translations.get(ins.key) || translations.get(ins.basedOn) || otherValue;
      const sep = original.slice(ins.model.keyEnd, ins.model.valueStart);
      const entry = JSON.stringify(ins.keyName) + sep + JSON.stringify(text);
      if (ins.before) edits.push({ at: ins.before.keyStart, end: ins.before.keyStart, text: entry + ',' + ins.before.lead, seq: seq++ });
      else if (ins.after) edits.push({ at: ins.after.valueEnd, end: ins.after.valueEnd, text: ',' + ins.after.lead + entry, seq: seq++ });
    }
  }
  edits.sort((a, b) => a.at - b.at || a.end - b.end || a.seq - b.seq);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += original.slice(pos, e.at) + e.text;
    pos = Math.max(pos, e.end);
  }
  return out + original.slice(pos);
}
