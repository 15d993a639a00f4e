import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { DashboardData } from '../../shared/contracts/dashboard';
import type { DemoRemoved, DemoStatus } from '../../shared/contracts/demo';
import { generateDemo } from '../../shared/demo/generate';
import { type DemoIo, type DemoSdkClient, loadDemo } from '../../shared/demo/load';
import { addDays } from '../../shared/time';
import { getDb } from '../../worker/common/db';
import { archiveKey, archiveRawEvents, MANIFEST_KEY } from '../../worker/ingest/archive-job';
import { admin, createSource, errorCode, ingest, rows, runScoring, today, uid, waitFor } from './helpers';
import { publicPost, tokenOf } from './surveys-helpers';

// The demo workspace goes in through the public APIs (the same loader as `npm run demo`) and comes out in one
// action that leaves real data as it was.

const BASE = 'http://keepwell.test';

/**
 * A Segment-style client posting to `/v1/batch` of the Worker in workerd (the SDK itself is typed for browsers
 * and Node, not workerd; `npm run demo` and the SPA hand the loader `createKeepwell`).
 */
/** Message ids unique across clients: the loader sends through several at once; the server dedupes on them. */
let messages = 0;

function batchClient(writeKey: string): DemoSdkClient {
  let queue: Record<string, unknown>[] = [];
  const add = (message: Record<string, unknown>) => {
    const { timestamp, ...rest } = message;
    const n = messages++;
    queue.push({ ...rest, ...(timestamp ? { timestamp } : {}), messageId: `demo-test-${n}` });
    return `demo-test-${n}`;
  };
  const flush = async () => {
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    const res = await ingest('/v1/batch', writeKey, { batch });
    if (res.status !== 200) throw new Error(`/v1/batch: ${res.status} ${await res.text()}`);
  };
  return {
    identify: (userId, traits, o) => add({ type: 'identify', userId, traits, timestamp: o?.timestamp }),
    group: (groupId, traits, o) =>
      add({ type: 'group', userId: o?.userId, groupId, traits, timestamp: o?.timestamp }),
    track: (event, properties, o) =>
      add({
        type: 'track',
        userId: o?.userId,
        event,
        properties,
        timestamp: o?.timestamp,
        context: o?.context,
      }),
    flush,
    close: flush,
    dropped: 0,
  };
}

/** The loader's I/O against the Worker in workerd: the admin token, `/v1/batch` and the public survey API. */
const io: DemoIo = {
  async api<T>(method: string, path: string, body?: unknown) {
    const res = await admin(path, { method, ...(body === undefined ? {} : { body }) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  },
  sdk: batchClient,
  async answerSurvey(url, answer) {
    const res = await publicPost(tokenOf({ url }), answer);
    if (res.status !== 201) throw new Error(`answer: ${res.status} ${await res.text()}`);
  },
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Counts of a real account's rows in the tables removal deletes from. */
async function footprint(accountId: number, sourceId: string) {
  const count = async (table: string, where = 'account_id = ?', param: unknown = accountId) =>
    (await rows<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, param))[0]!.n;
  return {
    events: await count('events', 'source_id = ?', sourceId),
    accountDays: await count('account_days'),
    users: await count('users'),
    snapshots: await count('score_snapshots'),
    contracts: await count('contracts'),
    tickets: await count('tickets'),
    source: await count('sources', 'id = ?', sourceId),
  };
}

describe('demo data', { timeout: 120_000 }, () => {
  it('loads through the public APIs and DELETE /api/demo removes all of it and nothing else', async () => {
    // Real data first: an account sending events through its own source, a contract, a ticket, a score; and a
    // real customer whose id happens to start with "demo-" (no demo trait).
    const real = uid('real');
    const lookalike = `demo-${uid('customer')}`;
    const source = await createSource('Product');
    const day = addDays(today(), -2);
    const batch = [real, lookalike].flatMap((groupId) => [
      { type: 'group', userId: `${groupId}-u1`, groupId, traits: { name: groupId, seats: 5 } },
      {
        type: 'track',
        userId: `${groupId}-u1`,
        event: 'Report Run',
        timestamp: `${day}T10:00:00Z`,
        context: { groupId },
        properties: { durationMs: 600_000 },
      },
    ]);
    expect((await ingest('/v1/batch', source.writeKey, { batch })).status).toBe(200);
    const [found] = await waitFor(async () => {
      const ids = await rows<{ id: number }>(
        'SELECT a.id FROM accounts a JOIN account_days d ON d.account_id = a.id WHERE a.external_id = ?',
        real,
      );
      return ids.length ? ids : null;
    });
    const realId = found!.id;
    const contract = {
      accountExternalId: real,
      externalId: uid('contract'),
      periodStart: addDays(today(), -30),
      periodEnd: addDays(today(), 334),
      amountMinor: 120_000,
      currency: 'USD',
      interval: 'year',
    };
    expect((await admin('/api/contracts', { body: contract })).status).toBe(200);
    const ticket = { accountExternalId: real, externalId: uid('ticket'), openedAt: `${day}T09:00:00Z` };
    expect((await admin('/api/tickets', { body: ticket })).status).toBe(200);
    await runScoring();

    const ws = generateDemo({ today: today(), accounts: 6, days: 35, seed: 3 });
    const result = await loadDemo(ws, io, { historyDays: 3, batchSize: 500 });
    expect(result.accounts).toBe(6);
    const loaded = await (await admin('/api/demo')).json<DemoStatus>();
    expect(loaded).toMatchObject({ loaded: true, accounts: 6 });
    const demoEvents = await rows<{ n: number }>(
      'SELECT count(*) AS n FROM events WHERE source_id = ?',
      loaded.sourceId,
    );
    expect(demoEvents[0]!.n).toBe(ws.users.length * 2 + ws.usage.length);
    const demoSnapshots = await rows<{ n: number }>(
      `SELECT count(DISTINCT period) AS n FROM score_snapshots s JOIN accounts a ON a.id = s.account_id
       WHERE a.external_id LIKE 'demo-acct-%'`,
    );
    expect(demoSnapshots[0]!.n).toBe(4);
    // A second load while the first is there is refused.
    expect(await errorCode(await admin('/api/demo', { method: 'POST' }))).toBe('CONFLICT');

    // The demo's history runs scored the real account's past days too: those snapshots are its own and stay.
    const before = await footprint(realId, source.id);
    expect(before.snapshots).toBe(4);

    const res = await admin('/api/demo', { method: 'DELETE' });
    expect(res.status).toBe(200);
    const removed = await res.json<DemoRemoved>();
    expect(removed.accounts).toBe(6);
    expect(removed.removed.events).toBe(ws.users.length * 2 + ws.usage.length);

    expect(await (await admin('/api/demo')).json<DemoStatus>()).toMatchObject({ loaded: false, accounts: 0 });
    const left = await rows<{ external_id: string }>(
      "SELECT external_id FROM accounts WHERE external_id LIKE 'demo-acct-%'",
    );
    expect(left).toEqual([]);
    for (const table of [
      'contracts',
      'tickets',
      'survey_links',
      'survey_responses',
      'touchpoints',
      'users',
    ]) {
      const orphans = await rows<{ n: number }>(
        `SELECT count(*) AS n FROM ${table} WHERE account_id NOT IN (SELECT id FROM accounts)`,
      );
      expect(orphans[0]!.n, table).toBe(0);
    }
    expect(await rows('SELECT id FROM surveys WHERE name LIKE ?', '[Demo]%')).toEqual([]);
    expect(await rows('SELECT id FROM sources WHERE id = ?', loaded.sourceId)).toEqual([]);
    for (const table of ['source_days', 'source_rejections', 'events', 'ingest_failures']) {
      expect(await rows(`SELECT * FROM ${table} WHERE source_id = ?`, loaded.sourceId), table).toEqual([]);
    }
    // The real account, its events, rollups, users, snapshot, contract and ticket, and its source: untouched.
    expect(await footprint(realId, source.id)).toEqual(before);
    expect(await rows('SELECT id FROM accounts WHERE external_id = ?', lookalike)).toHaveLength(1);
    const audit = await rows<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_log WHERE entity = 'demo' ORDER BY id",
    );
    expect(audit.map((a) => a.action)).toEqual(['demo.load', 'demo.remove']);
  });

  it("removal deletes the demo source's R2 archive and leaves the dashboard as the remaining snapshots say", async () => {
    // A real source whose old events were archived, next to the demo's: only the demo's archive may go.
    const real = uid('real');
    const source = await createSource('Archived product');
    const batch = [
      { type: 'group', userId: `${real}-u1`, groupId: real, traits: { name: real, seats: 5 } },
      {
        type: 'track',
        userId: `${real}-u1`,
        event: 'Report Run',
        timestamp: `${addDays(today(), -2)}T10:00:00Z`,
        context: { groupId: real },
      },
    ];
    expect((await ingest('/v1/batch', source.writeKey, { batch })).status).toBe(200);
    await waitFor(async () => {
      const [r] = await rows<{ n: number }>(
        'SELECT count(*) AS n FROM events WHERE source_id = ?',
        source.id,
      );
      return r!.n === 2;
    });
    await runScoring();
    const ws = generateDemo({ today: today(), accounts: 8, days: 35, seed: 5 });
    await loadDemo(ws, io, { historyDays: 3, batchSize: 500 });
    const { sourceId: demoSource } = await (await admin('/api/demo')).json<DemoStatus>();

    // Both sources' events received on an old day, archived as retention would before deleting them.
    const oldDay = addDays(today(), -120);
    await env.DB.prepare('UPDATE events SET received_at = ? WHERE source_id IN (?, ?)')
      .bind(Date.parse(`${oldDay}T12:00:00Z`), source.id, demoSource)
      .run();
    const bucket = env.ARCHIVE!;
    await archiveRawEvents(bucket, getDb(env.DB), Date.parse(addDays(oldDay, 1)), Date.now());
    const demoPrefix = `raw/source=${encodeURIComponent(demoSource!)}/`;
    expect((await bucket.list({ prefix: demoPrefix })).objects.map((o) => o.key)).toEqual([
      archiveKey(demoSource!, oldDay),
    ]);
    const withDemo = await (await admin('/api/dashboard?days=30')).json<DashboardData>();
    expect(withDemo.tiers.reduce((n, t) => n + t.count, 0)).toBeGreaterThanOrEqual(8);

    const res = await admin('/api/demo', { method: 'DELETE' });
    expect(res.status).toBe(200);
    const { removed } = await res.json<DemoRemoved>();
    expect(removed).toMatchObject({ raw_archives: 1, archive_objects: 1 });

    // R2: the demo's objects, archive rows and manifest entries are gone; the real source's stay.
    expect((await bucket.list({ prefix: demoPrefix })).objects).toEqual([]);
    expect(await bucket.head(archiveKey(source.id, oldDay))).not.toBeNull();
    expect(await rows('SELECT day FROM raw_archives WHERE source_id = ?', demoSource)).toEqual([]);
    expect(await rows('SELECT day FROM raw_archives WHERE source_id = ?', source.id)).toEqual([
      { day: oldDay },
    ]);
    const manifest = (await (await bucket.get(MANIFEST_KEY))!.json()) as { partitions: { source: string }[] };
    const listed = manifest.partitions.map((p) => p.source);
    expect(listed).toContain(source.id);
    expect(listed).not.toContain(demoSource);

    // The dashboard at once (no scoring run since): every point of its tier history and its current tiers
    // count exactly the snapshots that remain, and the latest run's rollup is there again for the fast path.
    const after = await (await admin('/api/dashboard?days=30')).json<DashboardData>();
    const snapshots = await rows<{ period: string; tier: string; n: number }>(
      `SELECT period, tier, count(*) AS n FROM score_snapshots
       WHERE tier IS NOT NULL AND period >= ? GROUP BY 1, 2 ORDER BY 1, 2`,
      after.from,
    );
    const expected = new Map<string, Record<string, number>>();
    for (const r of snapshots) expected.set(r.period, { ...expected.get(r.period), [r.tier]: r.n });
    const history = new Map(
      after.tierHistory
        .map(
          (p) => [p.period, Object.fromEntries(Object.entries(p.counts).filter(([, n]) => n > 0))] as const,
        )
        .filter(([, counts]) => Object.keys(counts).length > 0),
    );
    expect(history).toEqual(expected);
    const latest = expected.get(after.period!) ?? {};
    expect(Object.fromEntries(after.tiers.filter((t) => t.count > 0).map((t) => [t.key, t.count]))).toEqual(
      latest,
    );
    const rollup = await rows<{ period: string }>(
      "SELECT json_extract(value, '$.period') AS period FROM dashboard_aggregates WHERE kind = 'latest-rollup'",
    );
    expect(rollup).toEqual([{ period: after.period }]);
    const owners = await rows<{ scope: string }>(
      "SELECT DISTINCT scope FROM dashboard_aggregates WHERE kind = 'owner-tier-counts'",
    );
    expect(owners.filter((o) => ws.accounts.some((a) => a.ownerEmail.toLowerCase() === o.scope))).toEqual([]);
  });

  it('answers the status to viewers and refuses the load and removal to non-admins', async () => {
    const status = await admin('/api/demo');
    expect(status.status).toBe(200);
    const anonymous = await exports.default.fetch(new Request(`${BASE}/api/demo`, { method: 'DELETE' }));
    expect(anonymous.status).toBe(401);
  });
});
