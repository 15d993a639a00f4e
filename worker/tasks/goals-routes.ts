import { accountParam } from '../../shared/contracts/accounts';
import {
  createGoalInput,
  goalListSchema,
  goalSchema,
  taskIdParam,
  updateGoalInput,
} from '../../shared/contracts/tasks';
import { requireAccount } from '../accounts/context';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { createGoal, deleteGoal, getGoal, listGoals, updateGoal } from './goals-store';

const tags = ['Success plans'];

const listGoalsRoute = defineRoute({
  method: 'get',
  path: '/{externalId}/goals',
  tags,
  summary: "List an account's success-plan goals",
  request: { params: accountParam },
  responses: { 200: jsonResponse(goalListSchema, 'Goals by target date') },
  errors: ['NOT_FOUND'],
});

const createGoalRoute = defineRoute({
  method: 'post',
  path: '/{externalId}/goals',
  tags,
  summary: 'Add a goal to the success plan',
  description: 'Recorded in the audit log (`goal.create`).',
  request: { params: accountParam, body: jsonBody(createGoalInput) },
  responses: { 201: jsonResponse(goalSchema, 'The goal as stored') },
  errors: ['NOT_FOUND'],
});

const updateGoalRoute = defineRoute({
  method: 'patch',
  path: '/{id}',
  tags,
  summary: 'Update a goal',
  description: 'Recorded in the audit log (`goal.update`).',
  request: { params: taskIdParam, body: jsonBody(updateGoalInput) },
  responses: { 200: jsonResponse(goalSchema, 'The goal as now stored') },
  errors: ['NOT_FOUND'],
});

const deleteGoalRoute = defineRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete a goal',
  description: 'Recorded, with the goal as it was, in the audit log (`goal.delete`).',
  request: { params: taskIdParam },
  responses: { 204: { description: 'Deleted' } },
  errors: ['NOT_FOUND'],
});

/** `GET/POST /api/accounts/:externalId/goals`, mounted under /api/accounts. */
export const accountGoalRoutes = createRouter()
  .openapi(listGoalsRoute, async (c) => {
    const db = getDb(c.env.DB);
    const accountId = await requireAccount(db, c.req.valid('param').externalId);
    return c.json({ items: await listGoals(db, accountId) }, 200);
  })
  .openapi(createGoalRoute, async (c) => {
    const db = getDb(c.env.DB);
    const accountId = await requireAccount(db, c.req.valid('param').externalId);
    const { note, ...g } = c.req.valid('json');
    const goal = await createGoal(
      db,
      accountId,
      { ...g, note: note || null },
      c.get('actor').email,
      Date.now(),
    );
    return c.json(goal, 201);
  });

async function requireGoal(db: ReturnType<typeof getDb>, id: number) {
  const goal = await getGoal(db, id);
  if (!goal) throw new ApiError({ code: 'NOT_FOUND', message: 'no such goal' });
  return goal;
}

/** `PATCH/DELETE /api/goals/:id`, mounted under /api/goals. */
export const goalRoutes = createRouter()
  .openapi(updateGoalRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = await requireGoal(db, c.req.valid('param').id);
    const patch = c.req.valid('json');
    const goal = await updateGoal(db, id, patch, c.get('actor').email, Date.now());
    return c.json(goal!, 200);
  })
  .openapi(deleteGoalRoute, async (c) => {
    const db = getDb(c.env.DB);
    const goal = await requireGoal(db, c.req.valid('param').id);
    await deleteGoal(db, goal, c.get('actor').email, Date.now());
    return c.body(null, 204);
  });
