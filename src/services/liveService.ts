/**
 * Live collaboration in the editor (issue 14): the changes and presence another editor of the same document and
 * language should see. Everything is read from the database, so any app instance can serve any editor.
 */
import type { Db } from '../db/client.js';
import {
  changesSince,
  latestRevisionId,
  presenceSince,
  prunePresence,
  writePresence,
  type LiveChange,
  type PresenceRow,
} from '../db/live.js';

export type { LiveChange, PresenceRow };
export { latestRevisionId };

/** How long a presence lasts without a heartbeat (the editor sends one every PRESENCE_HEARTBEAT_MS while focused). */
export const PRESENCE_TTL_MS = 30_000;
/** How often an editor repeats its presence. */
export const PRESENCE_HEARTBEAT_MS = 10_000;

/** Saves of the document's translations into `lang` after revision `afterId` (see changesSince). */
export function documentChanges(db: Db, documentId: number, lang: string, afterId: number) {
  return changesSince(db, documentId, lang, afterId);
}

/** Who has a segment of the document open now (presence not older than PRESENCE_TTL_MS). */
export function documentPresence(db: Db, documentId: number, lang: string, now = Date.now()): Promise<PresenceRow[]> {
  return presenceSince(db, documentId, lang, new Date(now - PRESENCE_TTL_MS));
}

let lastPrune = 0;

/** Records (or, with segmentId null, clears) a browser tab's open segment; now and then removes expired rows. */
export async function setPresence(
  db: Db,
  p: { clientId: string; documentId: number; lang: string; segmentId: number | null; userName: string },
  now = Date.now(),
): Promise<void> {
  await writePresence(db, p);
  if (now - lastPrune > PRESENCE_TTL_MS) {
    lastPrune = now;
    await prunePresence(db, new Date(now - 10 * PRESENCE_TTL_MS));
  }
}
