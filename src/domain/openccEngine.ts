/**
 * A small OpenCC engine over OpenCC's own text dictionaries, for the configurations opencc-js
 * does not ship (`s2hkp`, `hk2sp`) or gets wrong (`t2s`). Pure logic: the dictionary texts are
 * given as strings (see `opencc-data/`).
 *
 * It follows OpenCC's C++ implementation:
 * - a normalization pre-pass (CJK compatibility ideographs), longest match;
 * - maximum-match segmentation with the configuration's segmentation dictionary: a dictionary
 *   match is one segment, the characters between matches form one segment;
 * - each step of the conversion chain converts each segment separately, by longest prefix match
 *   (a `union` group takes the longest match of all its dictionaries, a `short_circuit` group
 *   the first dictionary that matches at all); unmatched characters are copied.
 */

/** A dictionary: keys to their first (default) value, and the key lengths present (UTF-16 units, longest first). */
export interface OpenccDict {
  readonly map: ReadonlyMap<string, string>;
  readonly lengths: readonly number[];
  /** The longest key starting with each first UTF-16 unit: most positions are rejected with one lookup. */
  readonly firstMax: ReadonlyMap<number, number>;
}

/** A dictionary or a group of dictionaries, as in an OpenCC configuration file. */
export type DictSpec = OpenccDict | { policy: 'union' | 'short_circuit'; dicts: readonly DictSpec[] };

/** An OpenCC configuration over loaded dictionaries. */
export interface EngineConfig {
  normalization?: DictSpec;
  /** Segmentation dictionary; without one the whole text is one segment. */
  segmentation?: DictSpec;
  chain: readonly DictSpec[];
}

/**
 * Parses OpenCC dictionary text (`key<TAB>value [alternatives…]` a line; `#` comments and blank
 * lines ignored). The first value is the one used; a repeated key keeps its first line.
 */
export function parseOpenccDict(text: string): OpenccDict {
  const map = new Map<string, string>();
  const lengths = new Set<number>();
  const firstMax = new Map<number, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const key = line.slice(0, tab);
    const rest = line.slice(tab + 1).replace(/\r$/, '');
    const space = rest.indexOf(' ');
    const value = space < 0 ? rest : rest.slice(0, space);
    if (!map.has(key)) map.set(key, value);
    lengths.add(key.length);
    const first = key.charCodeAt(0);
    if ((firstMax.get(first) ?? 0) < key.length) firstMax.set(first, key.length);
  }
  return { map, lengths: [...lengths].sort((a, b) => b - a), firstMax };
}

interface Match {
  length: number;
  value: string;
}

function isDict(spec: DictSpec): spec is OpenccDict {
  return 'map' in spec;
}

/** The longest key of `dict` starting at `pos` of `text`, or null. */
function matchDict(dict: OpenccDict, text: string, pos: number): Match | null {
  const max = dict.firstMax.get(text.charCodeAt(pos));
  if (max === undefined) return null;
  const left = Math.min(text.length - pos, max);
  for (const len of dict.lengths) {
    if (len > left) continue;
    const value = dict.map.get(text.slice(pos, pos + len));
    if (value !== undefined) return { length: len, value };
  }
  return null;
}

/** The match of a dictionary or group at `pos`, with OpenCC's group policies. */
export function matchPrefix(spec: DictSpec, text: string, pos: number): Match | null {
  if (isDict(spec)) return matchDict(spec, text, pos);
  let best: Match | null = null;
  for (const d of spec.dicts) {
    const m = matchPrefix(d, text, pos);
    if (!m) continue;
    if (spec.policy === 'short_circuit') return m;
    if (!best || m.length > best.length) best = m;
  }
  return best;
}

/** The length of the character at `pos` (2 for a surrogate pair). */
function charLength(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  return c >= 0xd800 && c <= 0xdbff && pos + 1 < text.length ? 2 : 1;
}

/** Converts a text by longest prefix match with one dictionary or group. */
export function convertWith(spec: DictSpec, text: string): string {
  let out = '';
  let pos = 0;
  while (pos < text.length) {
    const m = matchPrefix(spec, text, pos);
    if (m) {
      out += m.value;
      pos += m.length;
    } else {
      const n = charLength(text, pos);
      out += text.slice(pos, pos + n);
      pos += n;
    }
  }
  return out;
}

/** OpenCC's maximum-match segmentation: matches are segments, runs of unmatched characters too. */
export function segment(spec: DictSpec, text: string): string[] {
  const segments: string[] = [];
  let runStart = 0;
  let pos = 0;
  while (pos < text.length) {
    const m = matchPrefix(spec, text, pos);
    if (m) {
      if (pos > runStart) segments.push(text.slice(runStart, pos));
      segments.push(text.slice(pos, pos + m.length));
      pos += m.length;
      runStart = pos;
    } else pos += charLength(text, pos);
  }
  if (pos > runStart) segments.push(text.slice(runStart, pos));
  return segments;
}

/** A converter for an engine configuration. */
export function createEngineConverter(config: EngineConfig): (text: string) => string {
  return (text: string): string => {
    if (!text) return text;
    const normalized = config.normalization ? convertWith(config.normalization, text) : text;
    let segments = config.segmentation ? segment(config.segmentation, normalized) : [normalized];
    for (const step of config.chain) segments = segments.map((s) => convertWith(step, s));
    return segments.join('');
  };
}

/**
 * Reverses a dictionary as OpenCC's `reverse.py` does: each value maps back to the keys it came
 * from, in file order, except that a `# @reverse-prefer: X [Y]` line makes Y (default X) the first
 * key of value X. Returns dictionary text.
 */
export function reverseOpenccDict(text: string): string {
  const reversed = new Map<string, string[]>();
  const prefer = new Map<string, string>();
  for (const line of text.split('\n')) {
    const clean = line.replace(/\r$/, '');
    if (clean.startsWith('# @reverse-prefer:')) {
      const fields = clean.slice('# @reverse-prefer:'.length).trim().split(/\s+/);
      if (fields[0]) prefer.set(fields[0], fields[fields.length - 1] ?? fields[0]);
      continue;
    }
    if (!clean || clean.startsWith('#') || !clean.includes('\t')) continue;
    const [key = '', values = ''] = clean.split('\t');
    for (const v of values.split(' ')) {
      const list = reversed.get(v);
      if (list) list.push(key);
      else reversed.set(v, [key]);
    }
  }
  for (const [value, preferred] of prefer) {
    const list = reversed.get(value);
    const at = list?.indexOf(preferred) ?? -1;
    if (!list || at < 0) throw new Error(`reverse preference ${value} -> ${preferred} has no matching mapping`);
    list.splice(at, 1);
    list.unshift(preferred);
  }
  return [...reversed]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}\t${v.join(' ')}\n`)
    .join('');
}

/**
 * The mappings after `# @tofu-risk:` lines, without the key itself among the values (OpenCC's
 * `extract_tofu_risk.py`, which makes `TSCharactersExt.txt` from `TSCharacters.txt`). Returns dictionary text.
 */
export function extractTofuRisk(text: string): string {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  let out = '';
  lines.forEach((line, i) => {
    if (!line.startsWith('# @tofu-risk:')) return;
    const mapping = lines[i + 1] ?? '';
    if (!mapping.trim() || mapping.startsWith('#')) throw new Error(`expected a mapping after the @tofu-risk line ${i + 1}`);
    const [key = '', valuesText = ''] = mapping.split('\t');
    let values = valuesText.split(/\s+/).filter(Boolean);
    if (values[0] === key) values = values.slice(1);
    if (values.length === 0) throw new Error(`expected an extension mapping after the @tofu-risk line ${i + 1}`);
    out += `${key}\t${values.join(' ')}\n`;
  });
  return out;
}

/**
 * OpenCC's `generate_st_phrases_from_regional_phrases.py`: the keys of regional phrase
 * dictionaries (Traditional) converted to Simplified with `toSimplified`; every projection of 3
 * characters or more maps back to its Traditional key, so that a Simplified input keeps the span
 * the regional phrase needs. Conflicting projections are an error. Returns dictionary text.
 */
export function generateStPhrasesFromRegional(regionalDicts: readonly string[], toSimplified: (text: string) => string): string {
  const collisions = new Map<string, string[]>();
  for (const text of regionalDicts) {
    for (const key of parseOpenccDict(text).map.keys()) {
      const converted = toSimplified(key);
      if ([...converted].length < 3) continue;
      const list = collisions.get(converted);
      if (list) list.push(key);
      else collisions.set(converted, [key]);
    }
  }
  const conflicts = [...collisions].filter(([, v]) => new Set(v).size > 1);
  if (conflicts.length > 0)
    throw new Error(`conflicting regional phrase projections: ${conflicts.map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ')}`);
  return [...collisions]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}\t${v[0]}\n`)
    .join('');
}
