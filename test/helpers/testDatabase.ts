/**
 * Which database the tests run on, from BITEXT_TEST_DATABASE (read here, in the test helpers only;
 * src/config.ts stays the app's only reader of the environment): unset or `sqlite` → SQLite files in
 * temporary folders, `postgres` → databases on the server at BITEXT_TEST_PG_URL
 * (default postgresql://postgres@127.0.0.1:5432/postgres).
 */
export const TEST_DATABASE: 'sqlite' | 'postgres' = process.env.BITEXT_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/** True when this run tests PostgreSQL. */
export const onPostgres = TEST_DATABASE === 'postgres';

/** The PostgreSQL server's maintenance database URL, used to create and drop the test databases. */
export const PG_SERVER_URL = process.env.BITEXT_TEST_PG_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The URL of database `name` on the test server. */
export function pgDatabaseUrl(name: string): string {
  const url = new URL(PG_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
