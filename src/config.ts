/**
 * The only reader of process.env. Validated once, with messages that name the variable.
 */
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .default(`file:${path.join('data', 'bitext.db')}`)
    .refine((v) => v.startsWith('file:'), { message: 'must start with file: (SQLite), e.g. file:./data/bitext.db' }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Largest file accepted at import, in bytes. */
  MAX_IMPORT_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /**
   * Express "trust proxy": "false" (default), "true", a hop count, or addresses such as "loopback".
   * Behind a TLS-terminating proxy it makes cookies Secure and login throttling see client addresses.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
});

/** Validated configuration. */
export type Config = z.infer<typeof schema>;

/** Parses an environment (process.env by default); throws one readable error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", so its default applies.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(given);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration: ${lines.join('; ')}`);
  }
  return result.data;
}

/** A database URL safe to print: any password is replaced by "***". */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
