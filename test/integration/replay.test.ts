import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../worker/common/db';
import worker, { CRONS } from '../../worker/index';
import { archiveRawEvents } from '../../worker/ingest/archive-job';
import { REPLAY_MAX_ATTEMPTS, stepReplay } from '../../worker/ingest/replay-job';
import { getReplayJob, insertReplayJob, recordReplayError } from '../../worker/ingest/replay-store';
import { purgeRawEvents } from '../../worker/ingest/retention-job';
import { admin, createApiToken, createSource, errorCode, ingest, rows, uid, waitFor } from './helpers';

// `npm run replay` / POST /api/ingest/replays: rebuild the event-day rollups of a range of days from the
// raw events still in D1 and the R2 archive of the purged ones (real D1, R2 and queues in workerd).

/** The rollup rows of one account, in a stable order: what a replay must give back exactly. */
async function rollupsOf(account: string) {
  const id = `(SELECT id FROM accounts WHERE external_id = ?)`;
  return {
    accountDays: await rows(
      `SELECT day, events, active_users, active_ms, features_used FROM account_days WHERE account_id = ${id} ORDER BY day`,
      account,
    ),
    userDays: await rows(
      `SELECT day, user_id, events, active_ms FROM user_days WHERE account_id = ${id} ORDER BY day, user_id`,
      account,
    ),
    featureDays: await rows(
      `SELECT day, feature_id, events, users, active_ms FROM account_feature_days WHERE account_id = ${id} ORDER BY day, feature_id`,
      account,
    ),
    featureDayUsers: await rows(
      `SELECT day, feature_id, user_id FROM feature_day_users WHERE account_id = ${id} ORDER BY day, feature_id, user_id`,
      account,
    ),
  };
}

/** The bug a replay repairs: rollups double counted, one day's users lost, distinct users wrong. */
async function corrupt(account: string) {
  const id = `(SELECT id FROM accounts WHERE external_id = ?)`;
  await env.DB.batch([
    env.DB.prepare(`UPDATE account_days SET events = events * 2 + 7 WHERE account_id = ${id}`).bind(account),
    env.DB.prepare(
      `DELETE FROM user_days WHERE account_id = ${id} AND day = (SELECT min(day) FROM user_days WHERE account_id = ${id})`,
    ).bind(account, account),
    env.DB.prepare(`UPDATE account_feature_days SET users = 99, events = 1 WHERE account_id = ${id}`).bind(
      account,
    ),
    env.DB.prepare(`DELETE FROM feature_day_users WHERE account_id = ${id}`).bind(account),
  ]);
}

/**
 * Ingests usage of one account over `days` (event days), 3 users, 2 features, durations, then moves each
 * event's receipt to its event day, except `late` events of the first day, received on `lateDay`.
 */
async function usage(days: string[], perDay: number, lateDay?: string) {
  const { id: sourceId, writeKey } = await createSource(uid('replay'));
  const account = uid('acct');
  const batch = [
    {
      type: 'group',
      userId: `${account}-u0`,
      groupId: account,
      traits: { name: 'Replayed Co' },
      timestamp: `${days[0]}T00:00:30.000Z`,
    },
    ...days.flatMap((day, d) =>
      Array.from({ length: perDay }, (_, i) => ({
        type: 'track',
        userId: `${account}-u${i % 3}`,
        event: i % 2 ? 'Report Exported' : 'Dashboard Viewed',
        messageId: `${account}-d${d}-m${i}`,
        timestamp: new Date(Date.parse(day) + (i + 1) * 60_000).toISOString(),
        properties: { module: 'reports', durationMs: 1000 * (i + 1), groupId: account },
        context: { groupId: account },
      })),
    ),
    ...(lateDay
      ? [0, 1].map((i) => ({
          type: 'track',
          userId: `${account}-u2`,
          event: 'Report Exported',
          messageId: `${account}-late-${i}`,
          timestamp: new Date(Date.parse(days[0]!) + 3_600_000 * (i + 5)).toISOString(),
          properties: { durationMs: 500, groupId: account },
          context: { groupId: account },
        }))
      : []),
  ];
  expect((await ingest('/v1/batch', writeKey, { batch })).status).toBe(200);
  const total = batch.length;
  await waitFor(async () => {
    const [r] = await rows<{ n: number }>('SELECT count(*) AS n FROM events WHERE source_id = ?', sourceId);
    return r!.n === total;
  });
  // Received on the event day (retention and the archive go by receipt); the late ones on `lateDay`.
  await env.DB.prepare('UPDATE events SET received_at = ts + 1000 WHERE source_id = ?').bind(sourceId).run();
  if (lateDay) {
    await env.DB.prepare(
      "UPDATE events SET received_at = ? + id % 1000 WHERE source_id = ? AND message_id LIKE '%-late-%'",
    )
      .bind(Date.parse(lateDay) + 7_200_000, sourceId)
      .run();
  }
  return { sourceId, account, total };
}

async function replayViaApi(from: string, to: string, sourceId?: string) {
  const res = await admin('/api/ingest/replays', { body: { from, to, ...(sourceId ? { sourceId } : {}) } });
  expect(res.status).toBe(202);
  const job = (await res.json()) as { id: string; status: string };
  expect(job.status).toBe('running');
  return waitFor(async () => {
    const body = (await (await admin(`/api/ingest/replays/${job.id}`)).json()) as {
      status: string;
      liveEvents: number;
      archivedEvents: number;
      partitions: number;
      error: string | null;
    };
    if (body.status === 'failed') throw new Error(`replay failed: ${body.error}`);
    return body.status === 'done' ? body : null;
  }, 25_000);
}

describe('replay of archived raw events', () => {
  it('rebuilds purged days from the R2 archive exactly, late arrivals included, and twice gives the same', async () => {
    const days = ['2026-05-01', '2026-05-02'];
    const { sourceId, account, total } = await usage(days, 7, '2026-05-04');
    const truth = await rollupsOf(account);
    expect(truth.accountDays).toHaveLength(2);

    // Archived and purged (all received > 90 days ago), then the rollups go wrong.
    await purgeRawEvents(getDb(env.DB), Date.now(), 90, env.ARCHIVE);
    expect(await rows('SELECT id FROM events WHERE source_id = ?', sourceId)).toEqual([]);
    await corrupt(account);
    expect(await rollupsOf(account)).not.toEqual(truth);

    const done = await replayViaApi(days[0]!, days[1]!, sourceId);
    expect(await rollupsOf(account)).toEqual(truth);
    // Every event of the days, the late ones from the 05-04 partition, each once (the group call counts no usage).
    expect(done.archivedEvents).toBe(total);
    expect(done.liveEvents).toBe(0);
    expect(done.partitions).toBeGreaterThanOrEqual(3);

    // The restored rows are live now: a second replay reads them from D1 and skips their partitions.
    const again = await replayViaApi(days[0]!, days[1]!);
    expect(await rollupsOf(account)).toEqual(truth);
    expect(again.liveEvents).toBe(total);
    expect(again.archivedEvents).toBe(0);

    // The next retention run deletes the restored rows again without rewriting their archives.
    const before = await env.ARCHIVE!.head(`raw/source=${sourceId}/day=2026-05-01/events.ndjson.gz`);
    const purged = await purgeRawEvents(getDb(env.DB), Date.now(), 90, env.ARCHIVE);
    expect(purged.deleted).toBeGreaterThanOrEqual(total);
    const after = await env.ARCHIVE!.head(`raw/source=${sourceId}/day=2026-05-01/events.ndjson.gz`);
    expect(after!.etag).toBe(before!.etag);
    expect(await rollupsOf(account)).toEqual(truth);
  });

  it('days partly purged and partly live: a messageId in both the archive and D1 counts once, in small resumable chunks', async () => {
    const days = ['2026-06-01', '2026-06-02'];
    const { sourceId, account, total } = await usage(days, 9);
    const truth = await rollupsOf(account);
    // Archived whole, then only part deleted: all of 06-01, every other row of 06-02 (a purge cut short).
    await archiveRawEvents(env.ARCHIVE!, getDb(env.DB), Date.parse('2026-06-03'), Date.now());
    await env.DB.prepare(
      "DELETE FROM events WHERE source_id = ? AND (day = '2026-06-01' OR (day = '2026-06-02' AND id % 2 = 0))",
    )
      .bind(sourceId)
      .run();
    const [{ live }] = (await rows<{ live: number }>(
      'SELECT count(*) AS live FROM events WHERE source_id = ?',
      sourceId,
    )) as [{ live: number }];
    expect(live).toBeGreaterThan(0);
    expect(live).toBeLessThan(total);
    await corrupt(account);

    const id = crypto.randomUUID();
    const db = getDb(env.DB);
    expect(
      await insertReplayJob(db, {
        id,
        from: days[0]!,
        to: days[1]!,
        sourceId: null,
        actor: 'test',
        now: Date.now(),
      }),
    ).toBe(true);
    // Two steppers at once, a few rows per transaction: each chunk moves the cursor only from where it
    // began, so the one that loses applies nothing.
    const limits = { page: 3, chunk: 2, transactions: 3 };
    for (let i = 0; i < 200; i++) {
      const [a] = await Promise.all([
        stepReplay(env, id, Date.now(), limits),
        stepReplay(env, id, Date.now(), limits).catch(() => undefined),
      ]);
      if (a?.status !== 'running') break;
    }
    const job = (await getReplayJob(db, id))!;
    expect(job.status).toBe('done');
    expect(await rollupsOf(account)).toEqual(truth);
    expect(job.liveEvents).toBeGreaterThanOrEqual(live);
    expect(job.liveEvents + job.archivedEvents).toBeGreaterThanOrEqual(total);

    // Run again by hand, one step at a time: the same rollups.
    const id2 = crypto.randomUUID();
    await insertReplayJob(db, {
      id: id2,
      from: days[0]!,
      to: days[1]!,
      sourceId: null,
      actor: 'test',
      now: Date.now(),
    });
    for (let i = 0; i < 200 && (await getReplayJob(db, id2))!.status === 'running'; i++)
      await stepReplay(env, id2, Date.now(), limits);
    expect(await rollupsOf(account)).toEqual(truth);
  });

  it('counts once what the consumer counts during the replay: a late event, and events attributed by a new link', async () => {
    const days = ['2026-07-01', '2026-07-01'] as const;
    const { writeKey } = await createSource(uid('replay'));
    const { account } = await usage([days[0]!], 4);
    const id = crypto.randomUUID();
    const db = getDb(env.DB);
    await insertReplayJob(db, {
      id,
      from: days[0]!,
      to: days[1]!,
      sourceId: null,
      actor: 'test',
      now: Date.now(),
    });
    // A user of the day not yet linked to any account: their events count nowhere.
    const loner = uid('loner');
    const early = [1, 2].map((i) => ({
      type: 'track',
      userId: loner,
      event: 'Dashboard Viewed',
      messageId: `${loner}-${i}`,
      timestamp: `${days[0]}T0${i}:00:00.000Z`,
    }));
    expect((await ingest('/v1/batch', writeKey, { batch: early })).status).toBe(200);
    await waitFor(
      async () => (await rows('SELECT id FROM events WHERE message_id LIKE ?', `${loner}-%`)).length === 2,
    );
    await stepReplay(env, id, Date.now(), { page: 2, chunk: 2, transactions: 1 }); // the clear only
    // Linked during the replay: the consumer attributes and counts their two events, the replay must not.
    const link = { type: 'group', userId: loner, groupId: account, timestamp: `${days[0]}T23:00:00.000Z` };
    expect((await ingest('/v1/group', writeKey, link)).status).toBe(200);
    await waitFor(
      async () =>
        (await rows('SELECT id FROM events WHERE message_id LIKE ? AND account_id IS NOT NULL', `${loner}-%`))
          .length === 2,
    );
    const late = {
      type: 'track',
      userId: `${account}-u1`,
      event: 'Dashboard Viewed',
      timestamp: `${days[0]}T20:00:00.000Z`,
      context: { groupId: account },
    };
    expect((await ingest('/v1/track', writeKey, late)).status).toBe(200);
    await waitFor(
      async () => (await rows('SELECT id FROM events WHERE ts = ?', Date.parse(late.timestamp))).length === 1,
    );
    for (let i = 0; i < 100 && (await getReplayJob(db, id))!.status === 'running'; i++)
      await stepReplay(env, id, Date.now(), { page: 2, chunk: 2, transactions: 2 });
    const [day] = (await rollupsOf(account)).accountDays as { events: number }[];
    expect(day!.events).toBe(7);
    expect(day).toMatchObject({ active_users: 3 + 1 });
  });

  it('fails, with the reason, when an archived partition is missing from R2, and never reports done', async () => {
    const day = '2026-08-20';
    const { sourceId } = await usage([day], 3);
    await purgeRawEvents(getDb(env.DB), Date.now(), 90, env.ARCHIVE);
    await env.ARCHIVE!.delete(`raw/source=${sourceId}/day=${day}/events.ndjson.gz`);
    const db = getDb(env.DB);
    const id = crypto.randomUUID();
    await insertReplayJob(db, { id, from: day, to: day, sourceId: null, actor: 'test', now: Date.now() });
    await expect(stepReplay(env, id, Date.now())).rejects.toThrow('is missing from R2');
    for (let i = 1; i < REPLAY_MAX_ATTEMPTS; i++)
      await recordReplayError(db, id, 'is missing from R2', REPLAY_MAX_ATTEMPTS, Date.now());
    expect(await getReplayJob(db, id)).toMatchObject({
      status: 'running',
      attempts: REPLAY_MAX_ATTEMPTS - 1,
    });
    await recordReplayError(db, id, 'archived partition missing', REPLAY_MAX_ATTEMPTS, Date.now());
    const job = (await admin(`/api/ingest/replays/${id}`).then((r) => r.json())) as {
      status: string;
      error: string;
    };
    expect(job).toMatchObject({ status: 'failed', error: 'archived partition missing' });
    // Any replay from that day on must read the partition, so the bucket is repaired before the next one.
    await env.DB.prepare('DELETE FROM raw_archives WHERE source_id = ?').bind(sourceId).run();
    // A failed job no longer blocks the days.
    expect(
      await insertReplayJob(db, {
        id: crypto.randomUUID(),
        from: day,
        to: day,
        sourceId: null,
        actor: 'test',
        now: Date.now(),
      }),
    ).toBe(true);
  });

  it('a job whose queue chain was lost is taken up again by the 5-minute cron', async () => {
    const day = '2026-08-25';
    const { account } = await usage([day], 4);
    const truth = await rollupsOf(account);
    await corrupt(account);
    const db = getDb(env.DB);
    const id = crypto.randomUUID();
    // Started ten minutes ago, with no step queued since (its message lost).
    await insertReplayJob(db, {
      id,
      from: day,
      to: day,
      sourceId: null,
      actor: 'test',
      now: Date.now() - 11 * 60_000,
    });
    await worker.scheduled(createScheduledController({ cron: CRONS.mail, scheduledTime: Date.now() }), env);
    await waitFor(async () => (await getReplayJob(db, id))?.status === 'done', 20_000);
    expect(await rollupsOf(account)).toEqual(truth);
  });

  it('validates its input, refuses an overlapping running replay, is audited, and is for admins only', async () => {
    const post = (body: unknown, token?: string) => admin('/api/ingest/replays', { body, token });
    for (const body of [
      { from: '2026-03-02', to: '2026-03-01' },
      { from: '2026-01-01', to: '2026-06-01' },
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2026-03-01' },
      { from: '2026-03-01', to: '2026-03-02', sourceId: 'not-a-uuid' },
      { from: '2026-03-01', to: '2026-03-02', extra: 1 },
      { from: '2099-01-01', to: '2099-01-02' },
    ]) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
    const unknown = await post({ from: '2026-03-01', to: '2026-03-02', sourceId: crypto.randomUUID() });
    expect(unknown.status).toBe(404);

    const running = crypto.randomUUID();
    await insertReplayJob(getDb(env.DB), {
      id: running,
      from: '2026-03-05',
      to: '2026-03-10',
      sourceId: null,
      actor: 'test',
      now: Date.now(),
    });
    const overlapping = await post({ from: '2026-03-10', to: '2026-03-12' });
    expect(overlapping.status).toBe(409);
    expect(await errorCode(overlapping)).toBe('CONFLICT');
    await env.DB.prepare("UPDATE replay_jobs SET status = 'failed' WHERE id = ?").bind(running).run();

    const started = await post({ from: '2026-03-11', to: '2026-03-11' });
    expect(started.status).toBe(202);
    const job = (await started.json()) as { id: string; requestedBy: string };
    expect(
      await rows('SELECT actor FROM audit_log WHERE action = ? AND entity_id = ?', 'ingest.replay', job.id),
    ).toHaveLength(1);
    const list = (await (await admin('/api/ingest/replays')).json()) as { items: { id: string }[] };
    expect(list.items.map((j) => j.id)).toContain(job.id);
    expect((await admin(`/api/ingest/replays/${crypto.randomUUID()}`)).status).toBe(404);

    for (const role of ['viewer', 'csm'] as const) {
      const { token } = await createApiToken(role);
      expect((await post({ from: '2026-03-20', to: '2026-03-20' }, token)).status).toBe(403);
      expect((await admin('/api/ingest/replays', { token })).status).toBe(403);
      expect((await admin(`/api/ingest/replays/${job.id}`, { token })).status).toBe(403);
    }
    await waitFor(async () => (await getReplayJob(getDb(env.DB), job.id))?.status === 'done');
  });
});
