/**
 * Online backup of the SQLite database (consistent while the app keeps running).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './client.js';
import { providerOf } from './client.js';
import { AppError } from '../domain/errors.js';

/** Writes a consistent copy of the live database to `file` with VACUUM INTO; refuses to overwrite a file. */
export async function backupDatabase(db: Db, file: string): Promise<void> {
  if (providerOf(db) !== 'sqlite') {
    throw new AppError('backup_unsupported', 'backup works on SQLite; for PostgreSQL use pg_dump (see the README)', 400);
  }
  const target = path.resolve(file);
  if (existsSync(target)) throw new AppError('backup_exists', `${file} already exists: choose a new file name`, 409);
  await db.$executeRawUnsafe('VACUUM INTO ?', target);
}
