import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import {
  addGlossaryEntry,
  deleteGlossaryEntry,
  glossaryTermsFor,
  listGlossaryEntries,
  mergedGlossary,
  preferredTranslations,
  removeGlossaryTerm,
  saveGlossaryEntries,
  updateGlossaryEntry,
} from '../../src/db/glossary.js';
import { ROOT, freshDb, tempDir } from '../helpers/db.js';

let db: Db;
let gnews: number;
let other: number;

beforeEach(async () => {
  ({ db } = await freshDb());
  gnews = (await db.project.create({ data: { name: 'gnews' } })).id;
  other = (await db.project.create({ data: { name: 'other' } })).id;
  await saveGlossaryEntries(db, { shared: true }, [
    {
      source: '北京',
      note: 'place',
      targets: [
        { lang: 'en', terms: ['Beijing'], forbidden: ['Peking'] },
        { lang: 'ru', terms: ['Пекин'], forbidden: [] },
      ],
    },
    {
      source: '王毅',
      pos: 'properNoun',
      targets: [
        { lang: 'en', terms: ['Wang Yi'], forbidden: [] },
        { lang: 'ru', terms: ['Ван И'], forbidden: [] },
      ],
    },
  ]);
});

describe('glossary storage: project and shared entries', () => {
  it('gives every project the shared entries', async () => {
    expect(await glossaryTermsFor(db, other, 'ru')).toEqual([
      { source: '北京', lang: 'ru', target: ['Пекин'] },
      { source: '王毅', lang: 'ru', target: ['Ван И'] },
    ]);
  });

  it('lets a project entry override the shared one language by language, and only in that project', async () => {
    await saveGlossaryEntries(db, { projectId: gnews }, [
      { source: '北京', targets: [{ lang: 'en', terms: ['Beijing City', 'Beijing'], forbidden: [] }] },
    ]);
    expect(await glossaryTermsFor(db, gnews)).toEqual([
      { source: '北京', lang: 'en', target: ['Beijing City', 'Beijing'] },
      { source: '北京', lang: 'ru', target: ['Пекин'] },
      { source: '王毅', lang: 'en', target: ['Wang Yi'] },
      { source: '王毅', lang: 'ru', target: ['Ван И'] },
    ]);
    // The shared note still shows for the overriding entry; the other project keeps the shared translation.
    expect((await mergedGlossary(db, gnews, 'en'))[0]).toEqual({
      source: '北京',
      note: 'place',
      targets: [{ lang: 'en', terms: ['Beijing City', 'Beijing'], forbidden: [] }],
    });
    expect(await glossaryTermsFor(db, other, 'en')).toContainEqual({
      source: '北京',
      lang: 'en',
      target: ['Beijing'],
      forbidden: ['Peking'],
    });
  });

  it('matches a language with its regional variants (en-GB project, en entries)', async () => {
    expect((await glossaryTermsFor(db, gnews, 'en-GB')).map((t) => t.target[0])).toEqual(['Beijing', 'Wang Yi']);
  });

  it('gives machine translation the preferred translation of project and shared entries, sorted', async () => {
    await saveGlossaryEntries(db, { projectId: gnews }, [
      { source: '白宫', targets: [{ lang: 'en', terms: ['White House'], forbidden: [] }] },
    ]);
    expect(await preferredTranslations(db, gnews, 'en')).toEqual(
      [
        ['北京', 'Beijing'],
        ['王毅', 'Wang Yi'],
        ['白宫', 'White House'],
      ].sort(([a], [b]) => (a! < b! ? -1 : 1)),
    );
    expect(await preferredTranslations(db, other, 'en')).toHaveLength(2);
  });

  it('updates an entry on re-import: its languages replaced, others and the note kept; identical rows unchanged', async () => {
    const r = await saveGlossaryEntries(db, { shared: true }, [
      { source: '北京', targets: [{ lang: 'en', terms: ['Beijing'], forbidden: ['Peking', 'Peiping'] }] },
      { source: '王毅', pos: 'properNoun', targets: [{ lang: 'ru', terms: ['Ван И'], forbidden: [] }] },
      { source: '普京', targets: [{ lang: 'ru', terms: ['Путин'], forbidden: [] }] },
    ]);
    expect(r).toEqual({ added: 1, updated: 1, unchanged: 1 });
    const [beijing] = await listGlossaryEntries(db, { shared: true });
    expect(beijing).toMatchObject({
      source: '北京',
      note: 'place',
      projectId: null,
      targets: [
        { lang: 'en', forbidden: ['Peking', 'Peiping'] },
        { lang: 'ru', terms: ['Пекин'] },
      ],
    });
  });

  it('keeps a source term once per scope, but the same term in a project and in the shared glossary', async () => {
    await expect(addGlossaryEntry(db, { shared: true }, { source: '北京', targets: [] })).rejects.toThrow(
      'source: "北京" is already in this glossary',
    );
    const id = await addGlossaryEntry(
      db,
      { projectId: gnews },
      { source: '北京', targets: [{ lang: 'ru', terms: ['Пекин'], forbidden: [] }] },
    );
    const other = await addGlossaryEntry(db, { projectId: gnews }, { source: '上海', targets: [] });
    await expect(updateGlossaryEntry(db, { projectId: gnews }, other, { source: '北京', targets: [] }, ['en'])).rejects.toThrow(
      'already in this glossary',
    );
    await updateGlossaryEntry(
      db,
      { projectId: gnews },
      id,
      { source: '北京', note: 'capital', targets: [{ lang: 'en', terms: ['Beijing'], forbidden: [] }] },
      ['en'],
    );
    expect((await listGlossaryEntries(db, { projectId: gnews }))[0]).toMatchObject({
      note: 'capital',
      targets: [{ lang: 'ru' }, { lang: 'en' }],
    });
  });

  it('searches source terms, notes and translations; deletes only within the scope', async () => {
    expect((await listGlossaryEntries(db, { shared: true }, { q: 'Ван' })).map((e) => e.source)).toEqual(['王毅']);
    expect((await listGlossaryEntries(db, { shared: true }, { q: 'place' })).map((e) => e.source)).toEqual(['北京']);
    const [beijing] = await listGlossaryEntries(db, { shared: true });
    await expect(deleteGlossaryEntry(db, { projectId: gnews }, beijing!.id)).rejects.toThrow('not found');
    await deleteGlossaryEntry(db, { shared: true }, beijing!.id);
    expect(await db.termLang.count({ where: { entryId: beijing!.id } })).toBe(0);
  });

  it('removes one language of an entry, and the entry with its last language', async () => {
    expect(await removeGlossaryTerm(db, { shared: true }, '北京', 'en')).toBe(true);
    expect((await listGlossaryEntries(db, { shared: true }))[0]?.targets.map((t) => t.lang)).toEqual(['ru']);
    expect(await removeGlossaryTerm(db, { shared: true }, '北京', 'ru')).toBe(true);
    expect(await removeGlossaryTerm(db, { shared: true }, '北京')).toBe(false);
  });
});

describe('glossary migration', () => {
  it('turns the old one-row-per-language GlossaryEntry rows into entries with their languages', () => {
    const dir = path.join(ROOT, 'prisma/migrations');
    const folders = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const mine = folders.findIndex((f) => f.endsWith('_gloss'));
    const sqlite = new Database(path.join(tempDir(), 'm.db'));
    for (const f of folders.slice(0, mine)) sqlite.exec(readFileSync(path.join(dir, f, 'migration.sql'), 'utf8'));
    const insert = sqlite.prepare(
      'INSERT INTO "GlossaryEntry" ("projectId", "sourceTerm", "targetLang", "targetTerm", "note", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run(1, '北京', 'en', 'Beijing', '', 1);
    insert.run(1, '北京', 'ru', 'Пекин', 'city', 2);
    insert.run(2, '北京', 'en', 'Peking', '', 3);
    sqlite.exec(readFileSync(path.join(dir, folders[mine]!, 'migration.sql'), 'utf8'));
    const rows = sqlite
      .prepare(
        'SELECT e."projectId", e."scope", e."sourceTerm", e."note", l."lang", l."terms", l."forbidden" FROM "TermEntry" e JOIN "TermLang" l ON l."entryId" = e."id" ORDER BY l."id"',
      )
      .all();
    expect(rows).toEqual([
      { projectId: 1, scope: 1, sourceTerm: '北京', note: 'city', lang: 'en', terms: '["Beijing"]', forbidden: '[]' },
      { projectId: 1, scope: 1, sourceTerm: '北京', note: 'city', lang: 'ru', terms: '["Пекин"]', forbidden: '[]' },
      { projectId: 2, scope: 2, sourceTerm: '北京', note: '', lang: 'en', terms: '["Peking"]', forbidden: '[]' },
    ]);
    expect(sqlite.prepare(`SELECT name FROM sqlite_master WHERE name = 'GlossaryEntry'`).all()).toEqual([]);
    sqlite.close();
  });
});
