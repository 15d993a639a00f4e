import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel, DEFAULT_MODEL, type HealthScore } from '../../../shared/health';
import type { SyntheticFeature } from '../../../shared/testing/features';
import { healthInputAt, indexPortfolio, portfolioCatalog } from '../../../shared/testing/health-input';
import { rollupUsage, type UserFeatureDay } from '../../../shared/testing/rollups';
import type { SyntheticPortfolio } from '../../../shared/testing/synthetic-portfolio';
import { addDays } from '../../../shared/time';

// The worked example of docs/scoring.md, computed with the real scoring core: the doc's tables must be
// what this prints. Acme has 20 seats and 10 users who each open a dashboard 10 times and run 5 reports a
// day; 2 weeks ago 2 of them stopped, last week 6, and nobody has been active for the last 2 days.
const AS_OF = '2026-11-30';
const NOW = Date.UTC(2026, 11, 1, 2); // the 02:00 UTC cron of the next day

const feature = (id: number, name: string, module: string, isCore: boolean): SyntheticFeature => ({
  id,
  key: name,
  name,
  kind: 'track',
  module,
  isCore,
  popularity: 1,
});
const FEATURES = [
  feature(1, 'Dashboard Viewed', 'dashboards', true),
  feature(2, 'Report Run', 'reports', true),
  feature(3, 'Task Created', 'tasks', true),
  feature(4, 'Comment Posted', 'collaboration', true),
  feature(5, 'Report Exported', 'reports', false),
];

/** Users active on a day, by days before AS_OF (0 = AS_OF). */
function activeUsers(daysAgo: number): number {
  if (daysAgo <= 1) return 0;
  if (daysAgo <= 6) return 4;
  if (daysAgo <= 13) return 8;
  return 10;
}

function acmeExample() {
  const usage: UserFeatureDay[] = [];
  for (let ago = 69; ago >= 0; ago--) {
    const day = addDays(AS_OF, -ago);
    for (let user = 1; user <= activeUsers(ago); user++) {
      const at = Date.parse(`${day}T09:00:00Z`);
      usage.push({
        accountId: 1,
        userId: user,
        featureId: 1,
        day,
        events: 10,
        activeMs: 0,
        firstEventMs: at,
      });
      usage.push({ accountId: 1, userId: user, featureId: 2, day, events: 5, activeMs: 0, firstEventMs: at });
    }
  }
  const first = addDays(AS_OF, -69);
  const portfolio: SyntheticPortfolio = {
    seed: 0,
    idPrefix: 'doc',
    startDay: first,
    endDay: AS_OF,
    days: 70,
    features: FEATURES,
    accounts: [
      {
        record: {
          id: 1,
          externalId: 'acme',
          name: 'Acme',
          plan: 'pro',
          industry: null,
          employees: null,
          seats: 20,
          arrCents: null,
          mrrCents: null,
          currency: null,
          contractStartDate: null,
          renewalDate: null,
          ownerEmail: null,
          traits: {},
        },
        archetype: 'steady',
        outcome: 'renew',
        changeDay: null,
        holiday: null,
      },
    ],
    users: Array.from({ length: 12 }, (_, i) => ({
      id: i + 1,
      externalId: `u${i + 1}`,
      accountId: 1,
      name: `User ${i + 1}`,
      email: `u${i + 1}@acme.example`,
      joinDay: first,
      activatedDay: i < 10 ? first : null,
    })),
    usage,
    rollups: rollupUsage(usage),
  };
  const scorer = compileModel(DEFAULT_MODEL);
  const input = {
    ...healthInputAt(indexPortfolio(portfolio), 1, AS_OF, scorer.requirements),
    // Two NPS answers (a promoter and a detractor) and the CSM's 3-star rating, all this quarter.
    surveys: {
      nps: [
        { score: 9, respondedAt: Date.UTC(2026, 9, 12), contactId: 'u1' },
        { score: 6, respondedAt: Date.UTC(2026, 10, 3), contactId: 'u2' },
      ],
    },
    csmRating: { stars: 3, ratedAt: Date.UTC(2026, 10, 20), expiresAt: null },
  };
  const result = scorer.score(input, { asOfDay: AS_OF, now: NOW, catalog: portfolioCatalog(FEATURES) });
  return { portfolio, result };
}

const fmt = (n: number | null, digits: number) => (n === null ? '—' : n.toFixed(digits));

/** The measure table of docs/scoring.md, one markdown row per measure. */
function measureRows(result: HealthScore): string[] {
  return result.measures.map(
    (m) =>
      `| ${m.label} | ${fmt(m.raw, m.unit === 'days' || m.unit === 'stars' ? 0 : 3)} | ${fmt(m.points, 1)} | ${m.weight} | ${m.effectiveWeight.toFixed(1)} | ${m.contribution.toFixed(1)} |`,
  );
}

describe('docs/scoring.md worked example', () => {
  const doc = readFileSync(join(resolve(import.meta.dirname, '../../..'), 'docs/scoring.md'), 'utf8');
  const { portfolio, result } = acmeExample();

  it('rolls the raw events up into the daily rows the doc shows', () => {
    const day = (ago: number) => portfolio.rollups.accountDays.find((d) => d.day === addDays(AS_OF, -ago));
    expect(day(20)).toMatchObject({ events: 150, activeUsers: 10, featuresUsed: 2 });
    expect(day(10)).toMatchObject({ events: 120, activeUsers: 8 });
    expect(day(3)).toMatchObject({ events: 60, activeUsers: 4 });
    expect(day(1)).toBeUndefined();
  });

  it('scores the account as the doc says, measure by measure', () => {
    const rows = measureRows(result);
    console.log(rows.join('\n'));
    const lift = result.improvements[0];
    expect(lift?.measureKey).toBe('activeUsers7d');
    expect(doc).toContain(`**${lift?.rawTarget}** (${lift?.fromPoints} → ${lift?.toPoints}`);
    const usage = result.dimensions.find((d) => d.key === 'usage');
    expect(doc).toContain(`Usage ${usage?.score} (${usage?.effectiveWeight} %`);
    for (const row of rows) expect(doc).toContain(row);
    expect(doc).toContain(`**${result.score?.toFixed(1)}**`);
    expect(result.tier).toBe('yellow');
  });
});
