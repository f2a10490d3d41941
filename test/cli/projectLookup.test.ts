import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/domain/errors.js';
import { findProject, findProjectIfAny, joinLangs, splitLangs } from '../../src/db/projects.js';
import { bitext, useCliDatabase } from '../helpers/cli.js';

const cli = useCliDatabase(async (db) => {
  await db.project.create({ data: { name: 'news', sourceLang: 'zh', targetLangs: 'en,ru,zh-Hant' } });
});

// Every command that names a project fails the same way when it does not exist (it used to depend on which
// part of src/db looked the project up: quoted in one, unquoted in another, null in a third).
describe('a missing project', () => {
  it.each([
    { command: 'glossary list', args: ['glossary', 'list', '--project', 'nope'] },
    { command: 'convert', args: ['convert', '--config', 's2t', '--project', 'nope', '/dev/null'] },
    { command: 'convert-targets', args: ['convert-targets', '--project', 'nope', '--lang', 'zh-TW'] },
    { command: 'convert-terms list', args: ['convert-terms', 'list', '--project', 'nope'] },
    { command: 'tm export', args: ['tm', 'export', '--project', 'nope'] },
    { command: 'export --project', args: ['export', '--project', 'nope', '--out-dir', '/nonexistent/out'] },
  ])('is one "project nope not found" line from $command', async ({ args }) => {
    const r = await bitext(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('bitext: project nope not found\n');
  });

  it('is a NotFoundError naming the project, by name and by id', async () => {
    for (const key of [{ name: 'nope' }, { id: 9999 }]) {
      const err = await findProject(cli.db, key).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err).toMatchObject({ code: 'not_found', status: 404, details: { what: 'project', id: 'name' in key ? key.name : key.id } });
    }
    expect(await findProjectIfAny(cli.db, { name: 'nope' })).toBeNull();
  });
});

describe('a stored project', () => {
  it('has its target languages as a list, in the stored order', async () => {
    expect(await findProject(cli.db, { name: 'news' })).toMatchObject({
      name: 'news',
      sourceLang: 'zh',
      targetLangs: ['en', 'ru', 'zh-Hant'],
    });
  });

  it.each([
    { stored: 'en,ru', langs: ['en', 'ru'] },
    { stored: 'en', langs: ['en'] },
    { stored: '', langs: [] },
    { stored: 'en,,ru', langs: ['en', 'ru'] },
  ])('reads the column "$stored" as $langs', ({ stored, langs }) => {
    expect(splitLangs(stored)).toEqual(langs);
    if (!stored.includes(',,')) expect(joinLangs(langs)).toBe(stored);
  });
});
