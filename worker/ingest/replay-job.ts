import { type SQL, sql } from 'drizzle-orm';
import type { MessageType } from '../../shared/ingest';
import { type Db, getDb } from '../common/db';
import type { Env } from '../common/env';
import { prepare } from '../common/raw-sql';
import type { ArchivedEvent } from './archive-store';
import { countRawEvents } from './archive-store';
import { getReplayJob, type ReplayJobRow, recordReplayError, stalledReplayJobs } from './replay-store';
import { applyEventsStatements, reapplyStoredStatements, type SourcedEvent } from './store';

// A replay rebuilds the rollups of a range of days after a consumer fix, from every raw event that can
// count in them: the ones still in D1 and, for purged ones, their R2 archive.
//
// Which rollup rows depend on which events: user_days, feature_day_users, account_feature_days and
// account_days are keyed by the EVENT day (`events.day`, from the skew-corrected event time) and by
// account, not by source. So the unit of a rebuild is an event day, for every source: `from`..`to` are
// event days; their rows of those four tables are cleared and every event of those days re-applied, of
// whatever source (a `sourceId` asked for is recorded, but the rebuild reads every source: clearing a
// day's rollups and re-adding one source's events would drop the others'). An event is never after its
// receipt (normalize.ts clamps ts to receivedAt) but may arrive any time later (`/v1/import`), so the
// events of event day D are searched in every received day ≥ D: live rows received since `from`, and
// every archived partition (source × received day) from `from` on.
// Not rebuilt: source_days (receipts by received day, not derived from events' days: a replay is not a
// receipt) and users' / accounts' traits, links and last-seen times (last-writer-wins or min/max state,
// which re-applying leaves as it is).
//
// Exactly once: the clear and the snapshot of the largest raw event id are one transaction. Raw rows
// with a larger id arrived after the clear and were counted by the consumer; the live phase re-applies
// rows up to the snapshot (each one once: a chunk moves the job's cursor in its own transaction, and its
// rows are tagged only if the cursor is still where the chunk began, so a retried or concurrent chunk
// tags nothing), except rows that had no account at the clear (`replay_unattributed`): they counted
// nowhere then, and if the consumer attributes one meanwhile (its user linked) it counts it. The archive phase inserts archived events into `events` with ON CONFLICT (source,
// messageId) DO NOTHING, as the consumer does: a message still stored (live, counted above or by the
// consumer) adds nothing, and a restored one adds itself once. Restored rows stay until the next
// retention run deletes them again (their partition is archived already).
//
// While a job runs, the days' rollups are partial; `done` is set by the last chunk's transaction only.

/** Work per step: rows per page (one transaction), archived events per transaction, transactions per step. */
export interface ReplayLimits {
  page: number;
  chunk: number;
  transactions: number;
}
// 16 transactions of 500 to 2,000 events: well within a queue consumer's CPU time and D1 subrequests.
export const REPLAY_LIMITS: ReplayLimits = { page: 2_000, chunk: 500, transactions: 16 };
/** Failed steps before the job is failed (its error kept). */
export const REPLAY_MAX_ATTEMPTS = 5;

const ROLLUPS = ['user_days', 'feature_day_users', 'account_feature_days', 'account_days'] as const;

interface LiveCursor {
  r: number;
  i: number;
}
/** An archived partition and the lines of it already applied; `line` null: the partition is done. */
interface ArchiveCursor {
  day: string;
  source: string;
  line: number | null;
}

const parse = <T>(cursor: string | null): T | null => (cursor == null ? null : (JSON.parse(cursor) as T));

/** The CAS every chunk ends with: moves the cursor only from where the chunk began. */
function advance(job: ReplayJobRow, set: SQL, now: number): SQL {
  return sql`UPDATE replay_jobs SET ${set}, updated_at = ${now}, attempts = 0, error = NULL
    WHERE id = ${job.id} AND phase = ${job.phase} AND cursor IS ${job.cursor}`;
}

const guard = (job: ReplayJobRow) =>
  sql`EXISTS (SELECT 1 FROM replay_jobs WHERE id = ${job.id} AND phase = ${job.phase} AND cursor IS ${job.cursor})`;

async function run(db: Db, statements: SQL[]) {
  await db.$client.batch(statements.map((s) => prepare(db, s)));
}

/** Clears the days' rollups and takes the snapshot, in one transaction. */
async function clear(db: Db, job: ReplayJobRow, now: number) {
  await run(db, [
    ...ROLLUPS.map(
      (table) =>
        sql`DELETE FROM ${sql.identifier(table)} WHERE day BETWEEN ${job.fromDay} AND ${job.toDay} AND ${guard(job)}`,
    ),
    // Rows without an account count nowhere now; the consumer counts one if it attributes it meanwhile.
    sql`INSERT INTO replay_unattributed (job_id, event_id)
      SELECT ${job.id}, id FROM events INDEXED BY events_unattributed_idx
      WHERE account_id IS NULL AND user_id IS NOT NULL AND day BETWEEN ${job.fromDay} AND ${job.toDay}
        AND ${guard(job)}
      ON CONFLICT DO NOTHING`,
    advance(
      job,
      sql`phase = 'live', cursor = NULL, snapshot_id = (SELECT coalesce(max(id), 0) FROM events)`,
      now,
    ),
  ]);
}

/**
 * One page of raw events in received order (from `from`: no event of the days was received earlier),
 * re-applying those of the days up to the snapshot; the last page moves the job to the archive phase.
 */
async function livePage(db: Db, job: ReplayJobRow, limits: ReplayLimits, now: number): Promise<void> {
  const after = parse<LiveCursor>(job.cursor);
  // `id <= snapshot` is read from the index (its entries end with the id), so rows arriving meanwhile are
  // stepped over without a table read, and a busy source cannot keep the phase from ending.
  const snapshot = job.snapshotId ?? 0;
  const page = await db.all<{ id: number; r: number; d: string }>(sql`
    SELECT id, received_at AS r, day AS d FROM events INDEXED BY events_received_idx
    WHERE received_at >= ${after?.r ?? Date.parse(job.fromDay)}
      ${after ? sql`AND (received_at > ${after.r} OR id > ${after.i})` : sql``}
      AND id <= ${snapshot}
    ORDER BY received_at, id LIMIT ${limits.page}`);
  const ids = page.filter((e) => e.d >= job.fromDay && e.d <= job.toDay).map((e) => e.id);
  const last = page[page.length - 1];
  const next =
    page.length < limits.page || !last
      ? sql`phase = 'archive', cursor = NULL`
      : sql`cursor = ${JSON.stringify({ r: last.r, i: last.id } satisfies LiveCursor)}`;
  if (ids.length === 0) {
    await run(db, [advance(job, next, now)]);
    return;
  }
  const token = crypto.randomUUID();
  const tag = sql`UPDATE events SET batch_token = ${token}
    WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND ${guard(job)}
      AND id NOT IN (SELECT event_id FROM replay_unattributed WHERE job_id = ${job.id})`;
  const counted = sql`live_events = live_events + (SELECT count(*) FROM events WHERE batch_token = ${token})`;
  await db.$client.batch(
    reapplyStoredStatements(db, tag, token, [advance(job, sql`${next}, ${counted}`, now)]),
  );
}

/** The archived partition the cursor is in, or the next one; null when none is left. */
async function partitionAt(db: Db, job: ReplayJobRow, at: ArchiveCursor | null) {
  const position = !at
    ? sql``
    : at.line === null
      ? sql`AND (day > ${at.day} OR (day = ${at.day} AND source_id > ${at.source}))`
      : sql`AND (day > ${at.day} OR (day = ${at.day} AND source_id >= ${at.source}))`;
  const [row] = await db.all<{ source: string; day: string; key: string; events: number }>(sql`
    SELECT source_id AS source, day, object_key AS key, events FROM raw_archives
    WHERE day >= ${job.fromDay} ${position} ORDER BY day, source_id LIMIT 1`);
  return row ?? null;
}

/** The NDJSON lines of a gzip object, one by one. */
async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body
    .pipeThrough(new DecompressionStream('gzip'))
    .pipeThrough(new TextDecoderStream())
    .getReader();
  let rest = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += value;
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) yield line;
    }
    if (rest !== '') yield rest;
  } finally {
    // A step that stops at its budget leaves the rest of the object unread.
    await reader.cancel().catch(() => {});
  }
}

/** An archived event as the consumer's input. The archive keeps no traits, feature names or modules. */
function toSourced(e: ArchivedEvent): SourcedEvent {
  const properties =
    e.properties && typeof e.properties === 'object' && !Array.isArray(e.properties)
      ? (e.properties as Record<string, unknown>)
      : null;
  return {
    messageId: e.messageId,
    sourceId: e.sourceId,
    type: e.type as MessageType,
    name: e.name,
    userId: e.userId,
    anonymousId: e.anonymousId,
    accountId: e.accountId,
    featureKey: e.featureKey,
    featureName: null,
    module: null,
    ts: e.ts,
    day: e.day,
    receivedAt: e.receivedAt,
    durationMs: e.durationMs,
    properties,
    traits: null,
    previousId: null,
  };
}

/**
 * Re-applies the archived events of the days from one partition, from the cursor's line, a chunk per
 * transaction, until the partition ends or `budget` transactions were spent. Returns the transactions used.
 */
async function archivePartition(
  db: Db,
  bucket: R2Bucket | undefined,
  job: ReplayJobRow,
  at: ArchiveCursor | null,
  limits: ReplayLimits,
  budget: number,
  now: number,
): Promise<number> {
  const partition = await partitionAt(db, job, at);
  if (!partition) {
    await run(db, [
      sql`DELETE FROM replay_unattributed WHERE job_id = ${job.id} AND ${guard(job)}`,
      advance(job, sql`status = 'done', phase = 'done', cursor = NULL, finished_at = ${now}`, now),
    ]);
    return 1;
  }
  const start = at && at.day === partition.day && at.source === partition.source ? (at.line ?? 0) : 0;
  const done = sql`cursor = ${JSON.stringify({ day: partition.day, source: partition.source, line: null } satisfies ArchiveCursor)}`;
  // A partition whose rows are all still in D1 was re-applied by the live phase.
  if (start === 0 && (await countRawEvents(db, partition.source, partition.day)) >= partition.events) {
    await run(db, [advance(job, done, now)]);
    return 1;
  }
  if (!bucket) throw new Error('the ARCHIVE bucket is not bound: archived days cannot be replayed');
  const object = await bucket.get(partition.key);
  if (!object) throw new Error(`archived partition ${partition.key} is missing from R2`);
  let line = 0;
  let used = 0;
  let chunk: SourcedEvent[] = [];
  let current = job;
  const apply = async (ended: boolean) => {
    const cursor = JSON.stringify({
      day: partition.day,
      source: partition.source,
      line: ended ? null : line,
    } satisfies ArchiveCursor);
    const token = crypto.randomUUID();
    const counted = sql`archived_events = archived_events + (SELECT count(*) FROM events WHERE batch_token = ${token})`;
    const set = sql`cursor = ${cursor}, ${counted}${ended ? sql`, partitions = partitions + 1` : sql``}`;
    const statements =
      chunk.length > 0
        ? applyEventsStatements(db, chunk, token, now, {
            mode: 'replay',
            before: [advance(current, set, now)],
          })
        : [prepare(db, advance(current, set, now))];
    await db.$client.batch(statements);
    current = { ...current, cursor };
    chunk = [];
    used++;
  };
  let pending = 0;
  for await (const text of ndjsonLines(object.body)) {
    if (line++ < start) continue;
    if (text.trim() === '') continue;
    const event = JSON.parse(text) as ArchivedEvent;
    if (event.day >= job.fromDay && event.day <= job.toDay) chunk.push(toSourced(event));
    pending++;
    if (chunk.length >= limits.chunk || pending >= limits.chunk * 20) {
      await apply(false);
      pending = 0;
      if (used >= budget) return used;
    }
  }
  await apply(true);
  return used;
}

/**
 * Advances a running job by at most `limits.transactions` transactions. Throws what a step failed with
 * (the caller records it); nothing it left behind is counted twice when the step is run again.
 */
export async function stepReplay(
  env: Env,
  id: string,
  now: number,
  limits: ReplayLimits = REPLAY_LIMITS,
): Promise<ReplayJobRow | undefined> {
  const db = getDb(env.DB);
  let used = 0;
  for (;;) {
    const job = await getReplayJob(db, id);
    if (job?.status !== 'running' || used >= limits.transactions) return job;
    if (job.phase === 'clear') {
      await clear(db, job, now);
      used++;
    } else if (job.phase === 'live') {
      await livePage(db, job, limits, now);
      used++;
    } else {
      const at = parse<ArchiveCursor>(job.cursor);
      used += await archivePartition(db, env.ARCHIVE, job, at, limits, limits.transactions - used, now);
    }
  }
}

/**
 * One step of a job from the queue: runs it, then queues the next step while the job runs. A failed step
 * is recorded and retried after a delay, up to {@link REPLAY_MAX_ATTEMPTS}; never throws.
 */
export async function continueReplay(env: Env, id: string): Promise<void> {
  let delaySeconds = 0;
  try {
    const job = await stepReplay(env, id, Date.now());
    if (job?.status !== 'running') return;
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(JSON.stringify({ msg: 'replay step failed', jobId: id, error }));
    const attempts = await recordReplayError(getDb(env.DB), id, error, REPLAY_MAX_ATTEMPTS, Date.now());
    if (attempts >= REPLAY_MAX_ATTEMPTS) return;
    delaySeconds = 10 * attempts;
  }
  await queueReplayStep(env, id, delaySeconds);
}

/** Queues a job's next step; a lost message is resumed by {@link resumeStalledReplays}. */
export async function queueReplayStep(env: Env, id: string, delaySeconds = 0): Promise<void> {
  try {
    await env.SCORING_QUEUE.send({ kind: 'replay', jobId: id }, delaySeconds > 0 ? { delaySeconds } : {});
  } catch (err) {
    console.error(JSON.stringify({ msg: 'could not queue a replay step', jobId: id, error: String(err) }));
  }
}

/** From the 5-minute cron: running jobs without progress for 10 minutes get their next step queued. */
export async function resumeStalledReplays(env: Env, now: number): Promise<number> {
  const ids = await stalledReplayJobs(getDb(env.DB), now - 10 * 60_000);
  for (const id of ids) await queueReplayStep(env, id);
  return ids.length;
}
