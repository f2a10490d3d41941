import { describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { missingDatabaseUrl, tempDir } from '../helpers/db.js';

describe('bitext serve', () => {
  // The real process (tsx start and migrations: seconds, more on a loaded machine): a longer timeout.
  it(
    'creates the database, prints a one-time setup link on first start, serves, and stops cleanly on SIGTERM',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const child = startCli(['serve', '--port', '0'], { env: { DATABASE_URL: missingDatabaseUrl() }, cwd: dir });
      let log = '';
      const link = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          log += chunk.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/setup\?token=setup_[\w-]+)/.exec(log);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${log}`)));
      });
      expect(log).toMatch(/bitext is serving http:\/\/127\.0\.0\.1:\d+\/ \(database (file:|postgresql:\/\/)/);
      const base = new URL(link).origin;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(link)).status).toBe(200);
      expect((await fetch(`${base}/`, { redirect: 'manual' })).status).toBe(303);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(log).toContain('shutting down');
    },
  );
});
