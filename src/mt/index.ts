/** Machine translation: provider interface, providers, batching and the batch runner. */
export * from './types.js';
export * from './errors.js';
export * from './batching.js';
export * from './run.js';
export { createDeepLProvider, deeplTargetLang, deeplGlossaryLang, mapDeepLError, DEEPL_LIMITS, type DeepLProviderOptions } from './deepl.js';
export { createOpenAiProvider, type OpenAiProviderOptions } from './openai.js';
