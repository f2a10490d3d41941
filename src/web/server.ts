/**
 * Starts the HTTP server and stops it gracefully (requests in flight finish) on SIGINT / SIGTERM.
 */
import { endLiveStreams } from './routes/live.js';
import type { Server } from 'node:http';
import { redactUrl, type Config } from '../config.js';
import { checkpointInBackground, type Db } from '../db/client.js';
import { createApp } from './app.js';
import { firstRunSetupToken } from '../services/auth/authService.js';
import { existingJobRunner } from './routes/mt.js';
import { warmMemoryIndexes } from '../services/tmService.js';
import { warmReplaceWorker } from '../services/replaceWorker.js';

/** Listens on config.HOST:config.PORT; resolves once listening. */
export async function startServer(config: Config, db: Db, log: (line: string) => void): Promise<Server> {
  const app = await createApp({ db, config, log });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log(`bitext is serving http://${config.HOST}:${port}/ (database ${redactUrl(config.DATABASE_URL)})\n`);
  const setup = await firstRunSetupToken(db);
  if (setup) {
    log(
      `\nNo user exists yet. Create the first administrator (this link works once, for 24 hours):\n  http://${config.HOST}:${port}/setup?token=${setup}\n`,
    );
    log(`or from a shell: echo 'a long password' | npx bitext user add NAME --role admin --password-stdin\n\n`);
  }
  // SQLite: WAL checkpoints in a worker thread instead of inside a commit on this one.
  const checkpointer = checkpointInBackground(db, log);
  // Find and replace plans run in a worker thread (src/services/replaceWorker.ts); loading it takes a moment.
  warmReplaceWorker();
  // The translation memory's fuzzy indexes are built in the background (seconds for 100,000 units).
  warmMemoryIndexes(db).catch((err: unknown) =>
    log(`bitext: translation memory index not built: ${err instanceof Error ? err.message : String(err)}\n`),
  );
  const stop = () => {
    log('bitext: shutting down\n');
    // Requests in flight finish; a background job stops at its next batch boundary and is requeued.
    const jobs = existingJobRunner(db)?.stop() ?? Promise.resolve();
    endLiveStreams();
    server.close(() => {
      void jobs.finally(() => checkpointer?.stop()).finally(() => db.$disconnect().finally(() => process.exit(0)));
    });
    server.closeIdleConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}
