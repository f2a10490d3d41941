/**
 * The freezing requests of issue 13 (items 1 and 2), timed against a real `bitext serve` process:
 * each request's answer time and the slowest `/healthz` asked while it ran.
 *
 *   npx tsx bench/freeze.ts [--pg postgres://postgres@127.0.0.1:5432/postgres] [--timeout 60]
 *
 * The document is a synthetic 245-segment transcript (the size of the one in the issue) with the translation
 * `aaaaaaaaaaaaaaaaaaaaaaaaaaaa!` saved on its first segment. Prints one line per request.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import { createApiToken, createUser } from '../src/services/auth/authService.js';
import { importFiles } from '../src/services/importService.js';
import { saveFromEditor } from '../src/services/editorService.js';
import { flag, ROOT } from './common.js';

/** The requests timed: a label and a path (the document id is filled in). */
export function freezeRequests(id: number): { label: string; path: string }[] {
  const q = (s: string) => encodeURIComponent(s);
  return [
    { label: 'filter %_%_% + 120 _', path: `/api/documents/${id}/segments?lang=en&scope=source&q=${q(`%_%_%${'_'.repeat(120)}`)}` },
    { label: 'filter %_%_% + 470 _', path: `/api/documents/${id}/segments?lang=en&scope=source&q=${q(`%_%_%${'_'.repeat(470)}`)}` },
    { label: 'replace (a+)+$', path: `/documents/${id}/replace?lang=en&regex=on&find=${q('(a+)+$')}&replace=x` },
    { label: 'replace (a|aa)+$', path: `/documents/${id}/replace?lang=en&regex=on&find=${q('(a|aa)+$')}&replace=x` },
  ];
}

/** A synthetic transcript: `n` paragraphs of Chinese with some Latin. */
export function transcript(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`法官问证人第${i + 1}个问题：你当时在哪里？证人回答说 ${'a'.repeat(i % 7)} 我在纽约的办公室。`);
  return lines.join('\n\n') + '\n';
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const pgServer = flag(argv, 'pg');
  const timeoutMs = Number(flag(argv, 'timeout') ?? 60) * 1000;
  let url = `file:${path.join(mkdtempSync(path.join(os.tmpdir(), 'bitext-freeze-')), 'freeze.db')}`;
  let dropDb: (() => Promise<void>) | undefined;
  if (pgServer) {
    const name = `bitext_freeze_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgServer });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(pgServer);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDb = async () => {
      const a = new pg.Client({ connectionString: pgServer });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    };
  }
  const db = await openDatabase(url);
  const user = await createUser(db, 'probe', 'translator', 'probe-password-long');
  const [doc] = (
    await importFiles(db, [{ name: 'transcript.md', bytes: Buffer.from(transcript(245)) }], {
      project: 'p',
      sourceLang: 'zh',
      targetLangs: ['en'],
      maxBytes: 1e7,
    })
  ).documents;
  await db.projectMember.create({
    data: { userId: user.id, projectId: (await db.document.findUniqueOrThrow({ where: { id: doc!.id } })).projectId },
  });
  const first = await db.segment.findFirstOrThrow({ where: { documentId: doc!.id, translatable: true }, orderBy: { index: 'asc' } });
  await saveFromEditor(db, { segmentId: first.id, lang: 'en', text: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa!', version: 0, user });
  const { token } = await createApiToken(db, 'probe', 'bench');
  await db.$disconnect();

  const child = spawn(process.execPath, [path.join(ROOT, 'bin/bitext.js'), 'serve', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let log = '';
    child.stderr!.on('data', (c: Buffer) => {
      log += c.toString();
      const m = /serving (http:\/\/[\d.]+:\d+)\//.exec(log);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${log}`)));
  });
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  try {
    // One harmless request of each kind first: the first find and replace starts its worker.
    await fetch(`${base}/documents/${doc!.id}/replace?lang=en&find=x&replace=y`, { headers });
    await fetch(`${base}/api/documents/${doc!.id}/segments?lang=en&q=x`, { headers });
    for (const r of freezeRequests(doc!.id)) {
      const t0 = performance.now();
      let done = false;
      let slowestHealth = 0;
      const health = (async () => {
        while (!done) {
          const h0 = performance.now();
          await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(timeoutMs) }).catch(() => undefined);
          slowestHealth = Math.max(slowestHealth, performance.now() - h0);
        }
      })();
      const res = await fetch(`${base}${r.path}`, { headers, signal: AbortSignal.timeout(timeoutMs) }).catch((e: Error) => ({
        status: `no answer (${e.name})`,
      }));
      const ms = performance.now() - t0;
      done = true;
      await health;
      console.log(
        `${r.label.padEnd(24)} ${String(res.status).padEnd(22)} ${ms.toFixed(0).padStart(7)} ms   slowest /healthz meanwhile ${slowestHealth.toFixed(0)} ms`,
      );
      if (typeof res.status !== 'number') break;
    }
  } finally {
    child.kill('SIGKILL');
    await dropDb?.();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT, 'bench/freeze.ts')) await main();
