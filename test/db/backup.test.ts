import { afterAll, beforeAll, describe, expect } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { backupDatabase } from '../../src/db/backup.js';
import type { Db } from '../../src/db/client.js';
import { BackupUnsupportedError } from '../../src/domain/errors.js';
import { freshDb, itPostgresOnly, itSqliteOnly } from '../helpers/db.js';

let db: Db;
let dir: string;
beforeAll(async () => {
  ({ db, dir } = await freshDb());
});
afterAll(async () => db.$disconnect());

describe('backupDatabase', () => {
  itSqliteOnly('VACUUM INTO copies a SQLite file')('writes a copy of a SQLite database and refuses to overwrite it', async () => {
    const file = path.join(dir, 'copy.db');
    await backupDatabase(db, file);
    expect(existsSync(file)).toBe(true);
    await expect(backupDatabase(db, file)).rejects.toMatchObject({ code: 'backup_exists', status: 409 });
  });

  itPostgresOnly('refuses a PostgreSQL database with a typed error pointing to pg_dump, writing nothing', async () => {
    const file = path.join(dir, 'copy.db');
    const error = await backupDatabase(db, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupUnsupportedError);
    expect(error).toMatchObject({ code: 'backup_unsupported', status: 400, details: { provider: 'postgresql' } });
    expect((error as Error).message).toContain('pg_dump --format=custom');
    expect(existsSync(file)).toBe(false);
  });
});
