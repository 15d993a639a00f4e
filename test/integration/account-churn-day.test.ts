import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { RevenueMetrics } from '../../shared/contracts/revenue';
import { admin, createSource, ingest, rows, uid, waitFor } from './helpers';

// accounts.churned_on (migration 0028) is what GET /api/metrics reads for "churned": it must follow every
// writer of what it derives from — ingest's trait patches (group calls through the real queue consumer),
// contract writes (first start, churned outcome) and raw SQL (seeds, restores) — through its triggers.

const churnedOn = async (id: number) =>
  (await rows<{ churned_on: string | null }>('SELECT churned_on FROM accounts WHERE id = ?', id))[0]
    ?.churned_on;

async function metrics(owner: string) {
  const res = await admin(`/api/metrics?from=2026-01-01&to=2026-03-31&owner=${encodeURIComponent(owner)}`);
  expect(res.status).toBe(200);
  return res.json<RevenueMetrics>();
}

describe('the churn day kept on accounts', () => {
  it('follows group traits, contract outcomes and direct writes, and GET /api/metrics counts by it', async () => {
    const { writeKey } = await createSource(uid('churn-src'));
    const account = uid('churn-acct');
    const owner = `${uid('csm')}@example.com`;
    let ts = Date.parse('2026-01-02T00:00:00Z');
    const group = async (traits: Record<string, unknown>) => {
      ts += 60_000;
      const res = await ingest('/v1/group', writeKey, {
        userId: 'u1',
        groupId: account,
        traits,
        timestamp: new Date(ts).toISOString(),
      });
      expect(res.status).toBe(200);
    };
    await group({ name: 'Churn Co' });
    const { id } = await waitFor(
      async () => (await rows<{ id: number }>('SELECT id FROM accounts WHERE external_id = ?', account))[0],
    );
    await env.DB.prepare('UPDATE accounts SET owner_email = ? WHERE id = ?').bind(owner, id).run();
    expect(await churnedOn(id)).toBeNull();

    const contract = {
      accountExternalId: account,
      externalId: uid('churn-c'),
      periodStart: '2025-06-01',
      periodEnd: '2026-05-31',
      amountMinor: 120_000,
      currency: 'USD',
      interval: 'year',
    };
    expect((await admin('/api/contracts', { body: contract })).status).toBe(200);
    expect(await churnedOn(id)).toBeNull();
    expect((await metrics(owner)).counts).toMatchObject({ activeAtStart: 1, churned: 0 });

    // The trait says churned (mixed case, a timestamp): the day is its date.
    await group({ status: 'Churned', churnedAt: '2026-02-10T09:00:00Z' });
    await waitFor(async () => (await churnedOn(id)) === '2026-02-10');
    expect((await metrics(owner)).counts).toMatchObject({ activeAtStart: 1, churned: 1 });

    // A later contract outcome that ends earlier wins (the earlier of the two).
    expect(
      (await admin('/api/contracts', { body: { ...contract, periodEnd: '2026-01-31', outcome: 'churned' } }))
        .status,
    ).toBe(200);
    expect(await churnedOn(id)).toBe('2026-01-31');

    // Back to active: only the contract's churn is left; an invalid trait day is ignored.
    await group({ status: 'active', churnedAt: null });
    await waitFor(async () => {
      const [row] = await rows<{ traits: string }>('SELECT traits FROM accounts WHERE id = ?', id);
      return row && !String(row.traits).includes('"Churned"');
    });
    expect(await churnedOn(id)).toBe('2026-01-31');
    expect((await admin('/api/contracts', { body: contract })).status).toBe(200);
    expect(await churnedOn(id)).toBeNull();
    expect((await metrics(owner)).counts).toMatchObject({ activeAtStart: 1, churned: 0 });

    // Direct writes (seeds, restores): corrupt JSON gives no trait day; a churn before the first start none.
    await env.DB.prepare('UPDATE accounts SET traits = ? WHERE id = ?').bind('{not json', id).run();
    expect(await churnedOn(id)).toBeNull();
    await env.DB.prepare('UPDATE accounts SET traits = ? WHERE id = ?')
      .bind(JSON.stringify({ status: 'churned', churnedAt: '2025-01-15' }), id)
      .run();
    expect(await churnedOn(id)).toBeNull();
    await env.DB.prepare('UPDATE accounts SET traits = ? WHERE id = ?')
      .bind(JSON.stringify({ status: 'churned', churnedAt: '2026-03-01' }), id)
      .run();
    expect(await churnedOn(id)).toBe('2026-03-01');
    const inserted = uid('churn-direct');
    await env.DB.prepare(
      "INSERT INTO accounts (external_id, name, traits, created_at, first_contract_start) VALUES (?, ?, ?, 0, '2025-01-01')",
    )
      .bind(inserted, inserted, JSON.stringify({ status: 'CHURNED', churnedAt: '2025-07-04' }))
      .run();
    const [direct] = await rows<{ churned_on: string | null }>(
      'SELECT churned_on FROM accounts WHERE external_id = ?',
      inserted,
    );
    expect(direct?.churned_on).toBe('2025-07-04');
  });
});
