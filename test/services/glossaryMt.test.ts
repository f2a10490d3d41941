import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { removeGlossaryTerm, saveGlossaryEntries } from '../../src/db/glossary.js';
import type { MtProvider } from '../../src/mt/types.js';
import { pretranslate } from '../../src/services/pretranslate/run.js';
import { freshDb } from '../helpers/db.js';
import { importText, noSleep, stubProvider } from '../helpers/mt.js';
import { startDeepLStub, type DeepLStub } from '../mt/deeplStub.js';

let db: Db;
let stub: DeepLStub;
let provider: MtProvider;

beforeEach(async () => {
  db = (await freshDb()).db;
  stub = await startDeepLStub();
  provider = stubProvider(stub);
});
afterEach(async () => {
  await stub.close();
  await db.$disconnect();
});

/** The entries of the one DeepL glossary the stub holds now. */
const synced = () => {
  expect(stub.glossaries.size).toBe(1);
  return Object.fromEntries([...stub.glossaries.values()][0]!.entries);
};
const created = () => stub.requests.filter((r) => r.method === 'POST' && r.path === '/v2/glossaries').length;

describe('DeepL glossary from project and shared entries', () => {
  it('syncs the preferred translations (project over shared), and again only when shared or project entries change', async () => {
    const doc = await importText(db, 'p', 'a.md', '王毅访问北京。\n');
    const projectId = (await db.project.findFirstOrThrow()).id;
    const run = () => pretranslate(db, { provider, scope: { documentId: doc }, langs: ['en'], retry: noSleep, overwriteDrafts: true });
    await saveGlossaryEntries(db, { shared: true }, [
      { source: '北京', targets: [{ lang: 'en', terms: ['Beijing', 'Peking City'], forbidden: ['Peking'] }] },
      { source: '王毅', targets: [{ lang: 'ru', terms: ['Ван И'], forbidden: [] }] },
    ]);
    await run();
    expect(synced()).toEqual({ 北京: 'Beijing' });
    await run();
    expect(created()).toBe(1);

    await saveGlossaryEntries(db, { shared: true }, [{ source: '王毅', targets: [{ lang: 'en', terms: ['Wang Yi'], forbidden: [] }] }]);
    await run();
    expect(synced()).toEqual({ 北京: 'Beijing', 王毅: 'Wang Yi' });

    await saveGlossaryEntries(db, { projectId }, [{ source: '北京', targets: [{ lang: 'en', terms: ['Beijing City'], forbidden: [] }] }]);
    await run();
    expect(synced()).toEqual({ 北京: 'Beijing City', 王毅: 'Wang Yi' });

    await removeGlossaryTerm(db, { projectId }, '北京');
    await run();
    expect(synced()).toEqual({ 北京: 'Beijing', 王毅: 'Wang Yi' });
    expect(created()).toBe(4);
  });
});
