import {
  type AlertContext,
  type AlertInput,
  type AlertRule,
  type AlertRuleInput,
  alertRuleSchema,
  evaluateAlerts,
  type RaisedAlert,
} from '../../../shared/alerts';
import { DEFAULT_TIERS } from '../../../shared/health';

/** The scored day. */
export const AS_OF = '2026-04-30';
/** 02:00 UTC the day after AS_OF, when the nightly cron would run. */
export const NOW = Date.UTC(2026, 4, 1, 2);
export const DAY_MS = 86_400_000;

export function ctx(overrides: Partial<AlertContext> = {}): AlertContext {
  return { asOfDay: AS_OF, now: NOW, tiers: DEFAULT_TIERS, ...overrides };
}

/** A parsed rule of a kind, with the given params (defaults filled in by the schema). */
export function rule(
  kind: AlertRule['kind'],
  params?: Record<string, unknown>,
  overrides: Partial<AlertRuleInput> = {},
): AlertRule {
  return alertRuleSchema.parse({
    id: `test-${kind.replace(/_/g, '-')}`,
    kind,
    name: `Test ${kind}`,
    severity: 'warning',
    playbook: `Do the ${kind} thing.`,
    ...(params === undefined ? {} : { params }),
    ...overrides,
  });
}

/** A healthy green account with nothing worth an alert; override what a test needs. */
export function input(overrides: Partial<AlertInput> = {}): AlertInput {
  return {
    account: {
      id: 7,
      externalId: 'acme',
      name: 'Acme',
      renewalDate: '2027-03-01',
      lastSeenAt: NOW - 3_600_000,
      ownerEmail: 'csm@example.com',
    },
    current: {
      period: AS_OF,
      score: 85,
      tier: 'green',
      measures: [
        { key: 'loginRate', label: 'Login rate', unit: 'rate', raw: 0.7, points: 85.7, benchmark: 0.5 },
        {
          key: 'activeSeats',
          label: 'Active seats',
          unit: 'rate',
          raw: 0.9,
          points: 100,
          benchmark: 0.7,
        },
      ],
    },
    previous: { period: '2026-04-29', score: 86, tier: 'green' },
    history: [],
    deactivatedKeyContacts: [],
    ...overrides,
  };
}

/** A current snapshot with the given score and tier, keeping the default measures. */
export function current(score: number | null, tier: string | null, period = AS_OF): AlertInput['current'] {
  return { ...input().current, period, score, tier };
}

/** The alerts one rule raises. */
export function fire(r: AlertRule, i: AlertInput, c: AlertContext = ctx()): RaisedAlert[] {
  return evaluateAlerts([r], i, c);
}

/** The day `n` days before AS_OF. */
export function daysAgo(n: number): string {
  return new Date(Date.parse(`${AS_OF}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
}
