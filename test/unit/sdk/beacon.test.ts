import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeepwell } from '../../../sdk/src/index';
import {
  decodeBeacon,
  FakeDocument,
  fakeNavigator,
  fakeServer,
  heldReply,
  makeClient,
  networkError,
} from './fakes';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-03-01T12:00:00.000Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('flush on page hide', () => {
  it('sends the queue by sendBeacon, with the write key in the body, when the page becomes hidden', async () => {
    const document = new FakeDocument();
    const { navigator, beacons } = fakeNavigator();
    const { client, server } = makeClient({ document, navigator });
    client.identify('user_1');
    client.track('Closed Tab');

    document.setVisibility('hidden');

    expect(beacons).toHaveLength(1);
    expect(beacons[0]?.url).toBe('https://kw.test/v1/batch');
    expect(beacons[0]?.blob.type).toBe('text/plain');
    const body = await decodeBeacon(beacons[0]!.blob);
    expect(body.writeKey).toBe('wk_test_123');
    expect(body.sentAt).toBe('2025-03-01T12:00:00.000Z');
    expect(body.batch.map((m) => [m.type, m.userId])).toEqual([
      ['identify', 'user_1'],
      ['track', 'user_1'],
    ]);
    expect(client.pending).toBe(0);
    await vi.runAllTimersAsync();
    expect(server.requests).toHaveLength(0);
  });

  it('does nothing when visibility changes to visible', () => {
    const document = new FakeDocument();
    const { navigator, beacons } = fakeNavigator();
    const { client } = makeClient({ document, navigator });
    client.track('a');
    document.setVisibility('visible');
    expect(beacons).toHaveLength(0);
    expect(client.pending).toBe(1);
  });

  it('also sends on pagehide, which fires on the window', async () => {
    const window = new EventTarget();
    const { navigator, beacons } = fakeNavigator();
    const { client } = makeClient({ document: new FakeDocument(), window, navigator });
    client.track('a');
    window.dispatchEvent(new Event('pagehide'));
    expect(beacons).toHaveLength(1);
    expect((await decodeBeacon(beacons[0]!.blob)).batch.map((m) => m.event)).toEqual(['a']);
  });

  it('falls back to fetch with keepalive and no Authorization header when sendBeacon is absent', async () => {
    const document = new FakeDocument();
    const { client, server } = makeClient({ document, navigator: {} });
    client.track('a');
    document.setVisibility('hidden');

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.init.keepalive).toBe(true);
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body.writeKey).toBe('wk_test_123');
    expect(request?.body.batch.map((m) => m.event)).toEqual(['a']);
  });

  it('falls back to keepalive fetch when sendBeacon refuses the payload', () => {
    const document = new FakeDocument();
    const { navigator, beacons } = fakeNavigator(false);
    const { client, server } = makeClient({ document, navigator });
    client.track('a');
    document.setVisibility('hidden');
    expect(beacons).toHaveLength(1);
    expect(server.requests.map((r) => [r.init.keepalive, r.body.batch.length])).toEqual([[true, 1]]);
  });

  it('splits into bodies under 64 KB, since browsers refuse larger keepalive payloads', async () => {
    const document = new FakeDocument();
    const { client, server } = makeClient({ document, navigator: {}, flushAt: 100 });
    for (let i = 0; i < 10; i++) client.track(`e${i}`, { blob: 'x'.repeat(20_000) });
    document.setVisibility('hidden');

    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    for (const request of server.requests) {
      expect(new TextEncoder().encode(request.raw).length).toBeLessThan(64 * 1024);
    }
    expect(server.batches().flat()).toEqual(Array.from({ length: 10 }, (_, i) => `e${i}`));
  });

  it('puts messages back in the queue when the keepalive fetch fails, and sends them later', async () => {
    const document = new FakeDocument();
    const { client, server } = makeClient({ document, navigator: {} });
    server.reply(networkError);
    client.track('a');
    document.setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(0);
    expect(client.pending).toBe(1);

    await client.flush();
    expect(server.requests.map((r) => [r.init.keepalive ?? false, r.body.batch.map((m) => m.event)])).toEqual(
      [
        [true, ['a']],
        [false, ['a']],
      ],
    );
  });

  it('includes the batch still in flight once, since the page may kill that request', async () => {
    const document = new FakeDocument();
    const window = new EventTarget();
    const { navigator, beacons } = fakeNavigator();
    const { client, server } = makeClient({ document, window, navigator, flushAt: 1 });
    const held = heldReply();
    server.reply(held.reply);
    const inFlightId = client.track('in flight');
    await vi.advanceTimersByTimeAsync(0);
    client.track('queued');

    document.setVisibility('hidden');
    window.dispatchEvent(new Event('pagehide'));

    expect(beacons).toHaveLength(1);
    const body = await decodeBeacon(beacons[0]!.blob);
    expect(body.batch.map((m) => m.event)).toEqual(['in flight', 'queued']);
    expect(body.batch[0]?.messageId).toBe(inFlightId);
    held.resolve();
  });

  it('stops listening after close()', async () => {
    const document = new FakeDocument();
    const { navigator, beacons } = fakeNavigator();
    const { client } = makeClient({ document, navigator });
    await client.close();
    document.setVisibility('hidden');
    expect(beacons).toHaveLength(0);
  });

  it('works in Node, where document and sendBeacon do not exist', async () => {
    expect(globalThis.document).toBeUndefined();
    const server = fakeServer();
    const client = createKeepwell({ writeKey: 'wk', host: 'https://kw.test', fetch: server.fetch });
    client.track('server side', {}, { userId: 'user_1' });
    await client.close();
    expect(server.batches()).toEqual([['server side']]);
  });
});
