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

// contracts.account_first_start / account_churned_on (migration 0032) copy the account's first start and churn
// day for the purchase metrics: every contract must agree with its account after any writer, in any order.
const contractCopiesOf = (accountId: number) =>
  rows<{ external_id: string; account_first_start: string | null; account_churned_on: string | null }>(
    'SELECT external_id, account_first_start, account_churned_on FROM contracts WHERE account_id = ? ORDER BY external_id',
    accountId,
  );
const disagreeing = async () =>
  (
    await rows<{ n: number }>(
      `SELECT count(*) AS n FROM contracts c LEFT JOIN accounts a ON a.id = c.account_id
       WHERE c.account_first_start IS NOT a.first_contract_start OR c.account_churned_on IS NOT a.churned_on`,
    )
  )[0]?.n;

describe("the account's first start and churn day copied onto its contracts", () => {
  it('follow contract writes, moves, trait churn and raw inserts in either order', async () => {
    const { writeKey } = await createSource(uid('copy-src'));
    const account = uid('copy-acct');
    const other = uid('copy-other');
    for (const groupId of [account, other]) {
      const res = await ingest('/v1/group', writeKey, { userId: 'u1', groupId, traits: { name: groupId } });
      expect(res.status).toBe(200);
    }
    const ids = await waitFor(async () => {
      const found = await rows<{ id: number; external_id: string }>(
        'SELECT id, external_id FROM accounts WHERE external_id IN (?, ?)',
        account,
        other,
      );
      return found.length === 2 ? Object.fromEntries(found.map((r) => [r.external_id, r.id])) : undefined;
    });
    const first = {
      accountExternalId: account,
      externalId: uid('copy-c1'),
      periodStart: '2025-06-01',
      periodEnd: '2026-05-31',
      amountMinor: 120_000,
      currency: 'USD',
      interval: 'year',
    };
    const second = {
      ...first,
      externalId: uid('copy-c2'),
      periodStart: '2025-03-01',
      periodEnd: '2025-05-31',
    };
    expect((await admin('/api/contracts', { body: [first, second] })).status).toBe(200);
    // The earlier term moved the first start of both contracts, the one written first included.
    expect((await contractCopiesOf(ids[account] as number)).map((c) => c.account_first_start)).toEqual([
      '2025-03-01',
      '2025-03-01',
    ]);

    const group = (traits: Record<string, unknown>) =>
      ingest('/v1/group', writeKey, { userId: 'u1', groupId: account, traits });
    expect((await group({ status: 'churned', churnedAt: '2026-04-02' })).status).toBe(200);
    await waitFor(async () =>
      (await contractCopiesOf(ids[account] as number)).every((c) => c.account_churned_on === '2026-04-02'),
    );

    // Moved to the other account: the moved contract takes its facts, the first account's start moves back.
    expect((await admin('/api/contracts', { body: { ...second, accountExternalId: other } })).status).toBe(
      200,
    );
    expect(await contractCopiesOf(ids[other] as number)).toEqual([
      { external_id: second.externalId, account_first_start: '2025-03-01', account_churned_on: null },
    ]);
    expect(await contractCopiesOf(ids[account] as number)).toEqual([
      { external_id: first.externalId, account_first_start: '2025-06-01', account_churned_on: '2026-04-02' },
    ]);

    // A restore inserts tables one by one: contracts before their account, then the account.
    const restoredId = 900_000_000 + Math.floor(Math.random() * 1_000_000);
    await env.DB.prepare(
      `INSERT INTO contracts (external_id, account_id, period_start, period_end, amount_minor, currency,
        reporting_amount_minor, interval, renewal_due_date, account_first_start, created_at, updated_at)
       VALUES (?, ?, '2024-01-01', '2024-12-31', 100, 'USD', 100, 'year', '2024-12-31', '1999-01-01', 0, 0)`,
    )
      .bind(uid('copy-restored'), restoredId)
      .run();
    expect((await contractCopiesOf(restoredId))[0]?.account_first_start).toBeNull();
    await env.DB.prepare(
      "INSERT INTO accounts (id, external_id, name, traits, created_at, first_contract_start) VALUES (?, ?, 'r', ?, 0, '2024-01-01')",
    )
      .bind(
        restoredId,
        uid('copy-restored-acct'),
        JSON.stringify({ status: 'churned', churnedAt: '2024-09-30' }),
      )
      .run();
    expect(await contractCopiesOf(restoredId)).toEqual([
      expect.objectContaining({ account_first_start: '2024-01-01', account_churned_on: '2024-09-30' }),
    ]);
    expect(await disagreeing()).toBe(0);
  });
});
