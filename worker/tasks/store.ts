import { and, asc, eq, gt, gte, lte, or, type SQL, sql } from 'drizzle-orm';
import { accounts, alerts, tasks } from '../../drizzle/schema';
import { parseAlertMessages } from '../../shared/alerts/messages';
import type { Task, TaskCounts } from '../../shared/contracts/tasks';
import { type DueFilter, dueCounts, dueRange } from '../../shared/tasks/due';
import type { TaskPriority, TaskSource, TaskStatus } from '../../shared/tasks/kinds';
import { isoOrNull } from '../../shared/time';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';

type TaskRow = typeof tasks.$inferSelect;

interface TaskWithLinks {
  task: TaskRow;
  account: string;
  accountName: string;
  alertTitle: string | null;
  alertMessages: string | null;
}

/** Tasks joined to their account and, when linked, their alert's title; add `.where()`. */
function selectTasks(db: Db) {
  return db
    .select({
      task: tasks,
      account: accounts.externalId,
      accountName: accounts.name,
      alertTitle: alerts.title,
      alertMessages: alerts.messages,
    })
    .from(tasks)
    .innerJoin(accounts, eq(accounts.id, tasks.accountId))
    .leftJoin(alerts, eq(alerts.id, tasks.alertId));
}

function toTask({ task: t, account, accountName, alertTitle, alertMessages }: TaskWithLinks): Task {
  return {
    id: t.id,
    account,
    accountName,
    title: t.title,
    ownerEmail: t.ownerEmail,
    dueDate: t.dueDate,
    priority: t.priority,
    status: t.status,
    source: t.source,
    alertId: t.alertId,
    alertTitle,
    alertMessages: parseAlertMessages(alertMessages),
    touchpointId: t.touchpointId,
    ruleId: t.ruleId,
    createdBy: t.createdBy,
    completedAt: isoOrNull(t.completedAt),
    createdAt: new Date(t.createdAt).toISOString(),
    updatedAt: new Date(t.updatedAt).toISOString(),
  };
}

/** What a new task holds; the account is its internal id. */
export interface NewTask {
  accountId: number;
  title: string;
  ownerEmail: string | null;
  dueDate: string;
  priority: TaskPriority;
  source: TaskSource;
  alertId?: number | null;
  /** A touchpoint id, or `last_insert_rowid()` of a touchpoint inserted just before in the same batch. */
  touchpointId?: number | SQL | null;
  ruleId?: string | null;
  createdBy: string;
}

/**
 * The batchable insert of one open task, RETURNING its id.
 * @example db.batch([insertTaskQuery(db, task, now), …])
 */
export function insertTaskQuery(db: Db, t: NewTask, now: number) {
  return db
    .insert(tasks)
    .values({ ...t, status: 'open', createdAt: now, updatedAt: now })
    .returning({ id: tasks.id });
}

/**
 * Creates a task (the row keeps who created it). Returns it as the API shows it.
 * @example await createTask(db, { accountId: 1, title: 'Call', ownerEmail: 'csm@example.com', dueDate: '2026-05-01', priority: 'normal', source: 'manual', createdBy: 'csm@example.com' }, now)
 */
export async function createTask(db: Db, t: NewTask, now: number): Promise<Task> {
  const [row] = await insertTaskQuery(db, t, now);
  return (await getTask(db, row!.id))!;
}

/** One task with its account and alert, or null. */
export async function getTask(db: Db, id: number): Promise<Task | null> {
  const [row] = await selectTasks(db).where(eq(tasks.id, id));
  return row ? toTask(row) : null;
}

/**
 * Turns an alert into a task, once: the insert does nothing when the alert already has its task (a unique
 * index over alert tasks), so a repeat or a concurrent click answers the existing task. `created` says which.
 * @example const { task, created } = await createAlertTask(db, { alertId: 12, … }, now)
 */
export async function createAlertTask(
  db: Db,
  t: Omit<NewTask, 'source' | 'alertId' | 'accountId'> & { alertId: number },
  now: number,
): Promise<{ task: Task; created: boolean }> {
  const inserted = await db.all<{
    id: number;
  }>(sql`INSERT INTO tasks (account_id, title, owner_email, due_date, priority, status,
        alert_id, source, rule_id, created_by, created_at, updated_at)
      SELECT a.account_id, ${t.title}, ${t.ownerEmail}, ${t.dueDate}, ${t.priority}, 'open', a.id, 'alert',
        a.rule_id, ${t.createdBy}, ${now}, ${now}
      FROM alerts a WHERE a.id = ${t.alertId}
      ON CONFLICT (alert_id) WHERE source = 'alert' DO NOTHING
      RETURNING id`);
  const [row] = await selectTasks(db).where(and(eq(tasks.alertId, t.alertId), eq(tasks.source, 'alert')));
  return { task: toTask(row!), created: inserted.length > 0 };
}

/** A task's filter as `GET /api/tasks` takes it; `owner` already resolved (`me` → the caller's email). */
export interface TaskFilter {
  owner?: string;
  status?: 'open' | 'done';
  due?: DueFilter;
  account?: string;
  limit: number;
  cursor?: string;
}

/**
 * One page of tasks by due day then id (keyset: `cursor` is the previous page's `nextCursor`,
 * `dueDate~id`). `today` is the request's UTC day, which the due windows count from.
 * @example await listTasks(db, { owner: 'csm@example.com', status: 'open', due: 'overdue', limit: 50 }, '2026-05-01')
 */
export async function listTasks(
  db: Db,
  f: TaskFilter,
  today: string,
): Promise<{ items: Task[]; nextCursor: string | null }> {
  const range = f.due ? dueRange(f.due, today) : null;
  const [afterDay, afterId] = f.cursor ? f.cursor.split('~') : [];
  const rows = await selectTasks(db)
    .where(
      and(
        f.owner ? eq(tasks.ownerEmail, f.owner.toLowerCase()) : undefined,
        f.status ? eq(tasks.status, f.status) : undefined,
        f.account ? eq(accounts.externalId, f.account) : undefined,
        range?.from ? gte(tasks.dueDate, range.from) : undefined,
        range ? lte(tasks.dueDate, range.to) : undefined,
        afterDay !== undefined
          ? or(gt(tasks.dueDate, afterDay), and(eq(tasks.dueDate, afterDay), gt(tasks.id, Number(afterId))))
          : undefined,
      ),
    )
    .orderBy(asc(tasks.dueDate), asc(tasks.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit).map(toTask);
  const last = page.at(-1);
  return { items: page, nextCursor: rows.length > f.limit && last ? `${last.dueDate}~${last.id}` : null };
}

/**
 * Open tasks of one owner by due window, for the navigation badge: only the days up to the week's end are
 * read, as one column.
 * @example await countTasks(db, 'csm@example.com', '2026-05-01') // { overdue: 2, today: 1, week: 4 }
 */
export async function countTasks(db: Db, owner: string, today: string): Promise<TaskCounts> {
  const rows = await db
    .select({ dueDate: tasks.dueDate })
    .from(tasks)
    .where(
      and(
        eq(tasks.ownerEmail, owner.toLowerCase()),
        eq(tasks.status, 'open'),
        lte(tasks.dueDate, dueRange('week', today).to),
      ),
    );
  return dueCounts(
    rows.map((r) => r.dueDate),
    today,
  );
}

/** The fields `PATCH /api/tasks/:id` may change, already validated. */
export interface TaskPatch {
  status?: TaskStatus;
  title?: string;
  dueDate?: string;
  ownerEmail?: string | null;
  priority?: TaskPriority;
}

/**
 * Changes a task and records it in the audit log, in one batch: `done` stamps `completedAt` (once: a done
 * task stays stamped with its first completion), any other status clears it.
 * @example await updateTask(db, 7, { status: 'done' }, 'csm@example.com', now)
 */
export async function updateTask(
  db: Db,
  id: number,
  patch: TaskPatch,
  actor: string,
  now: number,
): Promise<Task | null> {
  const completedAt: SQL | null | undefined =
    patch.status === undefined
      ? undefined
      : patch.status === 'done'
        ? sql`coalesce(${tasks.completedAt}, ${now})`
        : null;
  await db.batch([
    db
      .update(tasks)
      .set({ ...patch, ...(completedAt !== undefined ? { completedAt } : {}), updatedAt: now })
      .where(eq(tasks.id, id)),
    auditInsert(
      db,
      { actor, action: 'task.update', entity: 'task', entityId: String(id), details: patch },
      now,
    ),
  ]);
  return getTask(db, id);
}

/**
 * The statement that creates the playbook tasks of alerts just raised, to run in the same batch right after
 * {@link insertAlertsSql}: for each alert of `raised` created at `now` (so only new alerts, not those the
 * insert skipped as already open), one open task per template of its rule, in template order, owned by the
 * alert's assignee and due `dueInDays` after `today`. A rerun adds nothing: an alert gets its templates once.
 * @example prepare(db, playbookTasksSql([{ accountId: 7, alert }], now, '2026-05-01'))
 */
export function playbookTasksSql(
  raised: { accountId: number; alert: { ruleId: string } }[],
  now: number,
  today: string,
): SQL {
  const accountIds = JSON.stringify([...new Set(raised.map((r) => r.accountId))]);
  const ruleIds = JSON.stringify([...new Set(raised.map((r) => r.alert.ruleId))]);
  const field = (name: string) => sql.raw(`json_extract(t.value, '$.${name}')`);
  return sql`INSERT INTO tasks (account_id, title, owner_email, due_date, priority, status, alert_id, source,
        rule_id, created_by, created_at, updated_at)
      SELECT a.account_id, ${field('title')}, lower(a.assignee),
        date(${today}, '+' || ${field('dueInDays')} || ' days'), coalesce(${field('priority')}, 'normal'), 'open',
        a.id, 'playbook', a.rule_id, 'playbook', ${now}, ${now}
      FROM alerts a JOIN alert_rules r ON r.id = a.rule_id JOIN json_each(r.tasks) t
      WHERE a.created_at = ${now} AND a.status = 'open'
        AND a.account_id IN (SELECT value FROM json_each(${accountIds}))
        AND a.rule_id IN (SELECT value FROM json_each(${ruleIds}))
        AND NOT EXISTS (SELECT 1 FROM tasks x WHERE x.alert_id = a.id AND x.source = 'playbook')
      ORDER BY a.id, t.key`;
}
