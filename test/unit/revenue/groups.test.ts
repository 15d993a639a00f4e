import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type RenewalGroup,
  type RevenueContract,
  renewalGroup,
  renewalsByReason,
  renewalsByReasonOfGroups,
  renewalsByTier,
  renewalsByTierOfGroups,
  type ServiceGroup,
  serviceGroups,
  servicesRevenue,
  servicesRevenueOfGroups,
  summariseRenewalGroups,
  summariseRenewals,
} from '../../../shared/revenue';
import { contract } from './fixtures';

// The worker's SQL sends renewals and service lines grouped (worker/revenue/metrics-store.ts): merging records
// that share a group's key must give the figures of the records one by one.

const renewal = fc
  .record({
    accountId: fc.integer({ min: 1, max: 4 }),
    interval: fc.constantFrom('month', 'quarter', 'year', 'once'),
    outcome: fc.constantFrom(null, 'renewed', 'churned', 'downgraded', 'expanded', 'opted_out'),
    outcomeReason: fc.constantFrom(null, 'price', 'budget'),
    amountMinor: fc.integer({ min: 0, max: 5_000_000 }),
    renewedAmountMinor: fc.option(fc.integer({ min: 0, max: 5_000_000 })),
    tier: fc.constantFrom(null, 'green', 'red'),
  })
  .map(({ tier, ...c }) => ({ tier, contract: contract(c as Partial<RevenueContract>) }));

/** Records merged by the group key, as SQL's GROUP BY would. */
function merge(groups: RenewalGroup[]): RenewalGroup[] {
  const byKey = new Map<string, RenewalGroup>();
  for (const g of groups) {
    const key = JSON.stringify([g.interval, g.outcome, g.reason, g.tier]);
    const m = byKey.get(key);
    if (!m) byKey.set(key, { ...g });
    else {
      m.count += g.count;
      m.amountMinor += g.amountMinor;
      m.renewedAmountMinor += g.renewedAmountMinor;
      m.unpricedAmountMinor += g.unpricedAmountMinor;
    }
  }
  return [...byKey.values()];
}

describe('grouped renewals', () => {
  it('summary, by tier and by reason of merged groups equal those of the records', () => {
    fc.assert(
      fc.property(fc.array(renewal, { maxLength: 40 }), (rows) => {
        const due = rows.map((r) => r.contract);
        const tiers = new Map(rows.map((r) => [r.contract, r.tier]));
        const groups = merge(
          rows.map((r) => renewalGroup(r.contract, r.contract.outcome === null ? null : r.tier)),
        );
        expect(summariseRenewalGroups(groups)).toEqual(summariseRenewals(due));
        expect(renewalsByReasonOfGroups(groups)).toEqual(renewalsByReason(due));
        const tierOf = (c: RevenueContract) => tiers.get(c) ?? null;
        const byTier = renewalsByTier(
          due.map((c) => ({ ...c, accountId: due.indexOf(c) })),
          (accountId) => tierOf(due[accountId]!),
          90,
        );
        expect(renewalsByTierOfGroups(groups)).toEqual(byTier);
      }),
    );
  });

  it('a group of one keeps the renewed amount apart from the contract amount (downgrade without a price keeps 0)', () => {
    const g = renewalGroup(contract({ interval: 'month', amountMinor: 1_000, outcome: 'downgraded' }));
    expect(summariseRenewalGroups([g]).renewedArrMinor).toBe(0);
    const priced = renewalGroup(
      contract({ interval: 'month', amountMinor: 1_000, outcome: 'downgraded', renewedAmountMinor: 800 }),
    );
    expect(summariseRenewalGroups([priced, { ...g }]).renewedArrMinor).toBe(9_600);
  });
});

describe('grouped service lines', () => {
  const line = fc.record({
    periodStart: fc.constantFrom('2026-01-01', '2026-02-15', '2026-03-31'),
    periodEnd: fc.constantFrom(null, '2026-03-31', '2026-04-30', '2027-03-31'),
    interval: fc.constantFrom('month', 'quarter', 'year', 'once'),
    kind: fc.constantFrom('premium_csm', 'consulting', 'upsell'),
    amountMinor: fc.integer({ min: 0, max: 900_000 }),
  });

  it('revenue of merged shapes equals that of the lines one by one', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const contracts = lines.map((l) =>
          contract({
            periodStart: l.periodStart,
            periodEnd: l.periodEnd ?? l.periodStart,
            interval: l.interval as RevenueContract['interval'],
            items: [{ kind: l.kind as 'premium_csm', amountMinor: l.amountMinor, source: null }],
          }),
        );
        const merged = new Map<string, ServiceGroup>();
        for (const g of serviceGroups(contracts)) {
          const key = JSON.stringify([g.periodStart, g.periodEnd, g.interval, g.kind]);
          const m = merged.get(key);
          if (m) m.amountMinor += g.amountMinor;
          else merged.set(key, { ...g });
        }
        for (const [from, to] of [
          ['2026-01-01', '2026-03-31'],
          ['2026-02-01', '2026-02-28'],
        ] as const) {
          const one = servicesRevenue(contracts, from, to);
          const grouped = servicesRevenueOfGroups([...merged.values()], from, to);
          expect(grouped.premiumCsmRevenueMinor).toBeCloseTo(one.premiumCsmRevenueMinor, 6);
          expect(grouped.consultingRevenueMinor).toBeCloseTo(one.consultingRevenueMinor, 6);
        }
      }),
    );
  });

  it('only premium-CSM and consulting lines become groups', () => {
    const c = contract({
      items: [
        { kind: 'subscription', amountMinor: 1, source: null },
        { kind: 'premium_csm', amountMinor: 2, source: null },
        { kind: 'consulting', amountMinor: 3, source: null },
      ],
    });
    expect(serviceGroups([c]).map((g) => [g.kind, g.amountMinor])).toEqual([
      ['premium_csm', 2],
      ['consulting', 3],
    ]);
  });
});
