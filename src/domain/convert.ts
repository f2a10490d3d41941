/**
 * Simplified ↔ Traditional Chinese conversion (OpenCC), markup-safe.
 *
 * Most configurations run on opencc-js; `t2s`, `s2hkp` and `hk2sp` run on bitext's own engine over
 * OpenCC's upstream dictionaries ({@link buildEngineConverter}): opencc-js 1.4.2 lacks the Hong Kong
 * phrase configurations and misses rare characters in `t2s`.
 *
 * Pure logic: no file, network or database access. Converters are built lazily, once per
 * configuration, and cached (building one costs 25–400 ms, converting is cheap).
 *
 * Layers:
 * - {@link convertText}: plain text, with protected terms and custom overrides;
 * - {@link convertInline}: one Markdown inline text; only human text is converted, never markup;
 * - {@link convertMarkdownDocument}: a whole document; code, HTML blocks and front matter stay
 *   byte-identical, line endings and a BOM are kept exactly.
 */
import MarkdownIt from 'markdown-it';
import * as OpenCC from 'opencc-js';
import { tokenizeInline, wikiLink } from './inline.js';
import { ValidationError } from './errors.js';
import { escapeRegExp } from './userPattern.js';
import { buildEngineConverter, isEngineConfig } from './openccConfigs.js';
import { splitLines, type Line } from './diff.js';

/** An opencc-js locale: cn (Simplified, Mainland), tw / twp (Taiwan, twp with phrases), hk, jp (Shinjitai), t (OpenCC standard Traditional). */
export type OpenccLocale = 'cn' | 'tw' | 'twp' | 'hk' | 'jp' | 't';

/** The OpenCC configuration names offered (opencc-js's and the Hong Kong phrase ones). */
export const CONVERSION_CONFIG_NAMES = [
  's2t',
  't2s',
  's2tw',
  'tw2s',
  's2twp',
  'tw2sp',
  's2hk',
  'hk2s',
  's2hkp',
  'hk2sp',
  't2tw',
  'tw2t',
  't2hk',
  'hk2t',
  't2jp',
  'jp2t',
] as const;

/** One OpenCC configuration name (`s2twp`, `t2s`, ...). */
export type ConversionConfigName = (typeof CONVERSION_CONFIG_NAMES)[number];

/** Language tag of a conversion's source or target script. */
export type ScriptTag = 'zh-Hans' | 'zh-Hant' | 'zh-Hant-TW' | 'zh-Hant-HK' | 'ja';

/** An OpenCC configuration: its name, the opencc-js locale pair (none for the engine's own) and a short description. */
export interface ConversionConfig {
  name: ConversionConfigName;
  /** opencc-js locales; absent for configurations opencc-js does not have (s2hkp, hk2sp). */
  from?: OpenccLocale;
  to?: OpenccLocale;
  /** Script of the expected input. */
  source: ScriptTag;
  /** Script of the output. */
  target: ScriptTag;
  /** One line for `--list` and the UI picker. */
  description: string;
}

/** All configurations, in display order (for `--list` and a UI picker). */
export const CONVERSION_CONFIGS: readonly ConversionConfig[] = [
  { name: 's2t', from: 'cn', to: 't', source: 'zh-Hans', target: 'zh-Hant', description: 'Simplified → Traditional (OpenCC standard)' },
  { name: 't2s', from: 't', to: 'cn', source: 'zh-Hant', target: 'zh-Hans', description: 'Traditional (OpenCC standard) → Simplified' },
  {
    name: 's2tw',
    from: 'cn',
    to: 'tw',
    source: 'zh-Hans',
    target: 'zh-Hant-TW',
    description: 'Simplified → Traditional, Taiwan standard characters',
  },
  { name: 'tw2s', from: 'tw', to: 'cn', source: 'zh-Hant-TW', target: 'zh-Hans', description: 'Traditional (Taiwan) → Simplified' },
  {
    name: 's2twp',
    from: 'cn',
    to: 'twp',
    source: 'zh-Hans',
    target: 'zh-Hant-TW',
    description: 'Simplified → Traditional (Taiwan) with Taiwanese phrases (软件→軟體)',
  },
  {
    name: 'tw2sp',
    from: 'twp',
    to: 'cn',
    source: 'zh-Hant-TW',
    target: 'zh-Hans',
    description: 'Traditional (Taiwan) → Simplified with Mainland phrases (軟體→软件)',
  },
  {
    name: 's2hk',
    from: 'cn',
    to: 'hk',
    source: 'zh-Hans',
    target: 'zh-Hant-HK',
    description: 'Simplified → Traditional, Hong Kong standard characters',
  },
  { name: 'hk2s', from: 'hk', to: 'cn', source: 'zh-Hant-HK', target: 'zh-Hans', description: 'Traditional (Hong Kong) → Simplified' },
  {
    name: 's2hkp',
    source: 'zh-Hans',
    target: 'zh-Hant-HK',
    description: 'Simplified → Traditional (Hong Kong) with Hong Kong phrases (鼠标→滑鼠)',
  },
  {
    name: 'hk2sp',
    source: 'zh-Hant-HK',
    target: 'zh-Hans',
    description: 'Traditional (Hong Kong) → Simplified with Mainland phrases (滑鼠→鼠标)',
  },
  {
    name: 't2tw',
    from: 't',
    to: 'tw',
    source: 'zh-Hant',
    target: 'zh-Hant-TW',
    description: 'Traditional (OpenCC standard) → Taiwan standard characters',
  },
  {
    name: 'tw2t',
    from: 'tw',
    to: 't',
    source: 'zh-Hant-TW',
    target: 'zh-Hant',
    description: 'Traditional (Taiwan) → OpenCC standard Traditional',
  },
  {
    name: 't2hk',
    from: 't',
    to: 'hk',
    source: 'zh-Hant',
    target: 'zh-Hant-HK',
    description: 'Traditional (OpenCC standard) → Hong Kong standard characters',
  },
  {
    name: 'hk2t',
    from: 'hk',
    to: 't',
    source: 'zh-Hant-HK',
    target: 'zh-Hant',
    description: 'Traditional (Hong Kong) → OpenCC standard Traditional',
  },
  {
    name: 't2jp',
    from: 't',
    to: 'jp',
    source: 'zh-Hant',
    target: 'ja',
    description: 'Traditional (Kyūjitai) → Japanese Shinjitai (experimental)',
  },
  {
    name: 'jp2t',
    from: 'jp',
    to: 't',
    source: 'ja',
    target: 'zh-Hant',
    description: 'Japanese Shinjitai → Traditional (Kyūjitai) (experimental)',
  },
];

const CONFIG_BY_NAME = new Map<string, ConversionConfig>(CONVERSION_CONFIGS.map((c) => [c.name, c]));

/** True when `name` is a known configuration name (for parsing CLI flags and request bodies). */
export function isConversionConfigName(name: string): name is ConversionConfigName {
  return CONFIG_BY_NAME.has(name);
}

/**
 * Parses a configuration name from user input; an unknown name is a {@link ValidationError}
 * (code `unknown_config`) naming the value and listing the valid ones.
 */
export function parseConversionConfig(value: string, field = 'config'): ConversionConfigName {
  const name = value.trim();
  if (isConversionConfigName(name)) return name;
  throw new ValidationError(
    `${field}: "${value}" is not a known conversion configuration; use one of ${CONVERSION_CONFIG_NAMES.join(', ')}`,
    { field, value, valid: [...CONVERSION_CONFIG_NAMES] },
    'unknown_config',
    { params: { field, value, valid: [...CONVERSION_CONFIG_NAMES] } },
  );
}

/** The configuration record for a name; throws on an unknown name. */
export function getConversionConfig(name: ConversionConfigName): ConversionConfig {
  const config = CONFIG_BY_NAME.get(name);
  if (!config) throw new Error(`Unknown conversion configuration: ${String(name)}`);
  return config;
}

/** A plain text → text conversion function. */
export type TextConverter = (text: string) => string;

const converterCache = new Map<ConversionConfigName, TextConverter>();
const buildCounts = new Map<ConversionConfigName, number>();

/**
 * The OpenCC converter for a configuration (opencc-js, or bitext's engine for `t2s`, `s2hkp`,
 * `hk2sp`), built on first use and cached for the process. The same function instance is returned
 * on every call.
 */
export function getConverter(name: ConversionConfigName): TextConverter {
  const cached = converterCache.get(name);
  if (cached) return cached;
  const { from, to } = getConversionConfig(name);
  let converter: TextConverter;
  if (isEngineConfig(name)) converter = buildEngineConverter(name);
  else if (from && to) converter = OpenCC.Converter({ from, to });
  else throw new Error(`No converter for configuration ${name}`);
  converterCache.set(name, converter);
  buildCounts.set(name, (buildCounts.get(name) ?? 0) + 1);
  return converter;
}

/** How many times each configuration's converter has been built (each should be at most 1). */
export function converterBuildCounts(): Readonly<Partial<Record<ConversionConfigName, number>>> {
  return Object.fromEntries(buildCounts) as Partial<Record<ConversionConfigName, number>>;
}

/** A custom phrase: `from` is replaced by `to`, before OpenCC, and the result is not converted again. */
export interface ConversionOverride {
  from: string;
  to: string;
}

/** Options for all conversion functions. */
export interface ConvertOptions {
  /** Terms never converted (names, brand spellings). The longest match wins. */
  protectedTerms?: readonly string[];
  /**
   * Custom phrases applied with priority over OpenCC (the longest match wins; on an identical
   * string a protected term wins over an override). Their output is not converted again.
   * In documents an override should not contain line breaks.
   */
  overrides?: readonly ConversionOverride[];
}

/**
 * Builds a converter for one configuration and one set of options: the text is split at
 * protected terms and override matches, and only the parts in between go through OpenCC.
 * Splitting (rather than placeholders) is used because OpenCC may rewrite any placeholder.
 * Use it when converting many pieces with the same options.
 */
export function createConverter(config: ConversionConfigName, options: ConvertOptions = {}): TextConverter {
  const opencc = getConverter(config);
  const replacements = new Map<string, string>();
  for (const o of options.overrides ?? []) if (o.from) replacements.set(o.from, o.to);
  for (const term of options.protectedTerms ?? []) if (term) replacements.set(term, term);
  if (replacements.size === 0) return opencc;
  // Alternation picks the first alternative matching at the leftmost position: longest first.
  const terms = [...replacements.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const re = new RegExp(terms.map(escapeRegExp).join('|'), 'gu');
  return (text: string): string => {
    let out = '';
    let pos = 0;
    for (const m of text.matchAll(re)) {
      if (m.index > pos) out += opencc(text.slice(pos, m.index));
      out += replacements.get(m[0]) ?? m[0];
      pos = m.index + m[0].length;
    }
    return pos === 0 ? opencc(text) : out + (pos < text.length ? opencc(text.slice(pos)) : '');
  };
}

/** Converts plain text (no markup awareness) with a configuration and options. */
export function convertText(text: string, config: ConversionConfigName, options: ConvertOptions = {}): string {
  return createConverter(config, options)(text);
}

/**
 * Converts one Markdown inline text: only `text` pieces of {@link tokenizeInline} (including the
 * text of links and emphasis) are converted; URLs, link targets, image paths, inline code,
 * HTML tags and attributes, wiki link pages stay byte-identical. A wiki link's display text is
 * converted, and a link whose text changed is written piped (`[[zh:法国]]` → `[[zh:法国|法國]]`).
 */
export function convertInline(markdownText: string, config: ConversionConfigName, options: ConvertOptions = {}): string {
  return convertInlineWith(markdownText, createConverter(config, options));
}

/** Like {@link convertInline}, built once for many texts with the same configuration and options. */
export function createInlineConverter(config: ConversionConfigName, options: ConvertOptions = {}): TextConverter {
  const convert = createConverter(config, options);
  return (markdownText) => convertInlineWith(markdownText, convert);
}

// Characters that can start a protected span whose content OpenCC could change: links and images
// ([), inline code (`), HTML and autolinks (<), wiki links ([[), bare URLs. Text without any of
// them is all human text (emphasis markers, list and quote markers are ASCII and left alone by
// OpenCC), so the Markdown parser can be skipped.
const MAY_HOLD_MARKUP = /[[<`]|https?:\/\/|www\./;

/** Inline pieces of texts already tokenized (the two passes of a document tokenize each block once). */
type TokenCache = Map<string, ReturnType<typeof tokenizeInline>>;

function convertInlineWith(markdownText: string, convert: TextConverter, tokens?: TokenCache): string {
  if (!markdownText) return markdownText;
  if (!MAY_HOLD_MARKUP.test(markdownText)) return convert(markdownText);
  let pieces = tokens?.get(markdownText);
  if (!pieces) {
    pieces = tokenizeInline(markdownText);
    tokens?.set(markdownText, pieces);
  }
  let out = '';
  // An open wiki link: its page, where its raw starts in `out`, and its display text so far.
  let wiki: { id: number; page: string; start: number; text: string; converted: string } | undefined;
  for (const piece of pieces) {
    if (piece.type === 'open' && piece.kind === 'wikilink' && piece.href !== undefined) {
      wiki = { id: piece.id, page: piece.href, start: out.length, text: '', converted: '' };
      out += piece.raw;
    } else if (piece.type === 'close' && wiki && piece.id === wiki.id) {
      // The page is never converted; a changed display text makes the link piped.
      if (wiki.converted === wiki.text) out += wiki.text + piece.raw;
      else out = out.slice(0, wiki.start) + wikiLink(wiki.page, wiki.converted);
      wiki = undefined;
    } else if (piece.type === 'text' && wiki) {
      wiki.text += piece.raw;
      wiki.converted += convert(piece.raw);
    } else out += piece.type === 'text' ? convert(piece.raw) : piece.raw;
  }
  return out;
}

/** Number of leading lines forming a YAML (`---`) or TOML (`+++`) front matter block, or 0. */
function frontMatterLength(lines: readonly Line[]): number {
  const first = lines[0]?.content.trimEnd();
  if (first !== '---' && first !== '+++') return 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.content.trimEnd();
    if (line === first || (first === '---' && line === '...')) return i + 1;
  }
  return 0;
}

// `html: true` so that HTML blocks are recognised (and kept); tables and strikethrough as in GFM.
const blockParser = new MarkdownIt('default', { html: true });
// Only block structure (token maps) is needed: skip inline parsing.
blockParser.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);

// A footnote definition (`[^1]: text`) is a reference definition to CommonMark: no token, so
// it is found by pattern; the label stays, the text is converted.
const FOOTNOTE_DEF = /^(\s{0,3}\[\^[^\]\s]+\]:[ \t]*)(.*)$/;

/** How {@link convertMarkdownDocument} works; the default is the fast one, with the same output. */
export interface DocumentConvertMode {
  /**
   * `false`: the reference path, in which each text piece is converted by its own call of the converter (tests
   * compare both paths; the bench measures both). Default `true`: a document without markup is converted in one
   * call, and the pieces of any other document are converted together in one call.
   */
  fast?: boolean;
}

/**
 * Converts a whole Markdown document. Lines of fenced and indented code, HTML blocks, link
 * reference definitions and a leading front matter block stay byte-identical; the text of
 * paragraphs, headings, list items, block quotes and table cells goes through
 * {@link convertInline} (one block at a time, so that multi-line links and code spans are
 * recognised). Line endings (CRLF, LF, CR, mixed) and a BOM are kept exactly.
 */
export function convertMarkdownDocument(
  text: string,
  config: ConversionConfigName,
  options: ConvertOptions = {},
  mode: DocumentConvertMode = {},
): string {
  const convert = createConverter(config, options);
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const fast = mode.fast !== false;
  if (fast && isPlainDocument(body, options)) return bom + convert(body);
  if (fast) {
    // Long transcripts often hold their markup in the first lines only: the Markdown-aware path for those, one call
    // for the plain rest.
    const tail = plainTailStart(body, options);
    if (tail > 0) {
      const head = convertBody(body.slice(0, tail), convert, options, true, true);
      if (head !== undefined) return bom + head + convert(body.slice(tail));
    }
  }
  return bom + convertBody(body, convert, options, fast, false)!;
}

const BLANK_LINE = /(?:\r\n|\r|\n)[ ]*(?:\r\n|\r|\n)/g;

/**
 * The offset at which a document's plain tail starts (after a blank line, with nothing after it that
 * {@link isPlainDocument} refuses), or -1. The head is converted on its own, which gives the same bytes when no block
 * of the head runs on past that blank line (checked by {@link convertBody}): lists and quotes that continue hold
 * only text, converted as it would be in the document.
 */
function plainTailStart(body: string, options: ConvertOptions): number {
  if (termsOf(options).some((t) => /^\s|[\r\n]/.test(t))) return -1;
  let last = -1;
  MAY_NEED_MARKDOWN.lastIndex = 0;
  for (let m = MAY_NEED_MARKDOWN.exec(body); m; m = MAY_NEED_MARKDOWN.exec(body)) last = m.index + m[0].length;
  if (last < 0) return -1;
  BLANK_LINE.lastIndex = last;
  const blank = BLANK_LINE.exec(body);
  // A tail worth it: at least half of the document.
  if (!blank || body.length - (blank.index + blank[0].length) < body.length / 2) return -1;
  return blank.index + blank[0].length;
}

/**
 * The Markdown-aware conversion of a document body (without BOM). With `headOnly`, the body is the head of a
 * document ending with a blank line: returns undefined when a fenced code block, HTML block or front matter
 * runs on to its end (it would go on in the rest of the document).
 */
function convertBody(body: string, convert: TextConverter, options: ConvertOptions, fast: boolean, headOnly: boolean): string | undefined {
  const lines = splitLines(body);
  const frontMatter = frontMatterLength(lines);
  if (headOnly && lines[0]?.content.trimEnd().match(/^(---|\+\+\+)$/) && frontMatter === 0) return undefined;
  // Front matter lines are blanked for the parser so that line numbers stay aligned.
  const source = lines.map((l, i) => (i < frontMatter ? '' : l.content)).join('\n');

  // Line ranges holding inline content (paragraphs, headings, table rows), merged when overlapping.
  const ranges: [number, number][] = [];
  // The head ends with a blank line and an empty last line: a block reaching that last line is still open.
  const open = (t: { type: string; map: [number, number] | null }) =>
    (t.type === 'fence' || t.type === 'html_block' || t.type === 'code_block') && t.map !== null && t.map[1] >= lines.length - 1;
  for (const token of blockParser.parse(source, {})) {
    if (headOnly && open(token)) return undefined;
    // Table cells' inline tokens carry no map; their rows do.
    if ((token.type === 'inline' || token.type === 'tr_open') && token.map) ranges.push([token.map[0], token.map[1]]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }

  const tokens: TokenCache = new Map();
  const build = (conv: TextConverter): string => {
    const out: string[] = lines.map((l) => l.content);
    const covered = new Uint8Array(lines.length);
    for (const [start, end] of merged) {
      const block = convertBlock(
        lines.slice(start, end).map((l) => l.content),
        conv,
        tokens,
      );
      for (let i = start; i < end; i++) {
        out[i] = block[i - start] ?? '';
        covered[i] = 1;
      }
    }
    for (let i = frontMatter; i < lines.length; i++) {
      if (covered[i]) continue;
      const m = FOOTNOTE_DEF.exec(lines[i]?.content ?? '');
      if (m) out[i] = (m[1] ?? '') + convertInlineWith(m[2] ?? '', conv, tokens);
    }
    return lines.map((l, i) => (out[i] ?? '') + l.eol).join('');
  };
  if (!fast || termsOf(options).some((t) => t.includes(BATCH_SEPARATOR))) return build(convert);
  // A call of the converter costs far more than its characters on short texts (opencc-js: about 18 times slower
  // line by line than on a whole text). A first pass collects the texts to convert, one call converts them all,
  // and a second pass builds the document from the results (a text met only then is converted alone).
  const texts = new Set<string>();
  build((t) => {
    texts.add(t);
    return t;
  });
  const converted = convertTogether([...texts], convert);
  return build((t) => converted.get(t) ?? convert(t));
}

// Joins the texts converted in one call. No dictionary key contains it, so no match spans two texts and each text
// converts exactly as it would alone (tests compare with the one-call-per-text path on every configuration).
const BATCH_SEPARATOR = '\u0000';

/** Each text with its conversion, from one call of `convert` (texts holding the separator are converted alone). */
function convertTogether(texts: readonly string[], convert: TextConverter): Map<string, string> {
  const out = new Map<string, string>();
  const batch = texts.filter((t) => t !== '' && !t.includes(BATCH_SEPARATOR));
  const results = batch.length > 0 ? convert(batch.join(BATCH_SEPARATOR)).split(BATCH_SEPARATOR) : [];
  // An override could in principle write the separator: then each text is converted alone.
  if (results.length === batch.length) batch.forEach((t, i) => out.set(t, results[i]!));
  return out;
}

// What indented code needs: four spaces at a line start or after a container's marker (`>`, `-`, `*`, `+`, `1.`, `1)`);
// any tab. Four spaces after other characters of a line are text (transcripts align columns with them).
const CODE_INDENT = /\t|(?:^|[\r\n])[>*+\-0-9.) ]* {4}/;
// Where a plain tail may start: after the last character that may start a span the Markdown-aware path keeps or
// converts piece by piece (as in isPlainDocument), and the blank line after it.
const MAY_NEED_MARKDOWN = new RegExp(`[[<\`]|https?://|www\\.|~~~|${CODE_INDENT.source}`, 'g');

/**
 * True when a document holds nothing the Markdown-aware path keeps or converts piece by piece: no inline markup
 * ({@link MAY_HOLD_MARKUP}: links, images, code spans, HTML, URLs), no fenced or indented code, no front matter, and
 * no protected term or override spanning lines. Converting such a document in one call gives the same bytes, since no
 * dictionary key holds a line break or the Markdown markers (#, *, -, >, |) left in it.
 */
function isPlainDocument(body: string, options: ConvertOptions): boolean {
  if (MAY_HOLD_MARKUP.test(body) || body.includes('~~~') || CODE_INDENT.test(body)) return false;
  if (body.startsWith('---') || body.startsWith('+++')) return false;
  // The Markdown-aware path sets a line's indentation aside before converting it: a term starting with a space
  // could match differently.
  return !termsOf(options).some((t) => /^\s|[\r\n]/.test(t));
}

/** The protected terms and override sources of some options. */
function termsOf(options: ConvertOptions): string[] {
  return [...(options.protectedTerms ?? []), ...(options.overrides ?? []).map((o) => o.from)];
}

/**
 * Converts the lines of one block together. Leading indentation is set aside first, so that a
 * continuation line indented by 4+ spaces is not mistaken for code; it is put back afterwards.
 */
function convertBlock(contents: readonly string[], convert: TextConverter, tokens?: TokenCache): string[] {
  const indents = contents.map((c) => /^[ \t]*/.exec(c)?.[0] ?? '');
  const joined = contents.map((c, i) => c.slice(indents[i]?.length ?? 0)).join('\n');
  const converted = convertInlineWith(joined, convert, tokens).split('\n');
  if (converted.length !== contents.length) {
    // An override introduced or removed a line break: fall back to one line at a time.
    return contents.map((c) => convertInlineWith(c, convert, tokens));
  }
  return converted.map((c, i) => (indents[i] ?? '') + c);
}

/**
 * Converts mixed-script text to one script.
 *
 * `zh-Hans`: plain `t2s`. t2s maps only Traditional characters and phrases and leaves Simplified
 * characters as they are, so a Simplified body with Traditional bits (返回首頁, 轉載自) becomes
 * wholly Simplified, and an already Simplified text is unchanged.
 *
 * `zh-Hant`: `s2t` (or the regional `config`, e.g. `s2tw`) is NOT a no-op on Traditional text:
 * characters shared by both scripts get remapped (馬里蘭 → 馬裏蘭, 這傢伙 → 這傢夥). So the text is
 * judged line by line: a line with more Simplified-only than Traditional-only characters (see
 * {@link scriptStats}) is converted, any other line is kept as it is. Lines mixing both scripts
 * evenly therefore stay mixed; a QA check should report them.
 */
export function normalizeMixed(
  text: string,
  target: 'zh-Hans' | 'zh-Hant',
  options: ConvertOptions & { config?: 's2t' | 's2tw' | 's2twp' | 's2hk' | 's2hkp' } = {},
): string {
  if (target === 'zh-Hans') return convertText(text, 't2s', options);
  const convert = createConverter(options.config ?? 's2t', options);
  return splitLines(text)
    .map((line) => {
      const stats = scriptStats(line.content);
      return (stats.simplifiedOnly > stats.traditionalOnly ? convert(line.content) : line.content) + line.eol;
    })
    .join('');
}

/**
 * Normalises one segment's source text (Markdown inline text) to the target script of `config`,
 * markup-safe. Conversions out of Simplified (`s2t`, `s2tw`, `s2twp`, `s2hk`, `s2hkp`) are not no-ops on
 * Traditional text, so they are applied only when the text holds more Simplified-only than
 * Traditional-only characters; every other configuration (`t2s`, `tw2s`, …) leaves characters
 * already in its target script alone and is applied as is.
 */
export function normalizeSegmentSource(text: string, config: ConversionConfigName, options: ConvertOptions = {}): string {
  if (getConversionConfig(config).source === 'zh-Hans') {
    const stats = scriptStats(text);
    if (stats.simplifiedOnly <= stats.traditionalOnly) return text;
  }
  return convertInline(text, config, options);
}

/** Character counts for a script check. */
export interface ScriptStats {
  /** Han characters (Unified Ideographs, extensions, compatibility). */
  han: number;
  /** Characters that t2s changes: Traditional-only forms (would be wrong in a zh-Hans text). */
  traditionalOnly: number;
  /** Characters that s2t changes: Simplified-only forms (would be wrong in a zh-Hant text). */
  simplifiedOnly: number;
  /** The distinct Traditional-only characters, in order of first appearance. */
  traditionalChars: string[];
  /** The distinct Simplified-only characters, in order of first appearance. */
  simplifiedChars: string[];
}

const HAN = /\p{Script=Han}/u;
const charClassCache = new Map<string, number>(); // bit 1: changes under t2s, bit 2: under s2t

/**
 * Counts characters that change under t2s (Traditional-only) and under s2t (Simplified-only),
 * character by character, without phrase context. Characters shared by both scripts in some
 * words (台, 后, 里, 干, 面) count as Simplified-only because s2t maps them by default; a QA
 * check should treat `simplifiedOnly` as a hint, not a proof.
 */
export function scriptStats(text: string): ScriptStats {
  const t2s = getConverter('t2s');
  const s2t = getConverter('s2t');
  const stats: ScriptStats = { han: 0, traditionalOnly: 0, simplifiedOnly: 0, traditionalChars: [], simplifiedChars: [] };
  const seenT = new Set<string>();
  const seenS = new Set<string>();
  for (const ch of text) {
    if (!HAN.test(ch)) continue;
    stats.han++;
    let cls = charClassCache.get(ch);
    if (cls === undefined) {
      cls = (t2s(ch) !== ch ? 1 : 0) | (s2t(ch) !== ch ? 2 : 0);
      charClassCache.set(ch, cls);
    }
    if (cls & 1) {
      stats.traditionalOnly++;
      if (!seenT.has(ch)) {
        seenT.add(ch);
        stats.traditionalChars.push(ch);
      }
    }
    if (cls & 2) {
      stats.simplifiedOnly++;
      if (!seenS.has(ch)) {
        seenS.add(ch);
        stats.simplifiedChars.push(ch);
      }
    }
  }
  return stats;
}
