/** Absolute path of prisma/schema.prisma (the source). */
export const SQLITE_SCHEMA: string;
/** Absolute path of prisma/postgres/schema.prisma (derived). */
export const POSTGRES_SCHEMA: string;
/** The PostgreSQL schema text derived from a SQLite schema text. */
export function derivePostgresSchema(source: string): string;
/** Writes prisma/postgres/schema.prisma; true when it changed. */
export function writePostgresSchema(): boolean;
