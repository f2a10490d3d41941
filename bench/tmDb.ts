/**
 * Translation-memory speed through the database and the service the editor uses: the index-only
 * figures of bench/tm.ts (which `npm run bench` collects), then, with --db, the same entries stored as
 * TmUnit rows in a fresh SQLite database, the queries imported as a document, each lookup through
 * fuzzyMatches (segment context, index refresh from the database, diff of the sources), and
 * concordance searches. Not a test: nothing is asserted.
 *
 *   npx tsx bench/tmDb.ts [entries=100000] [lookups=1000] [--db]
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashSource } from '../src/domain/tm/index.js';
import { openDatabase } from '../src/db/client.js';
import { upsertTmUnits } from '../src/db/tm.js';
import { importFiles } from '../src/services/importService.js';
import { createUser } from '../src/services/auth/authService.js';
import { fuzzyMatches, memoryIndex, searchMemory } from '../src/services/tmService.js';
import { percentile } from './report.js';
import { tmRun, tmSentences, tmWorkload } from './tm.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const withDb = process.argv.includes('--db');
const entries = Math.max(1, Number(args[0] ?? 100_000));
const lookups = Math.max(1, Number(args[1] ?? 1_000));
const sentences = tmSentences();
const { sources, queries, phrases } = tmWorkload(sentences, entries, lookups);
const pctOf = (xs: number[], p: number) => percentile(xs, p);

const run = tmRun(sentences, entries, lookups);
console.log(`corpus: ${sentences.length} distinct sentences; index: ${run.size} entries`);
console.log(`build: ${run.build.toFixed(0)} ms`);
console.log(
  `lookup (minScore 70, limit 3), ${lookups} queries: p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms, max ${run.max.toFixed(2)} ms; ${run.found} with a match`,
);

if (withDb) {
  const url = `file:${path.join(mkdtempSync(path.join(os.tmpdir(), 'bitext-bench-tm-')), 'tm.db')}`;
  const db = await openDatabase(url);
  const t0db = performance.now();
  for (let i = 0; i < sources.length; i += 10_000) {
    await upsertTmUnits(
      db,
      sources.slice(i, i + 10_000).map((source, k) => ({
        sourceLang: 'zh',
        targetLang: 'en',
        source,
        target: `t${i + k}`,
        sourceHash: hashSource(source),
        projectId: null,
        createdBy: 'bench',
        origin: 'tmx' as const,
        prevHash: '',
        nextHash: '',
      })),
    );
  }
  const insertMs = performance.now() - t0db;
  // The queries as a document (one paragraph each), so that lookups go through segments like the editor's.
  const report = await importFiles(
    db,
    [{ name: 'queries.md', bytes: Buffer.from(queries.map((q) => q.replace(/^[#>*+\-\d.\s|`]+/u, '')).join('\n\n') + '\n') }],
    {
      project: 'bench',
      sourceLang: 'zh',
      targetLangs: ['en'],
      maxBytes: 1e9,
    },
  );
  const segments = await db.segment.findMany({ where: { documentId: report.documents[0]!.id, translatable: true }, select: { id: true } });
  const user = await createUser(db, 'bench', 'admin', 'bench-password-long');
  const t1 = performance.now();
  await memoryIndex(db, 'zh', 'en');
  const buildMs = performance.now() - t1;
  const dbTimes: number[] = [];
  let dbFound = 0;
  for (const s of segments) {
    const start = performance.now();
    dbFound += (await fuzzyMatches(db, user, s.id, 'en')).length > 0 ? 1 : 0;
    dbTimes.push(performance.now() - start);
  }
  dbTimes.sort((a, b) => a - b);
  console.log(
    `database: ${await db.tmUnit.count()} units inserted in ${insertMs.toFixed(0)} ms; index built from the database in ${buildMs.toFixed(0)} ms`,
  );
  console.log(
    `fuzzyMatches (service, with refresh from the database), ${dbTimes.length} segments: p50 ${pctOf(dbTimes, 50).toFixed(2)} ms, p99 ${pctOf(dbTimes, 99).toFixed(2)} ms, max ${dbTimes[dbTimes.length - 1]!.toFixed(2)} ms; ${dbFound} with a match`,
  );
  // Concordance: a substring scan over every unit.
  const concTimes: number[] = [];
  for (const q of phrases) {
    const start = performance.now();
    await searchMemory(db, user, { q, side: 'source', offset: 0, limit: 50 });
    concTimes.push(performance.now() - start);
  }
  concTimes.sort((a, b) => a - b);
  console.log(
    `concordance (3-character phrases, first 50 of the units containing them), ${phrases.length} queries: p50 ${pctOf(concTimes, 50).toFixed(1)} ms, p99 ${pctOf(concTimes, 99).toFixed(1)} ms`,
  );
  await db.$disconnect();
}
