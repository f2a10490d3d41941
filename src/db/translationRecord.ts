/**
 * A stored translation as the database layer returns it (flags decoded); web presenters shape it into JSON.
 */
import type { Origin, Status } from '../domain/status.js';

/** One stored translation of a segment into one language. */
export interface TranslationRecord {
  text: string;
  status: Status | string;
  origin: Origin | string;
  version: number;
  updatedAt: Date;
  updatedBy: string;
  flags: string[];
}

/** The record of a translation row (the flags column decoded). */
export function translationRecord(t: {
  text: string;
  status: string;
  origin: string;
  version: number;
  updatedAt: Date;
  updatedBy: string;
  flags: string;
}): TranslationRecord {
  return {
    text: t.text,
    status: t.status,
    origin: t.origin,
    version: t.version,
    updatedAt: t.updatedAt,
    updatedBy: t.updatedBy,
    flags: parseFlags(t.flags),
  };
}

/** Parses a flags column (JSON list of strings); anything else reads as no flags. */
export function parseFlags(flags: string): string[] {
  try {
    const parsed: unknown = JSON.parse(flags);
    return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}
