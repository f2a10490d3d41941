/**
 * Online backup of the SQLite database (consistent while the app keeps running); PostgreSQL has pg_dump.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './client.js';
import { providerOf } from './client.js';
import { AppError, BackupUnsupportedError } from '../domain/errors.js';

/**
 * Writes a consistent copy of the live SQLite database to `file` with VACUUM INTO; refuses to overwrite a
 * file. On PostgreSQL throws {@link BackupUnsupportedError} (pg_dump does it better).
 */
export async function backupDatabase(db: Db, file: string): Promise<void> {
  const provider = providerOf(db);
  if (provider !== 'sqlite') throw new BackupUnsupportedError(provider);
  const target = path.resolve(file);
  if (existsSync(target)) throw new AppError('backup_exists', `${file} already exists: choose a new file name`, 409);
  const folder = path.dirname(target);
  if (!existsSync(folder))
    throw new AppError('backup_folder_missing', `${file}: the folder ${path.dirname(file)} does not exist: create it first`, 400);
  try {
    await db.$executeRawUnsafe('VACUUM INTO ?', target);
  } catch (e) {
    // SQLite's reason without Prisma's multi-line wrapping (e.g. a read-only folder).
    const reason =
      /unable to open database file|readonly|permission|disk/i.exec(String((e as Error).message))?.[0] ?? 'SQLite could not write it';
    throw new AppError('backup_failed', `${file}: the backup could not be written (${reason})`, 500);
  }
}
