import { env } from 'cloudflare:workers';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { AccountListPage } from '../../shared/contracts/accounts';
import { type ContractTerm, contractDates, lifecycleStage } from '../../shared/health';
import { addDays } from '../../shared/time';
import { getDb } from '../../worker/common/db';
import {
  churnedOnSql,
  contractStartSql,
  lifecycleStageSql,
  renewalDateSql,
} from '../../worker/scoring/snapshots-store';
import {
  admin,
  createSegment,
  measureRawValues,
  planSegment,
  publishModel,
  rows,
  runScoring,
  SEAT_MODEL,
  seedAccount,
  today,
  uid,
  waitForRun,
  yesterday,
} from './helpers';

// Issue 13: support tickets feed the support measures, and contracts give an account its contract start,
// renewal date and churn (over the group traits) in scoring and in the account API.

const at = (day: string, hh = 12, mm = 0) =>
  Date.parse(`${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00Z`);

/** Seat activation plus the three support kinds over 30 days. */
const SUPPORT_MODEL = {
  measures: [
    {
      key: 'seatShare',
      kind: 'seatActivationRate',
      weight: 40,
      normalisation: { kind: 'linear', min: 0, max: 1 },
    },
    {
      key: 'fcr',
      kind: 'firstContactResolutionRate',
      windowDays: 30,
      weight: 20,
      normalisation: { kind: 'linear', min: 0, max: 1 },
    },
    {
      key: 'open',
      kind: 'openTickets',
      weight: 20,
      normalisation: { kind: 'linear', min: 0, max: 4, direction: 'lower' },
    },
    {
      key: 'frt',
      kind: 'firstResponseTime',
      windowDays: 30,
      weight: 20,
      normalisation: { kind: 'linear', min: 0, max: 240, direction: 'lower' },
    },
  ],
};

interface TicketSeed {
  openedAt: number;
  firstResponseAt?: number | null;
  resolvedAt?: number | null;
  firstContact?: boolean | null;
}

async function insertTickets(accountId: number, tickets: TicketSeed[]) {
  await env.DB.batch(
    tickets.map((t) =>
      env.DB.prepare(
        `INSERT INTO tickets (external_id, account_id, opened_at, first_response_at, resolved_at,
           resolved_on_first_contact, channel, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'email', ?, ?)`,
      ).bind(
        uid('ticket'),
        accountId,
        t.openedAt,
        t.firstResponseAt ?? null,
        t.resolvedAt ?? null,
        t.firstContact === undefined || t.firstContact === null ? null : t.firstContact ? 1 : 0,
        Date.now(),
        Date.now(),
      ),
    ),
  );
}

async function insertContracts(accountId: number, contracts: ContractTerm[]) {
  await env.DB.batch(
    contracts.map((c) =>
      env.DB.prepare(
        `INSERT INTO contracts (external_id, account_id, period_start, period_end, amount_minor, currency,
           reporting_amount_minor, interval, renewal_due_date, outcome, created_at, updated_at)
         VALUES (?, ?, ?, ?, 1200000, 'USD', 1200000, ?, ?, ?, ?, ?)`,
      ).bind(
        uid('contract'),
        accountId,
        c.periodStart,
        c.periodEnd,
        c.interval ?? 'year',
        c.renewalDueDate ?? c.periodEnd,
        c.outcome,
        Date.now(),
        Date.now(),
      ),
    ),
  );
}

/** A day of usage (an `asOf` run starts no earlier than the first day with usage). */
async function usageOn(accountId: number, day: string) {
  await env.DB.prepare(
    'INSERT INTO account_days (account_id, day, events, active_users, active_ms, features_used) VALUES (?, ?, 1, 1, 60000, 0)',
  )
    .bind(accountId, day)
    .run();
}

/** Sets the account's group-trait contract dates (as a Segment `group` call would). */
async function setTraitDates(accountId: number, start: string | null, renewal: string | null) {
  await env.DB.prepare('UPDATE accounts SET contract_start_date = ?, renewal_date = ? WHERE id = ?')
    .bind(start, renewal, accountId)
    .run();
}

async function snapshotOf(accountId: number, period: string) {
  const [row] = await rows<{ segment_id: string; measures: string; config: string | null }>(
    `SELECT segment_id, measures, (SELECT config FROM model_versions v WHERE v.id = model_version_id) AS config
     FROM score_snapshots WHERE account_id = ? AND period = ?`,
    accountId,
    period,
  );
  if (!row) return null;
  return { segmentId: row.segment_id, raw: measureRawValues(row.measures, row.config) };
}

async function runAsOf(asOf: string) {
  const res = await admin('/api/scoring/run', { method: 'POST', body: { asOf } });
  if (res.status !== 202) throw new Error(`asOf run: ${res.status} ${await res.text()}`);
  const run = await waitForRun((await res.json<{ runId: string }>()).runId, 60_000);
  expect(run).toMatchObject({ status: 'done', failed: 0 });
  return run;
}

async function listed(query: string) {
  const res = await admin(`/api/accounts?${query}`);
  expect(res.status).toBe(200);
  return res.json<AccountListPage>();
}

async function detail(externalId: string) {
  const res = await admin(`/api/accounts/${externalId}`);
  expect(res.status).toBe(200);
  return res.json<{ contractStartDate: string | null; renewalDate: string | null }>();
}

async function insightStage(externalId: string) {
  const res = await admin(`/api/accounts/${externalId}/insight`);
  expect(res.status).toBe(200);
  return (await res.json<{ snapshot: { lifecycleStage: string | null } | null }>()).snapshot?.lifecycleStage;
}

describe('support tickets feed the support measures', () => {
  it("scores first-contact resolution, open tickets and first response time from the account's tickets", async () => {
    const plan = uid('support');
    await planSegment(plan, SUPPORT_MODEL);
    const d = yesterday(); // the last day of today's run's windows
    const acct = await seedAccount({ plan, seats: 2, users: [60_000, null] });
    await insertTickets(acct.id, [
      // In the window, resolved at first contact, answered in 30 min.
      {
        openedAt: at(addDays(d, -10)),
        firstResponseAt: at(addDays(d, -10), 12, 30),
        resolvedAt: at(addDays(d, -9)),
        firstContact: true,
      },
      // In the window, resolved later (not at first contact), answered in 90 min.
      {
        openedAt: at(addDays(d, -5)),
        firstResponseAt: at(addDays(d, -5), 13, 30),
        resolvedAt: at(addDays(d, -2)),
        firstContact: false,
      },
      // In the window, answered in 60 min, still open.
      { openedAt: at(addDays(d, -3)), firstResponseAt: at(addDays(d, -3), 13) },
      // Opened before the window and never answered: still open.
      { openedAt: at(addDays(d, -50)) },
      // Opened before the window, resolved at first contact inside it (its response is not in the window).
      {
        openedAt: at(addDays(d, -45)),
        firstResponseAt: at(addDays(d, -45), 18),
        resolvedAt: at(addDays(d, -20)),
        firstContact: true,
      },
      // Opened and resolved before the window: counts for nothing.
      {
        openedAt: at(addDays(d, -60)),
        firstResponseAt: at(addDays(d, -60), 14),
        resolvedAt: at(addDays(d, -40)),
      },
    ]);
    await runScoring();
    // Hand computation: resolved in the window 3 (2 at first contact); open at the end of d: 2; first
    // responses of tickets opened in the window 30, 90, 60 min → median 60.
    const snap = await snapshotOf(acct.id, today());
    expect(snap?.raw).toEqual({ seatShare: 0.5, fcr: 2 / 3, open: 2, frt: 60 });
    const health = await (await admin(`/api/accounts/${acct.externalId}`)).json<{
      health: { score: number };
    }>();
    // 40 × 0.5 + 20 × 2/3 + 20 × (1 − 2/4) + 20 × (1 − 60/240) = 20 + 13.33 + 10 + 15 = 58.3
    expect(health.health.score).toBeCloseTo(58.3, 1);
  });

  it('a backfilled day sees neither tickets opened after it nor responses and resolutions after it', async () => {
    const plan = uid('support-past');
    await planSegment(plan, SUPPORT_MODEL);
    const acct = await seedAccount({ plan, seats: 2, users: [60_000, null] });
    const d = addDays(today(), -10);
    await usageOn(acct.id, addDays(d, -3));
    await insertTickets(acct.id, [
      // Answered in 2 h on d − 2, resolved at first contact the day after d: open on d.
      {
        openedAt: at(addDays(d, -2)),
        firstResponseAt: at(addDays(d, -2), 14),
        resolvedAt: at(addDays(d, 1)),
        firstContact: true,
      },
      // Opened on d − 1, first answered the day after d: no response yet on d.
      { openedAt: at(addDays(d, -1)), firstResponseAt: at(addDays(d, 1), 12) },
      // Opened after d.
      { openedAt: at(addDays(d, 2)), firstResponseAt: at(addDays(d, 2), 12, 10) },
    ]);
    await runAsOf(d);
    expect((await snapshotOf(acct.id, d))?.raw).toMatchObject({ fcr: null, open: 2, frt: 120 });

    // Today the resolution and the later tickets count.
    await runScoring();
    // Responses 10 min, 2 h and 24 h → median 2 h; open: the two still unresolved.
    expect((await snapshotOf(acct.id, today()))?.raw).toMatchObject({ fcr: 1, open: 2, frt: 120 });
  });
});

describe('contracts give the contract start, renewal date and churn', () => {
  it('override the group-trait dates in scoring: segment rules, renewal alert and lifecycle', async () => {
    const plan = uid('contract-plan');
    const modelId = await publishModel(SEAT_MODEL);
    const renewing = await createSegment({
      conditions: [
        { field: 'plan', op: 'eq', value: plan },
        { field: 'lifecycleStage', op: 'eq', value: 'renewal' },
      ],
      modelId,
    });
    const other = await createSegment({ conditions: [{ field: 'plan', op: 'eq', value: plan }], modelId });
    const t = today();
    // 1 of 100 seats: red, so a renewal within 90 days alerts.
    const withContract = await seedAccount({ plan, seats: 100, users: [60_000] });
    const traitsOnly = await seedAccount({ plan, seats: 100, users: [60_000] });
    for (const a of [withContract, traitsOnly]) await setTraitDates(a.id, addDays(t, -400), addDays(t, 200));
    await usageOn(withContract.id, addDays(t, -250));
    await insertContracts(withContract.id, [
      {
        periodStart: addDays(t, -395),
        periodEnd: addDays(t, -31),
        renewalDueDate: addDays(t, -60),
        outcome: 'renewed',
      },
      {
        periodStart: addDays(t, -30),
        periodEnd: addDays(t, 334),
        renewalDueDate: addDays(t, 30),
        outcome: null,
      },
      // Signed, not started: does not count yet.
      { periodStart: addDays(t, 335), periodEnd: addDays(t, 700), renewalDueDate: null, outcome: null },
    ]);
    await runScoring();
    expect((await snapshotOf(withContract.id, t))?.segmentId).toBe(renewing.id);
    expect((await snapshotOf(traitsOnly.id, t))?.segmentId).toBe(other.id);
    const alerts = await rows<{ account_id: number; title: string }>(
      "SELECT account_id, title FROM alerts WHERE rule_id = 'renewal-at-risk' AND account_id IN (?, ?)",
      withContract.id,
      traitsOnly.id,
    );
    expect(alerts).toEqual([
      { account_id: withContract.id, title: expect.stringContaining(`Renewal on ${addDays(t, 30)}`) },
    ]);

    // Backfilled days in the previous term see that term's dates (the traits say maturity on both): 100 days
    // ago its renewal (60 days ago) was within 90 days, 200 days ago it was not.
    const past = addDays(t, -100);
    await runAsOf(past);
    expect((await snapshotOf(withContract.id, past))?.segmentId).toBe(renewing.id);
    const early = addDays(t, -200);
    await runAsOf(early);
    expect((await snapshotOf(withContract.id, early))?.segmentId).toBe(other.id);
  });

  it('override the group-trait dates in the account API: list, sort, stage filter, detail, insight, CSV', async () => {
    const plan = uid('contract-api');
    const t = today();
    const withContract = await seedAccount({ externalId: `${plan}-1`, seats: 10 });
    const traitsOnly = await seedAccount({ externalId: `${plan}-2`, seats: 10 });
    await setTraitDates(withContract.id, addDays(t, -400), addDays(t, 200));
    await setTraitDates(traitsOnly.id, addDays(t, -400), addDays(t, 100));
    await insertContracts(withContract.id, [
      {
        periodStart: addDays(t, -30),
        periodEnd: addDays(t, 334),
        renewalDueDate: addDays(t, 30),
        outcome: null,
      },
    ]);

    const page = await listed(`q=${plan}&sort=renewal`);
    expect(page.items.map((i) => [i.externalId, i.renewalDate, i.lifecycleStage])).toEqual([
      [withContract.externalId, addDays(t, 30), 'renewal'],
      [traitsOnly.externalId, addDays(t, 100), 'maturity'],
    ]);
    expect((await listed(`q=${plan}&sort=-renewal`)).items.map((i) => i.externalId)).toEqual([
      traitsOnly.externalId,
      withContract.externalId,
    ]);
    expect((await listed(`q=${plan}&stage=renewal`)).items.map((i) => i.externalId)).toEqual([
      withContract.externalId,
    ]);
    expect((await listed(`q=${plan}&stage=maturity`)).items.map((i) => i.externalId)).toEqual([
      traitsOnly.externalId,
    ]);
    expect(await detail(withContract.externalId)).toMatchObject({
      contractStartDate: addDays(t, -30),
      renewalDate: addDays(t, 30),
    });
    expect(await detail(traitsOnly.externalId)).toMatchObject({
      contractStartDate: addDays(t, -400),
      renewalDate: addDays(t, 100),
    });
    await runScoring(); // the insight tells the stage beside the latest snapshot
    expect(await insightStage(withContract.externalId)).toBe('renewal');
    expect(await insightStage(traitsOnly.externalId)).toBe('maturity');

    const csv = await admin(`/api/accounts/export.csv?q=${plan}&sort=renewal`);
    expect(csv.status).toBe(200);
    const parsed = Papa.parse<Record<string, string>>(await csv.text(), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.data.map((r) => [r.externalId, r.renewalDate, r.lifecycleStage])).toEqual([
      [withContract.externalId, addDays(t, 30), 'renewal'],
      [traitsOnly.externalId, addDays(t, 100), 'maturity'],
    ]);
  });

  it("the dashboard's renewals go by the contract renewal date", async () => {
    const t = today();
    const byContract = await seedAccount({ seats: 10 });
    const movedOut = await seedAccount({ seats: 10 });
    const traitsOnly = await seedAccount({ seats: 10 });
    await setTraitDates(byContract.id, addDays(t, -400), addDays(t, 200));
    await setTraitDates(movedOut.id, addDays(t, -400), addDays(t, 20));
    await setTraitDates(traitsOnly.id, addDays(t, -400), addDays(t, 25));
    await insertContracts(byContract.id, [
      {
        periodStart: addDays(t, -300),
        periodEnd: addDays(t, 64),
        renewalDueDate: addDays(t, 45),
        outcome: null,
      },
    ]);
    await insertContracts(movedOut.id, [
      {
        periodStart: addDays(t, -10),
        periodEnd: addDays(t, 355),
        renewalDueDate: addDays(t, 200),
        outcome: null,
      },
    ]);
    await runScoring();
    const res = await admin('/api/dashboard');
    expect(res.status).toBe(200);
    const { renewals } = await res.json<{
      renewals: { accounts: { externalId: string; renewalDate: string }[] }[];
    }>();
    const ours = new Set([byContract.externalId, movedOut.externalId, traitsOnly.externalId]);
    const listed = renewals
      .flatMap((g) => g.accounts)
      .filter((a) => ours.has(a.externalId))
      .map(({ externalId, renewalDate }) => ({ externalId, renewalDate }));
    expect(listed.sort((a, b) => a.renewalDate.localeCompare(b.renewalDate))).toEqual([
      { externalId: traitsOnly.externalId, renewalDate: addDays(t, 25) },
      { externalId: byContract.externalId, renewalDate: addDays(t, 45) },
    ]);
  });

  it('a churned last contract makes the account churned from its end day, in scoring and in the API', async () => {
    const plan = uid('churn-plan');
    const modelId = await publishModel(SEAT_MODEL);
    const churned = await createSegment({
      conditions: [
        { field: 'plan', op: 'eq', value: plan },
        { field: 'lifecycleStage', op: 'eq', value: 'churned' },
      ],
      modelId,
    });
    const rest = await createSegment({ conditions: [{ field: 'plan', op: 'eq', value: plan }], modelId });
    const t = today();
    const end = addDays(t, -5);
    const acct = await seedAccount({ externalId: `${plan}-1`, plan, seats: 10, users: [60_000] });
    await setTraitDates(acct.id, addDays(t, -400), addDays(t, 300));
    await usageOn(acct.id, addDays(end, -10));
    await insertContracts(acct.id, [
      {
        periodStart: addDays(end, -364),
        periodEnd: end,
        renewalDueDate: addDays(end, -30),
        outcome: 'churned',
      },
    ]);
    await runAsOf(addDays(end, -1));
    await runAsOf(end);
    await runScoring();
    expect((await snapshotOf(acct.id, addDays(end, -1)))?.segmentId).toBe(rest.id);
    expect((await snapshotOf(acct.id, end))?.segmentId).toBe(churned.id);
    expect((await snapshotOf(acct.id, t))?.segmentId).toBe(churned.id);

    const [item] = (await listed(`q=${acct.externalId}`)).items;
    expect(item).toMatchObject({ lifecycleStage: 'churned', renewalDate: addDays(end, -30) });
    expect((await listed(`q=${plan}&stage=churned`)).items.map((i) => i.externalId)).toEqual([
      acct.externalId,
    ]);
    expect(await insightStage(acct.externalId)).toBe('churned');
  });

  it('the SQL of the account reads agrees with contractDates and lifecycleStage, day by day', async () => {
    const t = today();
    const scenarios: ContractTerm[][] = [
      [],
      [{ periodStart: addDays(t, 10), periodEnd: addDays(t, 375), renewalDueDate: null, outcome: null }],
      [
        {
          periodStart: addDays(t, -400),
          periodEnd: addDays(t, -36),
          renewalDueDate: addDays(t, -60),
          outcome: 'renewed',
        },
        {
          periodStart: addDays(t, -35),
          periodEnd: addDays(t, 329),
          renewalDueDate: addDays(t, 300),
          outcome: null,
        },
      ],
      [
        {
          periodStart: addDays(t, -200),
          periodEnd: addDays(t, 40),
          renewalDueDate: addDays(t, 10),
          outcome: null,
        },
        {
          periodStart: addDays(t, -100),
          periodEnd: addDays(t, -20),
          renewalDueDate: null,
          outcome: 'churned',
        },
      ],
      [
        {
          periodStart: addDays(t, -300),
          periodEnd: addDays(t, -10),
          renewalDueDate: null,
          outcome: 'churned',
        },
        { periodStart: addDays(t, 20), periodEnd: addDays(t, 200), renewalDueDate: null, outcome: null },
      ],
      [
        {
          periodStart: addDays(t, -50),
          periodEnd: addDays(t, 100),
          renewalDueDate: addDays(t, 90),
          outcome: null,
        },
        {
          periodStart: addDays(t, -50),
          periodEnd: addDays(t, 100),
          renewalDueDate: addDays(t, 60),
          outcome: null,
        },
      ],
      // The latest started ended unchurned while an earlier one is still in force: that one is current.
      [
        {
          periodStart: addDays(t, -300),
          periodEnd: addDays(t, 300),
          renewalDueDate: addDays(t, 280),
          outcome: null,
        },
        {
          periodStart: addDays(t, -100),
          periodEnd: addDays(t, -20),
          renewalDueDate: null,
          outcome: 'renewed',
        },
      ],
      // Same start: the later row wins, in force or not.
      [
        {
          periodStart: addDays(t, -50),
          periodEnd: addDays(t, 200),
          renewalDueDate: addDays(t, 170),
          outcome: null,
        },
        { periodStart: addDays(t, -50), periodEnd: addDays(t, -5), renewalDueDate: null, outcome: 'churned' },
      ],
      // A one-off (consulting) in the middle of a term neither restarts the lifecycle nor renews.
      [
        { periodStart: addDays(t, -300), periodEnd: addDays(t, 65), renewalDueDate: null, outcome: null },
        {
          periodStart: addDays(t, -5),
          periodEnd: addDays(t, -5),
          renewalDueDate: null,
          outcome: null,
          interval: 'once',
        },
      ],
    ];
    const traitStart = addDays(t, -500);
    const traitRenewal = addDays(t, 50);
    const ids: number[] = [];
    for (const contracts of scenarios) {
      const a = await seedAccount({});
      await setTraitDates(a.id, traitStart, traitRenewal);
      if (contracts.length > 0) await insertContracts(a.id, contracts);
      ids.push(a.id);
    }
    const db = getDb(env.DB);
    const { sql } = await import('drizzle-orm');
    for (let offset = -420; offset <= 420; offset += 15) {
      const day = addDays(t, offset);
      const got = await db.all<{
        id: number;
        start: string;
        renewal: string;
        churned: string | null;
        stage: string | null;
      }>(
        sql`SELECT a.id, ${contractStartSql(day)} AS start, ${renewalDateSql(day)} AS renewal,
              ${churnedOnSql(day)} AS churned, ${lifecycleStageSql(day)} AS stage
            FROM accounts a WHERE a.id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) ORDER BY a.id`,
      );
      const expected = scenarios.map((contracts, i) => {
        const d = contractDates(contracts, day);
        return {
          id: ids[i],
          start: d?.contractStartDate ?? traitStart,
          renewal: d?.renewalDate ?? traitRenewal,
          churned: d?.churnedOn ?? null,
          stage: lifecycleStage(
            {
              contractStartDate: d?.contractStartDate ?? traitStart,
              renewalDate: d?.renewalDate ?? traitRenewal,
              churnedAt: d?.churnedOn ? Date.parse(`${d.churnedOn}T00:00:00Z`) : null,
            },
            day,
          ),
        };
      });
      expect(got, day).toEqual(expected);
    }
  });
});
