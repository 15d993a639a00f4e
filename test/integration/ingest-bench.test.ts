import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app';
import { holdDelivery } from '../../worker/bench/delivery-hold';
import benchWorker from '../../worker/bench/index';
import { ADMIN_TOKEN, basic, createSource, rows, uid, waitFor } from './helpers';

// The benchmark's entry (worker/bench/index.ts), called in this isolate: the hold is per isolate, so these
// requests and their enqueues run here; the Worker under test (worker/index.ts) consumes the queue.
const bench = (path: string, init: RequestInit) =>
  benchWorker.fetch(new Request(`https://bench.test${path}`, init), env, createExecutionContext());

const hold = (holdMs: unknown, authorization?: string) =>
  bench('/v1/bench/hold', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(authorization ? { Authorization: authorization } : {}),
    },
    body: JSON.stringify({ holdMs }),
  });

afterEach(() => holdDelivery(0));

describe('the production app', () => {
  it('serves neither /v1/noop nor /v1/bench/hold', async () => {
    const app = createApp();
    for (const path of ['/v1/noop', '/v1/bench/hold']) {
      for (const method of ['GET', 'POST']) {
        const res = await app.request(
          path,
          {
            method,
            headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
            ...(method === 'POST' ? { body: JSON.stringify({ holdMs: 1000 }) } : {}),
          },
          env,
        );
        expect(res.status, `${method} ${path}`).toBe(404);
        expect((await res.json<{ error: { code: string } }>()).error.code).toBe('NOT_FOUND');
      }
    }
  });
});

describe('POST /v1/noop (bench entry)', () => {
  it('parses the body like the ingest routes and does nothing else', async () => {
    const ok = await bench('/v1/noop', { method: 'POST', body: JSON.stringify({ batch: [] }) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ success: true });
    const bad = await bench('/v1/noop', { method: 'POST', body: '{' });
    expect(bad.status).toBe(400);
    expect((await bad.json<{ error: { code: string } }>()).error.code).toBe('INVALID_JSON');
  });
});

describe('POST /v1/bench/hold (bench entry)', () => {
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
    // Any other path goes to the production Worker, with the ingest queue binding wrapped by the hold.
    const sent = await bench('/v1/track', {
      method: 'POST',
      headers: { Authorization: basic(writeKey) },
      body: JSON.stringify({ event: 'Held', userId: 'u-held', messageId }),
    });
    expect(sent.status).toBe(200);
    const count = async () =>
      (await rows<{ n: number }>('SELECT count(*) AS n FROM events WHERE message_id = ?', messageId))[0]!.n;
    // Without the hold the consumer (1 s batch timeout) stores it within about 1 s.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await count()).toBe(0);
    await waitFor(async () => (await count()) === 1, 15_000);
  });
});
