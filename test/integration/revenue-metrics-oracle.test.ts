import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RevenueMetrics } from '../../shared/contracts/revenue';
import { createRng, type Rng } from '../../shared/prng';
import {
  type Advocacy,
  type CsCost,
  type CsLead,
  type RevenueAccount,
  type RevenueContract,
  type RevenueTicket,
  revenueMetrics,
} from '../../shared/revenue';
import { addDays } from '../../shared/time';
import { admin, seedAccount, uid } from './helpers';

// GET /api/metrics reduces in SQL (worker/revenue/metrics-store.ts); shared/revenue's `revenueMetrics` over the
// records is the definition. Random books — chains of terms of every interval and outcome, renewals due before
// and after their term's end, one-offs, service and expansion lines, churn traits valid and not, tickets, leads
// and advocacy — are posted through the API, and each period's answer must equal the pure function's over the
// same records.

const OUTCOMES = [null, 'renewed', 'renewed', 'churned', 'downgraded', 'expanded', 'opted_out'] as const;
const INTERVALS = ['month', 'quarter', 'year'] as const;
const PERIODS = [
  { from: '2026-01-01', to: '2026-03-31' },
  { from: '2025-07-15', to: '2026-07-14' },
  { from: '2026-02-01', to: '2026-02-28' },
  { from: '2024-01-01', to: '2026-12-31' },
];

interface Book {
  owner: string;
  accounts: RevenueAccount[];
  contracts: RevenueContract[];
  tickets: RevenueTicket[];
  leads: CsLead[];
  advocacy: Advocacy[];
}

const day = (rng: Rng, from: string, spanDays: number) => addDays(from, rng.int(0, spanDays));
const validDay = (d: string | null | undefined): d is string =>
  typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));

async function post(path: string, body: unknown[]) {
  if (body.length === 0) return;
  const res = await admin(path, { body });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

/** A random book of `size` accounts of one new owner, written through the API; the records as the core reads them. */
async function seedBook(seed: number, size: number): Promise<Book> {
  const rng = createRng(seed);
  const owner = `${uid(`oracle-${seed}`)}@example.com`;
  const book: Book = { owner, accounts: [], contracts: [], tickets: [], leads: [], advocacy: [] };
  const contractInputs: Record<string, unknown>[] = [];
  const ticketInputs: Record<string, unknown>[] = [];
  const leadInputs: Record<string, unknown>[] = [];
  const advocacyInputs: Record<string, unknown>[] = [];
  for (let a = 0; a < size; a++) {
    const { id, externalId } = await seedAccount({ externalId: uid(`oracle-${seed}-${a}`) });
    const churnedAt = rng.chance(0.15) ? rng.pick([day(rng, '2025-01-01', 700), '2026-02-30', 'soon']) : null;
    await env.DB.prepare('UPDATE accounts SET owner_email = ?, traits = ? WHERE id = ?')
      .bind(owner, JSON.stringify(churnedAt ? { status: 'Churned', churnedAt } : {}), id)
      .run();
    // A chain of terms from a random start; each decided one renews into the next unless churned.
    let start = day(rng, '2024-01-01', 900);
    const chain: RevenueContract[] = [];
    for (let k = 0; k < 8 && start <= '2026-12-31'; k++) {
      const interval = rng.pick(INTERVALS);
      const months =
        interval === 'year' ? 12 : interval === 'quarter' ? rng.pick([3, 6]) : rng.pick([1, 3, 12]);
      const end = addDays(addMonths(start, months), -1);
      const outcome = end < '2026-09-01' ? rng.pick(OUTCOMES) : null;
      const amountMinor = rng.int(1, 400) * 1_000 + rng.int(0, 999);
      const renewed =
        outcome && outcome !== 'churned' && rng.chance(0.6) ? amountMinor + rng.int(-500, 900) * 10 : null;
      const dueShift = rng.pick([0, 0, -30, -1, 15]);
      const due = dueShift === 0 ? null : addDays(end, dueShift) < start ? null : addDays(end, dueShift);
      const items = [
        ...(rng.chance(0.3) ? [{ kind: 'premium_csm' as const, amountMinor: rng.int(1, 50) * 100 }] : []),
        ...(rng.chance(0.2)
          ? [{ kind: rng.pick(['upsell', 'add_on', 'cross_sell'] as const), amountMinor: 700 }]
          : []),
      ];
      const contract: RevenueContract = {
        accountId: id,
        externalId: uid(`oc-${seed}`),
        periodStart: start,
        periodEnd: end,
        amountMinor,
        interval,
        renewalDueDate: due ?? end,
        outcome,
        outcomeReason: outcome && rng.chance(0.5) ? 'price' : null,
        renewedAmountMinor: renewed,
        items: items.map((i) => ({ ...i, source: null })),
      };
      chain.push(contract);
      contractInputs.push({
        accountExternalId: externalId,
        externalId: contract.externalId,
        periodStart: start,
        periodEnd: end,
        amountMinor,
        currency: 'USD',
        interval,
        ...(due ? { renewalDueDate: due } : {}),
        ...(outcome ? { outcome } : {}),
        ...(contract.outcomeReason ? { outcomeReason: contract.outcomeReason } : {}),
        ...(renewed !== null ? { renewedAmountMinor: renewed } : {}),
        ...(items.length ? { items } : {}),
      });
      if (outcome === 'churned') break;
      start = addDays(end, rng.pick([1, 1, 1, 20]));
    }
    if (rng.chance(0.3)) {
      const once = day(rng, '2025-01-01', 600);
      const amountMinor = rng.int(1, 90) * 1_000;
      const contract: RevenueContract = {
        accountId: id,
        externalId: uid(`oo-${seed}`),
        periodStart: once,
        periodEnd: addDays(once, rng.int(0, 40)),
        amountMinor,
        interval: 'once',
        renewalDueDate: null,
        outcome: null,
        outcomeReason: null,
        renewedAmountMinor: null,
        items: [{ kind: 'consulting', amountMinor, source: null }],
      };
      chain.push(contract);
      contractInputs.push({
        accountExternalId: externalId,
        externalId: contract.externalId,
        periodStart: contract.periodStart,
        periodEnd: contract.periodEnd,
        amountMinor,
        currency: 'USD',
        interval: 'once',
        items: [{ kind: 'consulting', amountMinor }],
      });
    }
    book.contracts.push(...chain);
    // The account as the core reads it: first start, and the earlier valid churn day of its last recurring
    // term (when churned) and of its trait.
    const recurring = chain.filter((c) => c.interval !== 'once');
    const last = recurring.at(-1);
    const contractChurn = last?.outcome === 'churned' ? last.periodEnd : null;
    const churns = [contractChurn, churnedAt].filter(validDay).sort();
    book.accounts.push({
      accountId: id,
      firstStartDay: chain.length ? chain.map((c) => c.periodStart).sort()[0]! : null,
      churnDay: churns[0] ?? null,
      segmentId: null,
      ownerEmail: owner,
      seats: null,
    });
    for (let t = rng.int(0, 6); t > 0; t--) {
      const opened = Date.parse(`${day(rng, '2025-06-01', 500)}T00:00:00Z`) + rng.int(0, 86_399) * 1000;
      const responded = rng.chance(0.8)
        ? opened + rng.int(0, 4 * 24 * 60) * 60_000 + rng.int(0, 59) * 1000
        : null;
      const resolved = rng.chance(0.6) ? opened + rng.int(1, 72) * 3_600_000 : null;
      const fcr = resolved !== null && rng.chance(0.5);
      const ticket: RevenueTicket = {
        accountId: id,
        openedAt: opened,
        firstResponseAt: responded,
        resolvedAt: resolved,
        resolvedOnFirstContact: resolved === null ? null : fcr,
      };
      book.tickets.push(ticket);
      ticketInputs.push({
        accountExternalId: externalId,
        externalId: uid('ot'),
        openedAt: new Date(opened).toISOString(),
        ...(responded !== null ? { firstResponseAt: new Date(responded).toISOString() } : {}),
        ...(resolved !== null
          ? { resolvedAt: new Date(resolved).toISOString(), resolvedOnFirstContact: fcr }
          : {}),
      });
    }
    if (rng.chance(0.4)) {
      const submittedOn = day(rng, '2025-06-01', 450);
      const status = rng.pick(['submitted', 'accepted', 'won', 'lost'] as const);
      const closedOn = status === 'won' || status === 'lost' ? addDays(submittedOn, rng.int(0, 90)) : null;
      const acceptedOn = status !== 'submitted' && rng.chance(0.7) ? addDays(submittedOn, 3) : null;
      const wonArrMinor = status === 'won' ? rng.int(1, 100) * 1_000 : null;
      book.leads.push({ accountId: id, submittedOn, status, acceptedOn, closedOn, wonArrMinor });
      leadInputs.push({
        accountExternalId: externalId,
        externalId: uid('ol'),
        title: 'Lead',
        submittedOn,
        status,
        ...(acceptedOn ? { acceptedOn } : {}),
        ...(closedOn ? { closedOn } : {}),
        ...(wonArrMinor !== null ? { wonArrMinor } : {}),
      });
    }
    if (rng.chance(0.3)) {
      const occurredOn = day(rng, '2025-06-01', 450);
      const kind = rng.pick(['case_study', 'reference', 'referral'] as const);
      const referralArrMinor = kind === 'referral' ? rng.int(1, 50) * 1_000 : null;
      book.advocacy.push({ accountId: id, kind, occurredOn, referralArrMinor });
      advocacyInputs.push({
        accountExternalId: externalId,
        externalId: uid('oa'),
        kind,
        occurredOn,
        ...(referralArrMinor !== null ? { referralArrMinor } : {}),
      });
    }
  }
  await post('/api/contracts', contractInputs);
  await post('/api/tickets', ticketInputs);
  await post('/api/leads', leadInputs);
  await post('/api/advocacy', advocacyInputs);
  return book;
}

/** `day` plus whole calendar months (clamped to the month's end), as a term's length is counted. */
function addMonths(d: string, months: number): string {
  const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
  const total = m - 1 + months;
  const year = y + Math.floor(total / 12);
  const month = total % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(dd, lastDay)).padStart(2, '0')}`;
}

/** Every number of two answers equal: counts and rates exactly (rates to 1e-9), money to the minor unit. */
function expectSame(actual: unknown, expected: unknown, path = 'metrics') {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const money = /Minor$/.test(path.split('.').at(-1) ?? '');
    if (money) expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1);
    else expect(actual, path).toBeCloseTo(expected, 9);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    expect(actual, path).toEqual(expected);
    return;
  }
  expect(typeof actual, path).toBe('object');
  expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected))
    expectSame((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
}

describe('GET /api/metrics agrees with the pure definition', () => {
  const books: Book[] = [];
  let costs: CsCost[] = [];
  let grossMarginRate = 0;

  beforeAll(async () => {
    for (const seed of [11, 12, 13]) books.push(await seedBook(seed, 14));
    await post('/api/cs-costs', [
      {
        externalId: uid('oc'),
        periodStart: '2026-01-01',
        periodEnd: '2026-06-30',
        amountMinor: 6_000_000,
        currency: 'USD',
      },
    ]);
    grossMarginRate = ((await (await admin('/api/settings/revenue')).json()) as { grossMarginRate: number })
      .grossMarginRate;
    // Costs are not per account: the installation's, whatever other tests wrote.
    const rows = await env.DB.prepare(
      'SELECT period_start, period_end, reporting_amount_minor FROM cs_costs',
    ).all();
    costs = rows.results.map((r) => ({
      periodStart: String(r.period_start),
      periodEnd: String(r.period_end),
      amountMinor: Number(r.reporting_amount_minor),
    }));
  }, 60_000);

  it('for every book and period: counts, rates, MRR flows, renewals by tier and reason, CLTV, support, attribution', async () => {
    let compared = 0;
    for (const book of books)
      for (const period of PERIODS) {
        const res = await admin(
          `/api/metrics?from=${period.from}&to=${period.to}&owner=${encodeURIComponent(book.owner)}`,
        );
        expect(res.status).toBe(200);
        const { reportingCurrency, ...actual } = (await res.json()) as RevenueMetrics;
        expect(reportingCurrency).toBe('USD');
        const expected = revenueMetrics({
          ...period,
          accounts: book.accounts,
          contracts: book.contracts,
          tickets: book.tickets,
          costs,
          leads: book.leads,
          advocacy: book.advocacy,
          transitions: [],
          tierOnDay: () => null,
          grossMarginRate,
        });
        expectSame(actual, expected);
        compared++;
      }
    expect(compared).toBe(books.length * PERIODS.length);
  });

  it('the books are not trivial: customers, churn, renewals, purchases, services and tickets all occur', async () => {
    const res = await admin(
      `/api/metrics?from=2024-01-01&to=2026-12-31&owner=${encodeURIComponent(books[0]!.owner)}`,
    );
    const m = (await res.json()) as RevenueMetrics;
    expect(m.counts.activeAtEnd).toBeGreaterThan(0);
    expect(m.counts.churned).toBeGreaterThan(0);
    expect(m.counts.renewed).toBeGreaterThan(0);
    expect(m.counts.tickets).toBeGreaterThan(0);
    expect(m.attribution.premiumCsmRevenueMinor).toBeGreaterThan(0);
    expect(m.repurchaseRate).toBeGreaterThan(0);
    expect(m.byReason.length).toBeGreaterThan(1);
  });
});
