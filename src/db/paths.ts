import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's prisma/ folder (schema and migrations). */
export const PRISMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma');
