import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { normalizeMessage, type SegmentMessage, validateMessage } from '../../shared/ingest';
import { accountActivity } from '../../worker/db/account-activity';
import { getAccountDetail } from '../../worker/db/accounts';
import { getDb } from '../../worker/db/client';
import worker from '../../worker/index';
import type { IngestQueueMessage } from '../../worker/jobs/ingest-message';
import { accountDay, admin, createSource, getAccount, ingest, rows, uid, waitFor } from './helpers';

const DAY = '2026-11-20';
const AT = Date.parse(`${DAY}T12:00:00Z`);

/** Builds a queue message body the way the ingest route does. */
function queueBody(sourceId: string, messages: Record<string, unknown>[]): IngestQueueMessage {
  const events = messages.map((raw, i) => {
    const result = validateMessage(raw, i);
    if (!result.ok) throw new Error(result.error.message);
    return normalizeMessage(result.message as SegmentMessage, {
      receivedAt: AT + 60_000,
      fallbackMessageId: `fb-${i}`,
    });
  });
  return { v: 1, sourceId, events };
}

async function deliver(queue: string, messages: { id: string; body: unknown; attempts?: number }[]) {
  const batch = createMessageBatch(
    queue,
    messages.map((m) => ({ id: m.id, timestamp: new Date(), attempts: m.attempts ?? 1, body: m.body })),
  );
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Cloudflare.Env>).queue!(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

async function featureDays(externalId: string) {
  return rows<{ feature: string; events: number; users: number; active_ms: number }>(
    `SELECT f.key AS feature, d.events, d.users, d.active_ms FROM account_feature_days d
     JOIN accounts a ON a.id = d.account_id JOIN features f ON f.id = d.feature_id
     WHERE a.external_id = ? ORDER BY f.key`,
    externalId,
  );
}

function usageBatch(acct: string, n = 1) {
  const ts = new Date(AT).toISOString();
  return [
    {
      type: 'group',
      userId: `${acct}-u1`,
      groupId: acct,
      traits: { name: `Acct ${acct}`, seats: 10 },
      messageId: `${acct}-g`,
      timestamp: ts,
    },
    ...Array.from({ length: n }, (_, i) => ({
      type: 'track',
      event: 'Report Run',
      userId: `${acct}-u${(i % 2) + 1}`,
      messageId: `${acct}-t${i}`,
      timestamp: ts,
      context: { groupId: acct },
      properties: { durationMs: 30_000 },
    })),
  ];
}

describe('ingest pipeline end to end', () => {
  it('rolls usage up per account-day, account-feature-day and user-day exactly', async () => {
    const { writeKey } = await createSource();
    const acct = uid('acme');
    const ts = new Date(AT).toISOString();
    const batch = [
      {
        type: 'group',
        userId: 'ann',
        groupId: acct,
        timestamp: ts,
        traits: {
          name: 'Acme',
          plan: 'pro',
          seats: 20,
          arr: 12000,
          renewal_date: '2027-03-01',
          csm: 'Kim@keepwell.dev',
        },
      },
      {
        type: 'identify',
        userId: 'ann',
        timestamp: ts,
        traits: { email: 'ann@acme.io', firstName: 'Ann', lastName: 'Lee' },
      },
      {
        type: 'track',
        userId: 'ann',
        event: 'Report Run',
        timestamp: ts,
        properties: { durationMs: 90_000, module: 'reports' },
      },
      { type: 'track', userId: 'ann', event: 'Report Run', timestamp: ts, properties: { duration: 30 } },
      { type: 'track', userId: 'bob', event: 'Report Run', timestamp: ts, properties: { accountId: acct } },
      { type: 'page', userId: 'bob', name: 'Dashboard', timestamp: ts, context: { groupId: acct } },
      {
        type: 'track',
        anonymousId: 'visitor-1',
        event: 'Pricing Viewed',
        timestamp: ts,
        context: { groupId: acct },
      },
    ].map((m) => ({ ...m, messageId: uid('e') }));
    const res = await ingest('/v1/batch', writeKey, { batch });
    expect(res.status).toBe(200);

    const day = await waitFor(async () => {
      const d = await accountDay(acct, DAY);
      return d && d.events === 5 ? d : null;
    });
    expect(day).toEqual({ events: 5, active_users: 2, active_ms: 120_000, features_used: 3 });
    expect(await featureDays(acct)).toEqual([
      { feature: 'Pricing Viewed', events: 1, users: 0, active_ms: 0 },
      { feature: 'Report Run', events: 3, users: 2, active_ms: 120_000 },
      { feature: 'page:Dashboard', events: 1, users: 1, active_ms: 0 },
    ]);
    const userDays = await rows<{ user: string; events: number; active_ms: number }>(
      `SELECT u.external_id AS user, d.events, d.active_ms FROM user_days d JOIN users u ON u.id = d.user_id
       JOIN accounts a ON a.id = d.account_id WHERE a.external_id = ? ORDER BY u.external_id`,
      acct,
    );
    expect(userDays).toEqual([
      { user: 'ann', events: 2, active_ms: 120_000 },
      { user: 'bob', events: 2, active_ms: 0 },
    ]);

    const account = await getAccount(acct);
    expect(account).toMatchObject({
      externalId: acct,
      name: 'Acme',
      plan: 'pro',
      seats: 20,
      arrCents: 1_200_000,
      renewalDate: '2027-03-01',
      ownerEmail: 'kim@keepwell.dev',
      users: { total: 2, activated: 2 },
    });
    expect(account?.traits).toMatchObject({ name: 'Acme', arr: 12000 });
    expect(account?.lastSeenAt).toBe(new Date(AT).toISOString());
  });

  it('corrects client clock skew with sentAt and clamps future timestamps', async () => {
    const { writeKey } = await createSource();
    const hourAhead = Date.now() + 3_600_000;
    const skewed = {
      type: 'track',
      event: 'Skew',
      userId: 'u1',
      messageId: uid('skew'),
      originalTimestamp: new Date(hourAhead - 5_000).toISOString(),
      sentAt: new Date(hourAhead).toISOString(),
    };
    const future = {
      type: 'track',
      event: 'Skew',
      userId: 'u1',
      messageId: uid('future'),
      timestamp: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const before = Date.now();
    expect((await ingest('/v1/batch', writeKey, { batch: [skewed, future] })).status).toBe(200);
    const after = Date.now();
    const stored = await waitFor(async () => {
      const r = await rows<{ message_id: string; ts: number; received_at: number }>(
        'SELECT message_id, ts, received_at FROM events WHERE message_id IN (?, ?)',
        skewed.messageId,
        future.messageId,
      );
      return r.length === 2 ? r : null;
    });
    const s = stored.find((r) => r.message_id === skewed.messageId)!;
    expect(s.received_at).toBeGreaterThanOrEqual(before);
    expect(s.received_at).toBeLessThanOrEqual(after);
    expect(s.ts).toBe(s.received_at - 5_000);
    const f = stored.find((r) => r.message_id === future.messageId)!;
    expect(f.ts).toBe(f.received_at);
  });

  it('counts a message sent twice (a client retry) once', async () => {
    const { writeKey } = await createSource();
    const acct = uid('retry');
    const batch = usageBatch(acct, 3);
    expect((await ingest('/v1/batch', writeKey, { batch })).status).toBe(200);
    expect((await ingest('/v1/batch', writeKey, { batch })).status).toBe(200);
    await waitFor(async () => (await accountDay(acct, DAY))?.events === 3);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await accountDay(acct, DAY))?.events).toBe(3);
    expect(
      (
        await rows<{ n: number }>(
          'SELECT count(*) AS n FROM events e JOIN accounts a ON a.id = e.account_id WHERE a.external_id = ?',
          acct,
        )
      )[0]!.n,
    ).toBe(4);
  });

  it('attributes events a user sent before being grouped once the group call arrives', async () => {
    const { writeKey } = await createSource();
    const acct = uid('late');
    const user = uid('early-user');
    const early = [1, 2].map((i) => ({
      type: 'track',
      event: 'Early',
      userId: user,
      messageId: uid(`early${i}`),
      timestamp: new Date(AT).toISOString(),
    }));
    expect((await ingest('/v1/batch', writeKey, { batch: early })).status).toBe(200);
    await waitFor(
      async () => (await rows('SELECT 1 FROM events WHERE message_id = ?', early[1]!.messageId)).length === 1,
    );
    expect(await getAccount(acct)).toBeNull();
    expect(
      (await ingest('/v1/group', writeKey, { userId: user, groupId: acct, traits: { name: 'Late Co' } }))
        .status,
    ).toBe(200);
    const day = await waitFor(async () => {
      const d = await accountDay(acct, DAY);
      return d?.events === 2 ? d : null;
    });
    expect(day.active_users).toBe(1);
    expect((await featureDays(acct)).map((f) => f.users)).toEqual([1]);
  });
});

describe('queue consumer', () => {
  it('leaves every rollup unchanged when the same queue batch is delivered twice', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('redeliver');
    const body = queueBody(sourceId, usageBatch(acct, 4));
    const first = await deliver('keepwell-ingest', [{ id: uid('q'), body }]);
    expect(first.explicitAcks).toHaveLength(1);
    const snapshot = { day: await accountDay(acct, DAY), features: await featureDays(acct) };
    expect(snapshot.day).toEqual({ events: 4, active_users: 2, active_ms: 120_000, features_used: 1 });
    const second = await deliver('keepwell-ingest', [{ id: uid('q'), body, attempts: 2 }]);
    expect(second.explicitAcks).toHaveLength(1);
    expect({ day: await accountDay(acct, DAY), features: await featureDays(acct) }).toEqual(snapshot);
  });

  it('accepts the JSON-text bodies the producer sends, and counts them like objects', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('text-body');
    const body = queueBody(sourceId, usageBatch(acct, 3));
    const result = await deliver('keepwell-ingest', [{ id: uid('q'), body: JSON.stringify(body) }]);
    expect(result.explicitAcks).toHaveLength(1);
    expect((await accountDay(acct, DAY))?.events).toBe(3);
    // The same message as an object is a redelivery: nothing more is counted.
    await deliver('keepwell-ingest', [{ id: uid('q'), body }]);
    expect((await accountDay(acct, DAY))?.events).toBe(3);
  });

  it('counts a duplicated messageId inside one batch once', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('dupe');
    const msgs = usageBatch(acct, 2);
    const body = queueBody(sourceId, [...msgs, msgs[1]!, msgs[2]!]);
    await deliver('keepwell-ingest', [{ id: uid('q'), body }]);
    expect((await accountDay(acct, DAY))?.events).toBe(2);
  });

  it('retries only the failing message of a batch, and the retry counts everything once', async () => {
    const { id: sourceId } = await createSource();
    const [a, poison, c] = [uid('ok-a'), uid('poison'), uid('ok-c')];
    const messages = [a, poison, c].map((acct) => ({
      id: uid('q'),
      body: queueBody(sourceId, usageBatch(acct, 3)),
    }));
    // A real D1 failure in the middle of the batch: a trigger aborts writes for one account.
    await env.DB.exec(
      `CREATE TRIGGER fail_poison BEFORE INSERT ON account_days WHEN (SELECT external_id FROM accounts WHERE id = NEW.account_id) = '${poison}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    let result: Awaited<ReturnType<typeof deliver>>;
    try {
      result = await deliver('keepwell-ingest', messages);
    } finally {
      await env.DB.exec('DROP TRIGGER IF EXISTS fail_poison');
    }
    expect(result.explicitAcks.sort()).toEqual([messages[0]!.id, messages[2]!.id].sort());
    expect(result.retryMessages.map((m) => m.msgId)).toEqual([messages[1]!.id]);
    expect((await accountDay(a, DAY))?.events).toBe(3);
    expect(await accountDay(poison, DAY)).toBeUndefined();
    // Nothing of the failed message was written: its raw events rolled back with the transaction.
    expect((await rows('SELECT 1 FROM events WHERE message_id LIKE ?', `${poison}-%`)).length).toBe(0);

    const failures = await (await admin('/api/ingest/failures?status=retrying')).json<{
      items: { queueMessageId: string; error: string; eventCount: number }[];
    }>();
    const failure = failures.items.find((f) => f.queueMessageId === messages[1]!.id);
    expect(failure?.error).toContain('injected failure');
    expect(failure?.eventCount).toBe(4);

    // The queue redelivers the whole batch (e.g. after a crash): all three land exactly once.
    const retry = await deliver(
      'keepwell-ingest',
      messages.map((m) => ({ ...m, attempts: 2 })),
    );
    expect(retry.explicitAcks).toHaveLength(3);
    for (const acct of [a, poison, c]) expect((await accountDay(acct, DAY))?.events).toBe(3);
    const recovered = await (await admin('/api/ingest/failures?status=recovered')).json<{
      items: { queueMessageId: string }[];
    }>();
    expect(recovered.items.map((f) => f.queueMessageId)).toContain(messages[1]!.id);
  });

  it('records a malformed queue message as dead without retrying it', async () => {
    const id = uid('malformed');
    const result = await deliver('keepwell-ingest', [{ id, body: { v: 1, events: 'nope' } }]);
    expect(result.explicitAcks).toEqual([id]);
    expect(result.retryMessages).toEqual([]);
    const { items } = await (await admin('/api/ingest/failures?status=dead')).json<{
      items: { queueMessageId: string; error: string }[];
    }>();
    expect(items.find((f) => f.queueMessageId === id)?.error).toContain('invalid queue message');
  });

  it('records a dead letter it never saw failing as exhausted', async () => {
    const { id: sourceId } = await createSource();
    const id = uid('dlq-only');
    await deliver('keepwell-ingest-dlq', [{ id, body: queueBody(sourceId, usageBatch(uid('dlq-acct'), 1)) }]);
    const { items } = await (await admin('/api/ingest/failures?status=dead')).json<{
      items: { queueMessageId: string; error: string; eventCount: number }[];
    }>();
    expect(items.find((f) => f.queueMessageId === id)).toMatchObject({
      error: 'exhausted retries',
      eventCount: 2,
    });
  });

  it('lists dead letters with the reason they failed and replays them once', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('dead');
    const message = { id: uid('q'), body: queueBody(sourceId, usageBatch(acct, 2)) };
    await env.DB.exec(
      `CREATE TRIGGER fail_dead BEFORE INSERT ON events WHEN NEW.message_id LIKE '${acct}-%' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`,
    );
    try {
      const failed = await deliver('keepwell-ingest', [{ ...message, attempts: 6 }]);
      expect(failed.retryMessages).toHaveLength(1);
    } finally {
      await env.DB.exec('DROP TRIGGER IF EXISTS fail_dead');
    }
    // After max_retries the queue moves the message to the dead-letter queue (possibly under a new id).
    const dlqId = uid('dlq');
    const dlq = await deliver('keepwell-ingest-dlq', [{ id: dlqId, body: message.body, attempts: 1 }]);
    expect(dlq.explicitAcks).toEqual([dlqId]);

    const { items } = await (await admin('/api/ingest/failures?status=dead')).json<{
      items: { id: number; queueMessageId: string; error: string; attempts: number; sourceId: string }[];
    }>();
    const dead = items.find((f) => f.queueMessageId === message.id);
    expect(dead).toMatchObject({ attempts: 6, sourceId });
    expect(dead?.error).toContain('disk on fire');

    const replay = await admin(`/api/ingest/failures/${dead!.id}/replay`, { method: 'POST' });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual({ id: dead!.id, status: 'replayed', events: 3 });
    await waitFor(async () => (await accountDay(acct, DAY))?.events === 2);
    const again = await admin(`/api/ingest/failures/${dead!.id}/replay`, { method: 'POST' });
    expect(again.status).toBe(409);
  });
});

describe('distinct users per feature', () => {
  const track = (acct: string, user: string, id: string) => ({
    type: 'track',
    event: 'Report Run',
    userId: user,
    messageId: id,
    timestamp: new Date(AT).toISOString(),
    context: { groupId: acct },
  });

  it('stay exact after raw events are purged, and a redelivery does not change them', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('purged');
    const first = queueBody(sourceId, usageBatch(acct, 4));
    await deliver('keepwell-ingest', [{ id: uid('q'), body: first }]);
    expect((await featureDays(acct))[0]).toMatchObject({ feature: 'Report Run', events: 4, users: 2 });

    // Raw retention purged the day's events; a late event of one known and one new user arrives.
    await env.DB.prepare(
      'DELETE FROM events WHERE account_id = (SELECT id FROM accounts WHERE external_id = ?)',
    )
      .bind(acct)
      .run();
    const late = queueBody(sourceId, [
      track(acct, `${acct}-u1`, uid('late1')),
      track(acct, `${acct}-u3`, uid('late3')),
    ]);
    await deliver('keepwell-ingest', [{ id: uid('q'), body: late }]);
    const expected = { feature: 'Report Run', events: 6, users: 3, active_ms: 120_000 };
    expect(await featureDays(acct)).toEqual([expected]);

    await deliver('keepwell-ingest', [{ id: uid('q'), body: late, attempts: 2 }]);
    expect(await featureDays(acct)).toEqual([expected]);
    // Windowed distinct users (account page, account activity) are exact too.
    const db = getDb(env.DB);
    const detail = await getAccountDetail(db, acct, '2026-11-01');
    expect(detail?.usage).toEqual([expect.objectContaining({ feature: 'Report Run', users: 3 })]);
    const activity = await accountActivity(db, detail!.id, 30, DAY);
    expect(activity.modules).toEqual([expect.objectContaining({ events: 6, users: 3 })]);
  });
});
