import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../../sdk/src/index';
import { makeClient } from './fakes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const T0 = new Date('2025-03-01T12:00:00.000Z');

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('wire format', () => {
  it('POSTs JSON to {host}/v1/batch with Basic auth of the write key and an empty password', async () => {
    const { client, server } = makeClient({ host: 'https://kw.test/' });
    client.track('Signed Up');
    await client.flush();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.url).toBe('https://kw.test/v1/batch');
    expect(request?.init.method).toBe('POST');
    expect(request?.headers.authorization).toBe('Basic d2tfdGVzdF8xMjM6'); // base64('wk_test_123:')
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-retry-count']).toBeUndefined();
    expect(request?.body.writeKey).toBeUndefined();
  });

  it('encodes a non-ASCII write key as UTF-8 before base64', async () => {
    const { client, server } = makeClient({ writeKey: 'clé' });
    client.track('x');
    await client.flush();
    expect(server.requests[0]?.headers.authorization).toBe('Basic Y2zDqTo=');
  });

  it('sends { batch, sentAt } with each message stamped at call time, in call order', async () => {
    const { client, server } = makeClient();
    client.track('First');
    vi.advanceTimersByTime(1500);
    client.track('Second');
    vi.setSystemTime(new Date('2025-03-01T12:00:05.000Z'));
    await client.flush();

    const body = server.requests[0]?.body;
    expect(Object.keys(body ?? {}).sort()).toEqual(['batch', 'sentAt']);
    expect(body?.sentAt).toBe('2025-03-01T12:00:05.000Z');
    expect(body?.batch.map((m) => [m.event, m.timestamp])).toEqual([
      ['First', '2025-03-01T12:00:00.000Z'],
      ['Second', '2025-03-01T12:00:01.500Z'],
    ]);
    const [first, second] = body?.batch ?? [];
    expect(first?.messageId).toMatch(UUID);
    expect(second?.messageId).toMatch(UUID);
    expect(first?.messageId).not.toBe(second?.messageId);
    expect(first?.context.library).toEqual({ name: 'keepwell-sdk', version: SDK_VERSION });
  });

  it('gives each call type the fields Segment defines', async () => {
    const { client, server } = makeClient();
    client.identify('user_1', { email: 'ada@example.com' });
    client.group('acct_9', { plan: 'pro' });
    client.track('Report Exported', { format: 'csv' });
    client.page('Dashboard', { path: '/dash' });
    client.page();
    await client.flush();

    const [identify, group, track, page, bare] = server.requests[0]?.body.batch ?? [];
    expect(identify).toMatchObject({
      type: 'identify',
      userId: 'user_1',
      traits: { email: 'ada@example.com' },
    });
    expect(group).toMatchObject({ type: 'group', groupId: 'acct_9', traits: { plan: 'pro' } });
    expect(track).toMatchObject({ type: 'track', event: 'Report Exported', properties: { format: 'csv' } });
    expect(page).toMatchObject({ type: 'page', name: 'Dashboard', properties: { path: '/dash' } });
    expect(bare).toMatchObject({ type: 'page', properties: {} });
    expect(bare).not.toHaveProperty('name');
  });

  it('returns the messageId it assigned', async () => {
    const { client, server } = makeClient();
    const id = client.track('x');
    await client.flush();
    expect(server.requests[0]?.body.batch[0]?.messageId).toBe(id);
  });
});

describe('identity', () => {
  it('generates one anonymousId for anonymous calls and keeps it after identify so the two can be linked', async () => {
    const { client, server } = makeClient();
    client.track('Visited');
    client.identify('user_1');
    client.track('Clicked');
    await client.flush();

    const [visited, identify, clicked] = server.requests[0]?.body.batch ?? [];
    expect(visited?.anonymousId).toMatch(UUID);
    expect(visited).not.toHaveProperty('userId');
    expect(identify).toMatchObject({ userId: 'user_1', anonymousId: visited?.anonymousId });
    expect(clicked).toMatchObject({ userId: 'user_1', anonymousId: visited?.anonymousId });
  });

  it('sends only userId when a client was given a userId and never made an anonymous call', async () => {
    const { client, server } = makeClient({ userId: 'user_7' });
    client.track('x');
    await client.flush();
    expect(server.requests[0]?.body.batch[0]?.userId).toBe('user_7');
    expect(server.requests[0]?.body.batch[0]).not.toHaveProperty('anonymousId');
  });

  it('attaches the groupId from group() as context.groupId of later track and page calls only', async () => {
    const { client, server } = makeClient();
    client.track('Before');
    client.group('acct_9');
    client.track('After');
    client.page('Home');
    client.identify('user_1');
    await client.flush();

    const [before, group, after, page, identify] = server.requests[0]?.body.batch ?? [];
    expect(before?.context).not.toHaveProperty('groupId');
    expect(group?.groupId).toBe('acct_9');
    expect(after?.context.groupId).toBe('acct_9');
    expect(page?.context.groupId).toBe('acct_9');
    expect(identify?.context).not.toHaveProperty('groupId');
  });

  it('uses a per-call userId without leaking the remembered identity into that call or the call into later ones', async () => {
    const { client, server } = makeClient();
    client.identify('user_1');
    client.group('acct_1');
    client.track('For someone else', {}, { userId: 'user_2', timestamp: '2024-12-31T00:00:00Z' });
    client.track('Mine');
    await client.flush();

    const [, , other, mine] = server.requests[0]?.body.batch ?? [];
    expect(other).toMatchObject({ userId: 'user_2', timestamp: '2024-12-31T00:00:00.000Z' });
    expect(other).not.toHaveProperty('anonymousId');
    expect(other?.context).not.toHaveProperty('groupId');
    expect(mine).toMatchObject({ userId: 'user_1', context: { groupId: 'acct_1' } });
  });

  it('stamps a call with an unparseable timestamp at call time instead of throwing', async () => {
    const { client, server } = makeClient();
    expect(() => client.track('x', {}, { timestamp: 'not a date' })).not.toThrow();
    await client.flush();
    expect(server.requests[0]?.body.batch[0]?.timestamp).toBe(T0.toISOString());
  });

  it('keeps library in context even when a call passes its own context', async () => {
    const { client, server } = makeClient();
    client.track('x', {}, { context: { ip: '203.0.113.9', library: { name: 'spoof', version: '0' } } });
    await client.flush();
    expect(server.requests[0]?.body.batch[0]?.context).toEqual({
      ip: '203.0.113.9',
      library: { name: 'keepwell-sdk', version: SDK_VERSION },
    });
  });

  it('reset() forgets userId and groupId and starts a new anonymousId', async () => {
    const { client, server } = makeClient();
    client.track('Anonymous');
    client.identify('user_1');
    client.group('acct_1');
    client.reset();
    client.track('After logout');
    await client.flush();

    const batch = server.requests[0]?.body.batch ?? [];
    const [first] = batch;
    const last = batch.at(-1);
    expect(last).not.toHaveProperty('userId');
    expect(last?.context).not.toHaveProperty('groupId');
    expect(last?.anonymousId).toMatch(UUID);
    expect(last?.anonymousId).not.toBe(first?.anonymousId);
  });

  it('falls back to a Math.random UUID v4 when crypto is unavailable', async () => {
    vi.stubGlobal('crypto', undefined);
    const { client, server } = makeClient();
    client.track('x');
    client.track('y');
    await client.flush();
    const [x, y] = server.requests[0]?.body.batch ?? [];
    expect(x?.messageId).toMatch(UUID);
    expect(x?.anonymousId).toMatch(UUID);
    expect(x?.messageId).not.toBe(y?.messageId);
  });

  it('throws when writeKey is missing', () => {
    expect(() => makeClient({ writeKey: '' })).toThrow(/writeKey is required/);
  });
});
