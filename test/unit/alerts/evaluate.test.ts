import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlertHistoryEntry,
  type AlertMeasure,
  alertPlaybook,
  DEFAULT_ALERT_RULES,
  evaluateAlerts,
  isSurveyAlertKind,
} from '../../../shared/alerts';
import { DEFAULT_TIERS, type TierConfig } from '../../../shared/health';
import { AS_OF, ctx, current, DAY_MS, daysAgo, fire, input, NOW, rule } from './fixtures';

describe('tier_drop', () => {
  const anyDrop = rule('tier_drop');

  it('fires when the tier moves to a worse tier, naming both tiers and scores', () => {
    const alerts = fire(anyDrop, input({ current: current(55, 'yellow') }));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      ruleId: 'test-tier-drop',
      kind: 'tier_drop',
      severity: 'warning',
      title: 'Tier dropped from Green to Yellow (86.0 → 55.0)',
    });
    expect(alerts[0]!.detail).toContain('Acme fell from Green (score 86.0 on 2026-04-29) to Yellow');
    expect(alerts[0]!.detail).toContain(
      'Weakest measures: Login rate 85.7 points, Active seats 100.0 points.',
    );
  });

  it('does not fire for the same tier, an improvement or a first snapshot', () => {
    expect(fire(anyDrop, input({ current: current(81, 'green') }))).toEqual([]);
    expect(
      fire(
        anyDrop,
        input({
          previous: { period: daysAgo(1), score: 50, tier: 'yellow' },
          current: current(61, 'green-yellow'),
        }),
      ),
    ).toEqual([]);
    expect(fire(anyDrop, input({ previous: null, current: current(20, 'red') }))).toEqual([]);
  });

  it('with toTiers fires only for a decline into one of them', () => {
    const atRisk = rule('tier_drop', { toTiers: ['yellow', 'red'] });
    expect(fire(atRisk, input({ current: current(70, 'green-yellow') }))).toEqual([]);
    expect(fire(atRisk, input({ current: current(30, 'red') }))[0]?.title).toBe(
      'Tier dropped from Green to Red (86.0 → 30.0)',
    );
  });

  it('does not fire on insufficient data, before or now', () => {
    expect(fire(anyDrop, input({ current: current(null, null) }))).toEqual([]);
    expect(fire(anyDrop, input({ current: { ...current(null, null), tier: 'red' } }))).toEqual([]);
    expect(
      fire(
        anyDrop,
        input({ previous: { period: daysAgo(1), score: null, tier: null }, current: current(30, 'red') }),
      ),
    ).toEqual([]);
  });

  it('ignores tier keys the model does not have', () => {
    expect(fire(anyDrop, input({ current: current(30, 'bronze') }))).toEqual([]);
  });

  it('takes the order of tiers from the context', () => {
    const tiers: TierConfig[] = [
      { key: 'good', label: 'Good', minScore: 50 },
      { key: 'bad', label: 'Bad', minScore: 0 },
    ];
    const down = input({
      previous: { period: daysAgo(1), score: 60, tier: 'good' },
      current: current(40, 'bad'),
    });
    const up = input({
      previous: { period: daysAgo(1), score: 40, tier: 'bad' },
      current: current(60, 'good'),
    });
    expect(fire(anyDrop, down, ctx({ tiers }))[0]?.title).toBe('Tier dropped from Good to Bad (60.0 → 40.0)');
    expect(fire(anyDrop, up, ctx({ tiers }))).toEqual([]);
    expect(fire(anyDrop, up, ctx({ tiers: [...tiers].reverse() }))).toHaveLength(1);
  });
});

describe('score_drop (a drop of at least `points` fires)', () => {
  const drop10in14 = rule('score_drop', { points: 10, days: 14 });
  const at = (score: number | null, history: AlertHistoryEntry[], previous = null) =>
    fire(
      drop10in14,
      input({ current: current(score, score === null ? null : 'green-yellow'), previous, history }),
    );

  it('fires on a drop of exactly `points`, with the days since the peak', () => {
    const [a] = at(70, [{ period: daysAgo(3), score: 80 }]);
    expect(a?.title).toBe('Score dropped 10.0 points in 3 days (80.0 → 70.0)');
    expect(a?.detail).toContain(
      'fell from 80.0 on 2026-04-27 (its highest in the 14 days before 2026-04-30) to 70.0',
    );
    expect(a?.detail).toContain('now Green-yellow');
  });

  it('does not fire on a drop just under `points`', () => {
    expect(at(70.1, [{ period: daysAgo(3), score: 80 }])).toEqual([]);
  });

  it('is not fooled by float error in one-decimal scores', () => {
    // 64.1 − 54.1 is 9.999999999999993 in floating point.
    expect(at(54.1, [{ period: daysAgo(1), score: 64.1 }])[0]?.title).toBe(
      'Score dropped 10.0 points in 1 day (64.1 → 54.1)',
    );
  });

  it('compares with the highest score in the window, not the previous one', () => {
    const [a] = at(75, [
      { period: daysAgo(1), score: 78 },
      { period: daysAgo(10), score: 90 },
      { period: daysAgo(5), score: 84 },
    ]);
    expect(a?.title).toBe('Score dropped 15.0 points in 10 days (90.0 → 75.0)');
  });

  it('includes a snapshot exactly `days` before the current period and excludes one a day older', () => {
    expect(at(70, [{ period: daysAgo(14), score: 80 }])[0]?.title).toBe(
      'Score dropped 10.0 points in 14 days (80.0 → 70.0)',
    );
    expect(at(70, [{ period: daysAgo(15), score: 99 }])).toEqual([]);
  });

  it('reproduces the documented example title', () => {
    expect(at(63.5, [{ period: daysAgo(14), score: 82 }])[0]?.title).toBe(
      'Score dropped 18.5 points in 14 days (82.0 → 63.5)',
    );
  });

  it('counts `previous` when history does not repeat it', () => {
    expect(at(70, [], { period: daysAgo(2), score: 81, tier: 'green' } as never)[0]?.title).toBe(
      'Score dropped 11.0 points in 2 days (81.0 → 70.0)',
    );
  });

  it('ignores snapshots at or after the current period', () => {
    expect(
      at(70, [
        { period: AS_OF, score: 95 },
        { period: '2026-05-01', score: 95 },
      ]),
    ).toEqual([]);
  });

  it('does not fire on insufficient data now, and skips unscored snapshots', () => {
    expect(at(null, [{ period: daysAgo(3), score: 90 }])).toEqual([]);
    expect(at(70, [{ period: daysAgo(3), score: null }])).toEqual([]);
  });

  it('with no earlier snapshot does not fire', () => {
    expect(at(10, [])).toEqual([]);
  });
});

describe('measure_below', () => {
  const measures = (m: Partial<AlertMeasure>): AlertMeasure[] => [
    { key: 'loginRate', label: 'Login rate', unit: 'rate', raw: 0.2, points: 14.3, benchmark: 0.5, ...m },
  ];
  const withMeasure = (m: Partial<AlertMeasure>, score: number | null = 70) =>
    input({ current: { ...current(score, score === null ? null : 'green-yellow'), measures: measures(m) } });

  it('on points fires strictly below the threshold', () => {
    const below40 = rule('measure_below', { measureKey: 'loginRate', threshold: 40 });
    const [a] = fire(below40, withMeasure({ points: 39.9 }));
    expect(a?.title).toBe('Login rate at 39.9 points, below 40');
    expect(a?.detail).toBe(
      'Login rate scores 39.9 of 100 points (raw value 20.0%) on 2026-04-30, below the threshold of 40 points. The segment average is 50.0%.',
    );
    expect(fire(below40, withMeasure({ points: 40 }))).toEqual([]);
  });

  it('on raw compares the raw value in its unit', () => {
    const below50pct = rule('measure_below', { measureKey: 'loginRate', threshold: 0.5, on: 'raw' });
    expect(fire(below50pct, withMeasure({ raw: 0.49 }))[0]?.title).toBe('Login rate at 49.0%, below 50.0%');
    expect(fire(below50pct, withMeasure({ raw: 0.5 }))).toEqual([]);
  });

  it('does not fire for a measure without data or one the model lacks', () => {
    expect(
      fire(rule('measure_below', { measureKey: 'loginRate', threshold: 40 }), withMeasure({ points: null })),
    ).toEqual([]);
    expect(
      fire(rule('measure_below', { measureKey: 'nps', threshold: 40 }), withMeasure({ points: 0 })),
    ).toEqual([]);
  });

  it('still reads a measure with data when the account as a whole has insufficient data', () => {
    expect(
      fire(
        rule('measure_below', { measureKey: 'loginRate', threshold: 40 }),
        withMeasure({ points: 10 }, null),
      ),
    ).toHaveLength(1);
  });
});

describe('below_segment_average', () => {
  const threeBelow = rule('below_segment_average', { measureKey: 'loginRate', periods: 3 });
  const now = (raw: number | null, benchmark: number | null = 0.5) =>
    ({ key: 'loginRate', label: 'Login rate', unit: 'rate', raw, points: 20, benchmark }) as AlertMeasure;
  const snap = (n: number, raw: number | null, benchmark: number | null = 0.5): AlertHistoryEntry => ({
    period: daysAgo(n),
    score: 70,
    measures: { loginRate: { raw, benchmark } },
  });
  const run = (m: AlertMeasure, history: AlertHistoryEntry[], r = threeBelow, c = ctx()) =>
    fire(r, input({ current: { ...current(70, 'green-yellow'), measures: [m] }, history }), c);

  it('fires after K consecutive periods below, the current one included', () => {
    const [a] = run(now(0.3), [snap(1, 0.35), snap(2, 0.4)]);
    expect(a?.title).toBe('Login rate below the segment average for 3 periods (30.0% vs 50.0%)');
    expect(a?.detail).toBe(
      'Login rate has been below the segment average in each of the last 3 scoring periods: 2026-04-30 30.0% vs 50.0%; 2026-04-29 35.0% vs 50.0%; 2026-04-28 40.0% vs 50.0%.',
    );
  });

  it('does not fire with fewer than K periods of data', () => {
    expect(run(now(0.3), [snap(1, 0.35)])).toEqual([]);
  });

  it('resets on a period at the average', () => {
    expect(run(now(0.3), [snap(1, 0.5), snap(2, 0.4)])).toEqual([]);
    expect(run(now(0.5), [snap(1, 0.3), snap(2, 0.3)])).toEqual([]);
  });

  it('resets on a snapshot without the measure or its benchmark', () => {
    expect(run(now(0.3), [{ period: daysAgo(1), score: 70 }, snap(2, 0.4), snap(3, 0.4)])).toEqual([]);
    expect(run(now(0.3), [snap(1, 0.3, null), snap(2, 0.4)])).toEqual([]);
    expect(run(now(0.3, null), [snap(1, 0.3), snap(2, 0.4)])).toEqual([]);
  });

  it('with periodDays treats a missing period as a gap', () => {
    const history = [snap(1, 0.3), snap(3, 0.3)];
    expect(run(now(0.3), history)).toHaveLength(1);
    expect(run(now(0.3), history, threeBelow, ctx({ periodDays: 1 }))).toEqual([]);
    expect(run(now(0.3), history, threeBelow, ctx({ periodDays: 2 }))).toHaveLength(1);
  });

  it('only looks at the last K periods', () => {
    expect(run(now(0.3), [snap(1, 0.3), snap(2, 0.3), snap(3, 0.9)])).toHaveLength(1);
  });

  it('compares with ratio × the benchmark', () => {
    const under80 = rule('below_segment_average', { measureKey: 'loginRate', periods: 1, ratio: 0.8 });
    expect(run(now(0.4), [], under80)).toEqual([]);
    expect(run(now(0.39), [], under80)[0]?.title).toBe(
      'Login rate below 80% of the segment average for 1 period (39.0% vs 50.0%)',
    );
  });
});

describe('renewal_due', () => {
  const renewal = rule('renewal_due');
  const renewing = (renewalDate: string | null, score: number | null = 50, tier: string | null = 'yellow') =>
    input({ account: { ...input().account, renewalDate }, current: current(score, tier) });

  it('fires for a renewal exactly withinDays away and not a day later', () => {
    expect(fire(renewal, renewing('2026-07-29'))[0]?.title).toBe(
      'Renewal on 2026-07-29 (in 90 days) while Yellow',
    );
    expect(fire(renewal, renewing('2026-07-30'))).toEqual([]);
  });

  it('fires on the renewal day itself but not for past renewals', () => {
    expect(fire(renewal, renewing(AS_OF))[0]?.title).toBe('Renewal on 2026-04-30 (today) while Yellow');
    expect(fire(renewal, renewing('2026-04-29'))).toEqual([]);
    expect(fire(renewal, renewing('2025-06-01'))).toEqual([]);
  });

  it('fires only in the listed tiers', () => {
    expect(fire(renewal, renewing('2026-06-10', 30, 'red'))[0]?.detail).toBe(
      'Acme renews on 2026-06-10, in 41 days, and is Red with a health score of 30.0. Account owner: csm@example.com.',
    );
    expect(fire(renewal, renewing('2026-06-10', 85, 'green'))).toEqual([]);
    expect(fire(renewal, renewing('2026-06-10', 70, 'green-yellow'))).toEqual([]);
  });

  it('does not fire on insufficient data or a missing or impossible date', () => {
    expect(fire(renewal, renewing('2026-06-10', null, null))).toEqual([]);
    expect(fire(renewal, renewing(null))).toEqual([]);
    expect(fire(renewal, renewing('2026-02-30'))).toEqual([]);
  });
});

describe('key_contact_deactivated', () => {
  const contactRule = rule('key_contact_deactivated');
  const contact = (
    userId: string,
    deactivatedAt: number,
    name: string | null = null,
    email: string | null = null,
  ) => ({
    userId,
    name,
    email,
    deactivatedAt,
  });

  it('fires for a key contact deactivated recently, naming them', () => {
    const [a] = fire(
      contactRule,
      input({
        deactivatedKeyContacts: [contact('u1', Date.UTC(2026, 3, 28, 9), 'Dana Reyes', 'dana@acme.com')],
      }),
    );
    expect(a?.title).toBe('Key contact deactivated: Dana Reyes');
    expect(a?.detail).toBe('Deactivated in Acme: Dana Reyes <dana@acme.com> on 2026-04-28.');
  });

  it('does not fire without deactivated contacts', () => {
    expect(fire(contactRule, input())).toEqual([]);
  });

  it('counts a deactivation exactly withinDays ago, not one a millisecond older or in the future', () => {
    expect(
      fire(contactRule, input({ deactivatedKeyContacts: [contact('u1', NOW - 30 * DAY_MS)] })),
    ).toHaveLength(1);
    expect(
      fire(contactRule, input({ deactivatedKeyContacts: [contact('u1', NOW - 30 * DAY_MS - 1)] })),
    ).toEqual([]);
    expect(fire(contactRule, input({ deactivatedKeyContacts: [contact('u1', NOW + 1)] }))).toEqual([]);
  });

  it('summarises several contacts, newest first, falling back to email then user id', () => {
    const [a] = fire(
      contactRule,
      input({
        deactivatedKeyContacts: [
          contact('u1', NOW - 3 * DAY_MS, null, 'lee@acme.com'),
          contact('u2', NOW - DAY_MS),
          contact('u3', NOW - 2 * DAY_MS, 'Sam'),
        ],
      }),
    );
    expect(a?.title).toBe('3 key contacts deactivated: u2, Sam and 1 more');
  });
});

describe('stale_data', () => {
  const stale14 = rule('stale_data');
  const seen = (lastSeenAt: number | null) => input({ account: { ...input().account, lastSeenAt } });

  it('fires when the last event is exactly `days` days before asOfDay', () => {
    const [a] = fire(stale14, seen(Date.UTC(2026, 3, 16, 23, 59)));
    expect(a?.title).toBe('No data for 14 days (last event on 2026-04-16)');
    expect(a?.detail).toContain('since 2026-04-16, 14 days before 2026-04-30');
  });

  it('does not fire a day sooner or for recent data', () => {
    expect(fire(stale14, seen(Date.UTC(2026, 3, 17, 0, 0)))).toEqual([]);
    expect(fire(stale14, seen(NOW))).toEqual([]);
  });

  it('does not fire for an account that never sent data', () => {
    expect(fire(stale14, seen(null))).toEqual([]);
  });
});

describe('evaluateAlerts', () => {
  // An account for which every default rule holds.
  const troubled = input({
    account: {
      id: 7,
      externalId: 'acme',
      name: 'Acme',
      renewalDate: '2026-06-10',
      lastSeenAt: Date.UTC(2026, 3, 1),
      ownerEmail: 'csm@example.com',
    },
    current: {
      period: AS_OF,
      score: 45,
      tier: 'yellow',
      measures: [
        {
          key: 'activeSeats',
          label: 'Active seats',
          unit: 'rate',
          raw: 0.3,
          points: 25,
          benchmark: 0.7,
        },
        { key: 'stickiness', label: 'Stickiness', unit: 'rate', raw: 0.1, points: 16.7, benchmark: 0.4 },
      ],
    },
    previous: { period: daysAgo(1), score: 70, tier: 'green-yellow' },
    // Since 1 February: active seats at 90 % until 12 April, then 30 % (below 70 % of its own 4-week average
    // for 2 weeks, yet still 1.5× the pooled platform rate of 20 % in each of February, March and April);
    // stickiness at a quarter of the segment's every day.
    history: Array.from({ length: 88 }, (_, i) => i + 1).map((n) => ({
      period: daysAgo(n),
      score: 70,
      measures: {
        stickiness: { raw: 0.1, benchmark: 0.4 },
        activeSeats: { raw: daysAgo(n) >= '2026-04-13' ? 0.3 : 0.9, benchmark: 0.7 },
      },
    })),
    deactivatedKeyContacts: [{ userId: 'u1', name: 'Dana', email: null, deactivatedAt: NOW - DAY_MS }],
    keyPeople: [{ userId: 'u2', name: 'Eli', email: null, lastSeenAt: NOW - 40 * DAY_MS }],
  });
  const troubledCtx = ctx({
    platform: Object.fromEntries(
      Array.from({ length: 89 }, (_, n) => [daysAgo(n), { activeSeats: { mean: 0.5, pooled: 0.2 } }]),
    ),
  });

  // Survey rules fire on answers (evaluateSurveyAnswer), never on snapshots.
  const snapshotRules = DEFAULT_ALERT_RULES.filter((r) => !isSurveyAlertKind(r.kind));

  it('raises every rule that holds, in rule order', () => {
    expect(evaluateAlerts(DEFAULT_ALERT_RULES, troubled, troubledCtx).map((a) => a.ruleId)).toEqual(
      snapshotRules.map((r) => r.id),
    );
  });

  it('never raises a disabled rule', () => {
    const disabled = DEFAULT_ALERT_RULES.map((r) => ({ ...r, enabled: false }));
    expect(evaluateAlerts(disabled, troubled, troubledCtx)).toEqual([]);
    const someOff = snapshotRules.map((r, i) => ({ ...r, enabled: i % 2 === 0 }));
    expect(evaluateAlerts(someOff, troubled, troubledCtx).map((a) => a.ruleId)).toEqual(
      snapshotRules.filter((_, i) => i % 2 === 0).map((r) => r.id),
    );
  });

  it('raises nothing for a healthy account', () => {
    expect(evaluateAlerts(DEFAULT_ALERT_RULES, input(), ctx())).toEqual([]);
  });

  it("appends the current tier's guidance to the rule's playbook", () => {
    const [a] = evaluateAlerts(DEFAULT_ALERT_RULES, troubled, ctx());
    expect(a?.playbook).toBe(
      `${DEFAULT_ALERT_RULES[0]!.playbook}\n\nYellow tier: At risk: book a check-in, find the blocker, agree an adoption plan.`,
    );
    expect(alertPlaybook({ playbook: 'P' }, null, DEFAULT_TIERS)).toBe('P');
    expect(alertPlaybook({ playbook: 'P' }, 'gold', DEFAULT_TIERS)).toBe('P');
  });

  it('does not depend on the order of history', () => {
    const row = fc.record({
      period: fc.integer({ min: 1, max: 40 }).map(daysAgo),
      score: fc.option(fc.integer({ min: 0, max: 1000 }).map((x) => x / 10)),
      measures: fc.record({
        stickiness: fc.record({
          raw: fc.option(fc.integer({ min: 0, max: 100 }).map((x) => x / 100)),
          benchmark: fc.constant(0.4),
        }),
      }),
    });
    const histories = fc
      .array(row, { maxLength: 12 })
      .chain((history) =>
        fc.tuple(fc.constant(history), fc.shuffledSubarray(history, { minLength: history.length })),
      );
    const rules = [
      rule('score_drop', { points: 5, days: 14 }),
      rule('below_segment_average', { measureKey: 'stickiness', periods: 3 }),
    ];
    const base = { ...troubled, previous: null };
    fc.assert(
      fc.property(histories, ([history, shuffled]) => {
        expect(evaluateAlerts(rules, { ...base, history: shuffled }, ctx())).toEqual(
          evaluateAlerts(rules, { ...base, history }, ctx()),
        );
      }),
    );
  });
});

describe('champion_quiet', () => {
  const quietRule = rule('champion_quiet');
  const person = (userId: string, daysQuiet: number | null, name: string | null = null) => ({
    userId,
    name,
    email: `${userId}@acme.test`,
    lastSeenAt: daysQuiet === null ? null : NOW - daysQuiet * DAY_MS,
  });

  it('defaults to 21 days and fires for a key person quiet that long, naming them and the day last seen', () => {
    expect(quietRule.params).toEqual({ days: 21 });
    const [alert] = fire(quietRule, input({ keyPeople: [person('u1', 21, 'Ana')] }));
    expect(alert).toMatchObject({ title: 'Champion quiet for 21 days: Ana' });
    expect(alert!.detail).toBe('No activity in Acme from Ana <u1@acme.test> since 2026-04-10.');
  });

  it('ignores people seen recently, never seen, or seen in the future; none known fires nothing', () => {
    expect(
      fire(quietRule, input({ keyPeople: [person('u1', 20), person('u2', null), person('u3', -2)] })),
    ).toEqual([]);
    expect(fire(quietRule, input())).toEqual([]);
  });

  it('lists several quiet people, longest quiet first, by email when unnamed', () => {
    const [alert] = fire(
      rule('champion_quiet', { days: 7 }),
      input({ keyPeople: [person('u1', 8, 'Ana'), person('u2', 40), person('u3', 9, 'Cy')] }),
    );
    expect(alert!.title).toBe('3 key people quiet for 7+ days: u2@acme.test, Cy and 1 more');
  });
});
