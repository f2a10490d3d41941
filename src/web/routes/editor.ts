/**
 * The document editor page and the HTML fragments it loads incrementally.
 */
import { Router, type Response } from 'express';
import type { AppContext } from '../app.js';
import { idParam, PAGE_ROWS, segmentQuery } from '../validation.js';
import { chooseLang, editorPage, editorRows, offsetOf } from '../../services/editorService.js';
import { presentRow, type TermHighlight } from '../presenters/segment.js';
import { editorMessages, originLabels, reviewMessages, tmPanelMessages, type Translate } from '../presenters/editorI18n.js';
import { glossaryHighlighter } from '../../services/glossaryService.js';
import { LAYOUTS } from '../../domain/layout.js';
import { STATUSES, ORIGINS } from '../../domain/status.js';
import { currentUser, guardDocument } from '../auth.js';
import { DEFAULT_TARGET_CONFIGS } from '../../domain/chineseTargets.js';
import { rowReviews } from '../../services/reviewService.js';
import type { UiLang } from '../i18n.js';
import { documentQaSummary } from '../../services/qaService.js';
import { presentReview } from '../presenters/review.js';
import type { SegmentView } from '../../db/segments.js';
import type { Db } from '../../db/client.js';
import { latestRevisionId, PRESENCE_HEARTBEAT_MS } from '../../services/liveService.js';

/** Editor rows with their review data (QA issues in the interface language `ui`, engine, open comments). */
async function reviewedRows(
  db: Db,
  segments: SegmentView[],
  lang: string,
  terms: Parameters<typeof presentRow>[1],
  ui: UiLang,
  search?: string,
) {
  const reviews = await rowReviews(
    db,
    segments.map((s) => s.id),
    lang,
  );
  return segments.map((s) => ({
    ...presentRow(s, terms, search),
    review: presentReview(reviews.get(s.id), s.translation?.version ?? 0, ui),
  }));
}

/** Query string for a filter, without paging. */
function filterQuery(q: { lang: string; status?: string; origin?: string; q?: string; scope?: string; qa?: string }): string {
  const params = new URLSearchParams({ lang: q.lang });
  if (q.status) params.set('status', q.status);
  if (q.qa) params.set('qa', q.qa);
  if (q.origin) params.set('origin', q.origin);
  if (q.q) params.set('q', q.q);
  if (q.q && q.scope && q.scope !== 'both') params.set('scope', q.scope);
  return params.toString();
}

/** Routes for the editor. */
export function editorRouter(ctx: AppContext): Router {
  const router = Router();
  /** The project's glossary terms (and the shared ones) to mark in the source, for the target language. */
  const termHighlight = async (projectId: number, lang: string, res: Response): Promise<TermHighlight> => ({
    find: await glossaryHighlighter(ctx.db, projectId, lang),
    forbiddenLabel: (res.locals.t as (k: string) => string)('glossary.hoverForbidden'),
  });

  router.get('/documents/:id', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const q = segmentQuery.parse(req.query);
    const doc = await guardDocument(ctx, res, id);
    const { langs, lang } = chooseLang(doc.project, q.lang);
    const offset = q.goto ? await offsetOf(ctx.db, id, q.goto - 1) : q.offset;
    const filter = q.goto ? { scope: q.scope } : q;
    const page = await editorPage(ctx.db, id, lang, filter, { offset, limit: q.limit });
    const terms = await termHighlight(doc.projectId, lang, res);
    const base = filterQuery({ ...filter, lang });
    const [rows, qaSummary, liveSince] = await Promise.all([
      reviewedRows(ctx.db, page.segments, lang, terms, res.locals.lang as UiLang, !q.goto && q.scope !== 'target' ? q.q : undefined),
      documentQaSummary(ctx.db, id, lang),
      latestRevisionId(ctx.db),
    ]);
    const t = res.locals.t as Translate;
    const origins = originLabels(t, ORIGINS);
    res.render('editor', {
      doc,
      langs,
      lang,
      filter: { ...filter, lang },
      page,
      rows,
      qaSummary,
      canReview: currentUser(res).role !== 'translator',
      // Live updates start after the newest save this page could show.
      liveSince,
      presenceHeartbeatMs: PRESENCE_HEARTBEAT_MS,
      statuses: STATUSES,
      origins: ORIGINS,
      originLabels: origins,
      // The scripts' strings, as JSON for the data- attributes.
      i18n: {
        editor: JSON.stringify(editorMessages(t, STATUSES, origins)),
        review: JSON.stringify(
          reviewMessages(
            t,
            qaSummary.checks.map((c) => c.id),
          ),
        ),
        tm: JSON.stringify(tmPanelMessages(t)),
      },
      // The search text is highlighted in the targets too (the source pieces come marked from the server).
      targetSearch: !q.goto && q.scope !== 'source' ? (q.q ?? '') : '',
      layouts: LAYOUTS,
      base,
      // "MT draft for this filter" only when a filter narrows the list (otherwise it is the whole document).
      filtered: Boolean(!q.goto && (q.status || q.origin || q.q || q.qa)),
      // Traditional Chinese targets are drafted by OpenCC (free, instant); other languages by machine translation.
      draftKind: DEFAULT_TARGET_CONFIGS[lang] ? 'opencc' : 'mt',
      // Bulk machine translation costs money: reviewers and admins start it.
      canBulkMt: currentUser(res).role !== 'translator',
      gotoId: q.goto ? page.segments.find((s) => s.index === q.goto! - 1)?.id : undefined,
      prevOffset: offset > 0 ? Math.max(0, offset - q.limit) : null,
      nextUrl: offset + q.limit < page.total ? `/documents/${id}/rows?${base}&offset=${offset + q.limit}&limit=${q.limit}` : '',
    });
  });

  /**
   * Rows from `offset` on, as an HTML fragment; X-Next-Url names the next fragment. With `goto` (a segment number,
   * filters ignored as on the page) the fragment starts at that segment and X-Prev-Url names the editor page before it:
   * "Go to segment" fetches only a screenful of rows instead of loading the whole page again.
   */
  router.get('/documents/:id/rows', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const q = segmentQuery.parse(req.query);
    const doc = await guardDocument(ctx, res, id);
    const { lang } = chooseLang(doc.project, q.lang);
    const offset = q.goto ? await offsetOf(ctx.db, id, q.goto - 1) : q.offset;
    const filter = q.goto ? { scope: q.scope } : q;
    const [page, terms] = await Promise.all([
      editorRows(ctx.db, id, lang, filter, { offset, limit: q.limit }),
      termHighlight(doc.projectId, lang, res),
    ]);
    const base = filterQuery({ ...filter, lang });
    // "Go to segment" asks for a screenful; the rows after it and before it come in pages of the usual size.
    const pageRows = q.goto ? PAGE_ROWS : q.limit;
    res.set(
      'X-Next-Url',
      offset + q.limit < page.total ? `/documents/${id}/rows?${base}&offset=${offset + q.limit}&limit=${pageRows}` : '',
    );
    if (q.goto) res.set('X-Prev-Url', offset > 0 ? `/documents/${id}?${base}&offset=${Math.max(0, offset - PAGE_ROWS)}` : '');
    res.render('partials/rows', {
      rows: await reviewedRows(
        ctx.db,
        page.segments,
        lang,
        terms,
        res.locals.lang as UiLang,
        !q.goto && q.scope !== 'target' ? q.q : undefined,
      ),
      canReview: currentUser(res).role !== 'translator',
      lang,
      originLabels: originLabels(res.locals.t as Translate, ORIGINS),
      draftKind: DEFAULT_TARGET_CONFIGS[lang] ? 'opencc' : 'mt',
    });
  });

  return router;
}
