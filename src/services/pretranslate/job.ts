/** Pretranslation as a background job: the job type, its parameters and its handler. */
import { AppError } from '../../domain/errors.js';
import { toMtAppError } from '../../mt/factory.js';
import type { MtProvider } from '../../mt/types.js';
import type { JobHandler } from '../jobs.js';
import { refreshDocumentQa } from '../qaService.js';
import { assertComplete, pretranslate } from './run.js';

/** The job type of a background pretranslation. */
export const PRETRANSLATE_JOB = 'pretranslate';

/** Parameters of a {@link PRETRANSLATE_JOB}. */
export interface PretranslateJobParams {
  documentId: number;
  langs: string[];
  segmentIds?: number[];
  overwriteDrafts?: boolean;
}

/** The job handler: pretranslates a document (or some of its segments), one stored batch after another. */
export function pretranslateJobHandler(makeProvider: () => MtProvider, concurrency: number): JobHandler {
  return async ({ db, job, signal, progress }) => {
    const params = job.params as PretranslateJobParams;
    const summary = await pretranslate(db, {
      provider: makeProvider(),
      scope: { documentId: params.documentId },
      langs: params.langs,
      ...(params.segmentIds ? { segmentIds: params.segmentIds } : {}),
      overwriteDrafts: params.overwriteDrafts ?? false,
      concurrency,
      signal,
      jobId: job.id,
      onProgress: (p) => progress(p.done, p.total),
    });
    // The drafts just stored get their QA results, so the editor's QA counts are right after the run.
    await refreshDocumentQa(db, params.documentId, params.langs);
    await progress(summary.progress.done, summary.progress.total);
    if (summary.cancelled && !summary.stoppedBy) return { status: 'cancelled', result: summary };
    try {
      assertComplete(summary);
    } catch (err) {
      const e = err instanceof AppError ? err : toMtAppError(err);
      return { status: 'failed', result: summary, error: { code: e.code, message: e.message } };
    }
    return { status: 'done', result: summary };
  };
}
