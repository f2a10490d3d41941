import * as deepl from 'deepl-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockTranslate, startDeepLStub, type DeepLStub } from './deeplStub.js';

// The stub itself must behave like DeepL, or the provider tests prove nothing.
let stub: DeepLStub;
beforeEach(async () => {
  stub = await startDeepLStub({ characterLimit: 10 });
});
afterEach(async () => {
  await stub.close();
});

const post = (path: string, body: string, contentType: string, key = stub.authKey) =>
  fetch(`${stub.url}${path}`, {
    method: 'POST',
    headers: { authorization: `DeepL-Auth-Key ${key}`, 'content-type': contentType },
    body,
  });

describe('DeepL stub', () => {
  it('accepts JSON bodies on /v2/translate as the real API does', async () => {
    const res = await post('/v2/translate', JSON.stringify({ text: ['你好'], target_lang: 'RU', context: '问候' }), 'application/json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      translations: [{ detected_source_language: 'ZH', text: '[RU] 你好', billed_characters: 2 }],
    });
    expect(stub.requests[0]?.params.context).toBe('问候');
  });

  it('answers 456 once the character quota would be exceeded', async () => {
    const form = (t: string) =>
      new URLSearchParams([
        ['text', t],
        ['target_lang', 'EN-US'],
      ]).toString();
    expect((await post('/v2/translate', form('一二三四五六七八'), 'application/x-www-form-urlencoded')).status).toBe(200);
    expect((await post('/v2/translate', form('九十十一'), 'application/x-www-form-urlencoded')).status).toBe(456);
  });

  it('rejects more than 50 texts with 400 and bodies over 128 KiB with 413', async () => {
    const many = JSON.stringify({ text: Array.from({ length: 51 }, () => 'a'), target_lang: 'DE' });
    expect((await post('/v2/translate', many, 'application/json')).status).toBe(400);
    const big = JSON.stringify({ text: ['a'.repeat(128 * 1024)], target_lang: 'DE' });
    expect((await post('/v2/translate', big, 'application/json')).status).toBe(413);
  });

  it('answers 403 for a wrong key', async () => {
    expect((await post('/v2/translate', '{}', 'application/json', 'nope')).status).toBe(403);
  });

  it('serves glossary create, list, get, entries, delete and language pairs to deepl-node', async () => {
    const t = new deepl.Translator(stub.authKey, { serverUrl: stub.url, maxRetries: 0 });
    const pairs = await t.getGlossaryLanguagePairs();
    expect(pairs).toContainEqual({ sourceLang: 'zh', targetLang: 'ru' });
    const g = await t.createGlossary('术语', 'zh', 'ru', new deepl.GlossaryEntries({ entries: { 苹果: 'яблоко', 梨: 'груша' } }));
    expect(g).toMatchObject({ name: '术语', sourceLang: 'zh', targetLang: 'ru', entryCount: 2, ready: true });
    expect((await t.listGlossaries()).map((x) => x.glossaryId)).toEqual([g.glossaryId]);
    expect((await t.getGlossary(g.glossaryId)).entryCount).toBe(2);
    expect((await t.getGlossaryEntries(g.glossaryId)).entries()).toEqual({ 苹果: 'яблоко', 梨: 'груша' });
    await t.deleteGlossary(g.glossaryId);
    await expect(t.getGlossary(g.glossaryId)).rejects.toBeInstanceOf(deepl.GlossaryNotFoundError);
  });

  it('plays injected faults in order, optionally only for one path', async () => {
    stub.faults.push({ path: '/v2/translate', status: 503 });
    const t = new deepl.Translator(stub.authKey, { serverUrl: stub.url, maxRetries: 0 });
    await expect(t.getUsage()).resolves.toBeDefined();
    await expect(t.translateText('一', 'zh', 'de')).rejects.toThrow('Service unavailable');
    await expect(t.translateText('一', 'zh', 'de')).resolves.toMatchObject({ text: '[DE] 一' });
  });
});

// Where the stub and DeepL's official mock (DeepLcom/deepl-mock) could differ, they agree.
describe('DeepL stub, as the official mock behaves', () => {
  const json = (body: unknown, key?: string) => post('/v2/translate', JSON.stringify(body), 'application/json', key);
  const glossary = async (t: deepl.Translator, target: deepl.LanguageCode = 'en') =>
    (await t.createGlossary('g', 'zh', target, new deepl.GlossaryEntries({ entries: { 北京: 'Beijing' } }))).glossaryId;

  it.each([
    { why: 'an unknown target_lang', body: { text: ['一'], target_lang: 'XX' }, message: "Value for 'target_lang' not supported." },
    {
      why: 'an unknown source_lang',
      body: { text: ['一'], target_lang: 'DE', source_lang: 'QQ' },
      message: "Value for 'source_lang' not supported.",
    },
    { why: 'no text', body: { target_lang: 'DE' }, message: "Parameter 'text' not specified" },
    {
      why: 'a bad tag_handling',
      body: { text: ['一'], target_lang: 'DE', tag_handling: 'json' },
      message: "Value for 'tag_handling' not supported.",
    },
    {
      why: 'a glossary id that is not a UUID',
      body: { text: ['一'], target_lang: 'DE', source_lang: 'ZH', glossary_id: 'gls-1' },
      message: "Value for 'glossary_id' not supported.",
    },
    {
      why: 'a glossary without source_lang',
      body: { text: ['一'], target_lang: 'DE', glossary_id: '0f0e0d0c-0b0a-4009-8807-060504030201' },
      message: 'Use of a glossary requires the source_lang parameter to be specified',
    },
    {
      why: 'an unknown glossary',
      body: { text: ['一'], target_lang: 'DE', source_lang: 'ZH', glossary_id: '0f0e0d0c-0b0a-4009-8807-060504030201' },
      message: 'not found',
    },
  ])("answers 400 with DeepL's message for $why", async ({ body, message }) => {
    const res = await json(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message });
  });

  it('refuses a glossary for another language pair, in creation and in translation', async () => {
    const t = new deepl.Translator(stub.authKey, { serverUrl: stub.url, maxRetries: 0 });
    await expect(t.createGlossary('g', 'en', 'de', new deepl.GlossaryEntries({ entries: { a: 'b' } }))).rejects.toThrow(
      'Unsupported glossary source and target language pair',
    );
    const id = await glossary(t, 'ru');
    const res = await json({ text: ['北京'], target_lang: 'EN-US', source_lang: 'ZH', glossary_id: id });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/^Glossary language pair doesn't match/);
  });

  it('drops a glossary unused for 10 minutes (on its own clock), and keeps one in use', async () => {
    stub.usage.character_limit = 1000;
    const t = new deepl.Translator(stub.authKey, { serverUrl: stub.url, maxRetries: 0 });
    const used = await glossary(t);
    const idle = await glossary(t);
    stub.advanceClock(6 * 60_000);
    await t.translateText('北京', 'zh', 'en-US', { glossary: used });
    stub.advanceClock(6 * 60_000);
    expect((await t.listGlossaries()).map((g) => g.glossaryId)).toEqual([used]);
    await expect(t.getGlossary(idle)).rejects.toBeInstanceOf(deepl.GlossaryNotFoundError);
    const res = await json({ text: ['北京'], target_lang: 'EN-US', source_lang: 'ZH', glossary_id: idle });
    expect(res.status).toBe(400);
  });

  it("keeps each key's glossaries to itself", async () => {
    stub.authKeys.add('other');
    const mine = await glossary(new deepl.Translator(stub.authKey, { serverUrl: stub.url, maxRetries: 0 }));
    const other = new deepl.Translator('other', { serverUrl: stub.url, maxRetries: 0 });
    expect(await other.listGlossaries()).toEqual([]);
    await expect(other.deleteGlossary(mine)).rejects.toBeInstanceOf(deepl.GlossaryNotFoundError);
  });

  it('can answer as the official mock does: a fixed phrase per target language, a glossary term for a whole line', () => {
    expect(mockTranslate({ text: '你好\n北京', targetLang: 'EN-US', glossary: new Map([['北京', 'Beijing']]) })).toBe(
      'proton beam\nBeijing',
    );
    expect(mockTranslate({ text: '<m i="1">你好</m>', targetLang: 'RU' })).toBe('протонный луч');
  });
});
