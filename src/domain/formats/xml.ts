/**
 * The one XML layer over fast-xml-parser for the interchange formats (XLIFF, TMX, TBX): escaping for
 * writers, the well-formedness check with line and column, the parser configuration, and a simple
 * ordered element tree with its text content.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ValidationError } from '../errors.js';

/** An element with its attributes and its children in document order. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

/** An element or a text node. */
export type XmlNode = XmlElement | string;

// Characters XML 1.0 cannot hold, even escaped: controls, U+FFFE/U+FFFF, and lone surrogates (a UTF-8 writer
// would turn those into U+FFFD, silently changing the text).
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What to do with a character XML cannot hold: throw, or return what to write instead (XLIFF 2's `<cp>`). */
export type InvalidXmlChar = (ch: string) => string;

/** `U+XXXX` of a UTF-16 code unit, for messages. */
export function codeUnitName(ch: string): string {
  return `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Escapes text content: `& < >`, and carriage returns as `&#13;`, since XML parsers turn a literal CR LF into LF
 * (sources from CRLF files keep their line ends); characters XML 1.0 cannot hold go through `invalid`.
 */
export function escapeXmlText(value: string, invalid: InvalidXmlChar): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;').replace(XML_INVALID, invalid);
}

/** Escapes an attribute value: as text, plus `"`, and line feeds and tabs as references so they survive normalisation. */
export function escapeXmlAttr(value: string, invalid: InvalidXmlChar): string {
  return escapeXmlText(value, invalid).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/**
 * Escapes text or an attribute value (`& < > "`, CR as `&#13;`) for TMX and TBX; throws a ValidationError naming
 * `what` for a character XML 1.0 cannot represent.
 */
export function escapeXml(value: string, what = 'text'): string {
  const refuse = (ch: string): never => {
    throw new ValidationError(`${what}: character ${codeUnitName(ch)} cannot be written to XML`, { what });
  };
  return escapeXmlText(value, refuse).replace(/"/g, '&quot;');
}

/** Options shared by every parser of this module: order kept, attributes as strings, nothing trimmed or converted. */
const BASE_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
} as const;

/** Where malformed XML is: null when `text` is well-formed. */
export function xmlSyntaxError(text: string): { line: number; column: number; message: string } | null {
  const result = XMLValidator.validate(text);
  if (result === true) return null;
  return { line: result.err.line, column: result.err.col, message: result.err.msg };
}

/** A node of fast-xml-parser's ordered output: `{ name: children, ':@': attributes }`, `#text`, `#cdata` or `#comment`. */
export type RawXmlNode = Record<string, unknown>;

const rawParser = new XMLParser({
  ...BASE_OPTIONS,
  processEntities: false,
  captureMetaData: true,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  maxNestedTags: 1000,
});

/** The key under which {@link parseRawXml} records each element's start offset (`{ startIndex }`). */
export const XML_META = XMLParser.getMetaDataSymbol();

/**
 * Parses well-formed XML (check with {@link xmlSyntaxError} first) into raw ordered nodes, for readers that need
 * positions and exact text: entities left as written, CDATA and comments kept apart, start offsets recorded.
 */
export function parseRawXml(text: string): RawXmlNode[] {
  return rawParser.parse(text) as RawXmlNode[];
}

const parser = new XMLParser({
  ...BASE_OPTIONS,
  processEntities: true,
  htmlEntities: true,
  commentPropName: false,
});

/** Converts fast-xml-parser's ordered output into {@link XmlNode}s. */
function convert(raw: unknown): XmlNode[] {
  if (!Array.isArray(raw)) return [];
  const out: XmlNode[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const rec = item as Record<string, unknown>;
    for (const [key, value] of Object.entries(rec)) {
      if (key === ':@') continue;
      if (key === '#text') out.push(String(value));
      else if (!key.startsWith('?') && !key.startsWith('!')) {
        const attrs: Record<string, string> = {};
        const rawAttrs = rec[':@'];
        if (typeof rawAttrs === 'object' && rawAttrs !== null) for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = String(v);
        out.push({ name: key, attrs, children: convert(value) });
      }
    }
  }
  return out;
}

/**
 * Parses a whole document and returns its root element. Throws a ValidationError naming the
 * line and column of malformed XML, and refuses entity declarations (no entity expansion).
 */
export function parseXml(xml: string, what: string): XmlElement {
  const text = xml.startsWith('\ufeff') ? xml.slice(1) : xml;
  if (/<!ENTITY/i.test(text)) throw new ValidationError(`${what}: entity declarations are not allowed`, {}, 'invalid_xml');
  const bad = xmlSyntaxError(text);
  if (bad)
    throw new ValidationError(
      `${what}: line ${bad.line}, column ${bad.column}: ${bad.message}`,
      { line: bad.line, column: bad.column },
      'invalid_xml',
    );
  const root = convert(parser.parse(text)).find((n): n is XmlElement => typeof n !== 'string');
  if (!root) throw new ValidationError(`${what}: no root element`, {}, 'invalid_xml');
  return root;
}

/** The child elements of an element, optionally only those with one of the given names. */
export function childElements(el: XmlElement, ...names: string[]): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && (names.length === 0 || names.includes(c.name)));
}

/** The descendants (depth first) with one of the given names, not looking inside matches. */
export function findElements(el: XmlElement, ...names: string[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of childElements(el)) {
    if (names.includes(c.name)) out.push(c);
    else out.push(...findElements(c, ...names));
  }
  return out;
}

/** The concatenated text of an element and all its descendants. */
export function textContent(node: XmlNode): string {
  return typeof node === 'string' ? node : node.children.map(textContent).join('');
}

/** The xml:lang (or TMX 1.1 `lang`) of an element. */
export function langOf(el: XmlElement): string | undefined {
  return el.attrs['xml:lang'] ?? el.attrs.lang;
}
