/** The provider-neutral machine-translation interface. Pure: no DB, no HTTP framework. */

/** Source language of bitext articles. */
export type SourceLang = 'zh';

/** Target languages bitext knows by name; providers may accept other codes and reject them as `unsupported_language`. */
export type KnownTargetLang = 'en' | 'ru' | 'zh-Hant' | 'ja' | 'ko' | 'de' | 'fr' | 'es';

/** A target language code (BCP 47 style, e.g. `en`, `zh-Hant`). */
export type TargetLang = KnownTargetLang | (string & {});

/** Formality preference; providers ignore it for languages without formality. */
export type Formality = 'default' | 'more' | 'less' | 'prefer_more' | 'prefer_less';

/** One batch of texts to translate. Texts are already tagged XML (see `domain/mtTags.ts`). */
export interface MtRequest {
  texts: string[];
  sourceLang: SourceLang;
  targetLang: TargetLang;
  /**
   * Untranslated context (e.g. the surrounding paragraph): one string for the whole batch, or
   * one per text (`undefined` entries for none). Context characters are not billed by DeepL.
   */
  context?: string | (string | undefined)[];
  /** Provider glossary id (from {@link MtProvider.createGlossary}). */
  glossaryId?: string;
  formality?: Formality;
}

/** Translations in request order, and what the provider billed. */
export interface MtResult {
  texts: string[];
  billedCharacters: number;
}

/** Account usage for the current billing period. */
export interface MtUsage {
  characterCount: number;
  characterLimit: number;
}

/** Glossary contents for one language pair. */
export interface GlossaryInput {
  name: string;
  sourceLang: SourceLang;
  targetLang: TargetLang;
  /** Source term, target term. */
  entries: [string, string][];
}

/** Per-request limits a batch must respect. */
export interface MtLimits {
  maxTexts: number;
  /** Maximum request body in bytes. */
  maxBytes: number;
  /** Whether all texts of a request must share one context (DeepL: context is per request). */
  contextPerRequest: boolean;
}

/** A machine-translation engine behind one batch interface. */
export interface MtProvider {
  readonly name: string;
  readonly limits: MtLimits;
  /** Translates one batch (within {@link limits}); throws `MtError`. */
  translateBatch(req: MtRequest, signal?: AbortSignal): Promise<MtResult>;
  usage?(): Promise<MtUsage>;
  /**
   * Which account the provider uses: a hash of its key (never the key), so that a glossary made
   * with another key is known to be unusable.
   */
  readonly accountKey?: string;
  /** Creates a glossary and returns its id (one request: retries belong to the shared base, `mt/glossarySync.ts`). */
  createGlossary?(input: GlossaryInput): Promise<{ glossaryId: string }>;
  /** Deletes a glossary; throws `glossary_not_found` when it does not exist. */
  deleteGlossary?(glossaryId: string): Promise<void>;
}

/** The context of text `i` of a request. */
export function contextAt(req: Pick<MtRequest, 'context'>, i: number): string | undefined {
  return Array.isArray(req.context) ? req.context[i] : req.context;
}
