import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker, { CRONS } from '../../worker/index';
import { admin, createSource, ingest, rows, uid, waitFor } from './helpers';

type ErrorBody = { error: { code: string; message: string; requestId: string; issues?: unknown[] } };
type Page = { items: { externalId: string; name: string; users: number }[]; nextCursor: string | null };

describe('sources', () => {
  it('creates a source and shows its write key only once', async () => {
    const res = await admin('/api/sources', { body: { name: 'Production web app' } });
    expect(res.status).toBe(201);
    const created = await res.json<{ id: string; name: string; writeKey: string; keyPrefix: string }>();
    expect(created.name).toBe('Production web app');
    expect(created.writeKey).toMatch(/^kw_[0-9A-Za-z]{32}$/);
    expect(created.keyPrefix).toBe(created.writeKey.slice(0, 7));
    const list = await (await admin('/api/sources')).json<{ items: Record<string, unknown>[] }>();
    const listed = list.items.find((s) => s.id === created.id);
    expect(listed).toMatchObject({
      name: 'Production web app',
      keyPrefix: created.keyPrefix,
      revokedAt: null,
    });
    expect(listed).not.toHaveProperty('writeKey');
    const stored = await rows<{ key_hash: string }>('SELECT key_hash FROM sources WHERE id = ?', created.id);
    expect(stored[0]?.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]?.key_hash).not.toContain(created.writeKey);
  });

  it('rejects an invalid source body with VALIDATION_FAILED and writes nothing', async () => {
    const before = (await rows<{ n: number }>('SELECT count(*) AS n FROM sources'))[0]!.n;
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 'ok', extra: 1 }, { name: 7 }]) {
      const res = await admin('/api/sources', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = await res.json<ErrorBody>();
      expect(err.error.code).toBe('VALIDATION_FAILED');
      expect(err.error.issues?.length).toBeGreaterThan(0);
    }
    const malformed = await admin('/api/sources', { body: undefined, method: 'POST' });
    expect(malformed.status).toBe(400);
    expect((await rows<{ n: number }>('SELECT count(*) AS n FROM sources'))[0]!.n).toBe(before);
  });

  it('answers 404 for revoking an unknown source and 400 for a malformed id', async () => {
    expect(
      (await admin('/api/sources/00000000-0000-4000-8000-000000000000', { method: 'DELETE' })).status,
    ).toBe(404);
    expect((await admin('/api/sources/not-a-uuid', { method: 'DELETE' })).status).toBe(400);
  });
});

describe('accounts', () => {
  it('pages through accounts by name with a cursor and searches by name or external id', async () => {
    const { writeKey } = await createSource();
    const tag = uid('page');
    const names = ['Delta', 'Alpha', 'Echo', 'Charlie', 'Bravo'];
    const batch = names.map((n, i) => ({
      type: 'group',
      userId: `${tag}-u${i}`,
      groupId: `${tag}-${n.toLowerCase()}`,
      traits: { name: `${tag} ${n}` },
    }));
    expect((await ingest('/v1/batch', writeKey, { batch })).status).toBe(200);
    await waitFor(
      async () => (await (await admin(`/api/accounts?q=${tag}&limit=10`)).json<Page>()).items.length === 5,
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await (
        await admin(`/api/accounts?q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json<Page>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((a) => a.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...names].sort().map((n) => `${tag} ${n}`));

    const byId = await (await admin(`/api/accounts?q=${tag}-echo`)).json<Page>();
    expect(byId.items.map((a) => a.externalId)).toEqual([`${tag}-echo`]);
    expect(byId.items[0]?.users).toBe(1);
    const none = await (await admin(`/api/accounts?q=${encodeURIComponent('%_nothing')}`)).json<Page>();
    expect(none).toEqual({ items: [], nextCursor: null, total: 0 });
  });

  it('rejects bad list parameters with VALIDATION_FAILED', async () => {
    for (const qs of ['limit=0', 'limit=201', 'limit=abc', 'cursor=%%%']) {
      const res = await admin(`/api/accounts?${qs}`);
      expect(res.status, qs).toBe(400);
      expect((await res.json<ErrorBody>()).error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('answers 404 with the envelope for an unknown account', async () => {
    const res = await admin('/api/accounts/no-such-account');
    expect(res.status).toBe(404);
    const body = await res.json<ErrorBody>();
    expect(body.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(body.error.requestId).toBeTruthy();
  });

  it('reports per-feature usage over the last 30 days only, with distinct users', async () => {
    const { writeKey } = await createSource();
    const acct = uid('usage');
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
    const batch = [
      { type: 'group', userId: 'x1', groupId: acct, traits: { name: 'Usage Co' } },
      { type: 'track', userId: 'x1', event: 'Export', timestamp: at(1), properties: { durationMs: 120_000 } },
      { type: 'track', userId: 'x1', event: 'Export', timestamp: at(3), properties: { durationMs: 60_000 } },
      { type: 'track', userId: 'x2', event: 'Export', timestamp: at(2), context: { groupId: acct } },
      { type: 'track', userId: 'x1', event: 'Import', timestamp: at(45) },
    ].map((m) => ({ ...m, messageId: uid('u') }));
    expect((await ingest('/v1/batch', writeKey, { batch })).status).toBe(200);
    const account = await waitFor(async () => {
      const res = await admin(`/api/accounts/${acct}`);
      const body = res.status === 200 ? await res.json<{ usage: { feature: string }[] }>() : null;
      return body?.usage.length ? body : null;
    });
    expect(account.usage).toEqual([
      {
        feature: 'Export',
        name: 'Export',
        module: null,
        isCore: false,
        events: 3,
        users: 2,
        activeMinutes: 3,
      },
    ]);
  });
});

describe('feature catalog', () => {
  it('auto-registers features, lets admins set module and core flag, and keeps them on new events', async () => {
    const { writeKey } = await createSource();
    const event = uid('Feature');
    expect(
      (await ingest('/v1/track', writeKey, { userId: 'f1', event, properties: { module: 'auto' } })).status,
    ).toBe(200);
    const feature = await waitFor(async () => {
      const { items } = await (await admin('/api/features')).json<{
        items: { id: number; key: string; module: string | null; isCore: boolean; kind: string }[];
      }>();
      return items.find((f) => f.key === event);
    });
    expect(feature).toMatchObject({ kind: 'track', module: 'auto', isCore: false });

    const patched = await admin(`/api/features/${feature.id}`, {
      method: 'PATCH',
      body: { module: 'Reporting', isCore: true },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ key: event, module: 'Reporting', isCore: true });

    expect(
      (await ingest('/v1/track', writeKey, { userId: 'f1', event, properties: { module: 'other' } })).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    const { items } = await (await admin('/api/features')).json<{
      items: { key: string; module: string | null; isCore: boolean }[];
    }>();
    expect(items.find((f) => f.key === event)).toMatchObject({ module: 'Reporting', isCore: true });
  });

  it('rejects invalid feature edits and unknown features', async () => {
    for (const body of [{}, { isCore: 'yes' }, { module: '' }, { color: 'red' }]) {
      const res = await admin('/api/features/1', { method: 'PATCH', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json<ErrorBody>()).error.code).toBe('VALIDATION_FAILED');
    }
    expect((await admin('/api/features/999999', { method: 'PATCH', body: { isCore: true } })).status).toBe(
      404,
    );
    expect((await admin('/api/features/abc', { method: 'PATCH', body: { isCore: true } })).status).toBe(400);
  });
});

describe('ingest failures and stats', () => {
  it('rejects an unknown status filter and unknown replay ids', async () => {
    expect((await admin('/api/ingest/failures?status=exploded')).status).toBe(400);
    expect((await admin('/api/ingest/failures/999999/replay', { method: 'POST' })).status).toBe(404);
  });

  it('counts stored and rolled-up events per source', async () => {
    const { id, writeKey } = await createSource();
    const batch = [
      { type: 'group', userId: 's1', groupId: uid('stats'), traits: {} },
      { type: 'track', userId: 's1', event: 'Stat' },
      { type: 'identify', userId: 's1' },
    ];
    expect((await ingest('/v1/batch', writeKey, { batch })).status).toBe(200);
    const stats = await waitFor(async () => {
      const s = await (await admin(`/api/ingest/stats?sourceId=${id}`)).json<{ rawEvents: number }>();
      return s.rawEvents === 3 ? s : null;
    });
    expect(stats).toMatchObject({ rawEvents: 3 });
  });
});

describe('raw-event retention', () => {
  it('purges raw events older than the retention window on the daily cron and keeps rollups', async () => {
    const { writeKey } = await createSource();
    const acct = uid('retain');
    const batch = [
      { type: 'group', userId: 'r1', groupId: acct, traits: {} },
      { type: 'track', userId: 'r1', event: 'Kept Rollup', messageId: uid('r') },
    ];
    expect((await ingest('/v1/batch', writeKey, { batch })).status).toBe(200);
    const rollup = `SELECT d.events FROM account_days d JOIN accounts a ON a.id = d.account_id WHERE a.external_id = ?`;
    await waitFor(async () => (await rows<{ events: number }>(rollup, acct))[0]?.events === 1);
    const raw = `SELECT count(*) AS n FROM events e JOIN accounts a ON a.id = e.account_id WHERE a.external_id = ?`;
    expect((await rows<{ n: number }>(raw, acct))[0]!.n).toBe(2);

    // 89 days later nothing is purged; 91 days later the raw rows are gone.
    for (const [days, expected] of [
      [89, 2],
      [91, 0],
    ] as const) {
      const ctx = createExecutionContext();
      await (worker as ExportedHandler<Cloudflare.Env>).scheduled!(
        createScheduledController({ cron: CRONS.retention, scheduledTime: Date.now() + days * 86_400_000 }),
        env,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect((await rows<{ n: number }>(raw, acct))[0]!.n, `${days} days`).toBe(expected);
    }
    expect((await rows<{ events: number }>(rollup, acct))[0]?.events).toBe(1);
  });
});
