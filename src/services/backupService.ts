/** `bitext backup`: a consistent copy of the live SQLite database (PostgreSQL: refused, naming pg_dump). */
import type { Db } from '../db/client.js';
import { backupDatabase as writeBackup } from '../db/backup.js';

/** Writes the backup to `file` (never over an existing file; its folder must exist). */
export function backupDatabase(db: Db, file: string): Promise<void> {
  return writeBackup(db, file);
}
