/**
 * The only reader of process.env. Validated once, with messages that name the variable.
 */
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .default(`file:${path.join('data', 'bitext.db')}`)
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), {
      message: 'must be file:PATH (SQLite), e.g. file:./data/bitext.db, or postgres://USER:PASSWORD@HOST:5432/DATABASE (PostgreSQL)',
    }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Largest file accepted at import, in bytes. */
  MAX_IMPORT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /**
   * Express "trust proxy": "false" (default), "true", a hop count, or addresses such as "loopback".
   * Behind a TLS-terminating proxy it makes cookies Secure and login throttling see client addresses.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  /**
   * "true" when the workbench is only ever reached over HTTPS (a TLS proxy that sends no X-Forwarded-Proto):
   * every answer then carries HSTS and the CSP's upgrade-insecure-requests. Otherwise they are sent only on a
   * request that came over HTTPS (directly, or behind TRUST_PROXY with X-Forwarded-Proto: https), so plain HTTP
   * on a LAN address keeps working.
   */
  FORCE_HTTPS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Machine translation (see src/mt/factory.ts). Without a key the workbench runs; MT actions answer 503.
  DEEPL_AUTH_KEY: z.string().optional(),
  /** DeepL API base URL; default chosen from the key (free keys end in ":fx"). */
  DEEPL_SERVER_URL: z.url().optional(),
  DEEPL_ENGLISH: z.enum(['en-US', 'en-GB']).default('en-US'),
  DEEPL_FORMALITY_RU: z.enum(['default', 'more', 'less', 'prefer_more', 'prefer_less']).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  MT_PROVIDER: z.enum(['deepl', 'openai']).default('deepl'),
  /** Batches in flight at once. */
  MT_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** Price in EUR per million billed characters, for estimates. */
  MT_PRICE_PER_MILLION: z.coerce.number().nonnegative().default(20),
  // Background jobs (see src/services/jobs.ts).
  /**
   * Whether `serve` also runs jobs: "inline" (the default, with SQLite and PostgreSQL alike) or "off" (only
   * `bitext worker` processes run them; on PostgreSQL, set it on app instances when dedicated workers do the work).
   */
  BITEXT_WORKER: z.enum(['inline', 'off']).optional(),
  /** Jobs run at once by one worker (the server's inline worker or `bitext worker`). */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** A running job without heartbeat for this many seconds is taken back and resumed by another worker. */
  JOB_STALE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(30),
  /** Uploads with more files than this, or more bytes than IMPORT_JOB_BYTES, are imported as a background job. */
  IMPORT_JOB_FILES: z.coerce.number().int().min(0).default(20),
  IMPORT_JOB_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(5 * 1024 * 1024),
  /** Project conversions with more documents than this run as a background job. */
  CONVERT_JOB_DOCUMENTS: z.coerce.number().int().min(0).default(20),
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

/**
 * Whether this process's server runs jobs itself: BITEXT_WORKER, else inline, whatever the database. On
 * PostgreSQL an inline worker is one more consumer of the shared queue; set BITEXT_WORKER=off on app
 * instances when dedicated `bitext worker` processes do the work.
 */
export function workerMode(config: Pick<Config, 'BITEXT_WORKER'>): 'inline' | 'off' {
  return config.BITEXT_WORKER ?? 'inline';
}
