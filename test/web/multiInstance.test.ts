// Two `bitext serve` processes over one database (a SQLite file here, a PostgreSQL database when the
// suite runs on PostgreSQL): app instances keep no state of their own, so a session opened on one
// works on the other, and a save through one is seen, and guarded by its version, on the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { Db } from '../../src/db/client.js';
import { importFiles } from '../../src/services/importService.js';
import { createUser, openSession } from '../../src/services/auth/authService.js';
import { startCli } from '../helpers/cli.js';
import { freshDb } from '../helpers/db.js';

let db: Db;
let url: string;
const children: ChildProcess[] = [];
let a: string;
let b: string;
let cookie: string;
let segmentId: number;
/** A well-formed double-submit CSRF token (43 base64url characters), sent as cookie and header. */
const CSRF = 'c'.repeat(43);

/** Starts `bitext serve` on a free port and resolves with its base URL once it listens. */
function serve(databaseUrl: string): Promise<string> {
  const child = startCli(['serve', '--port', '0'], { env: { DATABASE_URL: databaseUrl } });
  children.push(child);
  let log = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const m = /bitext is serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(log);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${log}`)));
  });
}

beforeAll(async () => {
  ({ db, url } = await freshDb());
  const user = await createUser(db, 'editor', 'admin', 'editor-password-long');
  cookie = `bitext_session=${(await openSession(db, user, { address: '127.0.0.1', userAgent: 'test' })).token}; bitext_csrf=${CSRF}`;
  const report = await importFiles(db, [{ name: 'a.md', bytes: Buffer.from('# 标题\n\n第一段。\n') }], {
    project: 'p',
    sourceLang: 'zh',
    targetLangs: ['en'],
    maxBytes: 1e6,
  });
  segmentId = (await db.segment.findFirstOrThrow({ where: { documentId: report.documents[0]!.id, index: 1 } })).id;
  [a, b] = await Promise.all([serve(url), serve(url)]);
}, 120_000); // two real processes start (tsx and migrations): seconds each, more on a loaded machine

afterAll(async () => {
  await Promise.all(
    children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : (c.once('exit', resolve), c.kill('SIGTERM'))))),
  );
  await db.$disconnect();
});

const put = (base: string, text: string, version: number) =>
  fetch(`${base}/api/segments/${segmentId}/translations/en`, {
    method: 'PUT',
    headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': CSRF, accept: 'application/json' },
    body: JSON.stringify({ text, version }),
  });

describe('two app instances over one database', () => {
  it('accept the same session on both, because sessions live in the database', async () => {
    for (const base of [a, b]) {
      const res = await fetch(`${base}/`, { headers: { cookie }, redirect: 'manual' });
      expect(res.status).toBe(200);
    }
  });

  it('see each other’s saves, and a stale save through the other instance is a conflict', async () => {
    const first = await put(a, 'First paragraph.', 0);
    expect(first.status).toBe(200);
    expect((await first.json()).version).toBe(1);
    const listed = await fetch(
      `${b}/api/documents/${(await db.segment.findUniqueOrThrow({ where: { id: segmentId } })).documentId}/segments?lang=en`,
      {
        headers: { cookie, accept: 'application/json' },
      },
    );
    const seg = (await listed.json()).segments.find((s: { id: number }) => s.id === segmentId);
    expect(seg.translation).toMatchObject({ text: 'First paragraph.', version: 1 });
    expect((await put(b, 'Edited on B.', 1)).status).toBe(200);
    const stale = await put(a, 'Edited on A from version 1.', 1);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.current.text).toBe('Edited on B.');
  });
});
