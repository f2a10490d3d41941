/** Test helper: finds executable markup in an HTML page with a spec-compliant parser (parse5). */
import { parse } from 'parse5';

type Node = { nodeName: string; tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; content?: Node };

// SVG itself is allowed (the progress bars are SVG); scripts and handlers inside it are caught below.
const FORBIDDEN_TAGS = new Set([
  'iframe',
  'object',
  'embed',
  'base',
  'frame',
  'frameset',
  'applet',
  'foreignObject',
  'foreignobject',
  'math',
]);
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc']);

/**
 * Lists what in the page could run code: scripts other than the app's own `/static/*.js` modules,
 * event-handler attributes, javascript:/data: URLs in URL attributes, and embedding elements.
 */
export function executableMarkup(html: string): string[] {
  const found: string[] = [];
  const visit = (node: Node) => {
    const tag = node.tagName;
    if (tag) {
      const attrs = node.attrs ?? [];
      const src = attrs.find((a) => a.name === 'src')?.value ?? '';
      if (tag === 'script' && !/^\/static\/[a-z-]+\.js$/.test(src)) found.push(`<script src="${src}">`);
      if (FORBIDDEN_TAGS.has(tag)) found.push(`<${tag}>`);
      for (const a of attrs) {
        if (/^on/i.test(a.name)) found.push(`<${tag} ${a.name}>`);
        if (URL_ATTRS.has(a.name) && /^\s*(javascript|vbscript|data):/i.test(a.value)) found.push(`<${tag} ${a.name}="${a.value}">`);
        if (a.name === 'style' && /url\(|expression\(/i.test(a.value)) found.push(`<${tag} style>`);
      }
    }
    for (const child of node.childNodes ?? []) visit(child);
    if (node.content) visit(node.content);
  };
  visit(parse(html) as unknown as Node);
  return found;
}
