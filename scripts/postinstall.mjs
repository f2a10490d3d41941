// Generates the Prisma clients after `npm install`, offline: one for SQLite (src/db/generated) and one for
// PostgreSQL (src/db/generated-pg, from prisma/postgres/schema.prisma, derived from prisma/schema.prisma first).
// The generated code is provider-specific (it embeds the query compiler of its provider), hence two clients.
// Prisma's CLI wants a native schema-engine binary it would download; `prisma generate` does not use it,
// so any existing file satisfies the check. Migrations run through the WebAssembly engine (src/db/migrate.ts).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writePostgresSchema } from './postgres-schema.mjs';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
writePostgresSchema();
for (const schema of ['prisma/schema.prisma', 'prisma/postgres/schema.prisma']) {
  const res = spawnSync(process.execPath, [cli, 'generate', '--schema', schema], { stdio: 'inherit', env });
  if (res.status !== 0) process.exit(res.status ?? 1);
}
