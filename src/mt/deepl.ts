/**
 * DeepL provider through the official `deepl-node` client.
 *
 * deepl-node's own retries are off by default (`maxRetries: 0`) so that retry and backoff are
 * decided by `withRetry` (tested, with injectable sleep). Texts are tagged XML from
 * `domain/mtTags.ts` and are sent with `tagHandling: 'xml'` and the atom tag ignored.
 */
import { createHash } from 'node:crypto';
import * as deepl from 'deepl-node';
import { ATOM_TAG, MT_IGNORE_TAGS, PAIR_TAG } from '../domain/mtTags.js';
import { MtError, type MtErrorCode } from './errors.js';
import type { Formality, GlossaryInput, MtLimits, MtProvider, MtRequest, MtResult, MtUsage, TargetLang } from './types.js';

/** Options for {@link createDeepLProvider}. */
export interface DeepLProviderOptions {
  authKey: string;
  /** API base URL; default chosen by deepl-node from the key (free vs pro). */
  serverUrl?: string;
  /** English variant for `en`. Default `en-US`. */
  englishVariant?: 'en-US' | 'en-GB';
  /** Default formality, used for languages that support it (e.g. `ru`). */
  formality?: Formality;
  /** Per-request timeout in ms (deepl-node `minTimeout`). Default 30000. */
  timeoutMs?: number;
  /** deepl-node's internal retries. Default 0: retries belong to `withRetry`. */
  maxRetries?: number;
  /** Tags whose content DeepL must keep. Default {@link MT_IGNORE_TAGS}. */
  ignoreTags?: readonly string[];
}

/** DeepL's per-request limits: 50 texts, 128 KiB body, one context per request. */
export const DEEPL_LIMITS: MtLimits = { maxTexts: 50, maxBytes: 128 * 1024, contextPerRequest: true };

// Targets DeepL accepts `formality` for (others reject `more`/`less` with 400).
const FORMALITY_TARGETS = new Set(['de', 'fr', 'it', 'es', 'es-419', 'nl', 'pl', 'pt-br', 'pt-pt', 'ja', 'ru']);

/** Maps a bitext target language to DeepL's code (`en` → `en-US`/`en-GB`, `zh-Hant` → `zh-HANT`). */
export function deeplTargetLang(lang: TargetLang, englishVariant: 'en-US' | 'en-GB' = 'en-US'): deepl.TargetLanguageCode {
  const lower = lang.toLowerCase();
  if (lower === 'en') return englishVariant;
  if (lower === 'pt') return 'pt-PT';
  if (lower === 'zh-hant' || lower === 'zh-tw' || lower === 'zh-hk') return 'zh-HANT';
  if (lower === 'zh-hans' || lower === 'zh-cn') return 'zh-HANS';
  return lang as deepl.TargetLanguageCode;
}

/** The glossary target language DeepL expects (no region or script: `zh-Hant` → `zh`). */
export function deeplGlossaryLang(lang: TargetLang): deepl.LanguageCode {
  return (lang.split('-')[0] ?? lang).toLowerCase() as deepl.LanguageCode;
}

/** Converts a deepl-node error into an {@link MtError}. */
export function mapDeepLError(err: unknown): MtError {
  if (err instanceof MtError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const make = (code: MtErrorCode, status?: number) =>
    new MtError(code, `DeepL: ${message}`, { cause: err, ...(status !== undefined ? { status } : {}) });
  if (err instanceof deepl.QuotaExceededError) return make('quota_exceeded', 456);
  if (err instanceof deepl.TooManyRequestsError) return make('rate_limited', 429);
  if (err instanceof deepl.AuthorizationError) return make('auth_failed', 403);
  if (err instanceof deepl.ConnectionError) return make('network');
  if (err instanceof deepl.GlossaryNotFoundError) return make('glossary_not_found', 404);
  if (err instanceof deepl.DeepLError) {
    if (message.startsWith('Service unavailable')) return make('server_error', 503);
    const status = /status code: (\d{3})/.exec(message)?.[1];
    if (status) {
      const s = Number(status);
      if (s >= 500) return make('server_error', s);
      if (s === 413) return make('request_too_large', s);
      if (s === 401) return make('auth_failed', s);
      return make('bad_request', s);
    }
    // Server: "Value for 'target_lang' not supported."; client: "targetLang='en' is deprecated".
    if (/Value for '(?:target|source)_lang'|(?:target|source)Lang='/.test(message)) return make('unsupported_language');
    if (message.startsWith('Error parsing response')) return make('bad_response');
    if (message.startsWith('Bad request')) return make('bad_request', 400);
    if (message.startsWith('Not found')) return make('bad_request', 404);
    return make('bad_request');
  }
  return make('bad_response');
}

/**
 * A translation request with a glossary that DeepL refuses with 400/404 about the glossary ("Glossary
 * not found"; the official mock says "not found"; an id of another format: "Value for 'glossary_id'
 * not supported.") means the stored glossary id is stale: `glossary_not_found`.
 */
export function staleGlossaryError(err: unknown): unknown {
  if (!(err instanceof MtError) || err.code !== 'bad_request' || (err.status !== 400 && err.status !== 404)) return err;
  if (!/glossary|not found/i.test(err.message)) return err;
  return new MtError('glossary_not_found', err.message, { status: err.status, cause: err });
}

/** A short, non-reversible hash of an auth key, to tell accounts apart without storing the key. */
export function keyHash(authKey: string): string {
  return createHash('sha256').update(`bitext-deepl-key\u0000${authKey}`).digest('hex').slice(0, 16);
}

/** Creates the DeepL provider. */
export function createDeepLProvider(options: DeepLProviderOptions): MtProvider {
  const translator = new deepl.Translator(options.authKey, {
    ...(options.serverUrl !== undefined ? { serverUrl: options.serverUrl } : {}),
    maxRetries: options.maxRetries ?? 0,
    minTimeout: options.timeoutMs ?? 30_000,
    sendPlatformInfo: false,
    appInfo: { appName: 'bitext', appVersion: '0.1.0' },
  });
  const ignoreTags = [...(options.ignoreTags ?? MT_IGNORE_TAGS)];

  const call = async <T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    signal?.throwIfAborted();
    try {
      if (!signal) return await fn();
      // deepl-node takes no AbortSignal: stop waiting (the request itself runs to its end).
      return await new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        fn()
          .then(resolve, reject)
          .finally(() => signal.removeEventListener('abort', onAbort));
      });
    } catch (err) {
      if (signal?.aborted && err === signal.reason) throw err;
      throw mapDeepLError(err);
    }
  };

  /** One HTTP request: texts sharing one context. */
  const translateGroup = async (req: MtRequest, texts: string[], context: string | undefined, signal?: AbortSignal) => {
    const target = deeplTargetLang(req.targetLang, options.englishVariant);
    const formality = req.formality ?? options.formality;
    const textOptions: deepl.TranslateTextOptions = {
      tagHandling: 'xml',
      ignoreTags,
      // Our tags are inline markup: they must never split a sentence.
      nonSplittingTags: [PAIR_TAG, ATOM_TAG],
      ...(context !== undefined && context !== '' ? { context } : {}),
      ...(req.glossaryId !== undefined ? { glossary: req.glossaryId } : {}),
      ...(formality && formality !== 'default' && FORMALITY_TARGETS.has(target.toLowerCase()) ? { formality } : {}),
    };
    const results = await call(() => translator.translateText(texts, req.sourceLang, target, textOptions), signal).catch((err: unknown) => {
      throw req.glossaryId !== undefined ? staleGlossaryError(err) : err;
    });
    if (results.length !== texts.length) {
      throw new MtError('bad_response', `DeepL returned ${results.length} translations for ${texts.length} texts`);
    }
    return results;
  };

  return {
    name: 'deepl',
    limits: DEEPL_LIMITS,

    async translateBatch(req: MtRequest, signal?: AbortSignal): Promise<MtResult> {
      if (req.texts.length === 0) return { texts: [], billedCharacters: 0 };
      // DeepL takes one context per request: group texts by context, keep the input order.
      const groups = new Map<string | undefined, number[]>();
      req.texts.forEach((_, i) => {
        const ctx = Array.isArray(req.context) ? req.context[i] : req.context;
        groups.set(ctx, [...(groups.get(ctx) ?? []), i]);
      });
      const out: string[] = new Array<string>(req.texts.length).fill('');
      let billed = 0;
      for (const [ctx, indices] of groups) {
        // deepl-node rejects empty strings; an empty text translates to itself.
        const nonEmpty = indices.filter((i) => (req.texts[i] ?? '') !== '');
        if (nonEmpty.length === 0) continue;
        const results = await translateGroup(
          req,
          nonEmpty.map((i) => req.texts[i] ?? ''),
          ctx,
          signal,
        );
        results.forEach((r, k) => {
          out[nonEmpty[k] ?? 0] = r.text;
          billed += r.billedCharacters ?? 0;
        });
      }
      return { texts: out, billedCharacters: billed };
    },

    async usage(): Promise<MtUsage> {
      const usage = await call(() => translator.getUsage());
      return { characterCount: usage.character?.count ?? 0, characterLimit: usage.character?.limit ?? 0 };
    },

    accountKey: keyHash(options.authKey),

    async createGlossary(input: GlossaryInput): Promise<{ glossaryId: string }> {
      const entries = new deepl.GlossaryEntries({ entries: Object.fromEntries(input.entries) });
      const info = await call(() => translator.createGlossary(input.name, input.sourceLang, deeplGlossaryLang(input.targetLang), entries));
      return { glossaryId: info.glossaryId };
    },

    async deleteGlossary(glossaryId: string): Promise<void> {
      await call(() => translator.deleteGlossary(glossaryId));
    },
  };
}
