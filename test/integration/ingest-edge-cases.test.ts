import { describe, expect, it } from 'vitest';
import {
  accountDay,
  admin,
  createSource,
  deliverQueue,
  getAccount,
  ingest,
  rows,
  uid,
  waitFor,
} from './helpers';

// The review's reproductions of "a 200 that loses events" (issue 10, items 1-3): each odd message is sent
// beside good ones through /v1/batch; the good ones must be stored and counted once, and the odd one is either
// rejected in the 200 body or stored too.

type BatchBody = {
  success: boolean;
  accepted: number;
  rejected: { index: number; code: string; message: string }[];
};
type ErrorBody = { error: { code: string; message: string; requestId: string; issues?: { code: string }[] } };

const TS = new Date(Date.now() - 3_600_000).toISOString();
const DAY = TS.slice(0, 10);

/** `{ a: { a: … {} } }` with `levels` objects, as JSON text (built without JSON.stringify, which overflows). */
const nestedJson = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;

/** Two tracked events and a group call of account `acct`, each with a messageId. */
function goodMessages(acct: string) {
  return [
    { type: 'group', userId: `${acct}-u`, groupId: acct, traits: { name: 'Good Co' }, messageId: uid('g') },
    ...[1, 2].map(() => ({
      type: 'track',
      event: 'Edge Case',
      userId: `${acct}-u`,
      timestamp: TS,
      context: { groupId: acct },
      messageId: uid('t'),
    })),
  ];
}

/** POSTs `{ batch: [...] }` as raw JSON text (the deep values are spliced in as text). */
async function sendBatch(writeKey: string, parts: string[]) {
  const res = await ingest('/v1/batch', writeKey, `{"batch":[${parts.join(',')}]}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<BatchBody>();
}

async function storedIds(ids: string[]) {
  const found = await rows<{ message_id: string }>(
    `SELECT message_id FROM events WHERE message_id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(ids),
  );
  return found.map((r) => r.message_id).sort();
}

/** Waits until the good messages are stored, then checks the account's day counts each of them once. */
async function expectGoodStoredOnce(acct: string, good: { messageId: string }[]) {
  const ids = good.map((m) => m.messageId);
  await waitFor(async () => (await storedIds(ids)).length === ids.length);
  expect(await storedIds(ids)).toEqual([...ids].sort());
  expect((await accountDay(acct, DAY))?.events).toBe(2);
}

describe('ingest: an odd message beside good ones', () => {
  it('clamps an absurd clock skew (0001 vs 9999) to 2000-01-01 and stores every event', async () => {
    const { writeKey } = await createSource();
    const acct = uid('skew');
    const good = goodMessages(acct);
    const odd = {
      type: 'track',
      event: 'Skewed',
      userId: `${acct}-u`,
      originalTimestamp: '0001-01-01T00:00:00Z',
      sentAt: '9999-12-31T00:00:00Z',
      messageId: uid('odd'),
    };
    const body = await sendBatch(
      writeKey,
      [good[0], odd, ...good.slice(1)].map((m) => JSON.stringify(m)),
    );
    expect(body).toEqual({ success: true, accepted: 4, rejected: [] });
    await expectGoodStoredOnce(acct, good);
    const [stored] = await rows<{ day: string; ts: number }>(
      'SELECT day, ts FROM events WHERE message_id = ?',
      odd.messageId,
    );
    expect(stored).toEqual({ day: '2000-01-01', ts: Date.UTC(2000, 0, 1) });
  });

  it('rejects group traits nested 1,100 deep as TOO_DEEP in the 200 body and stores the rest', async () => {
    const { writeKey } = await createSource();
    const acct = uid('deep-traits');
    const good = goodMessages(acct);
    const odd = `{"type":"group","userId":"${acct}-u","groupId":"${acct}","messageId":"${uid('odd')}","traits":${nestedJson(1100)}}`;
    const body = await sendBatch(writeKey, [
      JSON.stringify(good[0]),
      odd,
      ...good.slice(1).map((m) => JSON.stringify(m)),
    ]);
    expect(body.accepted).toBe(3);
    expect(body.rejected).toEqual([
      { index: 1, code: 'TOO_DEEP', message: 'traits: nested deeper than 64 levels', path: ['traits'] },
    ]);
    await expectGoodStoredOnce(acct, good);
    expect((await getAccount(acct))?.name).toBe('Good Co');
  });

  it('rejects properties nested 8,000 deep with a timestamp (no messageId) per message, not 503', async () => {
    const { writeKey } = await createSource();
    const acct = uid('deep-props');
    const good = goodMessages(acct);
    // Over 32 KB, no messageId, a timestamp: every JSON.stringify of the old path (size check, content hash,
    // enqueue) met it.
    const odd = `{"type":"track","event":"Deep","userId":"${acct}-u","timestamp":"${TS}","properties":${nestedJson(8000)}}`;
    const body = await sendBatch(writeKey, [...good.map((m) => JSON.stringify(m)), odd]);
    expect(body.accepted).toBe(3);
    expect(body.rejected.map((r) => [r.index, r.code])).toEqual([[3, 'TOO_DEEP']]);
    await expectGoodStoredOnce(acct, good);
  });

  it('answers 400 TOO_DEEP for a single deep message, 1,000 and 10,000 levels, and stores nothing', async () => {
    const { writeKey } = await createSource();
    for (const levels of [1000, 10_000]) {
      const messageId = uid('deep-single');
      const res = await ingest(
        '/v1/track',
        writeKey,
        `{"event":"Deep","userId":"u1","messageId":"${messageId}","timestamp":"${TS}","properties":${nestedJson(levels)}}`,
      );
      expect(res.status).toBe(400);
      const error = (await res.json<ErrorBody>()).error;
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ code: 'TOO_DEEP' }] });
      expect(error.requestId).toBeTruthy();
    }
  });

  it('rejects a lone surrogate in an id or a trait as INVALID_UNICODE and stores the rest', async () => {
    const { writeKey } = await createSource();
    const acct = uid('surrogate');
    const good = goodMessages(acct);
    const odd = [
      { type: 'group', userId: `${acct}-u`, groupId: `${acct}-\uD800`, traits: { name: 'Broken' } },
      { type: 'identify', userId: `${acct}-\uDC00` },
      { type: 'group', userId: `${acct}-u`, groupId: acct, traits: { name: 'cut \uD83D' } },
      { type: 'track', event: 'E\u0000', userId: `${acct}-u` },
    ].map((m) => ({ ...m, messageId: uid('odd') }));
    const body = await sendBatch(
      writeKey,
      [...good, ...odd].map((m) => JSON.stringify(m)),
    );
    expect(body.accepted).toBe(3);
    expect(body.rejected.map((r) => [r.index, r.code])).toEqual([
      [3, 'INVALID_UNICODE'],
      [4, 'INVALID_UNICODE'],
      [5, 'INVALID_UNICODE'],
      [6, 'INVALID_UNICODE'],
    ]);
    await expectGoodStoredOnce(acct, good);
    expect(await storedIds(odd.map((m) => m.messageId))).toEqual([]);
    expect((await getAccount(acct))?.name).toBe('Good Co');
  });

  it('stores ids and names in any script, emoji and control characters byte-exact, readable back by id', async () => {
    const { writeKey } = await createSource();
    const acct = `${uid('unicode')}-株式会社-🚀-\u0001-\uFFFD`;
    const user = `用户-👩‍💻-${uid('u')}`;
    const name = '北京 «Acme» 🚀\u0007 \uFFFF';
    const messageId = uid('uni');
    const res = await ingest('/v1/batch', writeKey, {
      batch: [
        { type: 'group', userId: user, groupId: acct, traits: { name, '键 🔑': '值\u0001' }, messageId },
        { type: 'track', event: '报告 ✓', userId: user, context: { groupId: acct }, messageId: uid('uni-t') },
      ],
    });
    expect(await res.json()).toMatchObject({ accepted: 2, rejected: [] });
    const account = await waitFor(async () => {
      const a = await getAccount(acct);
      return a && a.users.total === 1 ? a : null;
    });
    expect(account).toMatchObject({ externalId: acct, name, traits: { name, '键 🔑': '值\u0001' } });
    const [event] = await rows<{ name: string; hex: string }>(
      `SELECT e.name, hex(u.external_id) AS hex FROM events e JOIN users u ON u.id = e.user_id
       WHERE e.user_id = (SELECT id FROM users WHERE external_id = ?) AND e.type = 'track'`,
      user,
    );
    expect(event?.name).toBe('报告 ✓');
    const utf8 = [...new TextEncoder().encode(user)].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(event?.hex.toLowerCase()).toBe(utf8);
  });

  it('maps no out-of-range renewal date into the account and keeps it verbatim in traits', async () => {
    const { writeKey } = await createSource();
    const acct = uid('far-date');
    const res = await ingest('/v1/group', writeKey, {
      userId: `${acct}-u`,
      groupId: acct,
      traits: { name: 'Far', renewalDate: '+275760-09-13', contractStart: '-000001-01-01', seats: 1e308 },
    });
    expect(res.status).toBe(200);
    const account = await waitFor(() => getAccount(acct));
    expect(account).toMatchObject({ renewalDate: null, contractStartDate: null, seats: null });
    expect(account.traits).toEqual({
      name: 'Far',
      renewalDate: '+275760-09-13',
      contractStart: '-000001-01-01',
      seats: 1e308,
    });
  });
});

describe('ingest paths named like Object.prototype members', () => {
  for (const path of [
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '__defineGetter__',
  ]) {
    it(`answers 404 for POST /v1/${path}`, async () => {
      const { writeKey } = await createSource();
      const res = await ingest(`/v1/${path}`, writeKey, { type: 'track', event: 'E', userId: 'u1' });
      expect(res.status).toBe(404);
      expect((await res.json<ErrorBody>()).error.code).toBe('NOT_FOUND');
    });
  }
});

describe('ingest failure replay', () => {
  it('answers 409, not 500, for a dead message whose body is not JSON', async () => {
    const id = uid('not-json');
    await deliverQueue('keepwell-ingest', [{ id, body: '{"v":2,' }]);
    const { items } = await (await admin('/api/ingest/failures?status=dead')).json<{
      items: { id: number; queueMessageId: string }[];
    }>();
    const dead = items.find((f) => f.queueMessageId === id);
    const res = await admin(`/api/ingest/failures/${dead!.id}/replay`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect((await res.json<ErrorBody>()).error.code).toBe('CONFLICT');
  });
});
