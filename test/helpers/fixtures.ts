/**
 * The test fixtures: files kept in the repository under test/fixtures/ (byte for byte: `.gitattributes`
 * marks them `-text`), so that `npm test` needs nothing beside the checkout. Light: no database imports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/fixtures/ in the checkout. */
export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
/** Real articles from the field (CRLF and mixed line endings, a BOM, long transcripts); `seed-article.md` is the product's seed. */
export const CORPUS_DIR = path.join(FIXTURES_DIR, 'corpus');
/** zh / en / ru names and terms from the seed article (CSV), for glossary and QA tests. */
export const GLOSSARY_SAMPLE = path.join(FIXTURES_DIR, 'glossary-sample.csv');

/** The path of a corpus file, e.g. `corpusPath('seed-article.md')`. */
export function corpusPath(name: string): string {
  return path.join(CORPUS_DIR, name);
}

/** Every corpus file (`.md`), sorted by name: name and bytes. */
export function corpusFiles(): { name: string; bytes: Buffer }[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(CORPUS_DIR, name)) }));
}
