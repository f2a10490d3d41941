/**
 * Pretranslation benchmark: drafts all of ../shared/corpus/ into en and ru through the real
 * deepl-node client against the local DeepL stub, with simulated latency per request, and prints
 * segments/s, requests, billed characters and their ratio to the floor (the unique translatable
 * characters, as sent with their tags, once per language).
 *   npx tsx bench/pretranslate.ts [latencyMs=150] [concurrency=4]
 */
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/client.js';
import { createDeepLProvider } from '../src/mt/deepl.js';
import { importFiles } from '../src/services/importService.js';
import { estimatePretranslation, pretranslate } from '../src/services/pretranslateService.js';
import { startDeepLStub } from '../test/mt/deeplStub.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpus');
const files = readdirSync(corpus).filter((f) => f.endsWith('.md')).map((name) => ({ name, bytes: readFileSync(path.join(corpus, name)) }));
const latencyMs = Number(process.argv[2] ?? 150);
const concurrency = Number(process.argv[3] ?? 4);
const langs = ['en', 'ru'];

const db = await openDatabase(`file:${path.join(mkdtempSync(path.join(os.tmpdir(), 'bitext-bench-')), 'bench.db')}`);
const report = await importFiles(db, files, { project: 'bench', sourceLang: 'zh', targetLangs: langs, maxBytes: 1e9 });
if (report.refused.length) throw new Error(`refused: ${JSON.stringify(report.refused)}`);
const translatable = report.documents.reduce((n, d) => n + d.translatable, 0);

const stub = await startDeepLStub({ characterLimit: 1e12 });
// Every translate request waits `latencyMs` before it is answered.
stub.faults.push(...Array.from({ length: 100_000 }, () => ({ path: '/v2/translate', delayMs: latencyMs })));
const provider = createDeepLProvider({ authKey: stub.authKey, serverUrl: stub.url });

const scope = { projectName: 'bench' } as const;
const floor = (await estimatePretranslation(db, { scope, langs, pricePerMillion: 20 })).characters;
const t0 = performance.now();
const summary = await pretranslate(db, { provider, scope, langs, concurrency });
const seconds = (performance.now() - t0) / 1000;
const rerun = await pretranslate(db, { provider, scope, langs, concurrency });
await stub.close();
await db.$disconnect();

const written = summary.drafted + summary.tmReused;
console.log(`corpus: ${files.length} files, ${translatable} translatable segments × ${langs.length} languages; ${latencyMs} ms a request, ${concurrency} in flight`);
console.log(`drafted ${written} segment translations in ${seconds.toFixed(2)} s: ${Math.round(written / seconds)} segments/s`);
console.log(`unique texts sent ${summary.texts} (duplicates ${summary.skipped.duplicate}, not translatable ${summary.skipped.nonTranslatable})`);
console.log(`requests ${summary.requests} (retries ${summary.retries}), ${(summary.texts / summary.requests).toFixed(1)} texts a request`);
console.log(`billed ${summary.billedCharacters} characters; floor (unique translatable characters) ${floor}; ratio ${(summary.billedCharacters / floor).toFixed(3)}`);
console.log(`re-run: ${rerun.requests} requests, ${rerun.billedCharacters} characters billed, ${rerun.skipped.alreadyTranslated} skipped as already translated`);
if (!summary.complete || summary.billedCharacters !== floor || rerun.billedCharacters !== 0) process.exitCode = 1;
