/**
 * Builds the configured machine-translation provider, and turns MT failures into typed
 * application errors (status + stable code) for the web and CLI layers.
 */
import type { Config } from '../config.js';
import { AppError } from '../domain/errors.js';
import { createDeepLProvider, DEEPL_LIMITS } from './deepl.js';
import { MtError, type MtErrorCode } from './errors.js';
import { createOpenAiProvider } from './openai.js';
import type { MtLimits, MtProvider } from './types.js';

/** Names of the providers bitext can build. */
export const PROVIDER_NAMES = ['deepl', 'openai'] as const;
/** One of {@link PROVIDER_NAMES}. */
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** The configuration variables that matter to {@link createProvider}. */
export type MtConfig = Pick<
  Config,
  | 'DEEPL_AUTH_KEY'
  | 'DEEPL_SERVER_URL'
  | 'DEEPL_ENGLISH'
  | 'DEEPL_FORMALITY_RU'
  | 'OPENAI_BASE_URL'
  | 'OPENAI_MODEL'
  | 'OPENAI_API_KEY'
  | 'MT_PROVIDER'
>;

/** Machine translation was asked for but is not configured (503, `mt_not_configured`). */
export class MtNotConfiguredError extends AppError {
  constructor(provider: ProviderName) {
    const how =
      provider === 'deepl'
        ? 'set DEEPL_AUTH_KEY (a DeepL API key; DEEPL_SERVER_URL for a DeepL-compatible server), ' +
          'or MT_PROVIDER=openai with OPENAI_BASE_URL and OPENAI_MODEL'
        : 'set OPENAI_BASE_URL (e.g. https://api.openai.com/v1) and OPENAI_MODEL (and OPENAI_API_KEY if the server needs one), ' +
          'or MT_PROVIDER=deepl with DEEPL_AUTH_KEY';
    super(
      'mt_not_configured',
      `machine translation (${provider}) is not configured: ${how}`,
      503,
      { provider },
      { key: `mt_not_configured_${provider}` },
    );
    this.name = 'MtNotConfiguredError';
  }
}

/** Whether `provider` (default: MT_PROVIDER) has what it needs in `config`. */
export function isConfigured(config: MtConfig, provider: ProviderName = config.MT_PROVIDER): boolean {
  return provider === 'deepl' ? Boolean(config.DEEPL_AUTH_KEY) : Boolean(config.OPENAI_BASE_URL && config.OPENAI_MODEL);
}

/** Creates the provider `name` (default MT_PROVIDER); throws {@link MtNotConfiguredError} without its settings. */
export function createProvider(config: MtConfig, name: ProviderName = config.MT_PROVIDER): MtProvider {
  if (!isConfigured(config, name)) throw new MtNotConfiguredError(name);
  if (name === 'deepl') {
    return createDeepLProvider({
      authKey: config.DEEPL_AUTH_KEY ?? '',
      englishVariant: config.DEEPL_ENGLISH,
      ...(config.DEEPL_SERVER_URL ? { serverUrl: config.DEEPL_SERVER_URL } : {}),
      ...(config.DEEPL_FORMALITY_RU ? { formality: config.DEEPL_FORMALITY_RU } : {}),
    });
  }
  return createOpenAiProvider({
    baseUrl: config.OPENAI_BASE_URL ?? '',
    model: config.OPENAI_MODEL ?? '',
    ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
  });
}

/**
 * The name and request limits of provider `name` (default MT_PROVIDER), also when it is not
 * configured: what an estimate needs (a dry run works without a key).
 */
export function providerProfile(config: MtConfig, name: ProviderName = config.MT_PROVIDER): { name: ProviderName; limits: MtLimits } {
  if (isConfigured(config, name)) return { name, limits: createProvider(config, name).limits };
  // Building the OpenAI provider sends nothing; its limits do not depend on the URL.
  return { name, limits: name === 'deepl' ? DEEPL_LIMITS : createOpenAiProvider({ baseUrl: 'http://127.0.0.1', model: 'none' }).limits };
}

const HTTP_STATUS: Record<MtErrorCode, number> = {
  quota_exceeded: 429,
  rate_limited: 503,
  unsupported_language: 400,
  auth_failed: 502,
  network: 502,
  server_error: 502,
  bad_response: 502,
  bad_request: 502,
  request_too_large: 413,
  glossary_not_found: 502,
};

/** An MT failure as an application error: code `mt_<code>` (e.g. `mt_quota_exceeded`), with a fitting status. */
export class MtFailedError extends AppError {
  constructor(
    readonly mtCode: MtErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(`mt_${mtCode}`, message, HTTP_STATUS[mtCode], details, {});
    this.name = 'MtFailedError';
  }
}

/** Converts an {@link MtError} (or passes an AppError through) for the web and CLI layers. */
export function toMtAppError(err: unknown, details?: Record<string, unknown>): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof MtError) return new MtFailedError(err.code, err.message, details);
  return new MtFailedError('bad_response', err instanceof Error ? err.message : String(err), details);
}

/** A failure recorded by code (in a run summary) as an application error: `mt_<code>` for MT codes, else a 500. */
export function failureError(code: string, message: string, details?: Record<string, unknown>): AppError {
  if (Object.hasOwn(HTTP_STATUS, code)) return new MtFailedError(code as MtErrorCode, message, details);
  return new AppError(code, message, 500, details);
}
