import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/domain/inline.js';
import { toTagged } from '../../src/domain/mtTags.js';
import { segmentDocument } from '../../src/domain/segment.js';
import { plainFromTagged } from '../../src/services/pretranslate/plan.js';

const CORPUS = path.join(import.meta.dirname, '../fixtures/corpus');

describe('plainFromTagged (the context of a paragraph without parsing its Markdown twice)', () => {
  it.each([
    { why: 'plain text', source: '第一段。' },
    { why: 'emphasis and links keep their words, lose their markup', source: '**新闻**见[转载自GNews](https://gnews.org/1)。' },
    { why: 'inline code and images are atoms, not text', source: '看`代码`和![图](a.png)。' },
    { why: 'escaped and literal entities come back as written', source: 'a &amp; b < c > d &lt; &#123; \\*x\\*' },
    { why: 'wiki links and bare URLs', source: '见[[页面]]和https://x.com/a。' },
  ])('equals plainText: $why', ({ source }) => {
    expect(plainFromTagged(toTagged(source).xml)).toBe(plainText(source));
  });

  it('equals plainText for every paragraph of the corpus (what the run sends as context is unchanged)', () => {
    let checked = 0;
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.md'))) {
      for (const s of segmentDocument(readFileSync(path.join(CORPUS, file), 'utf8')).segments) {
        if (!s.translatable || s.kind === 'table_row' || s.kind === 'table_header') continue;
        expect(plainFromTagged(toTagged(s.source).xml), `${file}: ${s.source.slice(0, 60)}`).toBe(plainText(s.source));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
