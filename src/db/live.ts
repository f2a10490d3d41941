/**
 * What the editor's live updates read and write: translations saved since a revision id (every save makes a
 * revision, so revision ids order the changes of all app instances), and who has which segment open (Presence).
 */
import type { Db } from './client.js';
import { parseFlags } from './translationRecord.js';

/** A translation as it is after a save another editor should see. */
export interface LiveChange {
  /** The revision of the save: the stream's position. */
  revisionId: number;
  segmentId: number;
  text: string;
  status: string;
  origin: string;
  version: number;
  updatedBy: string;
  updatedAt: Date;
  flags: string[];
}

/** The newest revision id (0 when there is none): where a freshly rendered page starts listening. */
export async function latestRevisionId(db: Db): Promise<number> {
  return (await db.revision.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0;
}

/**
 * Translations of a document in one language saved after revision `afterId`, oldest first, at most `take`; a
 * translation saved several times appears once, with its current state and its latest revision id.
 */
export async function changesSince(
  db: Db,
  documentId: number,
  lang: string,
  afterId: number,
  take = 500,
): Promise<{ changes: LiveChange[]; lastId: number }> {
  const revisions = await db.revision.findMany({
    where: { id: { gt: afterId }, translation: { lang, segment: { documentId } } },
    orderBy: { id: 'asc' },
    take,
    select: {
      id: true,
      translation: {
        select: { segmentId: true, text: true, status: true, origin: true, version: true, updatedBy: true, updatedAt: true, flags: true },
      },
    },
  });
  const latest = new Map<number, LiveChange>();
  for (const r of revisions) {
    const t = r.translation;
    latest.delete(t.segmentId);
    latest.set(t.segmentId, { revisionId: r.id, ...t, flags: parseFlags(t.flags) });
  }
  return { changes: [...latest.values()], lastId: revisions.at(-1)?.id ?? afterId };
}

/** One person's open segment. */
export interface PresenceRow {
  segmentId: number;
  userName: string;
  clientId: string;
}

/** Records that a browser tab (`clientId`) has `segmentId` open now; `segmentId` null removes its row. */
export async function writePresence(
  db: Db,
  p: { clientId: string; documentId: number; lang: string; segmentId: number | null; userName: string },
): Promise<void> {
  if (p.segmentId === null) {
    await db.presence.deleteMany({ where: { clientId: p.clientId } });
    return;
  }
  const data = { documentId: p.documentId, lang: p.lang, segmentId: p.segmentId, userName: p.userName, updatedAt: new Date() };
  await db.presence.upsert({ where: { clientId: p.clientId }, create: { clientId: p.clientId, ...data }, update: data });
}

/** Who has a segment of the document open in `lang`, written since `since` (older rows have expired). */
export async function presenceSince(db: Db, documentId: number, lang: string, since: Date): Promise<PresenceRow[]> {
  return db.presence.findMany({
    where: { documentId, lang, updatedAt: { gte: since } },
    orderBy: { segmentId: 'asc' },
    select: { segmentId: true, userName: true, clientId: true },
  });
}

/** Deletes presence rows written before `before` (tabs closed without saying so). */
export async function prunePresence(db: Db, before: Date): Promise<void> {
  await db.presence.deleteMany({ where: { updatedAt: { lt: before } } });
}
