/**
 * Zod schemas shared by routes. Every route input is parsed with one of these at the edge;
 * a failure becomes a 400 naming the field (see src/web/errors.ts).
 */
import { z } from 'zod';
import { STATUSES, ORIGINS } from '../domain/status.js';
import { normalizeLang } from '../domain/lang.js';

/** `:id` route parameters. */
export const idParam = z.object({ id: z.coerce.number().int().positive() });

/** A BCP 47 language code, canonicalised. */
export const langCode = z
  .string()
  .min(1)
  .max(35)
  .transform((v, ctx) => {
    try {
      return normalizeLang(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message, params: { key: 'bad_lang_value', value: v } });
      return z.NEVER;
    }
  });

/** Rows per page of the editor (the page and the fragments loaded while scrolling). */
export const PAGE_ROWS = 100;

/** Filters and paging of the editor and the segments API. */
export const segmentQuery = z.object({
  lang: langCode.optional(),
  status: z
    .enum(STATUSES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  origin: z
    .enum(ORIGINS)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  q: z
    .string()
    .max(500)
    .optional()
    .transform((v) => (v ? v : undefined)),
  scope: z.enum(['source', 'target', 'both']).default('both'),
  /** Stored QA results: "error", "warning" or a check id. */
  qa: z
    .string()
    .regex(/^[a-z][a-z-]{0,39}$/, 'a QA filter is error, warning or a check id')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(PAGE_ROWS),
  /** Jump to this segment number (1-based, as shown). */
  goto: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .or(z.literal('').transform(() => undefined)),
});
