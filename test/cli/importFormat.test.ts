import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/db.js';
import { bitext, useCliDatabase } from '../helpers/cli.js';

const SEED = path.join(ROOT, 'test/fixtures/000_2f1ea46cb1892beb.txt');
const cli = useCliDatabase();

describe('bitext import --format', () => {
  it('reads the Markdown .txt article as Markdown by default and says why in the report', async () => {
    const r = await bitext('import', SEED, '--project', 'auto');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^created +#\d+ 000_2f1ea46cb1892beb\.txt: markdown \(detected\), 30 segments, 29 translatable\n$/);
  });

  it('keeps the old plain-text reading with --format text, and JSON names the format', async () => {
    const r = await bitext('import', SEED, '--project', 'plain', '--format', 'text', '--json');
    expect(JSON.parse(r.stdout).documents).toEqual([
      expect.objectContaining({ segments: 28, translatable: 28, format: 'text', formatReason: 'chosen' }),
    ]);
  });

  it('keeps the stored format when the file is imported again without --format', async () => {
    const file = path.join(cli.dir, 'article.txt');
    copyFileSync(SEED, file);
    await bitext('import', file, '--project', 'again', '--format', 'text');
    writeFileSync(file, 'changed\n', { flag: 'a' });
    const r = await bitext('import', file, '--project', 'again');
    expect(r.stdout).toMatch(/^updated +#\d+ article\.txt: text \(kept\), 28 segments/);
  });

  it('refuses an unknown format, naming the option and the choices, and imports nothing', async () => {
    const r = await bitext('import', SEED, '--project', 'bad', '--format', 'html');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("option '--format <format>' argument 'html' is invalid. Allowed choices are auto, markdown, text.");
    expect(await cli.db.project.findUnique({ where: { name: 'bad' } })).toBeNull();
  });
});
