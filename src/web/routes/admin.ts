/**
 * Administration pages: users (roles, project membership, disabling) and the audit list. Admins only.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.js';
import { guardRole } from '../auth.js';
import { idParam } from '../validation.js';
import { ROLES } from '../../domain/roles.js';
import { auditLog, setUserProjects, usersList } from '../../services/auth/accountService.js';
import { changeUser, createUser, setPassword } from '../../services/auth/authService.js';
import { projectOverview } from '../../services/overviewService.js';

const newUser = z.object({ name: z.string().trim().min(1).max(64), role: z.enum(ROLES), password: z.string().min(1).max(1024) });
const userChange = z.object({
  role: z.enum(ROLES),
  disabled: z.literal('1').optional(),
  projects: z.union([z.string(), z.array(z.string())]).optional(),
  password: z.string().max(1024).optional(),
});
const auditQuery = z.object({ action: z.string().max(64).optional(), offset: z.coerce.number().int().min(0).default(0) });

/** Routes under /admin. */
export function adminRouter(ctx: AppContext): Router {
  const router = Router();
  router.use((_req, res, next) => {
    guardRole(res, 'admin');
    next();
  });

  router.get('/users', async (_req, res) => {
    const [users, projects] = await Promise.all([usersList(ctx.db, guardRole(res, 'admin')), projectOverview(ctx.db)]);
    res.render('admin/users', { users, projects, roles: ROLES });
  });

  router.post('/users', async (req, res) => {
    const body = newUser.parse(req.body);
    await createUser(ctx.db, body.name, body.role, body.password, guardRole(res, 'admin'));
    res.redirect(303, '/admin/users');
  });

  router.post('/users/:id', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const body = userChange.parse(req.body);
    const actor = guardRole(res, 'admin');
    const user = await changeUser(ctx.db, id, { role: body.role, disabled: body.disabled === '1' }, actor);
    const projects = (body.projects === undefined ? [] : Array.isArray(body.projects) ? body.projects : [body.projects])
      .map(Number)
      .filter(Number.isInteger);
    await setUserProjects(ctx.db, actor, user, projects);
    if (body.password) await setPassword(ctx.db, user.name, body.password, actor);
    res.redirect(303, '/admin/users');
  });

  router.get('/audit', async (req, res) => {
    const q = auditQuery.parse(req.query);
    const [events, total] = await auditLog(ctx.db, guardRole(res, 'admin'), {
      ...(q.action ? { action: q.action } : {}),
      limit: 100,
      offset: q.offset,
    });
    res.render('admin/audit', { events, total, offset: q.offset, action: q.action ?? '' });
  });

  return router;
}
