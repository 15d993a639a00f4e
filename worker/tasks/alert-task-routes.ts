import { alertIdParam } from '../../shared/contracts/alerts';
import { taskSchema } from '../../shared/contracts/tasks';
import { alertTaskDue } from '../../shared/tasks/due';
import { utcDay } from '../../shared/time';
import { accountOwnerOf } from '../accounts/health-store';
import { getAlert } from '../alerts/store';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonResponse } from '../common/openapi';
import { createAlertTask } from './store';

const alertTaskRoute = defineRoute({
  method: 'post',
  path: '/{id}/task',
  // One tag, as every operation: the reference lists an operation once under each of its tags.
  tags: ['Alerts'],
  summary: 'Turn an alert into a task',
  description:
    "Creates the alert's task: titled as the alert, owned by its assignee (else the account's owner), due today for a critical or warning alert and in three days for info. Idempotent: an alert has one such task; asking again answers it with 200 instead of 201.",
  request: { params: alertIdParam },
  responses: {
    201: jsonResponse(taskSchema, 'The task, created now'),
    200: jsonResponse(taskSchema, 'The task the alert already had'),
  },
  errors: ['NOT_FOUND'],
});

/** `POST /api/alerts/:id/task`, mounted under /api/alerts beside the inbox's own routes. */
export const alertTaskRoutes = createRouter().openapi(alertTaskRoute, async (c) => {
  const db = getDb(c.env.DB);
  const now = Date.now();
  const alert = await getAlert(db, c.req.valid('param').id, now);
  if (!alert) throw new ApiError({ code: 'NOT_FOUND', message: 'no such alert' });
  const owner = alert.assignee ?? (await accountOwnerOf(db, alert.account))?.ownerEmail ?? null;
  const { task, created } = await createAlertTask(
    db,
    {
      alertId: alert.id,
      title: alert.title.slice(0, 200),
      ownerEmail: owner?.toLowerCase() ?? null,
      ...alertTaskDue(alert.severity, utcDay(now)),
      createdBy: c.get('actor').email,
    },
    now,
  );
  return created ? c.json(task, 201) : c.json(task, 200);
});
