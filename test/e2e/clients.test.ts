import { randomUUID } from 'node:crypto';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import {
  type HTTPFetchFn,
  type HTTPFetchRequest,
  Analytics as SegmentAnalytics,
} from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, sleep, startDevServer, waitFor } from '../support/dev-server.mjs';

// The real Segment and RudderStack Node clients against a real `wrangler dev` (queue consumer and D1
// included). Every count is exact, so a lost or double-counted event fails the test.

interface Source {
  id: string;
  name: string;
  writeKey: string;
}
interface Usage {
  feature: string;
  events: number;
  users: number;
  activeMinutes: number;
}
interface AccountDetail {
  externalId: string;
  name: string;
  plan: string | null;
  seats: number | null;
  arrCents: number | null;
  renewalDate: string | null;
  traits: Record<string, unknown>;
  users: { total: number; activated: number };
  lastSeenAt: string | null;
  usage: (Usage & { name: string; module: string | null; isCore: boolean })[];
}
interface AccountListItem {
  externalId: string;
  name: string;
  plan: string | null;
  seats: number | null;
  arrCents: number | null;
  users: number;
  lastSeenAt: string | null;
}
interface IngestStats {
  rawEvents: number;
  rolledUpEvents: number;
  accounts: number;
  users: number;
  features: number;
  failures: number;
  lastReceivedAt: string | null;
}
/** What the ingest endpoint answered to one client request. */
interface Delivery {
  status: number;
  accepted?: number;
  rejected?: unknown[];
  /** Messages in the request (when the request body is readable, i.e. not gzipped). */
  messages?: number;
  contentEncoding?: string;
}

const POLL = { timeoutMs: 60_000, intervalMs: 300 };
/** Longer than the queue consumer's max_batch_timeout (1 s), with headroom for a slow machine. */
const SETTLE_MS = 3_000;

let server: DevServer;

async function adminJson<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await server.admin(path, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

const createSource = (name: string) =>
  adminJson<Source>('/api/sources', { method: 'POST', body: JSON.stringify({ name }) });
const stats = (sourceId?: string) =>
  adminJson<IngestStats>(`/api/ingest/stats${sourceId ? `?sourceId=${sourceId}` : ''}`);
const account = (externalId: string) =>
  adminJson<AccountDetail>(`/api/accounts/${encodeURIComponent(externalId)}`);

/** Usage reduced to the exact numbers under test, in a stable order. */
const usageOf = (detail: AccountDetail): Usage[] =>
  detail.usage
    .map(({ feature, events, users, activeMinutes }) => ({ feature, events, users, activeMinutes }))
    .sort((a, b) => (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));

/**
 * Polls until the account matches `expected` exactly, then waits past a consumer batch and checks again,
 * so a late duplicate (double counting) also fails.
 */
async function expectAccountSettles(externalId: string, check: (detail: AccountDetail) => void) {
  await waitFor(async () => check(await account(externalId)), {
    ...POLL,
    message: `account ${externalId} did not reach the expected state`,
  });
  await sleep(SETTLE_MS);
  check(await account(externalId));
}

beforeAll(async () => {
  server = await startDevServer();
});

afterAll(async () => {
  await server?.stop();
});

describe('real client libraries → /v1/batch → queue → D1 rollups', () => {
  const sources: Record<'segment' | 'rudder', Source | undefined> = { segment: undefined, rudder: undefined };
  /** Messages each client was asked to send, by source. */
  const sent = { segment: 0, rudder: 0 };
  const segmentRequests: { body: string; headers: Record<string, string> }[] = [];

  it('@segment/analytics-node: identify, group and track land on the account with exact counts', async () => {
    const source = await createSource('e2e segment');
    sources.segment = source;
    const deliveries: Delivery[] = [];
    const errors: unknown[] = [];
    // The library's own HTTP client is fetch; this one only records what the server answered.
    const recordingFetch: HTTPFetchFn = async (url: string, init: HTTPFetchRequest) => {
      segmentRequests.push({ body: init.body, headers: init.headers });
      const res = await fetch(url, init);
      const text = await res.clone().text();
      let body: { accepted?: number; rejected?: unknown[] } = {};
      try {
        body = JSON.parse(text);
      } catch {}
      deliveries.push({
        status: res.status,
        accepted: body.accepted,
        rejected: body.rejected,
        messages: (JSON.parse(init.body) as { batch: unknown[] }).batch.length,
      });
      return res;
    };
    const analytics = new SegmentAnalytics({
      writeKey: source.writeKey,
      host: server.url,
      path: '/v1/batch',
      flushAt: 5,
      flushInterval: 60_000,
      maxRetries: 2,
      httpClient: recordingFetch,
    });
    analytics.on('error', (err) => errors.push(err));

    const accountId = 'acme-segment';
    const users = ['seg-ada', 'seg-bob', 'seg-cy'];
    for (const userId of users) {
      analytics.identify({ userId, traits: { email: `${userId}@acme.test`, name: userId } });
      analytics.group({
        userId,
        groupId: accountId,
        traits: {
          name: 'Acme Corp',
          plan: 'enterprise',
          seats: 50,
          arr: 120_000,
          renewal_date: '2027-03-31',
        },
      });
    }
    const track = (userId: string, event: string, durationMs: number) =>
      analytics.track({ userId, event, properties: { durationMs, module: 'reports' } });
    // seg-ada: 3 × Report Run (1 min each) + Dashboard Viewed (30 s); seg-bob: 2 × Report Run (1.5 min
    // each) + the Settings page (15 s); seg-cy never uses the product (not activated).
    track('seg-ada', 'Report Run', 60_000);
    track('seg-ada', 'Report Run', 60_000);
    track('seg-bob', 'Report Run', 90_000);
    track('seg-ada', 'Report Run', 60_000);
    track('seg-bob', 'Report Run', 90_000);
    track('seg-ada', 'Dashboard Viewed', 30_000);
    analytics.page({ userId: 'seg-bob', name: 'Settings', properties: { durationMs: 15_000 } });
    sent.segment = users.length * 2 + 6 + 1;
    await analytics.closeAndFlush({ timeout: 30_000 });

    expect(errors).toEqual([]);
    expect(deliveries.map((d) => d.status)).toEqual(deliveries.map(() => 200));
    expect(deliveries.reduce((n, d) => n + (d.messages ?? 0), 0)).toBe(sent.segment);
    for (const d of deliveries) {
      expect(d.accepted).toBe(d.messages);
      expect(d.rejected).toEqual([]);
    }

    await expectAccountSettles(accountId, (a) => {
      expect(a).toMatchObject({
        externalId: accountId,
        name: 'Acme Corp',
        plan: 'enterprise',
        seats: 50,
        arrCents: 12_000_000,
        renewalDate: '2027-03-31',
        users: { total: 3, activated: 2 },
      });
      expect(a.traits).toMatchObject({ name: 'Acme Corp', plan: 'enterprise', seats: 50, arr: 120_000 });
      expect(a.lastSeenAt).not.toBeNull();
      expect(usageOf(a)).toEqual([
        { feature: 'Dashboard Viewed', events: 1, users: 1, activeMinutes: 0.5 },
        { feature: 'Report Run', events: 5, users: 2, activeMinutes: 6 },
        { feature: 'page:Settings', events: 1, users: 1, activeMinutes: 0.25 },
      ]);
    });

    const list = await adminJson<{ items: AccountListItem[]; nextCursor: string | null }>(
      '/api/accounts?q=acme&limit=10',
    );
    expect(list.items).toEqual([
      expect.objectContaining({
        externalId: accountId,
        name: 'Acme Corp',
        plan: 'enterprise',
        seats: 50,
        arrCents: 12_000_000,
        users: 3,
      }),
    ]);
    expect(list.nextCursor).toBeNull();
  });

  it('@rudderstack/rudder-sdk-node (gzip): identify, group and track land on another account', async () => {
    const source = await createSource('e2e rudderstack');
    sources.rudder = source;
    const errors: unknown[] = [];
    const rudder = new RudderAnalytics(source.writeKey, {
      dataPlaneUrl: server.url,
      flushAt: 4,
      flushInterval: 60_000,
      retryCount: 2,
      logLevel: 'error',
      errorHandler: (err) => errors.push(err),
    });
    // Not in the typings: the axios instance the library posts with. Record every response it gets.
    const deliveries: Delivery[] = [];
    const axios = (rudder as unknown as { axiosInstance: RecordingAxios }).axiosInstance;
    axios.interceptors.response.use((res) => {
      deliveries.push({
        status: res.status,
        accepted: res.data?.accepted,
        rejected: res.data?.rejected,
        contentEncoding: res.config.headers?.['Content-Encoding'],
      });
      return res;
    });

    // Each call's callback fires once the request carrying it has been answered.
    const delivered: Promise<void>[] = [];
    const cb = () => {
      let done!: (err?: unknown) => void;
      delivered.push(
        new Promise<void>((resolve, reject) => (done = (err) => (err ? reject(err) : resolve()))),
      );
      return done as () => void;
    };
    const accountId = 'globex-rudder';
    for (const userId of ['rud-ann', 'rud-ben']) {
      rudder.identify({ userId, traits: { email: `${userId}@globex.test` } }, cb());
      rudder.group(
        {
          userId,
          groupId: accountId,
          traits: { name: 'Globex', plan: 'growth', seats: '10', arr: '48,000' },
        },
        cb(),
      );
    }
    rudder.track({ userId: 'rud-ann', event: 'Export CSV', properties: { durationMs: 120_000 } }, cb());
    rudder.track({ userId: 'rud-ann', event: 'Export CSV', properties: { durationMs: 120_000 } }, cb());
    rudder.track({ userId: 'rud-ben', event: 'Export CSV', properties: { durationMs: 60_000 } }, cb());
    rudder.track({ userId: 'rud-ben', event: 'Invite Sent' }, cb());
    // Never identified nor grouped: attributed (and linked) through context.groupId.
    rudder.track(
      {
        userId: 'rud-cal',
        event: 'Export CSV',
        properties: { durationMs: 30_000 },
        context: { groupId: accountId },
      },
      cb(),
    );
    sent.rudder = 9;
    expect(delivered).toHaveLength(sent.rudder);
    await rudder.flush();
    await Promise.all(delivered);

    expect(errors).toEqual([]);
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    for (const d of deliveries) {
      expect(d.status).toBe(200);
      expect(d.contentEncoding).toBe('gzip');
      expect(d.rejected).toEqual([]);
    }
    expect(deliveries.reduce((n, d) => n + (d.accepted ?? 0), 0)).toBe(sent.rudder);

    await expectAccountSettles(accountId, (a) => {
      expect(a).toMatchObject({
        externalId: accountId,
        name: 'Globex',
        plan: 'growth',
        seats: 10,
        arrCents: 4_800_000,
        users: { total: 3, activated: 3 },
      });
      expect(usageOf(a)).toEqual([
        { feature: 'Export CSV', events: 4, users: 3, activeMinutes: 5.5 },
        { feature: 'Invite Sent', events: 1, users: 1, activeMinutes: 0 },
      ]);
    });
  });

  it('stores every message exactly once, and a client retry of a whole batch adds nothing', async () => {
    const { segment, rudder } = sources;
    if (!segment || !rudder) throw new Error('the client tests above must run first');

    // Usage events attributed to an account: 7 (Segment: 6 tracks + 1 page) + 5 (RudderStack tracks).
    const expectedRolledUp = 7 + 5;
    await waitFor(
      async () => {
        expect(await stats(segment.id)).toMatchObject({ rawEvents: sent.segment, failures: 0 });
        expect(await stats(rudder.id)).toMatchObject({ rawEvents: sent.rudder, failures: 0 });
        expect(await stats()).toMatchObject({
          rawEvents: sent.segment + sent.rudder,
          rolledUpEvents: expectedRolledUp,
        });
      },
      { ...POLL, message: 'raw/rolled-up event counts' },
    );
    expect(await stats()).toMatchObject({
      rawEvents: sent.segment + sent.rudder,
      rolledUpEvents: expectedRolledUp,
      accounts: 2,
      users: 6,
      features: 5,
      failures: 0,
    });

    // Replay the Segment client's first request as its retry would (same body, same messageIds), plus
    // one new event. The new event travels in the same queue message, so once it is counted the replayed
    // ones have been processed too, and must have added nothing.
    const first = segmentRequests[0];
    if (!first) throw new Error('no Segment request was recorded');
    const body = JSON.parse(first.body) as { batch: Record<string, unknown>[] };
    const replayed = body.batch.length;
    body.batch.push({
      type: 'track',
      messageId: randomUUID(),
      userId: 'seg-ada',
      event: 'Report Run',
      properties: { durationMs: 60_000 },
      timestamp: new Date().toISOString(),
    });
    const res = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { ...first.headers, 'X-Retry-Count': '1' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true, accepted: replayed + 1, rejected: [] });

    await waitFor(async () => expect((await stats(segment.id)).rawEvents).toBe(sent.segment + 1), {
      ...POLL,
      message: 'the new event of the replayed batch was not stored',
    });
    await sleep(SETTLE_MS);
    expect(await stats(segment.id)).toMatchObject({ rawEvents: sent.segment + 1, failures: 0 });
    expect(await stats()).toMatchObject({
      rawEvents: sent.segment + 1 + sent.rudder,
      rolledUpEvents: expectedRolledUp + 1,
    });
    const acme = await account('acme-segment');
    expect(acme.users).toEqual({ total: 3, activated: 2 });
    expect(usageOf(acme)).toEqual([
      { feature: 'Dashboard Viewed', events: 1, users: 1, activeMinutes: 0.5 },
      { feature: 'Report Run', events: 6, users: 2, activeMinutes: 7 },
      { feature: 'page:Settings', events: 1, users: 1, activeMinutes: 0.25 },
    ]);
  });
});

describe('browser clients', () => {
  it('get the CORS preflight and the security headers from wrangler dev', async () => {
    const origin = 'https://app.customer.example';
    const preflight = await fetch(`${server.url}/v1/batch`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(preflight.headers.get('Access-Control-Allow-Methods')).toContain('POST');

    const source = await createSource('e2e browser');
    const res = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { Origin: origin, Authorization: `Basic ${btoa(`${source.writeKey}:`)}` },
      body: JSON.stringify({ batch: [{ type: 'track', userId: 'b1', event: 'Browser Event' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Content-Security-Policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
  });
});

/** The slice of axios that the RudderStack client exposes as `axiosInstance`. */
interface RecordingAxios {
  interceptors: {
    response: {
      use(
        onFulfilled: (res: {
          status: number;
          data?: { accepted?: number; rejected?: unknown[] };
          config: { headers?: Record<string, string | undefined> };
        }) => unknown,
      ): void;
    };
  };
}
