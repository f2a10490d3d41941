/**
 * The text filters of searches typed by users (editor filter, glossary search), the same on both databases.
 */
import type { Provider } from './adapter.js';
import type { Prisma } from './generated/client.js';
import { escapeLike } from '../domain/userPattern.js';

/**
 * A case-insensitive `contains` that matches `q` literally: `%`, `_` and `\` are escaped for LIKE (`\` is the
 * escape character of PostgreSQL's ILIKE and of bitext's SQLite LIKE, see src/db/adapter.ts), so `q=%` finds
 * only texts containing `%`. PostgreSQL needs `mode: 'insensitive'` (ILIKE); SQLite's LIKE is made Unicode
 * case-insensitive by the adapter. The SQLite client's types lack `mode`.
 */
export function containsText(q: string, provider: Provider): Prisma.StringFilter {
  const contains = escapeLike(q);
  return (provider === 'postgresql' ? { contains, mode: 'insensitive' } : { contains }) as Prisma.StringFilter;
}
