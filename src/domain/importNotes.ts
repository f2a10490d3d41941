/**
 * The notes an import leaves on a document ("converted from GB18030/GBK to UTF-8", "source text normalised
 * with s2t (…)"): written in English (stored with the document, printed by the CLI) and read back into
 * parts with a key, so the web pages show them in the interface language, older documents included.
 */

/** The note of a file converted from a legacy encoding (`from` as shown, e.g. "GB18030/GBK"). */
export function encodingNote(from: string): string {
  return `converted from ${from} to UTF-8`;
}

/** The note of an import whose source text was normalised with an OpenCC configuration. */
export function normalizationNote(config: string, changed: number): string {
  return `source text normalised with ${config} (${changed} segments changed; the original bytes are kept)`;
}

/** One part of a document's notes: a known note with its parameters, or text this module did not write. */
export type NotePart =
  | { key: 'encoding'; params: { from: string } }
  | { key: 'normalized'; params: { config: string; count: number } }
  | { key: null; text: string };

// The notes are the workbench's own text (no user input); the patterns have no nested repetition.
const NOTES =
  /^(?:converted from (\S+) to UTF-8)?(?:(?:; )?source text normalised with (\S+) \((\d+) segments changed; the original bytes are kept\))?$/;

/** The parts of a document's notes ('' gives none); text in another form comes back whole as one raw part. */
export function parseNotes(notes: string): NotePart[] {
  if (!notes) return [];
  const m = NOTES.exec(notes);
  if (!m || (!m[1] && !m[2])) return [{ key: null, text: notes }];
  const parts: NotePart[] = [];
  if (m[1]) parts.push({ key: 'encoding', params: { from: m[1] } });
  if (m[2]) parts.push({ key: 'normalized', params: { config: m[2], count: Number(m[3]) } });
  return parts;
}
