/**
 * The interface strings the editor's scripts need (public/editor*.js), built from the request's translations: the
 * view prints them as JSON in data- attributes, so the scripts never carry strings of their own.
 */

/** The request's `t` (res.locals.t). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Origin tags (MT, TM, OpenCC, Human, Import) in the interface language, by origin. */
export function originLabels(t: Translate, origins: readonly string[]): Record<string, string> {
  return Object.fromEntries(origins.map((o) => [o, t(`origin.${o}`)]));
}

/** Strings of editor.js and editor-live.js: save states, drafts and jobs, conflicts, statuses, origins, live marks. */
export function editorMessages(t: Translate, statuses: readonly string[], origins: Record<string, string>) {
  return {
    drafting: t('editor.drafts.drafting'),
    drafted: t('editor.drafts.drafted'),
    kept: t('editor.drafts.kept'),
    jobProgress: t('editor.drafts.jobProgress'),
    jobDone: t('editor.drafts.jobDone'),
    jobFailed: t('editor.drafts.jobFailed'),
    jobCancelled: t('editor.drafts.jobCancelled'),
    estimate: t('editor.drafts.estimate'),
    nothingToSend: t('editor.drafts.nothingToSend'),
    saving: t('editor.state.saving'),
    saved: t('editor.state.saved'),
    unsaved: t('editor.state.unsaved'),
    error: t('editor.state.error'),
    retrying: t('editor.state.retrying'),
    conflict: t('editor.state.conflict'),
    theirs: t('editor.conflict.theirs'),
    mine: t('editor.conflict.mine'),
    useTheirs: t('editor.conflict.useTheirs'),
    keepMine: t('editor.conflict.keepMine'),
    leave: t('editor.leaveWarning'),
    statuses: Object.fromEntries(statuses.map((s) => [s, t(`status.${s}`)])),
    origins,
    qaConfirm: t('editor.qaConfirm.question'),
    qaConfirmYes: t('editor.qaConfirm.yes'),
    qaConfirmNo: t('editor.qaConfirm.no'),
    liveChanged: t('editor.live.changed'),
    editing: t('editor.live.editing'),
    glossaryNone: t('editor.panel.noTerms'),
    glossaryTitle: t('editor.panel.terms'),
    doNotUse: t('glossary.hoverForbidden'),
    earlier: t('editor.earlier'),
  };
}

const REVIEW_KEYS = [
  'close',
  'rejectLabel',
  'rejectSubmit',
  'blocked',
  'overrideLabel',
  'overrideSubmit',
  'restore',
  'restored',
  'noHistory',
  'revision',
  'provenance',
  'noComments',
  'addComment',
  'commentSubmit',
  'resolve',
  'reopen',
  'resolved',
  'failed',
  'comments',
] as const;

/** Strings of editor-review.js: history, comments, rejection and override forms, QA check names and badges. */
export function reviewMessages(t: Translate, checkIds: readonly string[]) {
  return {
    ...Object.fromEntries(REVIEW_KEYS.map((k) => [k, t(`review.${k}`)])),
    kinds: { comment: t('review.kinds.comment'), rejection: t('review.kinds.rejection'), override: t('review.kinds.override') },
    checks: Object.fromEntries(checkIds.map((id) => [id, t(`qa.checks.${id}`)])),
    stale: t('qa.stale'),
    errorsBadge: t('qa.errorsBadge'),
    warningsBadge: t('qa.warningsBadge'),
  };
}

/** Strings of editor-tm.js (the memory matches of the active segment). */
export function tmPanelMessages(t: Translate) {
  return {
    title: t('tm.panel.title'),
    none: t('tm.panel.none'),
    loading: t('tm.panel.loading'),
    failed: t('tm.panel.failed'),
    inContext: t('tm.panel.inContext'),
    insert: t('tm.panel.insert'),
    by: t('tm.panel.by'),
    qaErrors: t('editor.qaConfirm.tmBadge'),
  };
}
