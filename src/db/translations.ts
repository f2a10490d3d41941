/**
 * Translation saves with optimistic locking and a revision per save.
 */
import { isUniqueViolation, providerOf, type Db, type Tx } from './client.js';
import { transactionOf, type RawSql } from './direct.js';
import type { Provider } from './adapter.js';
import type { Prisma } from './generated/client.js';
import { AppError, ConflictError, NotFoundError, SaveNotStored, ValidationError } from '../domain/errors.js';
import type { Origin, Status } from '../domain/status.js';
import { insertRevisionRow, insertTranslationRow, segmentTranslatable, translationRowOf, updateTranslationRow } from './saveRows.js';

/** A save request: `version` is the version the editor started from (0 when there was none). */
export interface SaveTranslation {
  segmentId: number;
  lang: string;
  text: string;
  status: Status;
  origin: Origin;
  version: number;
  user: string;
  /** Engine of the origin when known (MT provider, OpenCC configuration); "" otherwise. */
  engine?: string;
  /** Reason recorded on the revision (a reviewer's QA override, a restore). */
  note?: string;
  /** Flags to store (e.g. qa_errors_confirmed); a person's save otherwise clears them. */
  flags?: string[];
  /** The segment's `translatable` flag when the caller has just read it (the save then does not read it again). */
  translatable?: boolean;
}

/** A translation as a save stored it. */
export type SavedTranslation = Prisma.TranslationGetPayload<object>;

/**
 * Writes that belong to a save and must commit or fail with it (the stored QA issues, the memory entry, the audit
 * record, a rejection comment). They run inside the save's transaction, after the translation and its revision;
 * `dialect` is the database's, for raw statements (a transaction client does not know it).
 */
export type WithSave = (tx: RawSql, saved: SavedTranslation, dialect: Provider) => Promise<void>;

/**
 * Saves a translation if nobody saved since `version`; otherwise throws {@link ConflictError}
 * carrying the current translation. Exactly one of several concurrent saves of one version wins.
 *
 * `withSave` adds writes to the same transaction: if any of them fails, nothing is stored (not even the
 * translation) and the save answers {@link SaveNotStored} (a typed error of its own stays as it is). Callers do
 * their reads and checks (QA) before, so the transaction holds the database only for the writes.
 */
export async function saveTranslation(db: Db, req: SaveTranslation, withSave?: WithSave): Promise<SavedTranslation> {
  try {
    return await storeTranslation(db, req, withSave);
  } catch (e) {
    // Concurrent first saves (version 0) both found no row; the unique key (segment, language) let one
    // insert win and refused the other: the loser gets the same conflict as any stale save.
    if (!isUniqueViolation(e)) throw e;
    const current = await db.translation.findUnique({ where: { segmentId_lang: { segmentId: req.segmentId, lang: req.lang } } });
    if (!current) throw e;
    throw conflict(current);
  }
}

async function storeTranslation(db: Db, req: SaveTranslation, withSave?: WithSave): Promise<SavedTranslation> {
  const dialect = providerOf(db);
  // Raw statements only: on SQLite they run directly on the connection (src/db/direct.ts), not through Prisma.
  return transactionOf(db, async (tx) => {
    if (req.translatable === undefined) {
      const translatable = await segmentTranslatable(tx, req.segmentId);
      if (translatable === undefined) throw new NotFoundError('segment', req.segmentId);
      req = { ...req, translatable };
    }
    if (!req.translatable) {
      throw new ValidationError(`segment ${req.segmentId} is not translatable (code, HTML or image block)`, undefined, undefined, {
        key: 'not_translatable',
        params: { segment: req.segmentId },
      });
    }
    // A person's save clears machine flags (e.g. tag_missing) along with the draft they described.
    const values = {
      segmentId: req.segmentId,
      lang: req.lang,
      text: req.text,
      status: req.status,
      origin: req.origin,
      engine: req.engine ?? '',
      updatedBy: req.user,
      flags: JSON.stringify(req.flags ?? []),
    };
    let saved: SavedTranslation;
    if (req.version === 0) {
      // An existing translation makes the insert fail on the unique key: a conflict (see saveTranslation).
      saved = await insertTranslationRow(tx, dialect, values);
    } else {
      // The version in the condition makes the check and the write one statement: no save slips in between.
      const updated = await updateTranslationRow(tx, dialect, values, req.version);
      if (!updated) {
        const current = await translationRowOf(tx, req.segmentId, req.lang);
        if (!current) throw new NotFoundError(`translation into ${req.lang} of segment`, req.segmentId);
        throw conflict(current);
      }
      saved = updated;
    }
    await insertRevisionRow(tx, dialect, {
      translationId: saved.id,
      version: saved.version,
      text: saved.text,
      status: saved.status,
      origin: saved.origin,
      engine: saved.engine,
      note: req.note ?? '',
      createdBy: req.user,
    });
    if (withSave) {
      try {
        await withSave(tx, saved, dialect);
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw new SaveNotStored(req.segmentId, req.lang, e);
      }
    }
    return saved;
  });
}

/** Stores the revision of a translation just written. */
async function recordRevision(
  tx: Tx,
  saved: { id: number; version: number; text: string; status: string; origin: string; engine: string },
  user: string,
  note = '',
): Promise<void> {
  await tx.revision.create({
    data: {
      translationId: saved.id,
      version: saved.version,
      text: saved.text,
      status: saved.status,
      origin: saved.origin,
      engine: saved.engine,
      note,
      createdBy: user,
    },
  });
}

function conflict(current: { text: string; status: string; origin: string; version: number; updatedBy: string; updatedAt: Date }) {
  return new ConflictError(
    `the translation was changed by ${current.updatedBy || 'someone else'} (now version ${current.version})`,
    {
      current: {
        text: current.text,
        status: current.status,
        origin: current.origin,
        version: current.version,
        updatedBy: current.updatedBy,
        updatedAt: current.updatedAt,
      },
    },
    current.updatedBy
      ? { params: { user: current.updatedBy, version: current.version } }
      : { key: 'version_conflict_anonymous', params: { version: current.version } },
  );
}

/** A translation from a file translated elsewhere, based on the version that was exported. */
export interface ImportedTranslation {
  segmentId: number;
  lang: string;
  text: string;
  status: Status;
  /** Version of the translation when the file was made (0: there was none). */
  expectedVersion: number;
}

/**
 * Stores imported translations in one transaction (origin `import`). If any translation changed here since
 * the export, the whole import is refused with a conflict and nothing is stored.
 */
export async function applyImportedTranslations(db: Db, items: ImportedTranslation[], user: string): Promise<void> {
  if (items.length === 0) return;
  try {
    await storeImportedTranslations(db, items, user);
  } catch (e) {
    // A first translation saved here while this import inserted the same one (PostgreSQL's unique key).
    if (!isUniqueViolation(e)) throw e;
    throw new ConflictError('a translation in the file was saved here meanwhile: export again and redo it', {});
  }
}

async function storeImportedTranslations(db: Db, items: ImportedTranslation[], user: string): Promise<void> {
  await db.$transaction(
    async (tx) => {
      for (const item of items) {
        const data = { text: item.text, status: item.status, origin: 'import', updatedBy: user, flags: '[]' };
        const current = await tx.translation.findUnique({ where: { segmentId_lang: { segmentId: item.segmentId, lang: item.lang } } });
        if ((current?.version ?? 0) !== item.expectedVersion) {
          throw new ConflictError(`segment ${item.segmentId} (${item.lang}) was changed here after the export: export again and redo it`, {
            segmentId: item.segmentId,
          });
        }
        const saved = current
          ? await tx.translation.update({ where: { id: current.id }, data: { ...data, version: { increment: 1 } } })
          : await tx.translation.create({ data: { ...data, segmentId: item.segmentId, lang: item.lang, version: 1 } });
        await recordRevision(tx, { ...saved, engine: '' }, user);
      }
    },
    { timeout: 120_000 },
  );
}
