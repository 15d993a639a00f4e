import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app';
import { holdDelivery } from '../../worker/ingest/delivery-hold';
import { ADMIN_TOKEN, basic, createSource, rows, uid, waitFor } from './helpers';

// The benchmark's queue hold, called through the app with BENCH_ROUTES set for this test only (the
// Worker under test never has it). The hold is per isolate: these requests and their enqueues run here.
const app = createApp();
const benchEnv = { ...env, BENCH_ROUTES: '1' };

const hold = (holdMs: unknown, authorization?: string, e: object = benchEnv) =>
  app.request(
    '/v1/bench/hold',
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(authorization ? { Authorization: authorization } : {}),
      },
      body: JSON.stringify({ holdMs }),
    },
    e,
  );

afterEach(() => holdDelivery(0));

describe('POST /v1/bench/hold (benchmark only)', () => {
  it('does not exist without BENCH_ROUTES', async () => {
    const res = await hold(1000, `Bearer ${ADMIN_TOKEN}`, env);
    expect(res.status).toBe(404);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe('NOT_FOUND');
  });

  it('needs an admin: no credentials and a write key get 401', async () => {
    const { writeKey } = await createSource();
    expect((await hold(1000)).status).toBe(401);
    expect((await hold(1000, basic(writeKey))).status).toBe(401);
  });

  it('validates the hold', async () => {
    for (const bad of [-1, 1.5, '1000', 600_001]) {
      const res = await hold(bad, `Bearer ${ADMIN_TOKEN}`);
      expect(res.status).toBe(400);
    }
  });

  it('holds delivery of events queued during the hold, then they are stored once', async () => {
    const { writeKey } = await createSource();
    const res = await hold(4_000, `Bearer ${ADMIN_TOKEN}`);
    expect(res.status).toBe(200);
    const { holdUntil } = await res.json<{ holdUntil: number }>();
    expect(holdUntil).toBeGreaterThan(Date.now());
    const messageId = uid('held');
    const sent = await app.request(
      '/v1/track',
      {
        method: 'POST',
        headers: { Authorization: basic(writeKey) },
        body: JSON.stringify({ event: 'Held', userId: 'u-held', messageId }),
      },
      benchEnv,
    );
    expect(sent.status).toBe(200);
    const count = async () =>
      (await rows<{ n: number }>('SELECT count(*) AS n FROM events WHERE message_id = ?', messageId))[0]!.n;
    // Without the hold the consumer (1 s batch timeout) stores it within about 1 s.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await count()).toBe(0);
    await waitFor(async () => (await count()) === 1, 15_000);
  });
});
