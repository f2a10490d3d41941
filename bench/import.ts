/**
 * Import benchmark: imports all of ../shared/corpus/ repeatedly into a fresh SQLite database and prints
 * MB/s and segments/s end to end, beside parse-only speed (decode + segment) of the same files.
 *   npx tsx bench/import.ts [rounds]
 */
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeFile } from '../src/domain/decode.js';
import { segmentDocument } from '../src/domain/segment.js';
import { openDatabase } from '../src/db/client.js';
import { importFiles } from '../src/services/importService.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpus');
const files = readdirSync(corpus).filter((f) => f.endsWith('.md')).map((name) => ({ name, bytes: readFileSync(path.join(corpus, name)) }));
const totalBytes = files.reduce((n, f) => n + f.bytes.length, 0);
const rounds = Number(process.argv[2] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Parse only: decode and segment, no database. Round 0 warms the JIT up and is not counted.
const parseTimes: number[] = [];
let segments = 0;
for (let r = 0; r <= rounds; r++) {
  const t0 = performance.now();
  segments = 0;
  for (const f of files) segments += segmentDocument(decodeFile(f.name, f.bytes, 1e9).text).segments.length;
  if (r > 0) parseTimes.push(performance.now() - t0);
}

// End to end: a fresh database per round, every file imported (one transaction each); round 0 warms up.
const importTimes: number[] = [];
for (let r = 0; r <= rounds; r++) {
  const db = await openDatabase(`file:${path.join(mkdtempSync(path.join(os.tmpdir(), 'bitext-bench-')), 'bench.db')}`);
  const t0 = performance.now();
  const report = await importFiles(db, files, { project: 'bench', sourceLang: 'zh', targetLangs: ['en', 'ru'], maxBytes: 1e9 });
  if (r > 0) importTimes.push(performance.now() - t0);
  if (report.refused.length) throw new Error(`refused: ${JSON.stringify(report.refused)}`);
  await db.$disconnect();
}

const mb = totalBytes / 1e6;
const parse = median(parseTimes) / 1000;
const full = median(importTimes) / 1000;
console.log(`corpus: ${files.length} files, ${mb.toFixed(2)} MB, ${segments} segments; median of ${rounds} rounds`);
console.log(`parse only : ${(mb / parse).toFixed(2)} MB/s  ${Math.round(segments / parse)} segments/s`);
console.log(`end to end : ${(mb / full).toFixed(2)} MB/s  ${Math.round(segments / full)} segments/s  (SQLite)`);
console.log(`ratio end-to-end / parse-only: ${(parse / full).toFixed(2)} (goal ≥ 0.33)`);
