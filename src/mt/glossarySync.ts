/**
 * Provider glossaries through the shared MT base: creating and deleting get the same retry policy
 * as translation (429, 5xx, timeouts), and their errors name the step.
 */
import { withRetry, type RetryOptions } from './retry.js';
import { MtError, toMtError } from './errors.js';
import type { GlossaryInput, MtProvider } from './types.js';

/** How a provider is named in messages. */
export function providerLabel(name: string): string {
  return ({ deepl: 'DeepL', openai: 'OpenAI' } as Record<string, string>)[name] ?? name;
}

/** An error of one glossary step, with the step in its message and the original code and status. */
export function glossaryStepError(err: unknown, step: string): MtError {
  const e = toMtError(err);
  return new MtError(e.code, `${step}: ${e.message}`, {
    cause: err,
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
  });
}

/** What {@link replaceGlossary} did. */
export interface ReplacedGlossary {
  glossaryId: string;
  /** Deleting the previous glossary failed after retries (the new one is in use all the same). */
  deleteError?: MtError;
}

/**
 * Creates a glossary (retried like translation), then deletes `replaceId` if given: a previous
 * glossary already gone (404) is fine; any other delete failure is returned, not thrown, since the
 * new glossary is usable. Throws an {@link MtError} whose message starts with the step, e.g.
 * "creating the DeepL glossary for en: …".
 */
export async function replaceGlossary(
  provider: MtProvider,
  input: GlossaryInput & { replaceId?: string },
  retry: Omit<RetryOptions, 'signal'> = {},
): Promise<ReplacedGlossary> {
  const { createGlossary, deleteGlossary } = provider;
  if (!createGlossary) throw new MtError('bad_request', `${providerLabel(provider.name)} has no glossaries`);
  const label = providerLabel(provider.name);
  const { replaceId, ...entries } = input;
  let glossaryId: string;
  try {
    ({ glossaryId } = await withRetry(() => createGlossary.call(provider, entries), retry));
  } catch (err) {
    throw glossaryStepError(err, `creating the ${label} glossary for ${input.targetLang}`);
  }
  if (replaceId === undefined || !deleteGlossary) return { glossaryId };
  try {
    await withRetry(() => deleteGlossary.call(provider, replaceId), retry);
  } catch (err) {
    const e = toMtError(err);
    if (e.code !== 'glossary_not_found' && e.status !== 404) {
      return { glossaryId, deleteError: glossaryStepError(err, `deleting the previous ${label} glossary for ${input.targetLang}`) };
    }
  }
  return { glossaryId };
}
