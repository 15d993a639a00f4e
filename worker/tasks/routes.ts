import {
  createTaskInput,
  listTasksQuery,
  taskCountsQuery,
  taskCountsSchema,
  taskIdParam,
  taskPageSchema,
  taskSchema,
  updateTaskInput,
} from '../../shared/contracts/tasks';
import { utcDay } from '../../shared/time';
import { requireAccount, resolveOwner } from '../accounts/context';
import { getAlert } from '../alerts/store';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { countTasks, createTask, getTask, listTasks, updateTask } from './store';

const tags = ['Tasks'];

const listTasksRoute = defineRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'List tasks',
  description:
    'Tasks by due day, then id; 50 a page by default (at most 200). `owner=me` is the caller. Due windows count from the UTC day of the request.',
  request: { query: listTasksQuery },
  responses: { 200: jsonResponse(taskPageSchema, 'One page of tasks, earliest due first') },
});

const countsRoute = defineRoute({
  method: 'get',
  path: '/counts',
  tags,
  summary: 'Count open tasks by due window',
  description:
    "The navigation badge: an owner's open tasks overdue, due today and due this week (today included).",
  request: { query: taskCountsQuery },
  responses: { 200: jsonResponse(taskCountsSchema, 'Counts of open tasks') },
});

const createTaskRoute = defineRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create a task',
  description:
    'An open task on an account (404 for an unknown account), owned by `ownerEmail` or the caller. `alertId` links an alert of the same account (400 otherwise).',
  request: { body: jsonBody(createTaskInput) },
  responses: { 201: jsonResponse(taskSchema, 'The task as stored') },
  errors: ['NOT_FOUND'],
});

const getTaskRoute = defineRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Get a task',
  request: { params: taskIdParam },
  responses: { 200: jsonResponse(taskSchema, 'The task') },
  errors: ['NOT_FOUND'],
});

const updateTaskRoute = defineRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Update a task',
  description:
    'Completes (`status: done`, stamping `completedAt`), reopens (clearing it), cancels, renames, reschedules, reassigns or reprioritises a task. Recorded in the audit log (`task.update`).',
  request: { params: taskIdParam, body: jsonBody(updateTaskInput) },
  responses: { 200: jsonResponse(taskSchema, 'The task as now stored') },
  errors: ['NOT_FOUND'],
});

/** Tasks (CTAs): list, counts, create, read, update. Mounted under /api/tasks. */
export const taskRoutes = createRouter()
  .openapi(listTasksRoute, async (c) => {
    const q = c.req.valid('query');
    const filter = { ...q, owner: resolveOwner(c, q.owner) };
    return c.json(await listTasks(getDb(c.env.DB), filter, utcDay(Date.now())), 200);
  })
  .openapi(countsRoute, async (c) => {
    const owner = resolveOwner(c, c.req.valid('query').owner) ?? c.get('actor').email;
    return c.json(await countTasks(getDb(c.env.DB), owner, utcDay(Date.now())), 200);
  })
  .openapi(createTaskRoute, async (c) => {
    const input = c.req.valid('json');
    const db = getDb(c.env.DB);
    const accountId = await requireAccount(db, input.accountExternalId);
    const now = Date.now();
    if (input.alertId !== undefined) {
      const alert = await getAlert(db, input.alertId, now);
      if (alert?.account !== input.accountExternalId) {
        throw new ApiError({
          code: 'VALIDATION_FAILED',
          message: `alert ${input.alertId} is not an alert of "${input.accountExternalId}"`,
          issues: [{ path: ['alertId'], code: 'custom', message: 'no such alert on this account' }],
        });
      }
    }
    const actor = c.get('actor').email;
    const task = await createTask(
      db,
      {
        accountId,
        title: input.title,
        ownerEmail: input.ownerEmail ?? actor.toLowerCase(),
        dueDate: input.dueDate,
        priority: input.priority,
        source: 'manual',
        alertId: input.alertId ?? null,
        createdBy: actor,
      },
      now,
    );
    return c.json(task, 201);
  })
  .openapi(getTaskRoute, async (c) => {
    const task = await getTask(getDb(c.env.DB), c.req.valid('param').id);
    if (!task) throw new ApiError({ code: 'NOT_FOUND', message: 'no such task' });
    return c.json(task, 200);
  })
  .openapi(updateTaskRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    if (!(await getTask(db, id))) throw new ApiError({ code: 'NOT_FOUND', message: 'no such task' });
    const task = await updateTask(db, id, c.req.valid('json'), c.get('actor').email, Date.now());
    return c.json(task!, 200);
  });
