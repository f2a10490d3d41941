import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import type { Db } from '../../src/db/client.js';
import { createRun } from '../../src/db/mt.js';
import { recordBatchSent } from '../../src/db/mtLedger.js';
import { createDeepLProvider } from '../../src/mt/deepl.js';
import { recoverInterruptedRuns, runIsDead } from '../../src/services/mtLedger.js';
import { pretranslate } from '../../src/services/pretranslate/run.js';
import { compareUsage, mtUsage } from '../../src/services/usageService.js';
import { freshDb } from '../helpers/db.js';
import { chars, importText, noSleep, stubProvider } from '../helpers/mt.js';
import { startDeepLStub, type DeepLStub } from '../mt/deeplStub.js';

/** The pid of a process that has exited: certainly not alive. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;
const host = os.hostname();

describe('runIsDead: which running runs recovery may close', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const fresh = new Date(now.getTime() - 5_000);
  const stale = new Date(now.getTime() - 10 * 60_000);
  const alive = (pid: number) => pid === 4242;
  it.each([
    { why: 'its process on this host is gone', owner: `${host}:9999`, heartbeatAt: fresh, dead: true },
    { why: 'its process on this host still runs', owner: `${host}:4242`, heartbeatAt: fresh, dead: false },
    { why: 'it belongs to this very process', owner: `${host}:${process.pid}`, heartbeatAt: fresh, dead: false },
    { why: 'another host: only a stale heartbeat can tell, and it is fresh', owner: 'elsewhere:9999', heartbeatAt: fresh, dead: false },
    { why: 'another host with a stale heartbeat', owner: 'elsewhere:4242', heartbeatAt: stale, dead: true },
    { why: 'a live pid with a stale heartbeat (pid reused, or the run hung)', owner: `${host}:4242`, heartbeatAt: stale, dead: true },
    { why: 'a run from before the ledger (no owner), fresh', owner: '', heartbeatAt: fresh, dead: false },
    { why: 'a run from before the ledger (no owner), stale', owner: '', heartbeatAt: stale, dead: true },
  ])('$why → dead: $dead', ({ owner, heartbeatAt, dead }) => {
    expect(runIsDead({ owner, heartbeatAt }, { now, host, isAlive: alive })).toBe(dead);
  });
});

describe('compareUsage', () => {
  it.each([
    { provider: 1000, billed: 900, maybe: 100, difference: 100, unexplained: 0 },
    { provider: 1000, billed: 900, maybe: 150, difference: 100, unexplained: -50 }, // a lost batch the provider never billed
    { provider: 1200, billed: 900, maybe: 100, difference: 300, unexplained: 200 }, // another application uses the key
  ])(
    'provider $provider, billed $billed, possibly $maybe → difference $difference, unexplained $unexplained',
    ({ provider, billed, maybe, difference, unexplained }) => {
      expect(compareUsage(provider, billed, maybe)).toEqual({
        providerCount: provider,
        billed,
        possiblyBilled: maybe,
        difference,
        unexplained,
      });
    },
  );
});

describe('the billing ledger in a real run', () => {
  let db: Db;
  let stub: DeepLStub;
  beforeEach(async () => {
    db = (await freshDb()).db;
    stub = await startDeepLStub();
  });
  afterEach(async () => {
    await stub.close();
    await db.$disconnect();
  });

  it('a run left running by a dead process is marked interrupted when the next run starts, its sent batch counted as possibly billed', async () => {
    const doc = await importText(db, 'p', 'a.md', '一。\n\n二。\n');
    const project = await db.project.findFirstOrThrow();
    const dead = await createRun(db, { provider: 'deepl', langs: ['en'], params: {}, owner: `${host}:${deadPid()}` });
    await recordBatchSent(db, { runId: dead, projectId: project.id, lang: 'en', provider: 'deepl', texts: 2, sentCharacters: 4 });
    const live = await createRun(db, { provider: 'deepl', langs: ['en'], params: {}, owner: `${host}:${process.pid}` });

    const s = await pretranslate(db, { provider: stubProvider(stub), scope: { documentId: doc }, langs: ['en'], retry: noSleep });
    expect(s.complete).toBe(true);
    expect(await db.mtRun.findUniqueOrThrow({ where: { id: dead } })).toMatchObject({ status: 'interrupted' });
    expect(JSON.parse((await db.mtRun.findUniqueOrThrow({ where: { id: dead } })).summary ?? '{}')).toEqual({
      interrupted: true,
      runId: dead,
      batches: 1,
      possiblyBilledCharacters: 4,
    });
    // A run of a live process is never touched.
    expect(await db.mtRun.findUniqueOrThrow({ where: { id: live } })).toMatchObject({ status: 'running' });
    expect(await db.mtRun.findUniqueOrThrow({ where: { id: s.runId! } })).toMatchObject({ status: 'done' });

    const u = await mtUsage(db, stubProvider(stub), 20);
    expect(u.totals).toMatchObject({ billedCharacters: 4, possiblyBilledCharacters: 4 });
    expect(u.comparison).toEqual({ providerCount: 4, billed: 4, possiblyBilled: 4, difference: 0, unexplained: -4 });
    expect(await recoverInterruptedRuns(db)).toEqual([]);
  });

  it('a batch that timed out is "unknown" (possibly billed); a batch the provider refused is "failed" (not billed)', async () => {
    const doc = await importText(db, 'p', 'a.md', '超时的段落。\n');
    const provider = createDeepLProvider({ authKey: stub.authKey, serverUrl: stub.url, timeoutMs: 200 });
    stub.holdTranslations();
    const timedOut = await pretranslate(db, { provider, scope: { documentId: doc }, langs: ['en'], retry: { ...noSleep, retries: 0 } });
    stub.release();
    expect(timedOut.stoppedBy).toMatchObject({ code: 'network' });
    expect(await db.mtBatch.findMany({ select: { state: true, error: true, sentCharacters: true, billedCharacters: true } })).toEqual([
      { state: 'unknown', error: 'network', sentCharacters: chars('超时的段落。'), billedCharacters: 0 },
    ]);

    stub.faults.push({ path: '/v2/translate', status: 400, body: JSON.stringify({ message: 'Bad request' }) });
    const refused = await pretranslate(db, { provider: stubProvider(stub), scope: { documentId: doc }, langs: ['en'], retry: noSleep });
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'bad_request' })]);
    const rows = await db.mtBatch.findMany({ orderBy: { id: 'asc' }, select: { state: true } });
    expect(rows.map((r) => r.state)).toEqual(['unknown', 'failed']);
    const u = await mtUsage(db, undefined, 20);
    expect(u.totals).toMatchObject({ billedCharacters: 0, possiblyBilledCharacters: chars('超时的段落。') });
  });
});
