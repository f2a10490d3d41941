/**
 * Reading and cancelling background jobs, the same for the web (`/api/jobs/:id`, the job page, *Cancel*) and the
 * CLI (`bitext jobs`, `bitext import` following its job).
 */
import type { Db } from '../db/client.js';
import { getJob, jobState, listJobs, requestCancel, type JobView } from '../db/jobs.js';
import type { AuthUser } from '../db/users.js';
import { assertRole, audit } from './auth/authService.js';
import type { JobRunner } from './jobs.js';

export type { JobView };

/** One job as the interfaces show it (404 `not_found` when missing). */
export function jobView(db: Db, id: number): Promise<JobView> {
  return getJob(db, id);
}

/** The few columns that tell whether a job changed (status, progress, cancellation): cheap to poll. */
export function jobProgressState(db: Db, id: number) {
  return jobState(db, id);
}

/** The newest jobs first. */
export function recentJobs(db: Db, limit: number): Promise<JobView[]> {
  return listJobs(db, limit);
}

/**
 * Cancels a job (reviewers and admins): a queued one at once, a running one at its next batch boundary in
 * whichever worker runs it. Through `runner` a job running in this process is also interrupted at once.
 * Audited as `job.cancel`.
 */
export async function cancelJob(db: Db, actor: AuthUser, id: number, runner?: JobRunner): Promise<JobView> {
  assertRole(actor, 'admin', 'reviewer');
  const job = runner ? await runner.cancel(id) : await requestCancel(db, id);
  await audit(db, actor, 'job.cancel', `job:${id}`);
  return job;
}
