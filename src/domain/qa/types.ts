/**
 * Quality checks on one translated segment, in the manner of Weblate's checks: each check is a
 * small object with an id, a severity and a `run` that returns issues. Pure logic.
 */
import type { SegmentKind } from '../segment.js';

/** How bad an issue is: errors should block "reviewed", warnings are shown. */
export type QaSeverity = 'error' | 'warning';

/** A glossary term for one target language (see formats/glossary for the stored entry). */
export interface GlossaryTerm {
  /** Source term (Chinese). */
  source: string;
  /** Target language of `target` and `forbidden`. */
  lang: string;
  /** Allowed translations; one of them must appear when the source term does. */
  target: string[];
  /** Variants that must not appear when the source term does. */
  forbidden?: string[];
}

/** Everything a check may look at. */
export interface QaContext {
  /** Source text (Markdown inline text of the segment). */
  source: string;
  /** Target text. */
  target: string;
  /** Source language; the workbench translates from Chinese. */
  sourceLang: 'zh';
  /** Target language (BCP 47: en, ru, zh-Hant, zh-TW, …). */
  targetLang: string;
  /** Segment kind; table rows protect their cell pipes. */
  kind?: SegmentKind;
  /** Glossary terms (any language; checks use those of `targetLang`). */
  glossary?: GlossaryTerm[];
  /** The other target languages' texts of this segment, by language. */
  otherTargets?: Record<string, string>;
  /** Other translations of the project in `targetLang`, for consistency. */
  projectTranslations?: { source: string; target: string }[];
}

/** One finding. Offsets are UTF-16 offsets into the text named by `side` (target by default). */
export interface QaIssue {
  /** Id of the check that found it. */
  check: string;
  severity: QaSeverity;
  /** One sentence for the translator, naming what is wrong (English: the CLI and logs show it). */
  message: string;
  /** Stable message key: the interface shows `qa.issue.<key>` of locales/ with `params`. */
  key: string;
  /** Parameters of the key's text (lists are joined with "\n"; see the web QA presenter). */
  params?: Record<string, string | number>;
  /** Which text `start`/`end` refer to (default target). */
  side?: 'source' | 'target';
  start?: number;
  end?: number;
}

/** A check. `severity` is the worst severity its issues can have. */
export interface QaCheck {
  id: string;
  severity: QaSeverity;
  /** Short description for a settings page. */
  description: string;
  /** Whether the check makes sense for a target language. */
  appliesTo(lang: string): boolean;
  /** Also run when the target is empty (most checks are skipped then). */
  runsOnEmpty?: boolean;
  run(ctx: QaContext): QaIssue[];
}
