/**
 * Glossary pages: a project's glossary (`/projects/:id/glossary`) and the shared one
 * (`/glossary/shared`): list with search, add/edit/delete, import (CSV, TBX) and export.
 * Everyone who sees a project reads its glossary and the shared one; reviewers and admins edit a
 * project's glossary, admins the shared one.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { parseForm } from '../forms.js';
import { currentUser } from '../auth.js';
import { toAppError } from '../errors.js';
import { assertProjectAccess, assertRole } from '../../services/auth/authService.js';
import type { GlossaryScope, StoredGlossaryEntry } from '../../db/glossary.js';
import { projectOf, targetLanguagesInUse } from '../../services/projectService.js';
import { deleteGlossaryEntry, glossaryEntries, glossaryEntry } from '../../services/glossaryService.js';
import {
  exportFileName,
  exportGlossary,
  GLOSSARY_FORMATS,
  glossaryPath,
  importGlossaryFile,
  saveGlossaryForm,
  type GlossaryForm,
} from '../../services/glossaryService.js';
import { MAX_NOTE_CHARS, MAX_TERM_CHARS, TERM_SEPARATOR } from '../../domain/glossary.js';
import { ValidationError } from '../../domain/errors.js';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const entryParam = z.object({ entryId: z.coerce.number().int().positive() });
const optionalId = z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.coerce.number().int().positive().optional());
const listQuery = z.object({
  q: z.string().max(200).optional(),
  edit: optionalId,
  added: z.coerce.number().int().min(0).optional(),
  updated: z.coerce.number().int().min(0).optional(),
  unchanged: z.coerce.number().int().min(0).optional(),
  saved: z.literal('1').optional(),
  deleted: z.literal('1').optional(),
});
const exportQuery = z.object({ format: z.enum(GLOSSARY_FORMATS).default('csv') });
const FORM_LIMIT = 256 * 1024;

/** The entry form: source, part of speech, note, and per language `terms_<lang>` and `forbidden_<lang>`. */
function entrySchema(langs: readonly string[]) {
  const terms = z
    .string()
    .max(MAX_TERM_CHARS * 20)
    .default('');
  return z.object({
    id: optionalId,
    source: z.string().trim().min(1, 'the source term is required').max(MAX_TERM_CHARS),
    pos: z.string().trim().max(50).default(''),
    note: z.string().max(MAX_NOTE_CHARS).default(''),
    ...Object.fromEntries(
      langs.flatMap((l) => [
        [`terms_${l}`, terms],
        [`forbidden_${l}`, terms],
      ]),
    ),
  });
}

/** What a glossary page works on. */
interface PageScope {
  scope: GlossaryScope;
  base: string;
  project: { id: number; name: string } | null;
  langs: string[];
  canEdit: boolean;
}

/** Routes of the glossary pages. */
export function glossaryRouter(ctx: AppContext): Router {
  const router = Router();
  const maxBytes = ctx.config.MAX_IMPORT_BYTES;

  const projectScope = async (req: Request, res: Response): Promise<PageScope> => {
    const { id } = idParam.parse(req.params);
    const user = currentUser(res);
    await assertProjectAccess(ctx.db, user, id);
    const p = await projectOf(ctx.db, { id });
    return {
      scope: { projectId: id },
      base: glossaryPath({ projectId: id }),
      project: { id, name: p.name },
      langs: p.targetLangs,
      canEdit: user.role !== 'translator',
    };
  };
  const sharedScope = async (_req: Request, res: Response): Promise<PageScope> => {
    const entries = await glossaryEntries(ctx.db, { shared: true });
    const langs = [
      ...new Set(['en', 'ru', ...(await targetLanguagesInUse(ctx.db)), ...entries.flatMap((e) => e.targets.map((t) => t.lang))]),
    ];
    return {
      scope: { shared: true },
      base: glossaryPath({ shared: true }),
      project: null,
      langs,
      canEdit: currentUser(res).role === 'admin',
    };
  };
  const mayEdit = (res: Response, s: PageScope) => {
    if (s.project) assertRole(currentUser(res), 'admin', 'reviewer');
    else assertRole(currentUser(res), 'admin');
  };

  /** Renders the page; `form` refills the entry form after a refused post. */
  const render = async (
    req: Request,
    res: Response,
    s: PageScope,
    form?: { values: Record<string, string>; error: string; field: string },
  ) => {
    const q = listQuery.parse(req.query);
    const entries = await glossaryEntries(ctx.db, s.scope, { q: q.q });
    const shared = s.project ? await glossaryEntries(ctx.db, { shared: true }, { q: q.q }) : [];
    const own = new Set(entries.map((e) => e.source));
    const editing = !form && q.edit && s.canEdit ? await glossaryEntry(ctx.db, s.scope, q.edit) : undefined;
    res.status(form ? 400 : 200).render('glossary', {
      ...s,
      entries,
      shared: shared.map((e) => ({ ...e, overridden: own.has(e.source) })),
      q: q.q ?? '',
      notice: q,
      form: form?.values ?? (editing ? formValues(editing) : {}),
      formError: form?.error ?? '',
      formField: form?.field ?? '',
      editing: form ? form.values.id || '' : editing ? String(editing.id) : '',
      separator: TERM_SEPARATOR,
    });
  };

  for (const [prefix, resolve] of [
    ['/projects/:id/glossary', projectScope],
    ['/glossary/shared', sharedScope],
  ] as const) {
    router.get(prefix, async (req, res) => {
      await render(req, res, await resolve(req, res));
    });

    router.get(`${prefix}/export`, async (req, res) => {
      const s = await resolve(req, res);
      const { format } = exportQuery.parse(req.query);
      const text = await exportGlossary(ctx.db, s.scope, format, { langs: s.langs });
      res.attachment(exportFileName(s.project?.name ?? 'shared', format));
      res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-tbx+xml; charset=utf-8');
      res.send(Buffer.from(text, 'utf8'));
    });

    router.post(`${prefix}/entries`, async (req, res) => {
      const s = await resolve(req, res);
      mayEdit(res, s);
      const fields = (await parseForm(req, res, FORM_LIMIT)).fields;
      try {
        const f = entrySchema(s.langs).parse(fields) as { id?: number; source: string; pos: string; note: string } & Record<string, string>;
        const form: GlossaryForm = {
          source: f.source,
          pos: f.pos,
          note: f.note,
          langs: s.langs.map((lang) => ({ lang, terms: f[`terms_${lang}`] ?? '', forbidden: f[`forbidden_${lang}`] ?? '' })),
        };
        await saveGlossaryForm(ctx.db, s.scope, form, { id: f.id, actor: currentUser(res) });
        res.redirect(303, `${s.base}?saved=1`);
      } catch (err) {
        const e = toAppError(err);
        if (!(e instanceof ValidationError)) throw err;
        const issues = (e.details?.issues as { field: string }[] | undefined) ?? [];
        const field = String(e.details?.field ?? issues[0]?.field ?? '');
        await render(req, res, s, { values: fields, error: e.message, field });
      }
    });

    router.post(`${prefix}/entries/:entryId/delete`, async (req, res) => {
      const s = await resolve(req, res);
      mayEdit(res, s);
      const { entryId } = entryParam.parse(req.params);
      await deleteGlossaryEntry(ctx.db, s.scope, entryId, currentUser(res));
      res.redirect(303, `${s.base}?deleted=1`);
    });

    router.post(`${prefix}/import`, async (req, res) => {
      const s = await resolve(req, res);
      mayEdit(res, s);
      const parsed = await parseForm(req, res, maxBytes + 64 * 1024);
      const file = parsed.files.file;
      if (!file) throw new ValidationError('file: choose a .csv or .tbx file', { field: 'file' });
      const r = await importGlossaryFile(ctx.db, s.scope, file, maxBytes, currentUser(res));
      res.redirect(303, `${s.base}?added=${r.added}&updated=${r.updated}&unchanged=${r.unchanged}`);
    });
  }

  return router;
}

/** The form fields of a stored entry (several terms joined with the separator). */
function formValues(e: StoredGlossaryEntry): Record<string, string> {
  const out: Record<string, string> = { id: String(e.id), source: e.source, pos: e.pos ?? '', note: e.note ?? '' };
  for (const t of e.targets) {
    out[`terms_${t.lang}`] = t.terms.join(` ${TERM_SEPARATOR} `);
    out[`forbidden_${t.lang}`] = t.forbidden.join(` ${TERM_SEPARATOR} `);
  }
  return out;
}
