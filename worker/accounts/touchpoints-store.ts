import { sql } from 'drizzle-orm';
import { touchpoints } from '../../drizzle/schema';
import type { Touchpoint } from '../../shared/contracts/accounts';
import type { Db } from '../common/db';
import { insertTaskQuery } from '../tasks/store';

interface TouchpointRow {
  id: number;
  kind: Touchpoint['kind'];
  occurred_at: number;
  summary: string;
  body: string | null;
  author_email: string | null;
  created_at: number;
}

const toTouchpoint = (r: TouchpointRow): Touchpoint => ({
  id: r.id,
  kind: r.kind,
  occurredAt: new Date(r.occurred_at).toISOString(),
  summary: r.summary,
  body: r.body,
  authorEmail: r.author_email,
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * Logs a touchpoint (times epoch ms) by the acting member and, with `followUp`, its follow-up task owned by
 * that member, in one batch (the task links the touchpoint through last_insert_rowid()).
 * @example await insertTouchpoint(db, { accountId: 1, kind: 'call', occurredAt, summary: 'Kick-off', body: null, authorId: 3, authorEmail: 'csm@example.com', now })
 */
export async function insertTouchpoint(
  db: Db,
  t: {
    accountId: number;
    kind: Touchpoint['kind'];
    occurredAt: number;
    summary: string;
    body: string | null;
    authorId: number | null;
    authorEmail: string | null;
    now: number;
    followUp?: { title: string; dueDate: string };
  },
): Promise<Touchpoint & { followUpTaskId: number | null }> {
  const insert = db.all<TouchpointRow>(sql`INSERT INTO touchpoints
      (account_id, kind, occurred_at, summary, body, author_id, author_email, created_at)
    VALUES (${t.accountId}, ${t.kind}, ${t.occurredAt}, ${t.summary}, ${t.body}, ${t.authorId}, ${t.authorEmail}, ${t.now})
    RETURNING id, kind, occurred_at, summary, body, author_email, created_at`);
  if (!t.followUp) return { ...toTouchpoint((await insert)[0]!), followUpTaskId: null };
  const actor = t.authorEmail ?? 'unknown';
  const [[row], [task]] = await db.batch([
    db
      .insert(touchpoints)
      .values({
        accountId: t.accountId,
        kind: t.kind,
        occurredAt: t.occurredAt,
        summary: t.summary,
        body: t.body,
        authorId: t.authorId,
        authorEmail: t.authorEmail,
        createdAt: t.now,
      })
      .returning(),
    // Same transaction: last_insert_rowid() is the touchpoint just inserted.
    insertTaskQuery(
      db,
      {
        accountId: t.accountId,
        title: t.followUp.title,
        ownerEmail: actor.toLowerCase(),
        dueDate: t.followUp.dueDate,
        priority: 'normal',
        source: 'touchpoint',
        touchpointId: sql`last_insert_rowid()`,
        createdBy: actor,
      },
      t.now,
    ),
  ]);
  const r = row!;
  return {
    ...toTouchpoint({
      id: r.id,
      kind: r.kind,
      occurred_at: r.occurredAt,
      summary: r.summary,
      body: r.body,
      author_email: r.authorEmail,
      created_at: r.createdAt,
    }),
    followUpTaskId: task?.id ?? null,
  };
}

/** The account's touchpoints, latest occurrence first, at most `limit`. */
export async function listTouchpoints(db: Db, accountId: number, limit: number): Promise<Touchpoint[]> {
  const rows =
    await db.all<TouchpointRow>(sql`SELECT id, kind, occurred_at, summary, body, author_email, created_at
    FROM touchpoints WHERE account_id = ${accountId} ORDER BY occurred_at DESC, id DESC LIMIT ${limit}`);
  return rows.map(toTouchpoint);
}
