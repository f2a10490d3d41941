import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { addGlossaryEntry } from '../../src/db/glossary.js';
import { createDeepLProvider, keyHash } from '../../src/mt/deepl.js';
import type { MtProvider } from '../../src/mt/types.js';
import { assertComplete, pretranslate } from '../../src/services/pretranslate/run.js';
import { freshDb } from '../helpers/db.js';
import { importText, noSleep, segmentsWith, stubProvider } from '../helpers/mt.js';
import { startDeepLStub, type DeepLStub } from '../mt/deeplStub.js';

let db: Db;
let stub: DeepLStub;
let provider: MtProvider;
let doc: number;

beforeEach(async () => {
  db = (await freshDb()).db;
  stub = await startDeepLStub();
  provider = stubProvider(stub);
  doc = await importText(db, 'p', 'a.md', '美国总统访问北京。\n\n北京下雪了。\n\n第三段。\n');
  const project = await db.project.findFirstOrThrow();
  await addGlossaryEntry(db, { projectId: project.id }, { source: '北京', targets: [{ lang: 'en', terms: ['Beijing'], forbidden: [] }] });
});
afterEach(async () => {
  await stub.close();
  await db.$disconnect();
});

const run = (extra: Partial<Parameters<typeof pretranslate>[1]> = {}) =>
  pretranslate(db, { provider, scope: { documentId: doc }, langs: ['en'], retry: noSleep, concurrency: 1, ...extra });
const glossaryCreates = () => stub.requests.filter((r) => r.method === 'POST' && r.path === '/v2/glossaries');
const stored = async () => (await db.mtGlossary.findFirstOrThrow()).glossaryId;
const texts = async () => (await segmentsWith(db, doc, 'en')).map((s) => s.translations[0]?.text);

describe('a stale DeepL glossary id never blocks a project', () => {
  it.each([
    { why: 'deleted on DeepL (another tool, the account page)', makeStale: (s: DeepLStub) => s.glossaries.clear() },
    { why: 'dropped by DeepL after idle time', makeStale: (s: DeepLStub) => s.advanceClock(11 * 60_000) },
  ])('$why: the glossary is recreated once and the run completes with it', async ({ makeStale }) => {
    await run();
    const before = await stored();
    makeStale(stub);
    const s = await run({ concurrency: 2, overwriteDrafts: true });
    expect(s).toMatchObject({ complete: true, drafted: 3, errors: [] });
    expect(glossaryCreates()).toHaveLength(2); // the first sync, and one recreation for the whole run
    const now = await stored();
    expect(now).not.toBe(before);
    expect(stub.glossaries.has(now)).toBe(true);
    expect(await texts()).toEqual(['[EN-US] 美国总统访问Beijing。', '[EN-US] Beijing下雪了。', '[EN-US] 第三段。']);
  });

  it("DeepL's own answer (400 Glossary not found) is recognised too", async () => {
    await run();
    stub.faults.push({ path: '/v2/translate', status: 400, body: JSON.stringify({ message: 'Glossary not found' }) });
    expect(await run({ overwriteDrafts: true })).toMatchObject({ complete: true, drafted: 3 });
    expect(glossaryCreates()).toHaveLength(2);
  });

  it('recreates only once: a second "not found" fails the batch instead of looping', async () => {
    stub.faults.push(
      ...[1, 2].map(() => ({ path: '/v2/translate', status: 400, body: JSON.stringify({ message: 'Glossary not found' }) })),
    );
    const s = await run();
    expect(glossaryCreates()).toHaveLength(2);
    expect(s.complete).toBe(false);
    expect(s.stoppedBy).toMatchObject({ code: 'glossary_not_found' });
  });

  it('a new auth key gets its own glossary at once (the old id is never sent with the new key), and only a hash of the key is stored', async () => {
    await run();
    const old = await stored();
    stub.authKeys.add('another-key');
    const other = createDeepLProvider({ authKey: 'another-key', serverUrl: stub.url, timeoutMs: 10_000 });
    const before = stub.translateRequests().length;
    expect(await run({ provider: other, overwriteDrafts: true })).toMatchObject({ complete: true, drafted: 3 });
    const sent = stub.translateRequests().slice(before);
    expect(sent.map((r) => r.params.glossary_id)).not.toContain(old);
    expect(sent.every((r) => r.headers.authorization === 'DeepL-Auth-Key another-key')).toBe(true);
    const row = await db.mtGlossary.findFirstOrThrow();
    expect(row.keyHash).toBe(keyHash('another-key'));
    expect(JSON.stringify(row)).not.toContain('another-key');
    // The old key's glossary is left alone (it cannot be deleted with another key).
    expect(stub.glossaries.has(old)).toBe(true);
  });
});

describe('glossaries recorded before the key hash', () => {
  it('are kept on upgrade (same entries: no new glossary), and recreated only if DeepL says they are gone', async () => {
    await run();
    await db.mtGlossary.updateMany({ data: { keyHash: '' } });
    expect(await run({ overwriteDrafts: true })).toMatchObject({ complete: true, drafted: 3 });
    expect(glossaryCreates()).toHaveLength(1);
  });
});

describe('glossary calls get the retry policy of translation, and their errors name the step', () => {
  it.each([
    { name: 'a 503', fault: { status: 503 } },
    { name: 'a 429', fault: { status: 429 } },
  ])('$name on POST /v2/glossaries is retried and the run completes', async ({ fault }) => {
    stub.faults.push({ path: '/v2/glossaries', ...fault });
    const s = await run();
    expect(s).toMatchObject({ complete: true, drafted: 3 });
    expect(glossaryCreates().map((r) => r.status)).toEqual([fault.status, 201]);
  });

  it('a timeout on POST /v2/glossaries is retried and the run completes', async () => {
    const quick = createDeepLProvider({ authKey: stub.authKey, serverUrl: stub.url, timeoutMs: 300 });
    stub.faults.push({ path: '/v2/glossaries', hang: true });
    expect(await run({ provider: quick })).toMatchObject({ complete: true, drafted: 3 });
    expect(glossaryCreates()).toHaveLength(2);
  });

  it('a glossary step that keeps failing stops the run before anything is sent, naming the step', async () => {
    stub.faults.push(...Array.from({ length: 5 }, () => ({ path: '/v2/glossaries', status: 503 })));
    const s = await run();
    expect(glossaryCreates()).toHaveLength(5); // the first attempt and 4 retries
    expect(stub.translateRequests()).toEqual([]);
    expect(s.stoppedBy?.message).toMatch(/^creating the DeepL glossary for en: DeepL: Service unavailable/);
    expect(() => assertComplete(s)).toThrow(/^creating the DeepL glossary for en: /);
  });
});
