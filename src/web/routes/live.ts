/**
 * The editor's live updates (issue 14): a server-sent events stream per document and language carrying other
 * people's saves (`change`) and who has which segment open (`presence`), and the endpoint an editor reports its open
 * segment to. Both read and write the database only, so two app instances behind one address serve the same editors.
 */
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { currentUser, guardDocument } from '../auth.js';
import { idParam, langCode } from '../validation.js';
import { chooseLang } from '../../services/editorService.js';
import { documentChanges, documentPresence, setPresence } from '../../services/liveService.js';

/** How often a stream looks for new saves and presence. */
const LIVE_POLL_MS = 500;
const KEEPALIVE_MS = 15_000;

const liveQuery = z.object({ lang: langCode.optional(), since: z.coerce.number().int().min(0).default(0) });
const presenceBody = z.object({
  lang: langCode,
  segmentId: z.number().int().positive().nullable(),
  /** A random id per browser tab. */
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});

/** Open streams, ended by endLiveStreams() when the server stops (they would hold it open otherwise). */
const open = new Set<Response>();

/** Ends every open live stream (the browsers reconnect to another instance, or after the restart). */
export function endLiveStreams(): void {
  for (const res of open) res.end();
  open.clear();
}

/** Routes of the live updates. */
export function liveRouter(ctx: AppContext): Router {
  const router = Router();

  router.get('/api/documents/:id/live', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const q = liveQuery.parse(req.query);
    const doc = await guardDocument(ctx, res, id);
    const { lang } = chooseLang(doc.project, q.lang);
    // A reconnecting EventSource says where it stopped.
    const resumeAt = Number(req.get('Last-Event-ID'));
    let lastId = Number.isInteger(resumeAt) && resumeAt > 0 ? resumeAt : q.since;
    res.status(200);
    res.set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    open.add(res);
    let closed = false;
    let wake: (() => void) | undefined;
    req.on('close', () => {
      closed = true;
      open.delete(res);
      wake?.();
    });
    const send = (event: string, data: unknown, eventId?: number) =>
      res.write(`${eventId !== undefined ? `id: ${eventId}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    let lastPresence = '';
    let quietSince = Date.now();
    try {
      while (!closed) {
        const { changes, lastId: next } = await documentChanges(ctx.db, id, lang, lastId);
        lastId = next;
        for (const c of changes) send('change', c, c.revisionId);
        const presence = await documentPresence(ctx.db, id, lang);
        const key = JSON.stringify(presence);
        if (key !== lastPresence) {
          lastPresence = key;
          send('presence', presence);
        }
        if (changes.length || key !== lastPresence) quietSince = Date.now();
        else if (Date.now() - quietSince > KEEPALIVE_MS) {
          quietSince = Date.now();
          res.write(': keep-alive\n\n');
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, LIVE_POLL_MS).unref();
        });
      }
    } catch {
      // Headers are sent: an `error` event ends the stream; the browser reconnects from its last event id.
      if (!closed) send('error', { code: 'internal_error', message: 'the live updates could not be read' });
    }
    open.delete(res);
    res.end();
  });

  router.post('/api/documents/:id/presence', express.json({ limit: '4kb' }), async (req, res) => {
    const { id } = idParam.parse(req.params);
    const body = presenceBody.parse(req.body ?? {});
    const doc = await guardDocument(ctx, res, id);
    const { lang } = chooseLang(doc.project, body.lang);
    await setPresence(ctx.db, {
      clientId: body.clientId,
      documentId: id,
      lang,
      segmentId: body.segmentId,
      userName: currentUser(res).name,
    });
    res.status(204).end();
  });

  return router;
}
