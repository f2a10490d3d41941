/**
 * TMX 1.4b read and write. Segments hold the Markdown inline text as plain (escaped) text: no
 * `<ph>`/`<bpt>` markup is written. Reading tolerates inline elements (`<ph>`, `<bpt>`, `<ept>`,
 * `<it>`, `<hi>`, `<ut>`) by taking their text content, TMX 1.1 `lang` attributes, and language
 * variants (zh-CN, zh-Hans, en-US), which {@link tmxPairs} matches to the wanted languages.
 */
import { ValidationError } from '../errors.js';
import { sameLanguage } from '../qa/lang.js';
import { childElements, escapeXml, langOf, parseXml, textContent, type XmlElement } from './xml.js';

/** One language version of a unit. */
export interface TmxVariant {
  lang: string;
  text: string;
  creationDate?: Date;
  creationId?: string;
  changeDate?: Date;
  changeId?: string;
}

/** A translation unit. */
export interface TmxUnit {
  /** `tuid`. */
  id?: string;
  variants: TmxVariant[];
  creationDate?: Date;
  creationId?: string;
  changeDate?: Date;
  changeId?: string;
  /** `<prop type="…">` values (e.g. x-context-prev / x-context-next hashes). */
  props?: Record<string, string>;
  note?: string;
}

/** The header attributes. */
export interface TmxHeader {
  srcLang: string;
  creationTool: string;
  creationToolVersion: string;
  segType: string;
  oTmf: string;
  adminLang: string;
  dataType: string;
  creationDate?: Date;
  creationId?: string;
}

/** A TMX document. */
export interface TmxDocument {
  header: TmxHeader;
  units: TmxUnit[];
}

const DEFAULT_HEADER: TmxHeader = {
  srcLang: 'zh',
  creationTool: 'bitext',
  creationToolVersion: '0.1.0',
  segType: 'paragraph',
  oTmf: 'bitext',
  adminLang: 'en',
  dataType: 'plaintext',
};

/** A date in TMX form, UTC: 20210525T143000Z. */
export function formatTmxDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Parses a TMX date (YYYYMMDDThhmmssZ); throws naming `where`. */
export function parseTmxDate(value: string, where: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value.trim());
  const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
  if (!d || Number.isNaN(d.getTime()) || formatTmxDate(d) !== value.trim()) {
    throw new ValidationError(`TMX: ${where}: "${value}" is not a date of the form YYYYMMDDThhmmssZ`, { where, value }, 'invalid_tmx');
  }
  return d;
}

type Dated = Pick<TmxVariant, 'creationDate' | 'creationId' | 'changeDate' | 'changeId'>;

/** The date and author attributes of a unit or variant, as XML attribute text. */
function datedAttrs(x: Dated): string {
  return [
    x.creationDate && ` creationdate="${formatTmxDate(x.creationDate)}"`,
    x.creationId && ` creationid="${escapeXml(x.creationId, 'TMX creationid')}"`,
    x.changeDate && ` changedate="${formatTmxDate(x.changeDate)}"`,
    x.changeId && ` changeid="${escapeXml(x.changeId, 'TMX changeid')}"`,
  ]
    .filter(Boolean)
    .join('');
}

/** Writes a TMX 1.4b document (UTF-8, LF line ends). */
export function writeTmx(doc: { header?: Partial<TmxHeader>; units: readonly TmxUnit[] }): string {
  const h = { ...DEFAULT_HEADER, ...doc.header };
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<tmx version="1.4">',
    `  <header creationtool="${escapeXml(h.creationTool)}" creationtoolversion="${escapeXml(h.creationToolVersion)}" segtype="${escapeXml(h.segType)}"` +
      ` o-tmf="${escapeXml(h.oTmf)}" adminlang="${escapeXml(h.adminLang)}" srclang="${escapeXml(h.srcLang)}" datatype="${escapeXml(h.dataType)}"` +
      `${datedAttrs(h)}/>`,
    '  <body>',
  ];
  doc.units.forEach((u, i) => {
    out.push(`    <tu${u.id !== undefined ? ` tuid="${escapeXml(u.id)}"` : ''}${datedAttrs(u)}>`);
    if (u.note) out.push(`      <note>${escapeXml(u.note, `TMX unit ${i + 1} note`)}</note>`);
    for (const [type, value] of Object.entries(u.props ?? {}))
      out.push(`      <prop type="${escapeXml(type)}">${escapeXml(value, `TMX unit ${i + 1} prop`)}</prop>`);
    for (const v of u.variants) {
      out.push(
        `      <tuv xml:lang="${escapeXml(v.lang)}"${datedAttrs(v)}><seg>${escapeXml(v.text, `TMX unit ${i + 1} (${v.lang})`)}</seg></tuv>`,
      );
    }
    out.push('    </tu>');
  });
  out.push('  </body>', '</tmx>', '');
  return out.join('\n');
}

/** Reads the date and author attributes of an element. */
function readDated(el: XmlElement, where: string): Dated {
  const d: Dated = {};
  if (el.attrs.creationdate) d.creationDate = parseTmxDate(el.attrs.creationdate, `${where} creationdate`);
  if (el.attrs.creationid) d.creationId = el.attrs.creationid;
  if (el.attrs.changedate) d.changeDate = parseTmxDate(el.attrs.changedate, `${where} changedate`);
  if (el.attrs.changeid) d.changeId = el.attrs.changeid;
  return d;
}

const fail = (message: string, details: Record<string, unknown> = {}): never => {
  throw new ValidationError(`TMX: ${message}`, details, 'invalid_tmx');
};

/** Reads a TMX document (1.4b; 1.1 `lang` attributes accepted). Throws naming the line or element. */
export function readTmx(xml: string): TmxDocument {
  const root = parseXml(xml, 'TMX');
  if (root.name !== 'tmx') fail(`the root element is <${root.name}>, not <tmx>`);
  const headerEl = childElements(root, 'header')[0] ?? fail('no <header>');
  const body = childElements(root, 'body')[0] ?? fail('no <body>');
  const a = headerEl.attrs;
  const srcLang = a.srclang ?? fail('<header> has no srclang');
  const header: TmxHeader = {
    srcLang,
    creationTool: a.creationtool ?? '',
    creationToolVersion: a.creationtoolversion ?? '',
    segType: a.segtype ?? '',
    oTmf: a['o-tmf'] ?? '',
    adminLang: a.adminlang ?? '',
    dataType: a.datatype ?? '',
    ...readDated(headerEl, '<header>'),
  };
  const units = childElements(body, 'tu').map((tu, i): TmxUnit => {
    const where = `<tu> ${i + 1}${tu.attrs.tuid ? ` (tuid ${tu.attrs.tuid})` : ''}`;
    const variants = childElements(tu, 'tuv').map((tuv, j): TmxVariant => {
      const lang = langOf(tuv) ?? fail(`${where}: <tuv> ${j + 1} has no xml:lang`, { unit: i + 1 });
      const seg = childElements(tuv, 'seg')[0] ?? fail(`${where}: <tuv xml:lang="${lang}"> has no <seg>`, { unit: i + 1 });
      return { lang, text: textContent(seg), ...readDated(tuv, `${where} <tuv xml:lang="${lang}">`) };
    });
    if (variants.length === 0) fail(`${where} has no <tuv>`, { unit: i + 1 });
    const unit: TmxUnit = { variants, ...readDated(tu, where) };
    if (tu.attrs.tuid !== undefined) unit.id = tu.attrs.tuid;
    const props = childElements(tu, 'prop');
    if (props.length) unit.props = Object.fromEntries(props.map((p) => [p.attrs.type ?? '', textContent(p)]));
    const note = childElements(tu, 'note')[0];
    if (note) unit.note = textContent(note);
    return unit;
  });
  return { header, units };
}

/**
 * Source/target pairs of a document for two languages, matching variants by language (zh-CN
 * and zh-Hans count as zh; zh-TW, zh-HK as zh-Hant; en-US as en). Units lacking either are skipped.
 */
export function tmxPairs(doc: TmxDocument, sourceLang: string, targetLang: string): { source: string; target: string; unit: TmxUnit }[] {
  const out: { source: string; target: string; unit: TmxUnit }[] = [];
  for (const unit of doc.units) {
    const source = unit.variants.find((v) => sameLanguage(v.lang, sourceLang));
    const target = unit.variants.find((v) => sameLanguage(v.lang, targetLang));
    if (source && target) out.push({ source: source.text, target: target.text, unit });
  }
  return out;
}
