import type {
  AccountDay,
  AccountHealthInput,
  AccountRecord,
  FeatureCatalog,
  FeatureUsage,
  HealthModelInput,
  MeasureConfigInput,
  ScoringContext,
  UserUsage,
} from '../../../shared/health';

export const AS_OF = '2026-04-30';
/** 02:00 UTC the day after AS_OF, when the nightly cron would run. */
export const NOW = Date.UTC(2026, 4, 1, 2);
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

export const CATALOG: FeatureCatalog = {
  featureCount: 20,
  coreFeatureCount: 4,
  moduleFeatureCounts: { reports: 5, api: 2, inbox: 13 },
};

export function account(overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id: 1,
    externalId: 'acme',
    name: 'Acme',
    plan: 'pro',
    industry: 'retail',
    employees: 120,
    seats: 50,
    arrCents: 1_200_000,
    mrrCents: 100_000,
    currency: 'USD',
    contractStartDate: '2025-06-01',
    renewalDate: '2026-12-01',
    ownerEmail: 'csm@example.com',
    traits: {},
    ...overrides,
  };
}

export function user(userId: number, activeMinutes: number, activeDays: number): UserUsage {
  return { userId, activeMs: activeMinutes * MINUTE_MS, activeDays };
}

export function feature(featureKey: string, overrides: Partial<FeatureUsage> = {}): FeatureUsage {
  return {
    featureKey,
    module: 'inbox',
    isCore: false,
    events: 10,
    users: 1,
    activeMs: 0,
    days: 1,
    ...overrides,
  };
}

export function day(d: string, events: number, overrides: Partial<AccountDay> = {}): AccountDay {
  return { day: d, events, activeUsers: events > 0 ? 1 : 0, activeMs: 0, featuresUsed: 0, ...overrides };
}

export function input(overrides: Partial<AccountHealthInput> = {}): AccountHealthInput {
  return {
    account: account(),
    users: { total: 45, activated: 40 },
    days: [],
    windows: { 30: { users: [], features: [] } },
    ...overrides,
  };
}

export function ctx(overrides: Partial<ScoringContext> = {}): ScoringContext {
  return { asOfDay: AS_OF, now: NOW, catalog: CATALOG, ...overrides };
}

/** A custom-metric measure whose raw value is its points (linear 0..100). */
export function pointsMeasure(key: string, weight: number, dimension?: string): MeasureConfigInput {
  return {
    key,
    kind: 'customMetric',
    params: { metricKey: key },
    normalisation: { kind: 'linear', min: 0, max: 100 },
    weight,
    ...(dimension ? { dimension } : {}),
  };
}

/** A model of custom-metric measures with the given weights, keyed by name. */
export function pointsModel(
  weights: Record<string, number>,
  extra: Partial<HealthModelInput> = {},
): HealthModelInput {
  return { measures: Object.entries(weights).map(([k, w]) => pointsMeasure(k, w)), ...extra };
}

/** Input carrying custom metric values (null/undefined = missing). */
export function pointsInput(values: Record<string, number | null | undefined>): AccountHealthInput {
  const metrics: Record<string, { value: number; recordedAt: number }> = {};
  for (const [k, v] of Object.entries(values))
    if (typeof v === 'number') metrics[k] = { value: v, recordedAt: NOW - DAY_MS };
  return input({ metrics });
}
