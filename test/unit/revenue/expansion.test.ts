import { describe, expect, it } from 'vitest';
import { type ExpansionAccount, expansionCandidates } from '../../../shared/revenue';

function acct(over: Partial<ExpansionAccount>): ExpansionAccount {
  return {
    accountId: 1,
    externalId: 'acme',
    name: 'Acme',
    tier: 'green',
    arrMinor: 1_000_000,
    seats: 10,
    activeUsers: 5,
    usedModules: [],
    boughtModules: [],
    ...over,
  };
}

describe('expansionCandidates', () => {
  it('lists a healthy account using 90 % or more of its seats, with its utilisation', () => {
    expect(expansionCandidates([acct({ activeUsers: 9 })])).toEqual([
      {
        accountExternalId: 'acme',
        name: 'Acme',
        tier: 'green',
        arrMinor: 1_000_000,
        seats: 10,
        activeUsers: 9,
        seatUtilization: 0.9,
        unboughtModules: [],
        reasons: ['seats'],
      },
    ]);
    expect(expansionCandidates([acct({ activeUsers: 8 })])).toEqual([]);
  });

  it('lists modules used but not bought, sorted and once each', () => {
    const [c] = expansionCandidates([
      acct({ usedModules: ['reports', 'api', 'api', 'core'], boughtModules: ['core'] }),
    ]);
    expect(c).toMatchObject({ unboughtModules: ['api', 'reports'], reasons: ['modules'] });
    expect(
      expansionCandidates([acct({ activeUsers: 12, usedModules: ['api'], boughtModules: [] })])[0]?.reasons,
    ).toEqual(['seats', 'modules']);
  });

  it('gives no modules reason when bought modules are unknown, and no seats reason without seats', () => {
    expect(expansionCandidates([acct({ usedModules: ['api'], boughtModules: null })])).toEqual([]);
    expect(expansionCandidates([acct({ seats: null, activeUsers: 50 })])).toEqual([]);
    expect(expansionCandidates([acct({ seats: 0, activeUsers: 50 })])).toEqual([]);
  });

  it('leaves out tiers that are not healthy, or not scored', () => {
    expect(
      expansionCandidates([acct({ tier: 'yellow', activeUsers: 10 }), acct({ tier: null, activeUsers: 10 })]),
    ).toEqual([]);
    expect(expansionCandidates([acct({ tier: 'green-yellow', activeUsers: 10 })])).toHaveLength(1);
  });

  it('takes its healthy tiers and seat threshold as options', () => {
    const a = acct({ tier: 'yellow', activeUsers: 7 });
    expect(expansionCandidates([a], { healthyTiers: ['yellow'], seatThreshold: 0.7 })).toHaveLength(1);
    expect(expansionCandidates([a], { healthyTiers: ['yellow'] })).toHaveLength(0);
  });

  it('sorts by ARR, largest first, then by name', () => {
    const rows = expansionCandidates([
      acct({ externalId: 'a', name: 'Zeta', arrMinor: 100, activeUsers: 10 }),
      acct({ externalId: 'b', name: 'Beta', arrMinor: 900, activeUsers: 10 }),
      acct({ externalId: 'c', name: 'Alpha', arrMinor: 100, activeUsers: 10 }),
    ]);
    expect(rows.map((r) => r.accountExternalId)).toEqual(['b', 'c', 'a']);
  });
});
