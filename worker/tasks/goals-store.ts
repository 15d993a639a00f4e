import { asc, eq, sql } from 'drizzle-orm';
import { accounts, auditLog, successGoals } from '../../drizzle/schema';
import type { Goal } from '../../shared/contracts/tasks';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';

type GoalRow = typeof successGoals.$inferSelect;

const toGoal = (g: GoalRow, account: string): Goal => ({
  id: g.id,
  account,
  title: g.title,
  targetDate: g.targetDate,
  status: g.status,
  note: g.note,
  createdAt: new Date(g.createdAt).toISOString(),
  updatedAt: new Date(g.updatedAt).toISOString(),
});

function selectGoals(db: Db) {
  return db
    .select({ goal: successGoals, account: accounts.externalId })
    .from(successGoals)
    .innerJoin(accounts, eq(accounts.id, successGoals.accountId));
}

/** An account's success plan, by target date then id. */
export async function listGoals(db: Db, accountId: number): Promise<Goal[]> {
  const rows = await selectGoals(db)
    .where(eq(successGoals.accountId, accountId))
    .orderBy(asc(successGoals.targetDate), asc(successGoals.id));
  return rows.map((r) => toGoal(r.goal, r.account));
}

/** One goal, or null. */
export async function getGoal(db: Db, id: number): Promise<Goal | null> {
  const [row] = await selectGoals(db).where(eq(successGoals.id, id));
  return row ? toGoal(row.goal, row.account) : null;
}

/** What a goal holds besides its account. */
export type GoalFields = Pick<GoalRow, 'title' | 'targetDate' | 'status' | 'note'>;

/**
 * Adds a goal and records it in the audit log (`goal.create`, the new id read in the same batch), at once.
 * @example await createGoal(db, 1, { title: 'Data report', targetDate: '2026-12-01', status: 'planned', note: null }, actor, now)
 */
export async function createGoal(
  db: Db,
  accountId: number,
  g: GoalFields,
  actor: string,
  now: number,
): Promise<Goal> {
  const [[row]] = await db.batch([
    db
      .insert(successGoals)
      .values({ ...g, accountId, createdAt: now, updatedAt: now })
      .returning({ id: successGoals.id }),
    // Same transaction: last_insert_rowid() is the goal just inserted.
    db.insert(auditLog).values({
      at: now,
      actor,
      action: 'goal.create',
      entity: 'goal',
      entityId: sql`CAST(last_insert_rowid() AS TEXT)`,
      details: JSON.stringify(g),
    }),
  ]);
  return (await getGoal(db, row!.id))!;
}

/** Changes a goal and records it in the audit log (`goal.update`), in one batch. */
export async function updateGoal(
  db: Db,
  id: number,
  patch: Partial<GoalFields>,
  actor: string,
  now: number,
): Promise<Goal | null> {
  await db.batch([
    db
      .update(successGoals)
      .set({ ...patch, updatedAt: now })
      .where(eq(successGoals.id, id)),
    auditInsert(
      db,
      { actor, action: 'goal.update', entity: 'goal', entityId: String(id), details: patch },
      now,
    ),
  ]);
  return getGoal(db, id);
}

/** Deletes a goal and records it, as it was, in the audit log (`goal.delete`), in one batch. */
export async function deleteGoal(db: Db, goal: Goal, actor: string, now: number): Promise<void> {
  await db.batch([
    db.delete(successGoals).where(eq(successGoals.id, goal.id)),
    auditInsert(
      db,
      { actor, action: 'goal.delete', entity: 'goal', entityId: String(goal.id), details: goal },
      now,
    ),
  ]);
}
