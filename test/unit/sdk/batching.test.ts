import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { heldReply, makeClient } from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-03-01T12:00:00.000Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('batching', () => {
  it('sends one batch as soon as flushAt messages are queued', async () => {
    const { client, server } = makeClient({ flushAt: 3 });
    client.track('a');
    client.track('b');
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests).toHaveLength(0);

    client.track('c');
    await vi.advanceTimersByTimeAsync(0);
    expect(server.batches()).toEqual([['a', 'b', 'c']]);
  });

  it('sends a partial batch flushInterval ms after the first queued message', async () => {
    const { client, server } = makeClient({ flushInterval: 5000 });
    client.track('a');
    await vi.advanceTimersByTimeAsync(3000);
    client.track('b');
    await vi.advanceTimersByTimeAsync(1999);
    expect(server.requests).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(1);
    expect(server.batches()).toEqual([['a', 'b']]);
    expect(server.requests[0]?.atMs).toBe(Date.parse('2025-03-01T12:00:05.000Z'));
  });

  it('uses the injected setTimeout/clearTimeout for the flush timer', async () => {
    const pending: { callback: () => void; delayMs: number }[] = [];
    const { client, server } = makeClient({
      flushInterval: 7000,
      setTimeout: (callback, delayMs) => pending.push({ callback, delayMs }),
      clearTimeout: () => {},
    });
    client.track('a');
    client.track('b');
    expect(pending.map((timer) => timer.delayMs)).toEqual([7000]);
    expect(server.requests).toHaveLength(0);

    pending[0]?.callback();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.batches()).toEqual([['a', 'b']]);
  });

  it('keeps one request in flight and queues messages that arrive meanwhile', async () => {
    const { client, server } = makeClient({ flushAt: 1 });
    const held = heldReply();
    server.reply(held.reply);
    client.track('a');
    client.track('b');
    client.track('c');
    await vi.advanceTimersByTimeAsync(0);
    expect(server.batches()).toEqual([['a']]);
    expect(client.pending).toBe(2);

    held.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.batches()).toEqual([['a'], ['b', 'c']]);
  });

  it('drops the oldest message when the queue is full, counts it and reports it', async () => {
    const { client, server, errors } = makeClient({ maxQueueSize: 3, flushAt: 100 });
    for (const event of ['e1', 'e2', 'e3', 'e4', 'e5']) client.track(event);

    expect(client.dropped).toBe(2);
    expect(errors.map((error) => [error.code, error.messages.map((m) => m.event)])).toEqual([
      ['QUEUE_OVERFLOW', ['e1']],
      ['QUEUE_OVERFLOW', ['e2']],
    ]);
    await client.flush();
    expect(server.batches()).toEqual([['e3', 'e4', 'e5']]);
  });

  it('drops a message over 32 KiB with MESSAGE_TOO_LARGE and still sends one just under it', async () => {
    const { client, server, errors } = makeClient();
    client.track('huge', { blob: 'x'.repeat(33 * 1024) });
    client.track('big', { blob: 'x'.repeat(31 * 1024) });
    await client.flush();

    expect(errors.map((error) => [error.code, error.messages[0]?.event])).toEqual([
      ['MESSAGE_TOO_LARGE', 'huge'],
    ]);
    expect(client.dropped).toBe(1);
    expect(server.batches()).toEqual([['big']]);
  });

  it('reports a message that cannot be serialised instead of throwing', async () => {
    const { client, server, errors } = makeClient();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => client.track('cyclic', cyclic)).not.toThrow();
    client.track('fine');
    await client.flush();
    expect(errors.map((error) => error.code)).toEqual(['INVALID_MESSAGE']);
    expect(server.batches()).toEqual([['fine']]);
  });

  it('keeps each request body under 500 KB, in order and without losing messages', async () => {
    const { client, server } = makeClient({ flushAt: 100 });
    for (let i = 0; i < 40; i++) client.track(`e${i}`, { blob: 'é'.repeat(15_000) }); // ~30 KB UTF-8 each
    await client.flush();

    expect(server.requests.length).toBeGreaterThan(1);
    for (const request of server.requests) {
      expect(new TextEncoder().encode(request.raw).length).toBeLessThan(500_000);
    }
    expect(server.batches().flat()).toEqual(Array.from({ length: 40 }, (_, i) => `e${i}`));
  });

  it('does not send a request when flushing an empty queue', async () => {
    const { client, server } = makeClient();
    await client.flush();
    expect(server.requests).toHaveLength(0);
  });

  it('close() sends what is queued, leaves no timer behind and rejects later calls', async () => {
    const { client, server, errors } = makeClient();
    client.track('a');
    expect(vi.getTimerCount()).toBe(1);
    await client.close();

    expect(server.batches()).toEqual([['a']]);
    expect(vi.getTimerCount()).toBe(0);
    client.track('late');
    expect(vi.getTimerCount()).toBe(0);
    expect(errors.map((error) => error.code)).toEqual(['CLIENT_CLOSED']);
    expect(client.dropped).toBe(1);
  });

  it('a throwing onError does not stop delivery', async () => {
    const { client, server } = makeClient({
      maxQueueSize: 1,
      onError: () => {
        throw new Error('handler bug');
      },
    });
    client.track('a');
    client.track('b');
    await client.flush();
    expect(server.batches()).toEqual([['b']]);
  });
});
