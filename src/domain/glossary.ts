/**
 * Glossary rules shared by storage, import, machine translation and the editor: what a valid term
 * is, how a project's entries override the shared ones, and where terms occur in a source text.
 * Pure logic (entries are the exchange type of formats/glossary).
 */
import { ValidationError } from './errors.js';
import { sameLanguage } from './qa/lang.js';
import type { GlossaryEntry, GlossaryTargets } from './formats/glossary.js';

/** Separator of several terms in one CSV cell or form field. */
export const TERM_SEPARATOR = '|';

/** Longest term accepted, in characters. */
export const MAX_TERM_CHARS = 250;
/** Longest note accepted, in characters. */
export const MAX_NOTE_CHARS = 2000;

/** Why a term cannot be stored, or undefined when it can (DeepL glossaries refuse tabs and line breaks). */
export function termProblem(term: string): string | undefined {
  if (!term.trim()) return 'the term is empty';
  if (term !== term.trim()) return `"${term}" has spaces at the start or end`;
  if (/[\t\r\n]/.test(term)) return `"${term}" contains a tab or line break`;
  if (term.includes(TERM_SEPARATOR)) return `"${term}" contains "${TERM_SEPARATOR}", the separator of several terms`;
  if (term.length > MAX_TERM_CHARS) return `"${term.slice(0, 20)}…" is ${term.length} characters, over ${MAX_TERM_CHARS}`;
  return undefined;
}

/**
 * Checks one entry; returns `[field, problem]` for the first problem or undefined. Fields are
 * `source`, `pos`, `note`, `<lang>` (a translation) and `forbidden_<lang>`.
 */
export function entryProblem(e: GlossaryEntry): [string, string] | undefined {
  const bad = termProblem(e.source);
  if (bad) return ['source', bad];
  if (e.pos !== undefined && (e.pos.length > 50 || /[\t\r\n]/.test(e.pos)))
    return ['pos', `"${e.pos.slice(0, 20)}" is not a part of speech`];
  if (e.note !== undefined && e.note.length > MAX_NOTE_CHARS)
    return ['note', `the note is ${e.note.length} characters, over ${MAX_NOTE_CHARS}`];
  const seen: string[] = [];
  for (const t of e.targets) {
    if (seen.includes(t.lang)) return [t.lang, `language ${t.lang} appears twice`];
    seen.push(t.lang);
    for (const [field, list] of [
      [t.lang, t.terms],
      [`forbidden_${t.lang}`, t.forbidden],
    ] as const) {
      for (const term of list) {
        const p = termProblem(term);
        if (p) return [field, p];
      }
      if (new Set(list).size !== list.length) return [field, 'a term appears twice'];
    }
    const both = t.terms.find((x) => t.forbidden.includes(x));
    if (both) return [`forbidden_${t.lang}`, `"${both}" is both allowed and forbidden`];
  }
  return undefined;
}

/**
 * Checks entries read from a file: every term valid, each source term once. Throws a ValidationError
 * `${what}, ${where(i)}, column ${field}: problem` (code `invalid_glossary`) for the first problem.
 */
export function checkGlossaryEntries(entries: readonly GlossaryEntry[], what: string, where: (i: number) => string): void {
  const first = new Map<string, number>();
  entries.forEach((e, i) => {
    const p = entryProblem(e);
    if (p) {
      throw new ValidationError(`${what}, ${where(i)}, column ${p[0]}: ${p[1]}`, { entry: i + 1, column: p[0] }, 'invalid_glossary');
    }
    const before = first.get(e.source);
    if (before !== undefined) {
      throw new ValidationError(
        `${what}, ${where(i)}: source term "${e.source}" already appears at ${where(before)}`,
        { entry: i + 1 },
        'invalid_glossary',
      );
    }
    first.set(e.source, i);
  });
}

/** The translations of an entry for a target language: the exact language first, else the same language (en ~ en-US). */
export function targetsFor(entry: GlossaryEntry, lang: string): GlossaryTargets | undefined {
  return entry.targets.find((t) => t.lang === lang) ?? entry.targets.find((t) => sameLanguage(t.lang, lang));
}

/**
 * The glossary that applies to a project: its own entries, and the shared ones. For a source term in
 * both, the project's translations replace the shared ones language by language (other languages of
 * the shared entry still apply), and its part of speech and note win when set. Project entries first.
 */
export function mergeGlossaries(shared: readonly GlossaryEntry[], project: readonly GlossaryEntry[]): GlossaryEntry[] {
  const sharedBySource = new Map(shared.map((e) => [e.source, e]));
  const own = new Set(project.map((e) => e.source));
  const merged = project.map((p): GlossaryEntry => {
    const s = sharedBySource.get(p.source);
    if (!s) return p;
    const e: GlossaryEntry = {
      source: p.source,
      targets: [...p.targets, ...s.targets.filter((st) => !p.targets.some((pt) => sameLanguage(pt.lang, st.lang)))],
    };
    const pos = p.pos || s.pos;
    const note = p.note || s.note;
    if (pos) e.pos = pos;
    if (note) e.note = note;
    return e;
  });
  return [...merged, ...shared.filter((e) => !own.has(e.source))];
}

/** Only the entries and languages that concern `lang` (entries without it are dropped). */
export function entriesForLang(entries: readonly GlossaryEntry[], lang: string): GlossaryEntry[] {
  return entries.flatMap((e) => {
    const t = targetsFor(e, lang);
    return t ? [{ ...e, targets: [t] }] : [];
  });
}

/** A term found in a text: UTF-16 offsets and the source term. */
export interface TermSpan {
  start: number;
  end: number;
  source: string;
}

/**
 * Builds a finder of source terms in a text: longer terms win over shorter ones, and found spans
 * never overlap (in 弗拉基米尔·普京 only the full name is found, not 普京 inside it). Exact match.
 */
export function termFinder(sources: Iterable<string>): (text: string) => TermSpan[] {
  const byFirst = new Map<string, string[]>();
  for (const s of new Set(sources)) {
    if (!s) continue;
    const list = byFirst.get(s[0]!) ?? [];
    list.push(s);
    byFirst.set(s[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  return (text) => {
    const candidates: TermSpan[] = [];
    for (let i = 0; i < text.length; i++) {
      for (const s of byFirst.get(text[i]!) ?? []) {
        if (text.startsWith(s, i)) candidates.push({ start: i, end: i + s.length, source: s });
      }
    }
    if (candidates.length < 2) return candidates;
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const used = new Uint8Array(text.length);
    const taken: TermSpan[] = [];
    for (const c of candidates) {
      if (used.subarray(c.start, c.end).includes(1)) continue;
      used.fill(1, c.start, c.end);
      taken.push(c);
    }
    return taken.sort((a, b) => a.start - b.start);
  };
}
