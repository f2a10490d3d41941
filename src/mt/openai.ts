/**
 * Provider for any OpenAI-compatible chat-completions API (OpenAI, vLLM, llama.cpp, Ollama, …).
 *
 * Protocol: one request per batch. The user message is a JSON object
 * `{"target_language": …, "items": [{"text": …, "context"?: …}, …]}`; the model must answer with
 * only `{"translations": ["…", …]}`, one string per item in order. The system prompt tells it to
 * keep the XML tags of `domain/mtTags.ts` unchanged. A reply that is not that JSON, or has the
 * wrong number of strings, is a `bad_response` (batch-local, not retried).
 */
import { z } from 'zod';
import { MtError, codeForStatus } from './errors.js';
import { contextAt, type MtLimits, type MtProvider, type MtRequest, type MtResult, type TargetLang } from './types.js';

/** Options for {@link createOpenAiProvider}. */
export interface OpenAiProviderOptions {
  /** API base including the version, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Default 0. */
  temperature?: number;
  /** Send `response_format: {type: 'json_object'}`. Default true; turn off for servers without it. */
  jsonMode?: boolean;
  /** Per-request timeout in ms. Default 120000. */
  timeoutMs?: number;
  /** Default 20 texts and 64 KiB per request. */
  limits?: Partial<MtLimits>;
  /** Injectable fetch. Default global `fetch`. */
  fetch?: typeof fetch;
}

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  ru: 'Russian',
  'zh-hant': 'Traditional Chinese',
  'zh-hans': 'Simplified Chinese',
  ja: 'Japanese',
  ko: 'Korean',
  de: 'German',
  fr: 'French',
  es: 'Spanish',
};

/** A readable name for a target language (for the prompt), e.g. `zh-Hant` → `Traditional Chinese (zh-Hant)`. */
export function languageName(lang: TargetLang): string {
  const name = LANGUAGE_NAMES[lang.toLowerCase()];
  return name ? `${name} (${lang})` : lang;
}

/** The system prompt: translation only, tags unchanged, JSON reply. */
export function systemPrompt(targetLang: TargetLang): string {
  return [
    `You are a professional translator. Translate each item's "text" from Chinese into ${languageName(targetLang)}.`,
    'The texts contain XML tags such as <m i="1">…</m> and <x i="2"/>. Keep every tag exactly as written,',
    'with the same i attribute, placed around or at the corresponding words of the translation;',
    'never add, remove, translate or rename tags. Keep XML entities (&amp; &lt; &gt;) as entities.',
    'An item\'s "context" is surrounding text for reference only: do not translate it or include it.',
    'Reply with only a JSON object {"translations": ["…"]} holding exactly one translated string per item,',
    'in the same order, with no explanations, notes or other text.',
  ].join(' ');
}

const ReplySchema = z.object({ translations: z.array(z.string()) });
const CompletionSchema = z.object({
  choices: z
    .array(z.object({ message: z.object({ content: z.string().nullable() }), finish_reason: z.string().nullable().optional() }))
    .min(1),
});
const ErrorBodySchema = z.object({ error: z.object({ code: z.string().nullable().optional(), message: z.string().optional() }) });

/** Parses the model's reply content into exactly `count` translations, or throws `bad_response`. */
export function parseReply(content: string, count: number): string[] {
  const trimmed = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new MtError('bad_response', `model reply is not JSON: ${trimmed.slice(0, 200)}`);
  }
  const reply = ReplySchema.safeParse(parsed);
  if (!reply.success) throw new MtError('bad_response', 'model reply lacks a "translations" array of strings');
  if (reply.data.translations.length !== count) {
    throw new MtError('bad_response', `model returned ${reply.data.translations.length} translations for ${count} texts`);
  }
  return reply.data.translations;
}

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Maps a failed HTTP response to an {@link MtError} (`insufficient_quota` 429 → `quota_exceeded`). */
async function errorFromResponse(res: Response): Promise<MtError> {
  const text = await res.text().catch(() => '');
  let apiCode: string | undefined;
  let message = text.slice(0, 300);
  try {
    const body = ErrorBodySchema.safeParse(JSON.parse(text));
    if (body.success) {
      apiCode = body.data.error.code ?? undefined;
      message = body.data.error.message ?? message;
    }
  } catch {
    // not JSON: keep the raw text
  }
  const code = res.status === 429 && apiCode === 'insufficient_quota' ? 'quota_exceeded' : codeForStatus(res.status);
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  return new MtError(code, `OpenAI-compatible API ${res.status}: ${message}`, {
    status: res.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** Source characters (code points), which is what this provider reports as billed. */
function countChars(texts: string[]): number {
  return texts.reduce((n, t) => n + [...t].length, 0);
}

/** Creates the OpenAI-compatible provider. */
export function createOpenAiProvider(options: OpenAiProviderOptions): MtProvider {
  const doFetch = options.fetch ?? fetch;
  const endpoint = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const limits: MtLimits = { maxTexts: 20, maxBytes: 64 * 1024, contextPerRequest: false, ...options.limits };

  return {
    name: 'openai',
    limits,

    async translateBatch(req: MtRequest, signal?: AbortSignal): Promise<MtResult> {
      if (req.texts.length === 0) return { texts: [], billedCharacters: 0 };
      signal?.throwIfAborted();
      const items = req.texts.map((text, i) => {
        const context = contextAt(req, i);
        return context ? { text, context } : { text };
      });
      const body = {
        model: options.model,
        temperature: options.temperature ?? 0,
        messages: [
          { role: 'system', content: systemPrompt(req.targetLang) },
          { role: 'user', content: JSON.stringify({ target_language: req.targetLang, items }) },
        ],
        ...(options.jsonMode === false ? {} : { response_format: { type: 'json_object' } }),
      };
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 120_000);
      let res: Response;
      try {
        res = await doFetch(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
          body: JSON.stringify(body),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        throw new MtError('network', `OpenAI-compatible API unreachable: ${err instanceof Error ? err.message : String(err)}`, {
          cause: err,
        });
      }
      if (!res.ok) throw await errorFromResponse(res);
      let json: unknown;
      try {
        json = await res.json();
      } catch (err) {
        throw new MtError('bad_response', 'response is not JSON', { cause: err });
      }
      const completion = CompletionSchema.safeParse(json);
      if (!completion.success) throw new MtError('bad_response', 'response is not a chat completion');
      const choice = completion.data.choices[0];
      if (choice?.finish_reason === 'length') throw new MtError('bad_response', 'model output was truncated (finish_reason length)');
      const texts = parseReply(choice?.message.content ?? '', req.texts.length);
      return { texts, billedCharacters: countChars(req.texts) };
    },
  };
}
