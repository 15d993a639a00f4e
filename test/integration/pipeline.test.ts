import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { normalizeMessage, type SegmentMessage, validateMessage } from '../../shared/ingest';
import { accountActivity } from '../../worker/accounts/activity-store';
import { getAccountDetail } from '../../worker/accounts/store';
import { getDb } from '../../worker/common/db';
import {
  type IngestQueueMessage,
  type IngestQueueMessageV2,
  toWireEvent,
  type WireEvent,
} from '../../worker/common/ingest-queue';
import worker from '../../worker/index';
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

/** The id of the ingest_failures row of a queue message id. */
async function failureId(queueMessageId: string) {
  return (
    await rows<{ id: number }>('SELECT id FROM ingest_failures WHERE queue_message_id = ?', queueMessageId)
  )[0]!.id;
}

/** Raw events stored for a source. */
async function storedCount(sourceId: string) {
  return (await rows<{ n: number }>('SELECT count(*) AS n FROM events WHERE source_id = ?', sourceId))[0]!.n;
}

/** The ingest_failures row of a queue message id. */
async function failureRow(queueMessageId: string) {
  return (
    await rows<{ status: string; error: string; event_count: number; body: string; source_id: string }>(
      'SELECT status, error, event_count, body, source_id FROM ingest_failures WHERE queue_message_id = ?',
      queueMessageId,
    )
  )[0];
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

  it('stores the rest of a batch when one message hits a D1 failure, sets its failing events apart, and counts everything once', async () => {
    const { id: sourceId } = await createSource();
    const [a, poison, c] = [uid('ok-a'), uid('poison'), uid('ok-c')];
    const messages = [a, poison, c].map((acct) => ({
      id: uid('q'),
      body: queueBody(sourceId, usageBatch(acct, 3)),
    }));
    // A real D1 failure in the middle of the batch: a trigger aborts the day rollup of one account, so its
    // usage events fail and its group call (no usage) does not.
    await env.DB.exec(
      `CREATE TRIGGER fail_poison BEFORE INSERT ON account_days WHEN (SELECT external_id FROM accounts WHERE id = NEW.account_id) = '${poison}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    let result: Awaited<ReturnType<typeof deliver>>;
    try {
      result = await deliver('keepwell-ingest', messages);
    } finally {
      await env.DB.exec('DROP TRIGGER IF EXISTS fail_poison');
    }
    // The poison message was bisected: its group call stored, its three failing events re-enqueued one by one.
    expect(result.explicitAcks.sort()).toEqual(messages.map((m) => m.id).sort());
    expect(result.retryMessages).toEqual([]);
    expect((await accountDay(a, DAY))?.events).toBe(3);
    expect((await accountDay(c, DAY))?.events).toBe(3);
    expect((await rows('SELECT 1 FROM events WHERE message_id = ?', `${poison}-g`)).length).toBe(1);

    // Each failing event travels alone; with the failure cleared they land, each counted once.
    await waitFor(async () => (await accountDay(poison, DAY))?.events === 3, 30_000);
    // The queue redelivers the whole batch (e.g. after a crash): nothing is counted twice.
    const retry = await deliver(
      'keepwell-ingest',
      messages.map((m) => ({ ...m, attempts: 2 })),
    );
    expect(retry.explicitAcks).toHaveLength(3);
    for (const acct of [a, poison, c]) {
      expect(await accountDay(acct, DAY)).toEqual({
        events: 3,
        active_users: 2,
        active_ms: 90_000,
        features_used: 1,
      });
    }
  });

  it('retries a one-event message that fails, records it, and marks it recovered when it succeeds', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('single');
    const message = { id: uid('q'), body: queueBody(sourceId, usageBatch(acct, 1).slice(1)) };
    await env.DB.exec(
      `CREATE TRIGGER fail_single BEFORE INSERT ON events WHEN NEW.message_id = '${acct}-t0' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    let result: Awaited<ReturnType<typeof deliver>>;
    try {
      result = await deliver('keepwell-ingest', [message]);
    } finally {
      await env.DB.exec('DROP TRIGGER IF EXISTS fail_single');
    }
    expect(result.retryMessages.map((m) => m.msgId)).toEqual([message.id]);
    const failure = await failureRow(message.id);
    expect(failure).toMatchObject({ status: 'retrying', event_count: 1 });
    expect(failure?.error).toContain('injected failure');
    const retry = await deliver('keepwell-ingest', [{ ...message, attempts: 2 }]);
    expect(retry.explicitAcks).toEqual([message.id]);
    expect((await failureRow(message.id))?.status).toBe('recovered');
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

describe('queue consumer isolates failures per event', () => {
  /** The events of a queue body as the producer sends them (version 2: each event an array). */
  function wireBody(sourceId: string, messages: Record<string, unknown>[]): IngestQueueMessageV2 {
    const v1 = queueBody(sourceId, messages);
    if (v1.v !== 1) throw new Error('unreachable');
    return {
      v: 2,
      sourceId,
      receivedAt: AT + 60_000,
      events: v1.events.map((e) => toWireEvent(e, AT + 60_000)),
    };
  }

  it('stores the valid events of a body beside one that fails the wire checks, and records that one alone as dead', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('wire-odd');
    const body = wireBody(sourceId, usageBatch(acct, 3));
    // What the edge produced before the clamp for originalTimestamp 0001 with sentAt 9999.
    const odd = [...body.events[1]!] as WireEvent;
    odd[0] = `${acct}-odd`;
    odd[10] = '-007970-01-01';
    body.events.splice(2, 0, odd);
    const id = uid('q');
    const result = await deliver('keepwell-ingest', [{ id, body: JSON.stringify(body) }]);
    expect(result.explicitAcks).toEqual([id]);
    expect(result.retryMessages).toEqual([]);
    expect((await accountDay(acct, DAY))?.events).toBe(3);
    expect((await rows('SELECT 1 FROM events WHERE message_id = ?', `${acct}-odd`)).length).toBe(0);

    const dead = await failureRow(`${id}:invalid`);
    expect(dead).toMatchObject({ status: 'dead', event_count: 1, source_id: sourceId });
    expect(dead?.error).toContain('event 2: invalid day');
    expect(JSON.parse(dead!.body).events).toEqual([odd]);
    expect(await failureRow(id)).toBeUndefined();
    // Redelivered, it records the same failure again rather than a new one, and counts nothing twice.
    await deliver('keepwell-ingest', [{ id, body: JSON.stringify(body), attempts: 2 }]);
    expect((await accountDay(acct, DAY))?.events).toBe(3);
    const { n } = (
      await rows<{ n: number }>('SELECT count(*) AS n FROM ingest_failures WHERE source_id = ?', sourceId)
    )[0]!;
    expect(n).toBe(1);

    // An event the current code can never store is not replayable: 409 with the reason.
    const replay = await admin(`/api/ingest/failures/${await failureId(`${id}:invalid`)}/replay`, {
      method: 'POST',
    });
    expect(replay.status).toBe(409);
    expect((await replay.json<{ error: { message: string } }>()).error.message).toContain('invalid day');
  });

  it('replays a dead message that held an unstorable event: its storable events land, the other is set apart', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('replay-mixed');
    const body = wireBody(sourceId, usageBatch(acct, 2));
    body.events[2]![10] = '-007970-01-01';
    body.events[2]![0] = `${acct}-odd`;
    // Dead-lettered whole by the consumer before per-event isolation.
    const id = uid('dlq');
    await deliver('keepwell-ingest-dlq', [{ id, body: JSON.stringify(body) }]);
    expect(await failureRow(id)).toMatchObject({ status: 'dead', event_count: 3 });
    const replay = await admin(`/api/ingest/failures/${await failureId(id)}/replay`, { method: 'POST' });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toMatchObject({ status: 'replayed', events: 3 });
    await waitFor(async () => (await accountDay(acct, DAY))?.events === 1);
    await waitFor(
      async () =>
        (
          await rows(
            'SELECT 1 FROM ingest_failures WHERE queue_message_id LIKE ? AND source_id = ?',
            '%:invalid',
            sourceId,
          )
        ).length === 1,
    );
    expect((await rows('SELECT 1 FROM events WHERE message_id = ?', `${acct}-g`)).length).toBe(1);
  });

  it('bisects a message whose one event fails in D1 (traits nested 1,100 deep), stores the rest and re-enqueues that event alone', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('deep-consumer');
    const deepId = `${acct}-deep`;
    const body = wireBody(sourceId, [
      ...usageBatch(acct, 4),
      { type: 'group', userId: `${acct}-u1`, groupId: acct, messageId: deepId, traits: { marker: 1 } },
      { type: 'identify', userId: `${acct}-u2`, messageId: `${acct}-i`, traits: { name: 'Zoe' } },
    ]);
    // SQLite's json_patch fails with "malformed JSON" past 1,000 levels; sent straight to the queue, as a
    // producer without the edge's depth check would.
    const nested = `${'{"a":'.repeat(1099)}{}${'}'.repeat(1099)}`;
    const text = JSON.stringify(body).replace('{"marker":1}', nested);
    const id = uid('q');
    const result = await deliver('keepwell-ingest', [{ id, body: text }]);
    expect(result.explicitAcks).toEqual([id]);
    expect(result.retryMessages).toEqual([]);
    expect(await accountDay(acct, DAY)).toEqual({
      events: 4,
      active_users: 2,
      active_ms: 120_000,
      features_used: 1,
    });
    expect((await getAccount(acct))?.name).toBe(`Acct ${acct}`);
    expect(
      (await rows<{ name: string }>('SELECT name FROM users WHERE external_id = ?', `${acct}-u2`))[0]?.name,
    ).toBe('Zoe');
    expect((await rows('SELECT 1 FROM events WHERE message_id = ?', deepId)).length).toBe(0);

    // The failing event went back to the queue as a message of its own, and fails there alone.
    const alone = await waitFor(async () => {
      const r = await rows<{ queue_message_id: string; event_count: number; error: string; body: string }>(
        `SELECT queue_message_id, event_count, error, body FROM ingest_failures WHERE source_id = ?`,
        sourceId,
      );
      return r.length > 0 ? r : null;
    });
    expect(alone).toHaveLength(1);
    expect(alone[0]).toMatchObject({ event_count: 1 });
    expect(alone[0]!.error).toMatch(/malformed JSON/i);
    expect(JSON.parse(alone[0]!.body).events.map((e: WireEvent) => e[0])).toEqual([deepId]);

    // Redelivering the original (a retry after a crash) stores nothing twice.
    await deliver('keepwell-ingest', [{ id, body: text, attempts: 2 }]);
    expect((await accountDay(acct, DAY))?.events).toBe(4);
  });

  it('sets two failing events of one message apart and, once the failure clears, counts all events once', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('two-poisons');
    const body = wireBody(sourceId, usageBatch(acct, 10));
    const poisons = [`${acct}-t2`, `${acct}-t7`];
    await env.DB.exec(
      `CREATE TRIGGER fail_two BEFORE INSERT ON events WHEN NEW.message_id IN ('${poisons[0]}', '${poisons[1]}') BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    let result: Awaited<ReturnType<typeof deliver>>;
    try {
      result = await deliver('keepwell-ingest', [{ id: uid('q'), body: JSON.stringify(body) }]);
      expect(await storedCount(sourceId)).toBe(9);
    } finally {
      await env.DB.exec('DROP TRIGGER IF EXISTS fail_two');
    }
    expect(result.explicitAcks).toHaveLength(1);
    expect((await accountDay(acct, DAY))?.events).toBe(8);
    // The two went back to the queue one by one; with the failure gone they land, and nothing counts twice.
    await waitFor(async () => (await accountDay(acct, DAY))?.events === 10, 30_000);
    expect(await storedCount(sourceId)).toBe(11);
    await deliver('keepwell-ingest', [{ id: uid('q'), body: JSON.stringify(body), attempts: 2 }]);
    expect(await accountDay(acct, DAY)).toEqual({
      events: 10,
      active_users: 2,
      active_ms: 300_000,
      features_used: 1,
    });
  });

  it('retries a message whole, without splitting it, when no part of it can be applied (D1 down)', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('outage');
    const message = { id: uid('q'), body: JSON.stringify(wireBody(sourceId, usageBatch(acct, 11))) };
    await env.DB.exec(
      `CREATE TRIGGER fail_all BEFORE INSERT ON events WHEN NEW.source_id = '${sourceId}' BEGIN SELECT RAISE(ABORT, 'd1 down'); END`,
    );
    let result: Awaited<ReturnType<typeof deliver>>;
    try {
      result = await deliver('keepwell-ingest', [message]);
    } finally {
      await env.DB.exec('DROP TRIGGER IF EXISTS fail_all');
    }
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual([message.id]);
    expect(await failureRow(message.id)).toMatchObject({ status: 'retrying', event_count: 12 });
    // Nothing was re-enqueued: with the failure gone, no event arrives until the message itself is retried.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await storedCount(sourceId)).toBe(0);
    const retry = await deliver('keepwell-ingest', [{ ...message, attempts: 2 }]);
    expect(retry.explicitAcks).toEqual([message.id]);
    expect((await accountDay(acct, DAY))?.events).toBe(11);
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
    const detail = await getAccountDetail(db, acct, '2026-11-01', DAY);
    expect(detail?.usage).toEqual([expect.objectContaining({ feature: 'Report Run', users: 3 })]);
    const activity = await accountActivity(db, detail!.id, 30, DAY);
    expect(activity.modules).toEqual([expect.objectContaining({ events: 6, users: 3 })]);
  });
});
