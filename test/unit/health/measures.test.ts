import { describe, expect, it } from 'vitest';
import {
  type AccountHealthInput,
  calculateMeasure,
  compileModel,
  csatOf,
  featureCoverageByModule,
  type MeasureConfigInput,
  meanOf,
  measureConfigSchema,
  measureWindow,
  npsOf,
  responseScores,
  type ScoringContext,
  type SupportTicket,
  type SurveyResponse,
} from '../../../shared/health';
import { account, CATALOG, ctx, DAY_MS, day, feature, input, MINUTE_MS, NOW, user } from './fixtures';

const LINEAR = { kind: 'linear', min: 0, max: 1 } as const;

function calc(
  config: Omit<MeasureConfigInput, 'key' | 'weight' | 'normalisation'> & Partial<MeasureConfigInput>,
  data: AccountHealthInput,
  context: Partial<ScoringContext> = {},
): number | null {
  const parsed = measureConfigSchema.parse({ key: 'm', weight: 100, normalisation: LINEAR, ...config });
  return calculateMeasure(data, parsed, ctx(context));
}

/** Epoch ms at noon UTC of a day. */
function at(d: string): number {
  return Date.parse(`${d}T12:00:00Z`);
}

describe('measureWindow', () => {
  it('covers windowDays days ending on and including asOfDay, and the window before it', () => {
    expect(measureWindow('2026-04-30', 30)).toEqual({
      windowDays: 30,
      startDay: '2026-04-01',
      endDay: '2026-04-30',
      prevStartDay: '2026-03-02',
      prevEndDay: '2026-03-31',
      startMs: Date.UTC(2026, 3, 1),
      endMs: Date.UTC(2026, 4, 1),
    });
  });

  it('a one-day window is just asOfDay', () => {
    const w = measureWindow('2026-03-01', 1);
    expect([w.startDay, w.endDay, w.prevStartDay, w.prevEndDay]).toEqual([
      '2026-03-01',
      '2026-03-01',
      '2026-02-28',
      '2026-02-28',
    ]);
  });

  it('rejects a malformed asOfDay', () => {
    expect(() => measureWindow('30/04/2026', 30)).toThrow(RangeError);
  });
});

describe('seatActivationRate', () => {
  it('is activated users ÷ purchased seats (40 of 50 → 0.8)', () => {
    expect(calc({ kind: 'seatActivationRate' }, input())).toBe(0.8);
  });

  it('may exceed 1 when more users are activated than seats were bought', () => {
    expect(calc({ kind: 'seatActivationRate' }, input({ users: { total: 70, activated: 60 } }))).toBe(1.2);
  });

  it.each([null, 0])('is missing, not a division by zero, when seats are %s', (seats) => {
    expect(calc({ kind: 'seatActivationRate' }, input({ account: account({ seats }) }))).toBeNull();
  });

  it('is 0 when nobody has activated', () => {
    expect(calc({ kind: 'seatActivationRate' }, input({ users: { total: 0, activated: 0 } }))).toBe(0);
  });
});

describe('loginRate', () => {
  const usage = { users: [user(1, 5, 3), user(2, 60, 1), user(3, 0, 0), user(4, 20, 9)], features: [] };

  it('is users active in the window ÷ activated users (3 of 4)', () => {
    expect(
      calc({ kind: 'loginRate' }, input({ users: { total: 5, activated: 4 }, windows: { 30: usage } })),
    ).toBe(0.75);
  });

  it('can use purchased seats as the denominator (3 of 50)', () => {
    expect(
      calc({ kind: 'loginRate', params: { denominator: 'seats' } }, input({ windows: { 30: usage } })),
    ).toBeCloseTo(0.06, 12);
  });

  it('caps at 1 when more users were active than are recorded as activated', () => {
    expect(
      calc({ kind: 'loginRate' }, input({ users: { total: 2, activated: 2 }, windows: { 30: usage } })),
    ).toBe(1);
  });

  it('is missing when no user was ever activated', () => {
    expect(
      calc({ kind: 'loginRate' }, input({ users: { total: 3, activated: 0 }, windows: { 30: usage } })),
    ).toBeNull();
  });

  it('is 0 with activated users but no activity in the window', () => {
    expect(calc({ kind: 'loginRate' }, input())).toBe(0);
  });

  it('is missing when the worker did not load the window', () => {
    expect(calc({ kind: 'loginRate', windowDays: 7 }, input())).toBeNull();
  });
});

describe('engagedRate', () => {
  const usage = { users: [user(1, 10, 1), user(2, 9.99, 4), user(3, 30, 2)], features: [] };

  it('counts users with at least 10 minutes (inclusive) over paid seats (2 of 50)', () => {
    expect(calc({ kind: 'engagedRate' }, input({ windows: { 30: usage } }))).toBe(0.04);
  });

  it('uses the configured threshold T', () => {
    expect(calc({ kind: 'engagedRate', params: { minMinutes: 30 } }, input({ windows: { 30: usage } }))).toBe(
      0.02,
    );
  });

  it('is missing without purchased seats', () => {
    expect(
      calc({ kind: 'engagedRate' }, input({ account: account({ seats: 0 }), windows: { 30: usage } })),
    ).toBeNull();
  });
});

describe('featureCoverage', () => {
  const usage = {
    users: [],
    features: [
      feature('a'),
      feature('b'),
      feature('c', { module: 'reports' }),
      feature('d', { module: 'reports', events: 3 }),
      feature('e', { module: 'reports', events: 0 }),
    ],
  };

  it('is distinct features used ÷ catalog features (4 of 20)', () => {
    expect(calc({ kind: 'featureCoverage' }, input({ windows: { 30: usage } }))).toBe(0.2);
  });

  it('is per module when a module is given (2 of 5 reports features)', () => {
    expect(
      calc({ kind: 'featureCoverage', params: { module: 'reports' } }, input({ windows: { 30: usage } })),
    ).toBe(0.4);
  });

  it('counts a feature as used only with at least minEvents events', () => {
    expect(
      calc({ kind: 'featureCoverage', params: { minEvents: 5 } }, input({ windows: { 30: usage } })),
    ).toBe(0.15);
  });

  it('is missing for a module the catalog does not have, or an empty catalog', () => {
    expect(
      calc({ kind: 'featureCoverage', params: { module: 'nope' } }, input({ windows: { 30: usage } })),
    ).toBeNull();
    expect(
      calc({ kind: 'featureCoverage' }, input({ windows: { 30: usage } }), {
        catalog: { ...CATALOG, featureCount: 0 },
      }),
    ).toBeNull();
  });
});

describe('featureCoverageByModule', () => {
  it('gives the coverage of every catalog module, 0 for modules not used', () => {
    const usage = {
      users: [],
      features: [
        feature('r1', { module: 'reports' }),
        feature('r2', { module: 'reports', events: 0 }),
        feature('x', { module: null }),
      ],
    };
    expect(featureCoverageByModule(usage, CATALOG)).toEqual({ reports: 0.2, api: 0, inbox: 0 });
  });
});

describe('coreFeatureUsage', () => {
  const usage = {
    users: [],
    features: [
      feature('a', { isCore: true }),
      feature('b', { isCore: true }),
      feature('c'),
      feature('d', { isCore: true, events: 0 }),
    ],
  };

  it('is core features used ÷ core features (2 of 4)', () => {
    expect(calc({ kind: 'coreFeatureUsage' }, input({ windows: { 30: usage } }))).toBe(0.5);
  });

  it('is missing when the catalog has no core features', () => {
    expect(
      calc({ kind: 'coreFeatureUsage' }, input({ windows: { 30: usage } }), {
        catalog: { ...CATALOG, coreFeatureCount: 0 },
      }),
    ).toBeNull();
  });
});

describe('depth', () => {
  const usage = { users: [user(1, 30, 2), user(2, 60, 5), user(3, 90, 1), user(4, 0, 0)], features: [] };
  const days = [
    day('2026-03-31', 1000),
    day('2026-04-01', 100),
    day('2026-04-15', 120),
    day('2026-04-30', 80),
  ];

  it('is window events per active user (300 ÷ 3), ignoring days before the window', () => {
    expect(calc({ kind: 'depth' }, input({ days, windows: { 30: usage } }))).toBe(100);
  });

  it('is active minutes per active user ((30 + 60 + 90) ÷ 3)', () => {
    expect(
      calc({ kind: 'depth', params: { of: 'activeMinutes' } }, input({ days, windows: { 30: usage } })),
    ).toBe(60);
  });

  it('is 0 when nobody was active (inactivity is not missing data)', () => {
    expect(calc({ kind: 'depth' }, input({ days }))).toBe(0);
  });
});

describe('activeDays', () => {
  it('counts days with events from the first window day to asOfDay, both inclusive', () => {
    const days = [
      day('2026-03-31', 5), // day before the window: excluded
      day('2026-04-01', 5), // first day: included
      day('2026-04-10', 0), // no events: not active
      day('2026-04-20', 2),
      day('2026-04-30', 1), // asOfDay: included
      day('2026-05-01', 9), // after asOfDay: excluded
    ];
    expect(calc({ kind: 'activeDays' }, input({ days }))).toBe(3);
  });
});

describe('apiIntegration', () => {
  const run = (features: ReturnType<typeof feature>[], params = {}) =>
    calc({ kind: 'apiIntegration', params }, input({ windows: { 30: { users: [], features } } }));

  it('is 1 when a feature of module "api" was used', () => {
    expect(run([feature('x'), feature('api.call', { module: 'api' })])).toBe(1);
  });

  it('is 1 when a listed feature key was used', () => {
    expect(run([feature('webhook.delivered')], { featureKeys: ['webhook.delivered'] })).toBe(1);
  });

  it('is 1 when a feature of catalog kind "api" was used', () => {
    expect(run([feature('sync', { kind: 'api', module: null })])).toBe(1);
  });

  it('is 0 when only UI features were used, or API features below minEvents', () => {
    expect(run([feature('x'), feature('y')])).toBe(0);
    expect(run([feature('api.call', { module: 'api', events: 2 })], { minEvents: 3 })).toBe(0);
  });

  it('uses only the configured modules when modules are given', () => {
    expect(run([feature('api.call', { module: 'api' })], { modules: ['integrations'] })).toBe(0);
  });
});

describe('stickiness', () => {
  it('is mean daily active users ÷ monthly active users ((30 + 15) ÷ 30 ÷ 2 = 0.75)', () => {
    const usage = { users: [user(1, 100, 30), user(2, 50, 15), user(3, 0, 0)], features: [] };
    expect(calc({ kind: 'stickiness' }, input({ windows: { 30: usage } }))).toBe(0.75);
  });

  it('is 0 when nobody was active', () => {
    expect(calc({ kind: 'stickiness' }, input())).toBe(0);
  });

  it('counts only the days since the account began when its data began inside the window', () => {
    // Both users active on each of the account's 10 days (2026-04-21..30): daily use is 1, not 10 ÷ 30.
    const usage = { users: [user(1, 100, 10), user(2, 50, 10)], features: [] };
    const days = Array.from({ length: 10 }, (_, i) => day(`2026-04-${21 + i}`, 5, { activeUsers: 2 }));
    expect(calc({ kind: 'stickiness' }, input({ days, windows: { 30: usage } }))).toBe(1);
    // Activity in the week before the window: an old account quiet for 20 days, read over all 30.
    const old = [day('2026-03-28', 5), ...days];
    expect(calc({ kind: 'stickiness' }, input({ days: old, windows: { 30: usage } }))).toBe(10 / 30);
    // Under a week of data: missing, not a rate of a few days.
    const young = days.slice(-6);
    expect(calc({ kind: 'stickiness' }, input({ days: young, windows: { 30: usage } }))).toBeNull();
  });

  it('asks the loader for a week of days before its window', () => {
    const scorer = compileModel({
      measures: [{ key: 's', kind: 'stickiness', windowDays: 30, weight: 100, normalisation: LINEAR }],
    });
    expect(scorer.requirements).toMatchObject({ historyDays: 37, windowDays: [30] });
  });
});

describe('trend', () => {
  // Previous 30-day window: 2026-03-02..2026-03-31; current: 2026-04-01..2026-04-30.
  const days = [
    day('2026-03-01', 999), // before the previous window: excluded
    day('2026-03-02', 40, { activeMs: 30 * MINUTE_MS, activeUsers: 3 }),
    day('2026-03-31', 60, { activeMs: 30 * MINUTE_MS, activeUsers: 3 }),
    day('2026-04-01', 50, { activeMs: 90 * MINUTE_MS, activeUsers: 2 }),
    day('2026-04-30', 100, { activeMs: 0, activeUsers: 1 }),
    day('2026-04-15', 0),
  ];

  it('is (current − previous) ÷ previous of events (150 vs 100 → +0.5)', () => {
    expect(calc({ kind: 'trend', params: { of: 'events' } }, input({ days }))).toBe(0.5);
  });

  it('follows active time, active days or average daily active users', () => {
    expect(calc({ kind: 'trend', params: { of: 'activeTime' } }, input({ days }))).toBe(0.5);
    expect(calc({ kind: 'trend', params: { of: 'activeDays' } }, input({ days }))).toBe(0);
    expect(calc({ kind: 'trend', params: { of: 'dailyActiveUsers' } }, input({ days }))).toBeCloseTo(
      -0.5,
      12,
    );
  });

  it('is missing when the previous window had no activity (no baseline)', () => {
    expect(
      calc({ kind: 'trend', params: { of: 'events' } }, input({ days: [day('2026-04-10', 50)] })),
    ).toBeNull();
  });

  it('is missing when the previous window is below minBaseline', () => {
    expect(calc({ kind: 'trend', params: { of: 'events', minBaseline: 101 } }, input({ days }))).toBeNull();
  });

  it('is −1 when activity stopped', () => {
    expect(calc({ kind: 'trend', params: { of: 'events' } }, input({ days: [day('2026-03-05', 50)] }))).toBe(
      -1,
    );
  });
  it('is missing when the account began inside the previous window: days before its data are no baseline', () => {
    // First event 2026-03-20, 18 days into the previous window: 11 days of history are not a 30-day baseline.
    const young = [day('2026-03-20', 30), day('2026-03-31', 30), day('2026-04-10', 10)];
    expect(calc({ kind: 'trend', params: { of: 'events' } }, input({ days: young }))).toBeNull();
    // Within its first week (a quiet weekend at the start) the window still counts as covered.
    const covered = [day('2026-03-05', 30), day('2026-03-31', 30), day('2026-04-10', 30)];
    expect(calc({ kind: 'trend', params: { of: 'events' } }, input({ days: covered }))).toBe(-0.5);
  });
});

describe('baselineRatio', () => {
  // 14-day window 2026-04-17..2026-04-30; the 56-day baseline 2026-02-20..2026-04-16.
  const steadyDays = (from: string, to: string, events: number, users = 2) => {
    const out = [];
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
      out.push(day(new Date(t).toISOString().slice(0, 10), events, { activeUsers: users }));
    return out;
  };
  const ratio = (days: ReturnType<typeof steadyDays>, params: Record<string, unknown> = {}, activated = 40) =>
    calc(
      { kind: 'baselineRatio', windowDays: 14, params: { of: 'events', ...params } },
      input({ days, users: { total: 45, activated } }),
    );

  it('is the window daily average ÷ the baseline daily average (same level → 1; halved → 0.5)', () => {
    expect(ratio(steadyDays('2026-01-01', '2026-04-30', 10))).toBe(1);
    const halved = [
      ...steadyDays('2026-01-01', '2026-04-16', 10),
      ...steadyDays('2026-04-17', '2026-04-30', 5),
    ];
    expect(ratio(halved)).toBe(0.5);
    expect(ratio(halved, { of: 'dailyActiveUsers' })).toBe(1);
  });

  it('counts the baseline from the first active day, in whole weeks: days before the data are not zeros', () => {
    // Data began 2026-03-27: 21 days of baseline at 10/day, not 56 days diluted to 3.75/day.
    const young = [
      ...steadyDays('2026-03-27', '2026-04-16', 10),
      ...steadyDays('2026-04-17', '2026-04-30', 10),
    ];
    expect(ratio(young)).toBe(1);
    // 24 days available → the 21 adjacent to the window are used (a weekly rhythm cancels out).
    const rhythm = [day('2026-03-24', 100), ...steadyDays('2026-03-27', '2026-04-30', 10)];
    expect(ratio(rhythm)).toBe(1);
  });

  it('is missing with less than minBaselineDays of history, and with no baseline activity', () => {
    const recent = steadyDays('2026-04-10', '2026-04-30', 10); // 7 days before the window
    expect(ratio(recent)).toBeNull();
    expect(ratio(recent, { minBaselineDays: 7 })).toBe(1);
    expect(ratio([day('2026-04-01', 0), ...steadyDays('2026-04-20', '2026-04-30', 10)])).toBeNull();
  });

  it('is 0 for an activated account silent over window and baseline, missing for one never activated', () => {
    expect(ratio([])).toBe(0);
    expect(ratio([], {}, 0)).toBeNull();
    expect(ratio(steadyDays('2026-01-01', '2026-04-16', 10))).toBe(0);
  });

  it('ignores days after asOfDay', () => {
    expect(ratio([...steadyDays('2026-01-01', '2026-04-30', 10), day('2026-05-01', 9999)])).toBe(1);
  });

  it('rejects a minimum above the baseline', () => {
    expect(() =>
      measureConfigSchema.parse({
        key: 'm',
        weight: 100,
        normalisation: LINEAR,
        kind: 'baselineRatio',
        params: { baselineDays: 28, minBaselineDays: 29 },
      }),
    ).toThrow();
  });
});

describe('daysSinceActivity', () => {
  const since = (days: ReturnType<typeof day>[], activated = 40) =>
    calc({ kind: 'daysSinceActivity', windowDays: 30 }, input({ days, users: { total: 45, activated } }));

  it('counts days from the last day with events to asOfDay (0 = active today)', () => {
    expect(since([day('2026-04-30', 3)])).toBe(0);
    expect(since([day('2026-04-01', 3), day('2026-04-20', 1), day('2026-04-25', 0)])).toBe(10);
  });

  it('is the window length when nothing happened in it, missing for an account never activated', () => {
    expect(since([day('2026-03-01', 50)])).toBe(30);
    expect(since([], 0)).toBeNull();
  });
});

describe('csmRating', () => {
  const rated = (stars: number, ratedAt: number, expiresAt: number | null) =>
    input({ csmRating: { stars, ratedAt, expiresAt } });

  it('is the latest rating in stars', () => {
    expect(calc({ kind: 'csmRating' }, rated(4, NOW - DAY_MS, null))).toBe(4);
  });

  it('is missing once expired (now ≥ expiresAt), present just before', () => {
    expect(calc({ kind: 'csmRating' }, rated(4, NOW - DAY_MS, NOW))).toBeNull();
    expect(calc({ kind: 'csmRating' }, rated(4, NOW - DAY_MS, NOW + 1))).toBe(4);
  });

  it('is missing when older than maxAgeDays', () => {
    expect(
      calc({ kind: 'csmRating', params: { maxAgeDays: 180 } }, rated(5, NOW - 181 * DAY_MS, null)),
    ).toBeNull();
    expect(calc({ kind: 'csmRating', params: { maxAgeDays: 180 } }, rated(5, NOW - 180 * DAY_MS, null))).toBe(
      5,
    );
  });

  it('is missing without a rating', () => {
    expect(calc({ kind: 'csmRating' }, input())).toBeNull();
  });
});

describe('customMetric', () => {
  const data = input({ metrics: { hoursSaved: { value: 120, recordedAt: NOW - 10 * DAY_MS } } });

  it('is the latest pushed value', () => {
    expect(calc({ kind: 'customMetric', params: { metricKey: 'hoursSaved' } }, data)).toBe(120);
  });

  it('is missing when not pushed or stale', () => {
    expect(calc({ kind: 'customMetric', params: { metricKey: 'revenueUplift' } }, data)).toBeNull();
    expect(
      calc({ kind: 'customMetric', params: { metricKey: 'hoursSaved', maxAgeDays: 7 } }, data),
    ).toBeNull();
  });
});

describe('surveys', () => {
  const r = (score: number | null, d: string, extra: Partial<SurveyResponse> = {}): SurveyResponse => ({
    score,
    respondedAt: at(d),
    ...extra,
  });

  it('NPS is % promoters − % detractors (10, 9, 8, 3 → 50 − 25 = 25)', () => {
    expect(npsOf([10, 9, 8, 3])).toBe(25);
    expect(npsOf([0, 6])).toBe(-100);
  });

  it('NPS ignores dismissed and unanswered responses and answers outside the window', () => {
    const nps = [
      r(10, '2026-04-02'),
      r(null, '2026-04-03'),
      r(0, '2026-04-04', { dismissed: true }),
      r(0, '2026-03-31'),
      r(2, '2026-04-30'),
    ];
    expect(calc({ kind: 'nps' }, input({ surveys: { nps } }))).toBe(0);
  });

  it('NPS counts answers received after the last window day up to the run (today, for a run started today)', () => {
    // The run is at 2026-05-01 02:00; its windows end 2026-04-30.
    const nps = [
      { score: 10, respondedAt: Date.UTC(2026, 4, 1, 1) },
      { score: 0, respondedAt: Date.UTC(2026, 4, 1, 3) },
    ];
    expect(calc({ kind: 'nps' }, input({ surveys: { nps } }))).toBe(100);
    // Scoring as at the end of the window's day (an asOf run) counts nothing after it.
    expect(calc({ kind: 'nps' }, input({ surveys: { nps } }), { now: Date.UTC(2026, 4, 1) - 1 })).toBeNull();
  });

  it("counts only each contact's latest answer", () => {
    const scores = responseScores(
      [r(3, '2026-04-02', { contactId: 'a' }), r(10, '2026-04-09', { contactId: 'a' }), r(9, '2026-04-05')],
      0,
      Number.POSITIVE_INFINITY,
    );
    expect(scores.sort()).toEqual([10, 9].sort());
  });

  it('NPS is missing with fewer than minResponses answers, or no survey data', () => {
    expect(
      calc({ kind: 'nps', params: { minResponses: 2 } }, input({ surveys: { nps: [r(9, '2026-04-10')] } })),
    ).toBeNull();
    expect(calc({ kind: 'nps' }, input())).toBeNull();
    expect(calc({ kind: 'nps' }, input({ surveys: { nps: [] } }))).toBeNull();
  });

  it('CSAT is the share of 4–5 answers (5, 4, 3, 1 → 0.5)', () => {
    expect(csatOf([5, 4, 3, 1])).toBe(0.5);
    const csat = [r(5, '2026-04-10'), r(4, '2026-04-11'), r(3, '2026-04-12'), r(1, '2026-04-13')];
    expect(calc({ kind: 'csat' }, input({ surveys: { csat } }))).toBe(0.5);
  });

  it('CES is the mean answer', () => {
    expect(meanOf([2, 3, 7])).toBe(4);
    expect(calc({ kind: 'ces' }, input({ surveys: { ces: [r(2, '2026-04-10'), r(5, '2026-04-11')] } }))).toBe(
      3.5,
    );
  });
});

describe('support', () => {
  const t = (opened: string, overrides: Partial<SupportTicket> = {}): SupportTicket => ({
    openedAt: at(opened),
    firstResponseAt: null,
    resolvedAt: null,
    resolvedOnFirstContact: null,
    ...overrides,
  });

  it('first-contact resolution: 78 of 100 tickets resolved in the window → 0.78', () => {
    const tickets = Array.from({ length: 100 }, (_, i) =>
      t('2026-04-02', { resolvedAt: at('2026-04-03'), resolvedOnFirstContact: i < 78 }),
    );
    tickets.push(t('2026-02-01', { resolvedAt: at('2026-02-02'), resolvedOnFirstContact: false }));
    expect(calc({ kind: 'firstContactResolutionRate' }, input({ tickets }))).toBe(0.78);
  });

  it('open tickets at the end of asOfDay', () => {
    const tickets = [
      t('2026-04-01'),
      t('2026-04-02', { resolvedAt: at('2026-04-03') }),
      t('2026-04-29', { resolvedAt: Date.UTC(2026, 4, 1) }), // resolved the next day: open on asOfDay
      t('2026-05-01'), // opened after asOfDay
    ];
    expect(calc({ kind: 'openTickets' }, input({ tickets }))).toBe(2);
    expect(calc({ kind: 'openTickets' }, input({ tickets: [] }))).toBe(0);
    expect(calc({ kind: 'openTickets' }, input())).toBeNull();
  });

  it('first response time is the median (or mean) minutes over tickets opened in the window', () => {
    const tickets = [10, 30, 20, 80].map((m) =>
      t('2026-04-10', { firstResponseAt: at('2026-04-10') + m * MINUTE_MS }),
    );
    tickets.push(t('2026-04-11'));
    expect(calc({ kind: 'firstResponseTime' }, input({ tickets }))).toBe(25);
    expect(calc({ kind: 'firstResponseTime', params: { stat: 'mean' } }, input({ tickets }))).toBe(35);
    expect(calc({ kind: 'firstResponseTime' }, input({ tickets: [t('2026-04-11')] }))).toBeNull();
  });
});
