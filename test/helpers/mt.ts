/** Test helpers for machine translation: documents from Markdown text, and DeepL against the stub. */
import type { Db } from '../../src/db/client.js';
import { importBytes } from '../../src/services/importService.js';
import { createDeepLProvider } from '../../src/mt/deepl.js';
import type { MtProvider } from '../../src/mt/types.js';
import type { DeepLStub } from '../mt/deeplStub.js';

/** Retries without waiting. */
export const noSleep = { sleep: async () => {}, random: () => 0 };

/** Imports Markdown text as a document of `project` (targets en, ru); returns its id. */
export async function importText(db: Db, project: string, name: string, text: string, targetLangs = ['en', 'ru']): Promise<number> {
  const doc = await importBytes(
    db,
    { name, bytes: Buffer.from(text, 'utf8') },
    { project, sourceLang: 'zh', targetLangs, maxBytes: 1 << 24 },
  );
  return doc.id;
}

/** The real deepl-node provider pointed at a stub. */
export function stubProvider(stub: DeepLStub): MtProvider {
  return createDeepLProvider({ authKey: stub.authKey, serverUrl: stub.url, timeoutMs: 10_000 });
}

/** Translatable segments of a document with their translation into `lang`, in order. */
export async function segmentsWith(db: Db, documentId: number, lang: string) {
  return db.segment.findMany({
    where: { documentId, translatable: true },
    orderBy: { index: 'asc' },
    include: { translations: { where: { lang } } },
  });
}

/** Code points, as DeepL (and the stub) bill them. */
export const chars = (s: string) => [...s].length;
