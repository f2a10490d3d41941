/**
 * Markup check: the links, images, emphasis, inline code, HTML tags, wiki links and URLs of the
 * source must be in the target. Links, images and URLs are compared by their href, wiki links by
 * their page (so `[[zh:法国]]` is matched by `[[zh:法国|France]]`), code and HTML by their raw text,
 * emphasis / strong / strikethrough / breaks / cell pipes by count.
 *
 * A wiki link of the source missing in the target is only a warning (auto-generated links often
 * split names, `[[zh:迈克]]·[[zh:约翰]]逊`, which a translation may rightly merge); a wiki link to a
 * page the source does not link (a page name translated or converted) is an error.
 */
import type { MarkupKind } from '../../inline.js';
import { issue, piecesOf } from '../text.js';
import type { QaCheck, QaContext, QaIssue } from '../types.js';

interface Item {
  key: string;
  label: string;
  kind: MarkupKind;
  /** The href or raw text that identifies the item ('' for emphasis, breaks, pipes). */
  id: string;
  start: number;
  end: number;
}

const LABEL: Readonly<Record<MarkupKind, string>> = {
  link: 'link',
  image: 'image',
  emphasis: 'emphasis',
  strong: 'bold text',
  delete: 'strikethrough',
  code: 'inline code',
  html: 'HTML tag',
  wikilink: 'wiki link',
  url: 'URL',
  break: 'line break',
  pipe: 'table cell separator',
};

/** The comparable markup items of a text: opening and atom pieces, keyed by kind and href / raw. */
function items(text: string, ctx: QaContext): Item[] {
  const out: Item[] = [];
  let pos = 0;
  for (const p of piecesOf(text, ctx)) {
    if (p.type === 'open' || p.type === 'atom') {
      const href = 'href' in p ? p.href : undefined;
      const id =
        ['link', 'image', 'url', 'wikilink'].includes(p.kind) && href !== undefined
          ? href
          : ['code', 'html', 'wikilink'].includes(p.kind)
            ? p.raw
            : '';
      const label = id ? `${LABEL[p.kind]} ${id}` : LABEL[p.kind];
      out.push({ key: `${p.kind}\u0000${id}`, label, kind: p.kind, id, start: pos, end: pos + p.raw.length });
    }
    pos += p.raw.length;
  }
  return out;
}

export const markupCheck: QaCheck = {
  id: 'markup',
  severity: 'error',
  description: 'Links, images, emphasis, inline code, HTML tags, wiki links and URLs of the source are kept in the target',
  appliesTo: () => true,
  run(ctx) {
    const src = items(ctx.source, ctx);
    const tgt = items(ctx.target, ctx);
    const issues: QaIssue[] = [];
    const left = [...tgt];
    for (const s of src) {
      const i = left.findIndex((t) => t.key === s.key);
      if (i >= 0) left.splice(i, 1);
      else
        issues.push(
          issue(markupCheck, 'markupMissing', `The ${s.label} of the source is missing in the target.`, {
            params: { kind: s.kind, id: s.id },
            side: 'source',
            start: s.start,
            end: s.end,
            ...(s.kind === 'wikilink' ? { severity: 'warning' as const } : {}),
          }),
        );
    }
    for (const t of left)
      issues.push(
        issue(markupCheck, 'markupExtra', `The target has a ${t.label} that the source does not have.`, {
          params: { kind: t.kind, id: t.id },
          start: t.start,
          end: t.end,
        }),
      );
    return issues;
  },
};
