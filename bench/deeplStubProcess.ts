/**
 * The local DeepL stub (test/mt/deeplStub.ts) in a process of its own, for bench/pretranslate.ts: its
 * parsing and answering then run on another core than bitext's main thread, as a real provider's
 * would, instead of competing with the run it measures. Every translate request is answered after
 * `latencyMs`. Talks over the fork IPC channel: sends `{url, authKey}` once listening; answers
 * `'stats'` with `{maxInFlight, requests}`; `'close'` stops it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDeepLStub } from '../test/mt/deeplStub.js';

/** The stub process seen from the bench. */
export interface StubProcess {
  url: string;
  authKey: string;
  /** Highest number of requests handled at once, and translate requests seen. */
  stats(): Promise<{ maxInFlight: number; requests: number }>;
  close(): Promise<void>;
}

/** Starts the stub in a child process answering each translate request after `latencyMs`. */
export async function startStubProcess(latencyMs: number): Promise<StubProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child', String(latencyMs)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; authKey: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; authKey: string }));
    child.once('exit', (code) => reject(new Error(`stub process exited (${code}) before listening`)));
  });
  return {
    ...ready,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as { maxInFlight: number; requests: number }));
        child.send('stats');
      }),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}

if (process.argv[2] === '--child') {
  const latencyMs = Number(process.argv[3] ?? 150);
  const stub = await startDeepLStub({ characterLimit: 1e12 });
  stub.faults.push(...Array.from({ length: 100_000 }, () => ({ path: '/v2/translate', delayMs: latencyMs })));
  process.on('message', (m) => {
    if (m === 'stats') process.send?.({ maxInFlight: stub.maxInFlight, requests: stub.translateRequests().length });
    if (m === 'close') void stub.close().then(() => process.exit(0));
  });
  process.send?.({ url: stub.url, authKey: stub.authKey });
}
