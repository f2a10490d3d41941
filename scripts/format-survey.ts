/**
 * One-off survey of the `.txt` auto-format rule (src/domain/formatDetect.ts): prints, for every file
 * under the given folders (or files), the evidence the rule sees and its verdict, then a count per folder.
 *   npx tsx scripts/format-survey.ts ../shared/corpus /usr/share/common-licenses
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { markdownEvidence } from '../src/domain/formatDetect.js';

const files = (p: string): string[] =>
  statSync(p).isDirectory()
    ? readdirSync(p)
        .sort()
        .flatMap((n) => files(path.join(p, n)))
    : [p];

for (const root of process.argv.slice(2)) {
  let markdown = 0;
  let total = 0;
  for (const f of files(root)) {
    const e = markdownEvidence(readFileSync(f, 'utf8'));
    total++;
    if (e.markdown) markdown++;
    console.log(
      [
        e.markdown ? 'markdown' : 'text    ',
        `points=${String(e.points).padStart(2)}`,
        `h=${e.headings} link=${e.links} fence=${e.fences} def=${e.linkDefinitions} | hr=${e.breaks} li=${e.listItems} quote=${e.quotes} em=${e.emphasis}`,
        path.relative(root, f) || path.basename(f),
      ].join('  '),
    );
  }
  console.log(`${root}: ${markdown} of ${total} files read as Markdown\n`);
}
