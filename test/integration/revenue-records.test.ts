import { describe, expect, it } from 'vitest';
import type { ImportResult, UpsertResult } from '../../shared/contracts/revenue';
import { MAX_IMPORT_BYTES } from '../../shared/contracts/revenue';
import { admin, createApiToken, rows, seedAccount, uid } from './helpers';

type Envelope = {
  error: { code: string; message: string; issues?: { index?: number; path?: unknown[]; message: string }[] };
};

const contract = (account: string, over: Record<string, unknown> = {}) => ({
  accountExternalId: account,
  externalId: uid('c'),
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  amountMinor: 1_200_000,
  currency: 'USD',
  interval: 'year',
  ...over,
});

async function contractRows(externalIds: string[]) {
  return rows<{
    external_id: string;
    reporting_amount_minor: number;
    updated_at: number;
    renewal_due_date: string;
  }>(
    `SELECT external_id, reporting_amount_minor, updated_at, renewal_due_date FROM contracts WHERE external_id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(externalIds),
  );
}

async function setRates(rates: Record<string, number>) {
  const current = await (await admin('/api/settings/revenue')).json<Record<string, unknown>>();
  const res = await admin('/api/settings/revenue', {
    method: 'PUT',
    body: { ...current, currencyRates: rates },
  });
  expect(res.status).toBe(200);
}

describe('POST /api/contracts', () => {
  it('upserts by externalId: the same contracts twice change nothing, a changed one is updated', async () => {
    const { externalId: account } = await seedAccount();
    const batch = [contract(account), contract(account, { interval: 'month', amountMinor: 100_000 })];
    const first = await admin('/api/contracts', { body: batch });
    expect(first.status).toBe(200);
    expect(await first.json<UpsertResult>()).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const before = await contractRows(batch.map((c) => c.externalId));
    expect(before.map((r) => r.renewal_due_date)).toEqual(['2026-12-31', '2026-12-31']);

    const again = await admin('/api/contracts', { body: batch });
    expect(await again.json<UpsertResult>()).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(await contractRows(batch.map((c) => c.externalId))).toEqual(before);

    const changed = await admin('/api/contracts', {
      body: {
        ...batch[0],
        outcome: 'renewed',
        outcomeReason: 'value_realised',
        renewedAmountMinor: 1_300_000,
      },
    });
    expect(await changed.json<UpsertResult>()).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const audit = await rows<{ action: string; entity: string; entity_id: string }>(
      `SELECT action, entity, entity_id FROM audit_log WHERE entity = 'contract' AND entity_id = ?`,
      batch[0]!.externalId,
    );
    expect(audit).toEqual([
      { action: 'contract.upsert', entity: 'contract', entity_id: batch[0]!.externalId },
    ]);
  });

  it("keeps each account's contract facts (first start, churn day) with the contracts, across a move", async () => {
    const a = await seedAccount();
    const b = await seedAccount();
    const facts = async () =>
      rows<{ id: number; first_contract_start: string | null; contract_churned_on: string | null }>(
        'SELECT id, first_contract_start, contract_churned_on FROM accounts WHERE id IN (?, ?) ORDER BY id',
        a.id,
        b.id,
      );
    const first = contract(a.externalId, {
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
      outcome: 'renewed',
    });
    const last = contract(a.externalId, { outcome: 'churned' });
    const once = contract(a.externalId, {
      periodStart: '2027-01-05',
      periodEnd: '2027-01-05',
      interval: 'once',
    });
    expect((await admin('/api/contracts', { body: [first, last, once] })).status).toBe(200);
    // The latest-started recurring term decides the churn day; a later one-off does not.
    expect(await facts()).toEqual([
      { id: a.id, first_contract_start: '2025-01-01', contract_churned_on: '2026-12-31' },
      { id: b.id, first_contract_start: null, contract_churned_on: null },
    ]);
    // The churned term moves to B: A's last recurring term is now the renewed one; B starts and churns with it.
    expect(
      (await admin('/api/contracts', { body: { ...last, accountExternalId: b.externalId } })).status,
    ).toBe(200);
    expect(await facts()).toEqual([
      { id: a.id, first_contract_start: '2025-01-01', contract_churned_on: null },
      { id: b.id, first_contract_start: '2026-01-01', contract_churned_on: '2026-12-31' },
    ]);
    // A dry run writes nothing, facts included.
    const dry = await admin('/api/imports/contracts', {
      body: {
        csv: `accountExternalId,externalId,periodStart,periodEnd,amountMinor,currency,interval\n${a.externalId},${uid('c')},2020-01-01,2020-12-31,100,USD,year\n`,
        dryRun: true,
      },
    });
    expect(dry.status).toBe(200);
    expect((await facts())[0]!.first_contract_start).toBe('2025-01-01');
  });

  it('lists every bad row of a bulk request and writes none of it', async () => {
    const { externalId: account } = await seedAccount();
    const good = contract(account);
    const body = [
      good,
      contract(account, { periodStart: '2026-02-30' }),
      contract(account, { periodStart: '2026-06-01', periodEnd: '2026-05-31' }),
      contract(account, { amountMinor: -5 }),
      contract('no-such-account'),
      contract(account, { outcome: 'churned', outcomeReason: 'not-a-reason' }),
      contract(account, { outcome: 'churned', outcomeReason: 'unknown_reason' }),
      { ...good },
    ];
    const res = await admin('/api/contracts', { body });
    expect(res.status).toBe(400);
    const { error } = await res.json<Envelope>();
    expect(error.code).toBe('VALIDATION_FAILED');
    const byIndex = (i: number) => (error.issues ?? []).filter((x) => x.index === i).map((x) => x.path?.[1]);
    expect(byIndex(1)).toContain('periodStart');
    expect(byIndex(2)).toContain('periodEnd');
    expect(byIndex(3)).toContain('amountMinor');
    expect(byIndex(0)).toEqual([]);
    // Zod problems come first; the checks against stored data follow once the shapes are right.
    expect(await contractRows([good.externalId])).toEqual([]);

    const shaped = await admin('/api/contracts', {
      body: [
        good,
        contract('no-such-account'),
        contract(account, { outcome: 'churned', outcomeReason: 'unknown_reason' }),
        { ...good },
      ],
    });
    expect(shaped.status).toBe(400);
    const issues = (await shaped.json<Envelope>()).error.issues!;
    expect(issues.map((i) => [i.index, i.path?.[1]])).toEqual([
      [1, 'accountExternalId'],
      [2, 'outcomeReason'],
      [3, 'externalId'],
    ]);
    expect(issues[0]!.message).toContain('no-such-account');
    expect(await contractRows([good.externalId])).toEqual([]);
  });

  it('converts other currencies at the configured rate and refuses one without a rate', async () => {
    const { externalId: account } = await seedAccount();
    const eur = contract(account, { currency: 'eur', amountMinor: 10_000 });
    const refused = await admin('/api/contracts', { body: eur });
    expect(refused.status).toBe(400);
    const { error } = await refused.json<Envelope>();
    expect(error.issues?.[0]?.message).toMatch(/no conversion rate from EUR to the reporting currency USD/);
    expect(await contractRows([eur.externalId])).toEqual([]);

    await setRates({ EUR: 1.08, JPY: 0.0067 });
    const jpy = contract(account, { currency: 'JPY', amountMinor: 1_000 });
    expect((await admin('/api/contracts', { body: [eur, jpy] })).status).toBe(200);
    const stored = await contractRows([eur.externalId, jpy.externalId]);
    expect(Object.fromEntries(stored.map((r) => [r.external_id, r.reporting_amount_minor]))).toEqual({
      [eur.externalId]: 10_800,
      [jpy.externalId]: 670,
    });
    const res = await admin(`/api/accounts/${account}/revenue`);
    expect(res.status).toBe(200);
    const revenue = await res.json<{
      contracts: { currency: string; amountMinor: number; reportingAmountMinor: number }[];
    }>();
    expect(revenue.contracts.map((c) => [c.currency, c.amountMinor, c.reportingAmountMinor]).sort()).toEqual([
      ['EUR', 10_000, 10_800],
      ['JPY', 1_000, 670],
    ]);
  });

  it('keeps the reporting currency once money is stored', async () => {
    const { externalId: account } = await seedAccount();
    expect((await admin('/api/contracts', { body: contract(account) })).status).toBe(200);
    const current = await (await admin('/api/settings/revenue')).json<Record<string, unknown>>();
    const res = await admin('/api/settings/revenue', {
      method: 'PUT',
      body: { ...current, reportingCurrency: 'EUR' },
    });
    expect(res.status).toBe(409);
    expect((await res.json<Envelope>()).error.code).toBe('CONFLICT');
  });
});

describe('tickets, costs, leads and advocacy', () => {
  it('upsert by externalId and show on the account page', async () => {
    const { externalId: account } = await seedAccount();
    const ticket = {
      accountExternalId: account,
      externalId: uid('t'),
      openedAt: '2026-03-01T09:00:00Z',
      firstResponseAt: '2026-03-01T09:30:00Z',
      resolvedAt: '2026-03-01T10:00:00Z',
      resolvedOnFirstContact: true,
      channel: 'chat',
    };
    expect(await (await admin('/api/tickets', { body: [ticket] })).json()).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(await (await admin('/api/tickets', { body: ticket })).json()).toEqual({
      created: 0,
      updated: 0,
      unchanged: 1,
    });
    const lead = {
      accountExternalId: account,
      externalId: uid('l'),
      title: 'Analytics add-on',
      submittedOn: '2026-03-02',
      status: 'won',
      acceptedOn: '2026-03-05',
      closedOn: '2026-04-01',
      wonArrMinor: 500_000,
      crmUrl: 'https://crm.example.com/opp/1',
    };
    expect((await admin('/api/leads', { body: lead })).status).toBe(200);
    const advocacy = {
      accountExternalId: account,
      externalId: uid('a'),
      kind: 'referral',
      occurredOn: '2026-03-10',
      referredAccountName: 'Globex',
      referralArrMinor: 2_400_000,
    };
    expect((await admin('/api/advocacy', { body: advocacy })).status).toBe(200);
    const cost = {
      externalId: uid('cost'),
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      amountMinor: 5_000_000,
      currency: 'USD',
    };
    expect((await admin('/api/cs-costs', { body: cost })).status).toBe(200);
    const costs = await (await admin('/api/cs-costs')).json<{ items: { externalId: string }[] }>();
    expect(costs.items.map((c) => c.externalId)).toContain(cost.externalId);

    const revenue = await (await admin(`/api/accounts/${account}/revenue`)).json<{
      tickets: { resolvedOnFirstContact: boolean; openedAt: string }[];
      leads: { reportingWonArrMinor: number; status: string }[];
      advocacy: { kind: string; reportingReferralArrMinor: number }[];
    }>();
    expect(revenue.tickets).toEqual([
      expect.objectContaining({ resolvedOnFirstContact: true, openedAt: '2026-03-01T09:00:00.000Z' }),
    ]);
    expect(revenue.leads).toEqual([
      expect.objectContaining({ status: 'won', reportingWonArrMinor: 500_000 }),
    ]);
    expect(revenue.advocacy).toEqual([
      expect.objectContaining({ kind: 'referral', reportingReferralArrMinor: 2_400_000 }),
    ]);
  });

  it('refuses a ticket resolved before it was opened and a lead won without a close day', async () => {
    const { externalId: account } = await seedAccount();
    const bad = await admin('/api/tickets', {
      body: {
        accountExternalId: account,
        externalId: uid('t'),
        openedAt: '2026-03-01T09:00:00Z',
        resolvedAt: '2026-02-01T09:00:00Z',
      },
    });
    expect(bad.status).toBe(400);
    const lead = await admin('/api/leads', {
      body: {
        accountExternalId: account,
        externalId: uid('l'),
        title: 'x',
        submittedOn: '2026-03-02',
        status: 'won',
      },
    });
    expect(lead.status).toBe(400);
    expect(JSON.stringify(await lead.json())).toContain('closedOn');
  });

  it('gives revenue to CSMs and admins, not viewers; CSMs record leads but not contracts', async () => {
    const { externalId: account } = await seedAccount();
    const viewer = await createApiToken('viewer');
    const csm = await createApiToken('csm');
    expect((await admin(`/api/accounts/${account}/revenue`, { token: viewer.token })).status).toBe(403);
    expect((await admin('/api/metrics?from=2026-01-01&to=2026-01-31', { token: viewer.token })).status).toBe(
      403,
    );
    expect((await admin(`/api/accounts/${account}/revenue`, { token: csm.token })).status).toBe(200);
    const lead = {
      accountExternalId: account,
      externalId: uid('l'),
      title: 'Upsell',
      submittedOn: '2026-03-02',
      status: 'submitted',
    };
    expect((await admin('/api/leads', { body: lead, token: csm.token })).status).toBe(200);
    expect((await admin('/api/contracts', { body: contract(account), token: csm.token })).status).toBe(403);
  });
});

describe('POST /api/custom-metrics', () => {
  it('records custom metric values, and POST /api/metrics still does for existing clients', async () => {
    const { externalId: account, id } = await seedAccount();
    for (const path of ['/api/custom-metrics', '/api/metrics']) {
      const res = await admin(path, { body: { metrics: [{ account, key: 'hours_saved', value: 12 }] } });
      expect(res.status).toBe(201);
    }
    expect(await rows(`SELECT value FROM custom_metrics WHERE account_id = ?`, id)).toEqual([
      { value: 12 },
      { value: 12 },
    ]);
  });
});

describe('POST /api/imports/:kind', () => {
  const header = 'Account,Contract ID,Start,End,Amount,Currency,Interval,Outcome';
  const csvFor = (account: string, ids: string[], bad = false) =>
    [
      header,
      `${account},${ids[0]},2025-01-01,2025-12-31,1200000,USD,year,renewed`,
      `${account},${ids[1]},${bad ? '2026-02-30' : '2026-01-01'},2026-12-31,1300000,USD,year,`,
      `"${account}",${ids[2]},2026-01-01,2026-01-31,${bad ? '-4' : '100000'},USD,month,`,
    ].join('\r\n');
  const mapping = {
    accountExternalId: 'Account',
    externalId: 'Contract ID',
    periodStart: 'Start',
    periodEnd: 'End',
    amountMinor: 'Amount',
  };

  it('dry-runs with every row error and its line, commits nothing while any remains, then imports once', async () => {
    const { externalId: account } = await seedAccount();
    const ids = [uid('imp'), uid('imp'), uid('imp')];
    const dry = await admin('/api/imports/contracts', {
      body: { csv: csvFor(account, ids, true), mapping, dryRun: true },
    });
    expect(dry.status).toBe(200);
    const dryResult = await dry.json<ImportResult>();
    expect(dryResult.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'periodStart'],
      [4, 'amountMinor'],
    ]);
    expect(dryResult.headers).toEqual(header.split(','));
    const refused = await (
      await admin('/api/imports/contracts', {
        body: { csv: csvFor(account, ids, true), mapping, dryRun: false },
      })
    ).json<ImportResult>();
    expect(refused.committed).toBe(false);
    expect(await contractRows(ids)).toEqual([]);

    const fixed = csvFor(account, ids);
    const clean = await (
      await admin('/api/imports/contracts', { body: { csv: fixed, mapping } })
    ).json<ImportResult>();
    expect(clean).toMatchObject({ committed: false, created: 3, errors: [] });
    expect(await contractRows(ids)).toEqual([]);
    const commit = await (
      await admin('/api/imports/contracts', { body: { csv: fixed, mapping, dryRun: false } })
    ).json<ImportResult>();
    expect(commit).toMatchObject({ committed: true, rows: 3, created: 3, updated: 0, unchanged: 0 });
    expect(await contractRows(ids)).toHaveLength(3);
    const twice = await (
      await admin('/api/imports/contracts', { body: { csv: fixed, mapping, dryRun: false } })
    ).json<ImportResult>();
    expect(twice).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: 3 });
    expect(
      await rows(`SELECT action FROM audit_log WHERE entity = 'contract' AND action = 'contract.import'`),
    ).toHaveLength(1);
  });

  it('reports a currency without a rate on its own line, and counts lines past a quoted multi-line cell', async () => {
    const { externalId: account } = await seedAccount();
    const ids = [uid('imp'), uid('imp')];
    const csv = [
      'accountExternalId,externalId,periodStart,periodEnd,amountMinor,currency,interval,outcomeNote,outcome',
      `${account},${ids[0]},2026-01-01,2026-12-31,100,USD,year,"a note\non two lines",renewed`,
      '',
      `${account},${ids[1]},2026-01-01,2026-12-31,100,CHF,year,,`,
    ].join('\n');
    const result = await (await admin('/api/imports/contracts', { body: { csv } })).json<ImportResult>();
    expect(result.errors).toEqual([{ line: 5, field: 'currency', message: expect.stringContaining('CHF') }]);
  });

  it('refuses an oversized file and a mapping to a column that is not there', async () => {
    const big = `externalId\n${'x'.repeat(MAX_IMPORT_BYTES)}`;
    const res = await admin('/api/imports/tickets', { body: { csv: big } });
    expect(res.status).toBe(400);
    expect((await res.json<Envelope>()).error.code).toBe('REQUEST_TOO_LARGE');
    const mapped = await admin('/api/imports/tickets', {
      body: { csv: 'a,b\n1,2', mapping: { openedAt: 'Opened' } },
    });
    expect(mapped.status).toBe(400);
    expect(JSON.stringify(await mapped.json())).toContain('no column \\"Opened\\"');
    const unknownKind = await admin('/api/imports/invoices', { body: { csv: 'a\n1' } });
    expect(unknownKind.status).toBe(400);
  });

  it('imports tickets and leads with their own fields', async () => {
    const { externalId: account } = await seedAccount();
    const t = uid('t');
    const tickets = `account_external_id,external_id,opened_at,resolved_at,resolved_on_first_contact\n${account},${t},2026-03-01T09:00:00Z,2026-03-01T11:00:00Z,yes`;
    const res = await (
      await admin('/api/imports/tickets', { body: { csv: tickets, dryRun: false } })
    ).json<ImportResult>();
    expect(res).toMatchObject({ committed: true, created: 1, errors: [] });
    expect(
      await rows(`SELECT resolved_on_first_contact AS fcr FROM tickets WHERE external_id = ?`, t),
    ).toEqual([{ fcr: 1 }]);
    const leads = `accountExternalId,externalId,title,submittedOn,status\n${account},${uid('l')},Seats,2026-03-01,bogus`;
    const bad = await (await admin('/api/imports/leads', { body: { csv: leads } })).json<ImportResult>();
    expect(bad.errors).toEqual([{ line: 2, field: 'status', message: expect.any(String) }]);
  });
});
