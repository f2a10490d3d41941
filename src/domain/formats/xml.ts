/**
 * Small XML layer over fast-xml-parser for the interchange formats: validation with line and
 * column in the error, a simple ordered element tree, text content, and escaping for writers.
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

// Characters XML 1.0 cannot hold, even escaped.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/**
 * Escapes text or an attribute value; throws for characters XML 1.0 cannot represent. Carriage
 * returns are written as `&#13;`, since XML parsers turn a literal CR LF into LF (sources from CRLF
 * files keep their line ends).
 */
export function escapeXml(value: string, what = 'text'): string {
  const bad = INVALID_XML_CHARS.exec(value);
  if (bad)
    throw new ValidationError(
      `${what}: character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} cannot be written to XML`,
      { what },
    );
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
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
  const result = XMLValidator.validate(text);
  if (result !== true) {
    const { line, col, msg } = result.err;
    throw new ValidationError(`${what}: line ${line}, column ${col}: ${msg}`, { line, column: col }, 'invalid_xml');
  }
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
