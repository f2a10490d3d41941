/**
 * The provider glossary of each project and language during one run: synced when the entries or
 * the account (auth key) changed, and recreated once when the provider says it no longer exists
 * (deleted, expired, made with another key), so a stale id never blocks a project.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import { glossaryEntries, saveSyncedGlossary, syncedGlossary, type ScopeProject } from '../db/mt.js';
import type { RetryOptions } from '../mt/retry.js';
import { MtError } from '../mt/errors.js';
import { replaceGlossary } from '../mt/glossarySync.js';
import type { MtProvider } from '../mt/types.js';

/** The hash of glossary entries that decides whether a re-sync is needed. */
export function glossaryHash(entries: [string, string][]): string {
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}

/** Whether an error says the glossary sent with a request does not exist (any more). */
export function isGlossaryNotFound(err: unknown): boolean {
  return err instanceof MtError && err.code === 'glossary_not_found';
}

/** Glossary ids for one run; each project and language is synced at most once and recreated at most once. */
export class RunGlossaries {
  private readonly ids = new Map<string, Promise<string | undefined>>();
  private readonly recreated = new Map<string, Promise<string | undefined>>();
  /** Problems that did not stop the run (a previous glossary that could not be deleted). */
  readonly warnings: string[] = [];

  constructor(
    private readonly db: Db,
    private readonly provider: MtProvider,
    private readonly retry: Omit<RetryOptions, 'signal'> = {},
  ) {}

  /** The glossary id to send for a project and language (undefined: no glossary), synced if needed. */
  idFor(project: ScopeProject, lang: string): Promise<string | undefined> {
    const key = `${project.id}:${lang}`;
    let id = this.ids.get(key);
    if (!id) this.ids.set(key, (id = this.sync(project, lang, false)));
    return id;
  }

  /**
   * After "glossary not found" for `staleId`: a new glossary, created once per project and language
   * in this run (concurrent batches share it). A second "not found" is not retried.
   */
  recreate(project: ScopeProject, lang: string): Promise<string | undefined> {
    const key = `${project.id}:${lang}`;
    let id = this.recreated.get(key);
    if (!id) {
      this.recreated.set(key, (id = this.sync(project, lang, true)));
      this.ids.set(key, id);
    }
    return id;
  }

  private async sync(project: ScopeProject, lang: string, stale: boolean): Promise<string | undefined> {
    const { provider, db } = this;
    if (!provider.createGlossary) return undefined;
    const entries = await glossaryEntries(db, project.id, lang);
    if (entries.length === 0) return undefined;
    const hash = glossaryHash(entries);
    const account = provider.accountKey ?? '';
    const synced = await syncedGlossary(db, project.id, provider.name, lang);
    // A glossary recorded before the key hash was (keyHash "") is taken as this account's: if it is not, DeepL says
    // "not found" and it is recreated then.
    const sameAccount = synced !== null && (synced.keyHash === '' || synced.keyHash === account);
    if (!stale && synced && sameAccount && synced.entriesHash === hash) return synced.glossaryId;
    // A glossary of another account cannot be deleted with this key, and a stale one is gone already.
    const replaceId = synced && !stale && sameAccount ? synced.glossaryId : undefined;
    const { glossaryId, deleteError } = await replaceGlossary(
      provider,
      {
        name: `bitext ${project.name} zh-${lang}`,
        sourceLang: 'zh',
        targetLang: lang,
        entries,
        ...(replaceId !== undefined ? { replaceId } : {}),
      },
      this.retry,
    );
    if (deleteError) this.warnings.push(deleteError.message);
    await saveSyncedGlossary(db, {
      projectId: project.id,
      provider: provider.name,
      targetLang: lang,
      glossaryId,
      entriesHash: hash,
      keyHash: account,
    });
    return glossaryId;
  }
}
