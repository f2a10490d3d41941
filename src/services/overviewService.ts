/**
 * Projects and documents with translation progress per language, for `bitext list` and the home page.
 */
import { listProjects, translationCounts, type StatusCount } from '../db/documents.js';
import type { Db } from '../db/client.js';
import { STATUSES, type Status } from '../domain/status.js';
import { memberProjectIds, type AuthUser } from '../db/users.js';

/** Progress of one document in one language, by segment and by character. */
export interface LangProgress {
  lang: string;
  segments: Record<Status, number>;
  chars: Record<Status, number>;
  /** Share of translatable segments translated or reviewed, 0–100 (drafts are not done: see `drafts`). */
  percent: number;
  /** Segments with a draft (machine, memory or typed, not yet confirmed): shown beside the percentage. */
  drafts: number;
}

/** One language's progress as `bitext list` prints it: "en 40% translated, 56 drafts" (the web says the same in its language). */
export function progressLine(g: Pick<LangProgress, 'lang' | 'percent' | 'drafts'>): string {
  return `${g.lang} ${g.percent}% translated${g.drafts ? `, ${g.drafts} draft${g.drafts === 1 ? '' : 's'}` : ''}`;
}

const zero = (): Record<Status, number> => ({ untranslated: 0, draft: 0, translated: 0, reviewed: 0, rejected: 0 });

/** The projects (all of them, or those a non-admin user is a member of) with documents and per-language progress. */
export async function projectOverview(db: Db, user?: AuthUser) {
  const [all, counts] = await Promise.all([listProjects(db), translationCounts(db)]);
  const visible = user && user.role !== 'admin' ? new Set(await memberProjectIds(db, user.id)) : null;
  const projects = visible ? all.filter((p) => visible.has(p.id)) : all;
  const byDocLang = new Map<string, StatusCount[]>();
  for (const c of counts) {
    const key = `${c.documentId}|${c.lang}`;
    byDocLang.set(key, [...(byDocLang.get(key) ?? []), c]);
  }
  return projects.map((p) => {
    const targetLangs = p.targetLangs;
    return {
      id: p.id,
      name: p.name,
      sourceLang: p.sourceLang,
      targetLangs,
      documents: p.documents.map((d) => ({
        id: d.id,
        path: d.path,
        segments: d.translatable.segments,
        chars: d.translatable.chars,
        notes: d.notes,
        updatedAt: d.updatedAt,
        progress: targetLangs.map((lang): LangProgress => {
          const segments = zero();
          const chars = zero();
          for (const c of byDocLang.get(`${d.id}|${lang}`) ?? []) {
            if (!STATUSES.includes(c.status as Status)) continue;
            segments[c.status as Status] += c.segments;
            chars[c.status as Status] += c.chars;
          }
          segments.untranslated = d.translatable.segments - segments.draft - segments.translated - segments.reviewed - segments.rejected;
          chars.untranslated = d.translatable.chars - chars.draft - chars.translated - chars.reviewed - chars.rejected;
          const done = segments.translated + segments.reviewed;
          return {
            lang,
            segments,
            chars,
            percent: d.translatable.segments ? Math.floor((100 * done) / d.translatable.segments) : 100,
            drafts: segments.draft,
          };
        }),
      })),
    };
  });
}
