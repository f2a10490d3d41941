/**
 * Which format a plain-text file is really in: `.txt` files from the field are often Markdown
 * (`### [返回首頁](…)`, `---`, `## 标题`). The rule is a points threshold over line-level evidence,
 * linear in the size of the text (fixed, bounded patterns only; no user-supplied pattern).
 *
 * - Strong evidence, 2 points each (counted up to {@link STRONG_LINE_CAP}): an ATX heading
 *   (`# Title` … `###### Title`; two or more `#` lines in a row are a comment block and do not count), an inline link or image (`[text](url)`, `![alt](url)`), a fenced
 *   code block (counted once per complete fence), a link reference definition (`[id]: http://…`).
 * - Weak evidence, 1 point per kind present: thematic break or setext underline (`---`, `***`, `===`),
 *   list item (`- x`, `* x`, `1. x`), blockquote (`> x`), emphasis or code span (`**x**`, `` `x` ``).
 *
 * A file is Markdown when it has at least one piece of strong evidence and {@link MARKDOWN_THRESHOLD} points:
 * two pieces of strong evidence, or one and two kinds of weak evidence. Weak evidence alone (plain
 * prose with dashes, numbered lines and quoted e-mail) never makes a file Markdown.
 */
import { ValidationError } from './errors.js';

/** The format a user asks for at import: `auto` decides `.txt` files by their content. */
export type FormatChoice = 'auto' | 'markdown' | 'text';

/** The choices, for option parsers and forms. */
export const FORMAT_CHOICES: readonly FormatChoice[] = ['auto', 'markdown', 'text'];

/** Parses a format choice from a form field or option, naming the field and the value when it is none of them. */
export function parseFormatChoice(value: string | undefined, field = 'format'): FormatChoice {
  const v = (value ?? 'auto').trim() || 'auto';
  if ((FORMAT_CHOICES as readonly string[]).includes(v)) return v as FormatChoice;
  throw new ValidationError(
    `${field}: "${value}" is not a document format; use one of ${FORMAT_CHOICES.join(', ')}`,
    { field, value },
    'unknown_format',
    {
      params: { field, value, valid: FORMAT_CHOICES.join(', ') },
    },
  );
}

/** Points needed for Markdown (with at least one piece of strong evidence). */
export const MARKDOWN_THRESHOLD = 4;

/** Strong evidence beyond this much add no points (the verdict does not depend on the file's length). */
export const STRONG_LINE_CAP = 5;

/** What the detector saw: line counts per kind of evidence, the points, and the verdict. */
export interface MarkdownEvidence {
  headings: number;
  links: number;
  fences: number;
  linkDefinitions: number;
  breaks: number;
  listItems: number;
  quotes: number;
  emphasis: number;
  /** 2 × strong evidence (capped) + 1 per kind of weak evidence present. */
  points: number;
  markdown: boolean;
}

const ATX_HEADING = /^ {0,3}#{1,6}[ \t]+\S/;
// Bounded repetitions: a line full of "[" without "]" costs linear time, not quadratic.
const INLINE_LINK = /!?\[[^\]\n]{0,500}\]\([^()\s]{0,2000}(?:[ \t]+"[^"\n]{0,500}")?\)/;
const LINK_DEFINITION = /^ {0,3}\[[^\]\n]{1,500}\]:[ \t]*\S/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BREAK = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|={3,}[ \t]*)$/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S/;
const QUOTE = /^ {0,3}>/;
const EMPHASIS = /\*\*[^*\s][^*\n]{0,500}\*\*|__[^_\s][^_\n]{0,500}__|`[^`\n]{1,500}`/;

/** Inline links and images on one line (at most {@link STRONG_LINE_CAP}: more add no points). */
function countLinks(line: string): number {
  const re = new RegExp(INLINE_LINK.source, 'g');
  let n = 0;
  while (n < STRONG_LINE_CAP && re.exec(line)) n++;
  return n;
}

/** Collects the evidence of Markdown structure in a text and applies the threshold. */
export function markdownEvidence(text: string): MarkdownEvidence {
  const e: MarkdownEvidence = {
    headings: 0,
    links: 0,
    fences: 0,
    linkDefinitions: 0,
    breaks: 0,
    listItems: 0,
    quotes: 0,
    emphasis: 0,
    points: 0,
    markdown: false,
  };
  let fence: string | null = null;
  // `#` lines in a row are a comment block (shell, config files), not headings: a run counts when it is one line long.
  let hashRun = 0;
  const endHashRun = () => {
    if (hashRun === 1) e.headings++;
    hashRun = 0;
  };
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (fence !== null || !ATX_HEADING.test(line)) endHashRun();
    if (fence !== null) {
      // Inside a fence nothing else counts; the fence closes with at least as many of the same marks.
      const close = FENCE.exec(line);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length && line.trim() === close[1]) {
        e.fences++;
        fence = null;
      }
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      fence = open[1]!;
      continue;
    }
    if (ATX_HEADING.test(line)) hashRun++;
    if (LINK_DEFINITION.test(line)) e.linkDefinitions++;
    else e.links += countLinks(line);
    if (BREAK.test(line)) e.breaks++;
    else if (LIST_ITEM.test(line)) e.listItems++;
    if (QUOTE.test(line)) e.quotes++;
    if (EMPHASIS.test(line)) e.emphasis++;
  }
  endHashRun();
  const strong = e.headings + e.links + e.fences + e.linkDefinitions;
  const weakKinds = [e.breaks, e.listItems, e.quotes, e.emphasis].filter((n) => n > 0).length;
  e.points = 2 * Math.min(strong, STRONG_LINE_CAP) + weakKinds;
  e.markdown = strong > 0 && e.points >= MARKDOWN_THRESHOLD;
  return e;
}

/** How a document's format was decided: by its extension, by its content, by the user, or kept from the earlier import. */
export type FormatReason = 'extension' | 'detected' | 'chosen' | 'kept';

/** The decision for one Markdown-or-text file. */
export interface FormatDecision {
  format: 'markdown' | 'text';
  reason: FormatReason;
}

/**
 * Decides the format of a Markdown or text file. An explicit choice wins; with `auto`, a re-imported
 * document keeps the format it was stored with (so its segments, and their translations, stay), a
 * `.md` file is Markdown, and a `.txt` file is Markdown when {@link markdownEvidence} says so.
 */
export function decideFormat(input: {
  name: string;
  text: string;
  choice: FormatChoice;
  stored?: 'markdown' | 'text' | undefined;
}): FormatDecision {
  if (input.choice !== 'auto') return { format: input.choice, reason: 'chosen' };
  if (input.stored) return { format: input.stored, reason: 'kept' };
  if (!/\.(txt|text)$/i.test(input.name)) return { format: 'markdown', reason: 'extension' };
  return { format: markdownEvidence(input.text).markdown ? 'markdown' : 'text', reason: 'detected' };
}
