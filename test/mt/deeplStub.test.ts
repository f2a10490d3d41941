import * as deepl from 'deepl-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDeepLStub, type DeepLStub } from './deeplStub.js';

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
    const form = (t: string) => new URLSearchParams([['text', t], ['target_lang', 'EN-US']]).toString();
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
