import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffMs, parseRetryAfterMs } from '../../../sdk/src/retry';
import { accepted, makeClient, networkError, status } from './fakes';

const T0_MS = Date.parse('2025-03-01T12:00:00.000Z');

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0_MS);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Milliseconds between consecutive requests. */
const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => t - times[i]!);

describe('retries', () => {
  it('retries a 500 with exponential backoff and an X-Retry-Count header', async () => {
    const { client, server, errors } = makeClient({ backoffBaseMs: 500 });
    server.reply(status(500), status(503));
    client.track('a');
    void client.flush();

    await vi.advanceTimersByTimeAsync(499);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.requests).toHaveLength(3);

    expect(gaps(server.requests.map((r) => r.atMs))).toEqual([500, 1000]);
    expect(server.requests.map((r) => r.headers['x-retry-count'])).toEqual([undefined, '1', '2']);
    expect(errors).toEqual([]);
    expect(client.dropped).toBe(0);
  });

  it('retries a network error', async () => {
    const { client, server, errors } = makeClient();
    server.reply(networkError);
    client.track('a');
    await vi.runAllTimersAsync();
    expect(server.batches()).toEqual([['a'], ['a']]);
    expect(errors).toEqual([]);
  });

  it('sends byte-identical bodies, hence the same messageIds, on every retry', async () => {
    const { client, server } = makeClient();
    server.reply(status(500), networkError, status(429));
    client.track('a');
    client.identify('user_1');
    void client.flush();
    await vi.advanceTimersByTimeAsync(60_000);

    expect(server.requests).toHaveLength(4);
    const ids = server.requests.map((r) => r.body.batch.map((m) => m.messageId).join());
    expect(new Set(ids).size).toBe(1);
    expect(new Set(server.requests.map((r) => r.raw)).size).toBe(1);
  });

  it('keeps backoff jitter between half and all of the exponential cap, never above backoffMaxMs', () => {
    expect([0, 0.5, 0.999].map((r) => backoffMs(1, 500, 30_000, () => r))).toEqual([250, 375, 499.75]);
    expect(backoffMs(4, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffMs(10, 500, 30_000, () => 1)).toBe(30_000);
  });

  it('waits at least backoffBaseMs/2 with real jitter', async () => {
    const { client, server } = makeClient({ random: Math.random, backoffBaseMs: 1000 });
    server.reply(status(500));
    client.track('a');
    void client.flush();
    await vi.advanceTimersByTimeAsync(499);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(501);
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After seconds on 429: the next attempt is not earlier than the given delay', async () => {
    const { client, server } = makeClient({ backoffBaseMs: 500 });
    server.reply(status(429, { 'Retry-After': '3' }));
    client.track('a');
    void client.flush();

    await vi.advanceTimersByTimeAsync(2999);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.atMs - server.requests[0]!.atMs).toBe(3000);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const { client, server } = makeClient();
    server.reply(status(503, { 'Retry-After': new Date(T0_MS + 8000).toUTCString() }));
    client.track('a');
    void client.flush();

    await vi.advanceTimersByTimeAsync(7999);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests.map((r) => r.atMs - T0_MS)).toEqual([0, 8000]);
  });

  it('does not retry a 400: drops the batch, reports it and carries on with later messages', async () => {
    const { client, server, errors } = makeClient();
    server.reply(status(400));
    client.track('a');
    client.track('b');
    await client.flush();
    await vi.runAllTimersAsync();
    expect(server.requests).toHaveLength(1);
    expect(errors.map((e) => [e.code, e.status, e.messages.map((m) => m.event)])).toEqual([
      ['REQUEST_REJECTED', 400, ['a', 'b']],
    ]);
    expect(client.dropped).toBe(2);

    client.track('c');
    await client.flush();
    expect(server.batches()).toEqual([['a', 'b'], ['c']]);
  });

  it('gives up after maxRetries retries, drops and reports the batch', async () => {
    const { client, server, errors } = makeClient({ maxRetries: 2 });
    server.reply(status(503), status(503), status(503), status(503));
    client.track('a');
    const flushed = client.flush();
    await vi.runAllTimersAsync();
    await flushed;
    expect(server.requests).toHaveLength(3);
    expect(errors.map((e) => [e.code, e.status])).toEqual([['RETRIES_EXHAUSTED', 503]]);
    expect(client.dropped).toBe(1);
  });

  it('queues messages that arrive during backoff and sends them after the retried batch', async () => {
    const { client, server } = makeClient({ flushAt: 1 });
    server.reply(status(500));
    client.track('a');
    await vi.advanceTimersByTimeAsync(100);
    client.track('b');
    await vi.advanceTimersByTimeAsync(100);
    expect(server.batches()).toEqual([['a']]);
    await vi.advanceTimersByTimeAsync(400);
    expect(server.batches()).toEqual([['a'], ['a'], ['b']]);
  });

  it("reports the server's per-message rejections without retrying or counting them as dropped", async () => {
    const { client, server, errors } = makeClient();
    server.reply(() => accepted([{ index: 1, code: 'INVALID_EVENT', message: 'event is required' }]));
    client.track('good');
    const badId = client.track('bad');
    await client.flush();
    await vi.runAllTimersAsync();

    expect(server.requests).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'MESSAGE_REJECTED',
      rejection: { index: 1, code: 'INVALID_EVENT', message: 'event is required' },
    });
    expect(errors[0]?.messages.map((m) => m.messageId)).toEqual([badId]);
    expect(client.dropped).toBe(0);
  });

  it('treats a 200 without a JSON body as success', async () => {
    const { client, server, errors } = makeClient();
    server.reply(() => new Response(null, { status: 200 }));
    client.track('a');
    await client.flush();
    expect(server.requests).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads delay-seconds, HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfterMs('120', 0)).toBe(120_000);
    expect(parseRetryAfterMs('0.5', 0)).toBe(500);
    expect(parseRetryAfterMs('Sat, 01 Mar 2025 12:00:10 GMT', T0_MS)).toBe(10_000);
    expect(parseRetryAfterMs('Sat, 01 Mar 2025 11:00:00 GMT', T0_MS)).toBe(0);
    expect(parseRetryAfterMs('soon', T0_MS)).toBeUndefined();
    expect(parseRetryAfterMs('', T0_MS)).toBeUndefined();
    expect(parseRetryAfterMs(null, T0_MS)).toBeUndefined();
  });
});
