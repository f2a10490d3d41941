// Background jobs in the browser: follow a job's progress by server-sent events
// (/api/jobs/:id/events), falling back to polling /api/jobs/:id when the stream fails.
// On the job page (/jobs/:id) it updates the bar and reloads once the job has ended.

import { fetchJson, fill } from './common.js';

const FINISHED = new Set(['done', 'failed', 'cancelled']);
const POLL_MS = 1000;

/**
 * Calls `onUpdate(job)` with every new state of the job until it ends; resolves with the finished
 * job, or null when the job cannot be read (gone, signed out).
 */
export function followJob(jobId, onUpdate) {
  return new Promise((resolve) => {
    const end = (job) => {
      if (job) onUpdate(job);
      resolve(job);
    };
    const poll = async () => {
      for (;;) {
        const { res, data: job } = await fetchJson('GET', `/api/jobs/${jobId}`).catch(() => ({ res: null, data: null }));
        if (!res || !res.ok) return end(null);
        if (FINISHED.has(job.status)) return end(job);
        onUpdate(job);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    if (typeof EventSource !== 'function') return void poll();
    const source = new EventSource(`/api/jobs/${jobId}/events`);
    let ended = false;
    source.addEventListener('progress', (e) => onUpdate(JSON.parse(e.data)));
    source.addEventListener('end', (e) => {
      ended = true;
      source.close();
      end(JSON.parse(e.data));
    });
    source.addEventListener('error', () => {
      if (ended) return;
      // No stream (a proxy that buffers, a dropped connection): poll instead.
      source.close();
      poll();
    });
  });
}

/** Asks the server to cancel a job (reviewers and admins). */
export function cancelJob(jobId) {
  return fetchJson('POST', `/api/jobs/${jobId}/cancel`);
}

const page = document.querySelector('.job-page');
if (page) {
  const jobId = page.dataset.jobId;
  const messages = JSON.parse(page.dataset.i18n);
  const bar = page.querySelector('.job-bar');
  const label = page.querySelector('.job-status-label');
  const count = page.querySelector('.job-count');
  const cancel = page.querySelector('.job-cancel-page');
  const show = (job) => {
    const { done = 0, total = 0 } = job.progress ?? {};
    bar.max = Math.max(1, total);
    bar.value = done;
    label.textContent = messages.statuses[job.status] ?? job.status;
    count.textContent = fill(messages.progress, { done, total });
  };
  cancel?.addEventListener('click', () => {
    cancel.disabled = true;
    cancelJob(jobId);
  });
  if (cancel) {
    // The page was rendered while the job ran: follow it, then show the result the server renders.
    followJob(jobId, show).then((job) => {
      if (job) location.reload();
    });
  }
}
