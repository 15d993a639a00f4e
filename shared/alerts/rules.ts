import { z } from 'zod';
import { TASK_PRIORITIES } from '../tasks/kinds';
import { DEFAULT_RULE_TEXTS_ZH } from './default-texts';

/**
 * Alert severities, least urgent first.
 * @example ALERT_SEVERITIES.indexOf('critical') // 2
 */
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;

/**
 * How urgent an alert is: `info` (worth a look), `warning` (act this week), `critical` (act today).
 * @example const s: AlertSeverity = 'warning';
 */
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

// Tier and measure keys follow the health model's key rule, so a rule can name any key a model can have.
const modelKey = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter and use only letters, digits, _ or -');

/**
 * The period length a look-back rule counts in: a scoring day, an ISO week (Monday to Sunday, UTC) or a
 * calendar month (UTC). A week or month's value is the mean of the account's daily values in it.
 * @example ALERT_PERIOD_LENGTHS.includes('week') // true
 */
export const ALERT_PERIOD_LENGTHS = ['day', 'week', 'month'] as const;

/**
 * One of {@link ALERT_PERIOD_LENGTHS}.
 * @example const p: AlertPeriodLength = 'month';
 */
export type AlertPeriodLength = (typeof ALERT_PERIOD_LENGTHS)[number];

/**
 * What an account's measure is compared with: `segment` its segment's average (the benchmark shown on the
 * account that day), `platform` the mean of every account's value, `platform-pooled` the pooled platform rate
 * Σ numerator ÷ Σ denominator over all accounts (seed 002: platform learners ÷ platform paid seats), i.e. the
 * mean of the accounts' rates weighted by their paid seats.
 * @example ALERT_COMPARISONS.includes('platform-pooled') // true
 */
export const ALERT_COMPARISONS = ['segment', 'platform', 'platform-pooled'] as const;

/**
 * One of {@link ALERT_COMPARISONS}.
 * @example const c: AlertComparison = 'segment';
 */
export type AlertComparison = (typeof ALERT_COMPARISONS)[number];

/**
 * The most days a look-back rule may span (its periods × the period's length, a month counted as 31 days):
 * the scoring run loads that much snapshot history per account.
 * @example MAX_LOOKBACK_DAYS // 400 (12 months, 52 weeks)
 */
export const MAX_LOOKBACK_DAYS = 400;

/**
 * Days of snapshot history `periods` periods of `length` may need, the current period included.
 * @example lookbackDays(3, 'month') // 93
 */
export function lookbackDays(periods: number, length: AlertPeriodLength): number {
  return periods * (length === 'day' ? 1 : length === 'week' ? 7 : 31);
}

function checkSpan(periods: number, length: AlertPeriodLength, path: string, ctx: z.RefinementCtx): void {
  if (lookbackDays(periods, length) > MAX_LOOKBACK_DAYS) {
    ctx.addIssue({
      code: 'custom',
      message: `${periods} ${length}s look back further than ${MAX_LOOKBACK_DAYS} days (at most 12 months or 52 weeks)`,
      path: [path],
    });
  }
}

const periodLengthParam = (fallback: AlertPeriodLength) => z.enum(ALERT_PERIOD_LENGTHS).default(fallback);
const comparisonParam = z.enum(ALERT_COMPARISONS).default('segment');

/**
 * Per-kind parameters. Defaults are filled in by the schema, so a parsed rule is explicit. Survey rules
 * (NPS detractor/passive/promoter, CES) fire when an answer arrives (`evaluateSurveyAnswer` in
 * `survey.ts`), not in scoring runs; every kind has an entry in `evaluate.ts` (its map is typed over these
 * keys, so a kind without an evaluator does not compile).
 */
const ALERT_RULE_PARAMS = {
  tier_drop: z
    .object({
      /** Fire only for a decline into one of these tier keys; absent = any decline. */
      toTiers: z
        .array(modelKey)
        .min(1, 'list at least one tier, or leave toTiers out to alert on any decline')
        .max(10)
        .refine((keys) => new Set(keys).size === keys.length, 'tier keys must be unique')
        .optional(),
    })
    .strict()
    .default({}),
  score_drop: z
    .object({
      /** Score points (0..100 scale) the score must fall by; a drop of exactly `points` fires. */
      points: z.number().gt(0, 'points must be above 0').max(100),
      /** Look-back in days before the current period. */
      days: z.number().int().min(1).max(365),
    })
    .strict(),
  measure_below: z
    .object({
      measureKey: modelKey,
      /** Fires when the value is strictly below this (in points 0..100, or in the measure's raw unit). */
      threshold: z.number().finite(),
      on: z.enum(['points', 'raw']).default('points'),
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v.on === 'points' && !(v.threshold > 0 && v.threshold <= 100)) {
        ctx.addIssue({
          code: 'custom',
          message: `a points threshold must be above 0 and at most 100 (got ${v.threshold})`,
          path: ['threshold'],
        });
      }
    }),
  below_segment_average: z
    .object({
      measureKey: modelKey,
      /** Consecutive periods, the current one included. */
      periods: z.number().int().min(1).max(52),
      /** Fires when raw < ratio × benchmark (1 = below the average itself, 0.8 = below 80 % of it). */
      ratio: z.number().gt(0).max(10).default(1),
      /** `day` (each scoring run, the behaviour of rules stored before periods had a length), `week`, `month`. */
      periodLength: periodLengthParam('day'),
      compareWith: comparisonParam,
    })
    .strict()
    .superRefine((v, ctx) => checkSpan(v.periods, v.periodLength, 'periods', ctx)),
  above_average: z
    .object({
      measureKey: modelKey,
      compareWith: comparisonParam,
      /** `ratio`: value ≥ ratio × average; `difference`: value ≥ average + difference (in the measure's unit). */
      by: z.enum(['ratio', 'difference']).default('ratio'),
      ratio: z.number().gt(1, 'ratio must be above 1 (1.5 = 50 % above the average)').max(100).default(1.5),
      /** In the measure's raw unit (0.1 = 10 percentage points of a rate); required when `by` is `difference`. */
      difference: z.number().gt(0).finite().optional(),
      periods: z.number().int().min(1).max(52).default(3),
      periodLength: periodLengthParam('month'),
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v.by === 'difference' && v.difference === undefined)
        ctx.addIssue({
          code: 'custom',
          message: 'give the difference when by is difference',
          path: ['difference'],
        });
      checkSpan(v.periods, v.periodLength, 'periods', ctx);
    }),
  below_own_average: z
    .object({
      measureKey: modelKey,
      /** Fires when each of the last `periods` periods is below ratio × the own average (0.7 = a 30 % fall). */
      ratio: z.number().gt(0).max(1).default(0.7),
      /** The own average: the mean of this many periods before the `periods` checked. */
      baselinePeriods: z.number().int().min(1).max(52).default(4),
      periods: z.number().int().min(1).max(52).default(2),
      periodLength: periodLengthParam('week'),
    })
    .strict()
    .superRefine((v, ctx) =>
      checkSpan(v.periods + v.baselinePeriods, v.periodLength, 'baselinePeriods', ctx),
    ),
  renewal_due: z
    .object({
      withinDays: z.number().int().min(1).max(730).default(90),
      tiers: z
        .array(modelKey)
        .min(1)
        .max(10)
        .refine((keys) => new Set(keys).size === keys.length, 'tier keys must be unique')
        .default(['yellow', 'red']),
    })
    .strict()
    .default({ withinDays: 90, tiers: ['yellow', 'red'] }),
  key_contact_deactivated: z
    .object({
      /**
       * Only contacts deactivated within this many days before `now` count, so a departure from long ago
       * does not alert for ever once its alert is closed.
       */
      withinDays: z.number().int().min(1).max(365).default(30),
    })
    .strict()
    .default({ withinDays: 30 }),
  stale_data: z
    .object({
      /** Fires when the last event is this many days or more before `asOfDay`. */
      days: z.number().int().min(1).max(365).default(14),
    })
    .strict()
    .default({ days: 14 }),
  // Seed 000's follow-up by score group: the rule's playbook is the group's action; `raiseAlert` says whether
  // an answer of the group becomes an alert (by default only detractors do).
  nps_detractor: z
    .object({ raiseAlert: z.boolean().default(true) })
    .strict()
    .default({ raiseAlert: true }),
  nps_passive: z
    .object({ raiseAlert: z.boolean().default(false) })
    .strict()
    .default({ raiseAlert: false }),
  nps_promoter: z
    .object({ raiseAlert: z.boolean().default(false) })
    .strict()
    .default({ raiseAlert: false }),
  ces_poor: z
    .object({
      /**
       * Fires for an answer at or below this on the 1–7 ease scale (7 = easiest): other scales are mapped onto
       * 1–7 first and a difficulty-scale answer is turned round, so 3 catches 5–7 on a 1–7 difficulty scale.
       */
      atOrBelow: z.number().min(1).max(7).default(3),
    })
    .strict()
    .default({ atOrBelow: 3 }),
  champion_quiet: z
    .object({
      /** A key person whose last activity is this many days old or older has gone quiet. */
      days: z.number().int().min(1).max(365).default(21),
    })
    .strict()
    .default({ days: 21 }),
} satisfies Record<string, z.ZodType>;

/**
 * The rule kinds raised by a survey answer rather than by a scoring run.
 * @example SURVEY_ALERT_KINDS.includes('nps_detractor') // true
 */
export const SURVEY_ALERT_KINDS = ['nps_detractor', 'nps_passive', 'nps_promoter', 'ces_poor'] as const;

/**
 * Whether a rule kind fires on survey answers (see {@link SURVEY_ALERT_KINDS}).
 * @example isSurveyAlertKind('stale_data') // false
 */
export function isSurveyAlertKind(kind: string): kind is (typeof SURVEY_ALERT_KINDS)[number] {
  return (SURVEY_ALERT_KINDS as readonly string[]).includes(kind);
}

/**
 * An alert rule kind.
 * @example const kind: AlertRuleKind = 'score_drop';
 */
export type AlertRuleKind = keyof typeof ALERT_RULE_PARAMS;

/**
 * The unit shown after a numeric param: score `points` (0..100), `days`, `periods` (of the rule's period
 * length), a `ratio` (1.5 = 1.5×), the CES `scale` (1–7), or `measure` (the measure's own raw unit).
 * @example const u: AlertParamUnit = 'ratio';
 */
export type AlertParamUnit = 'points' | 'days' | 'periods' | 'ratio' | 'scale' | 'measure';

/**
 * How the rule editor renders one param: its English `label` (an i18n key may override it), its input type,
 * unit and range (the API's own checks are the schema's), and for a choice its options with labels.
 * @example const s: AlertParamSpec = { name: 'days', label: 'Days', type: 'number', unit: 'days', integer: true, min: 1, max: 365 };
 */
export type AlertParamSpec = { name: string; label: string; help?: string } & (
  | {
      type: 'number';
      unit?: AlertParamUnit;
      integer?: boolean;
      min?: number;
      max?: number;
      optional?: boolean;
    }
  | { type: 'measure' }
  | { type: 'choice'; options: readonly { value: string; label: string }[] }
  | { type: 'tiers'; optional: boolean }
  | { type: 'flag' }
);

const MEASURE: AlertParamSpec = {
  name: 'measureKey',
  label: 'Measure',
  type: 'measure',
  help: "The key of a measure of the account's model, e.g. stickiness.",
};
const PERIOD_LENGTH: AlertParamSpec = {
  name: 'periodLength',
  label: 'Period length',
  type: 'choice',
  options: [
    { value: 'day', label: 'Day (each scoring run)' },
    { value: 'week', label: 'Week (Monday to Sunday)' },
    { value: 'month', label: 'Calendar month' },
  ],
  help: "A week or month counts by the account's mean over it.",
};
const COMPARE_WITH: AlertParamSpec = {
  name: 'compareWith',
  label: 'Compared with',
  type: 'choice',
  options: [
    { value: 'segment', label: 'Segment average' },
    { value: 'platform', label: 'Platform average (mean of all accounts)' },
    { value: 'platform-pooled', label: 'Pooled platform rate (Σ numerator ÷ Σ paid seats)' },
  ],
};
const periodsSpec = (label: string): AlertParamSpec => ({
  name: 'periods',
  label,
  type: 'number',
  unit: 'periods',
  integer: true,
  min: 1,
  max: 52,
});
const RAISE_ALERT: AlertParamSpec = {
  name: 'raiseAlert',
  label: 'Raise an alert',
  type: 'flag',
  help: 'Off: the playbook is the follow-up for this group, without an alert in the inbox.',
};

/**
 * What each rule kind watches and its params, for the rule editor (params in the order to show them).
 * @example ALERT_RULE_KINDS.renewal_due.label // 'Renewal due while at risk'
 */
export const ALERT_RULE_KINDS = {
  tier_drop: {
    label: 'Tier drop',
    description: 'The health tier moved to a worse tier since the last period.',
    params: [{ name: 'toTiers', label: 'Into tiers', type: 'tiers', optional: true }],
  },
  score_drop: {
    label: 'Score drop',
    description: 'The score fell by at least X points from its highest value in the last D days.',
    params: [
      { name: 'points', label: 'Fall of at least', type: 'number', unit: 'points', min: 0, max: 100 },
      { name: 'days', label: 'Within', type: 'number', unit: 'days', integer: true, min: 1, max: 365 },
    ],
  },
  measure_below: {
    label: 'Measure below threshold',
    description: 'One measure is below a threshold, in points or in its raw unit.',
    params: [
      MEASURE,
      { name: 'threshold', label: 'Threshold', type: 'number' },
      {
        name: 'on',
        label: 'Threshold on',
        type: 'choice',
        options: [
          { value: 'points', label: 'Points (0–100)' },
          { value: 'raw', label: "The measure's raw value" },
        ],
      },
    ],
  },
  below_segment_average: {
    label: 'Below average',
    description:
      'A measure has been below (a share of) its segment average, the platform average or the pooled platform rate for K consecutive days, weeks or months.',
    params: [
      MEASURE,
      COMPARE_WITH,
      { name: 'ratio', label: 'Below this share of it', type: 'number', unit: 'ratio', min: 0, max: 10 },
      periodsSpec('For consecutive periods'),
      PERIOD_LENGTH,
    ],
  },
  above_average: {
    label: 'Benchmark customer',
    description:
      'A measure has been far above its segment or platform average for K consecutive periods: a customer to cultivate for a case study or referral.',
    params: [
      MEASURE,
      COMPARE_WITH,
      {
        name: 'by',
        label: 'Above by',
        type: 'choice',
        options: [
          { value: 'ratio', label: 'A multiple of the average' },
          { value: 'difference', label: "A difference in the measure's unit" },
        ],
      },
      { name: 'ratio', label: 'At least this multiple', type: 'number', unit: 'ratio', min: 1, max: 100 },
      {
        name: 'difference',
        label: 'At least this much above',
        type: 'number',
        unit: 'measure',
        optional: true,
        help: 'In the measure’s raw unit: 0.1 is 10 percentage points of a rate.',
      },
      periodsSpec('For consecutive periods'),
      PERIOD_LENGTH,
    ],
  },
  below_own_average: {
    label: 'Below own average',
    description:
      "A measure has been below a share of the account's own average of the periods before for K consecutive periods.",
    params: [
      MEASURE,
      {
        name: 'ratio',
        label: 'Below this share of its average',
        type: 'number',
        unit: 'ratio',
        min: 0,
        max: 1,
      },
      {
        name: 'baselinePeriods',
        label: 'Average over the previous',
        type: 'number',
        unit: 'periods',
        integer: true,
        min: 1,
        max: 52,
      },
      periodsSpec('For consecutive periods'),
      PERIOD_LENGTH,
    ],
  },
  renewal_due: {
    label: 'Renewal due while at risk',
    description: 'The renewal date is within N days and the account is in an at-risk tier.',
    params: [
      {
        name: 'withinDays',
        label: 'Renewal within',
        type: 'number',
        unit: 'days',
        integer: true,
        min: 1,
        max: 730,
      },
      { name: 'tiers', label: 'While in tiers', type: 'tiers', optional: false },
    ],
  },
  key_contact_deactivated: {
    label: 'Key contact deactivated',
    description:
      'A key contact (keyContact trait, or a champion, key-contact, decision-maker, buyer or sponsor role on the account) was deactivated or moved to another account.',
    params: [
      {
        name: 'withinDays',
        label: 'Deactivated within',
        type: 'number',
        unit: 'days',
        integer: true,
        min: 1,
        max: 365,
      },
    ],
  },
  stale_data: {
    label: 'Stale data',
    description: 'No events have arrived from the account for N days.',
    params: [
      { name: 'days', label: 'No events for', type: 'number', unit: 'days', integer: true, min: 1, max: 365 },
    ],
  },
  nps_detractor: {
    label: 'NPS detractor',
    description:
      'A contact answered an NPS survey with 0–6: investigate the cause and rescue the relationship.',
    params: [RAISE_ALERT],
  },
  nps_passive: {
    label: 'NPS passive',
    description:
      'A contact answered an NPS survey with 7–8: collect their feedback and deepen product adoption.',
    params: [RAISE_ALERT],
  },
  nps_promoter: {
    label: 'NPS promoter',
    description: 'A contact answered an NPS survey with 9–10: a referral or upsell opportunity.',
    params: [RAISE_ALERT],
  },
  ces_poor: {
    label: 'High customer effort',
    description:
      'A customer-effort (CES) answer worse than a threshold, on the 1–7 ease scale (difficulty scales turned round): help them.',
    params: [
      {
        name: 'atOrBelow',
        label: 'At or below (1–7, 7 = easiest)',
        type: 'number',
        unit: 'scale',
        min: 1,
        max: 7,
      },
    ],
  },
  champion_quiet: {
    label: 'Champion gone quiet',
    description:
      'A key person of the account (keyContact trait, or a champion, key-contact, decision-maker, buyer or sponsor role) has not used the product for a number of days.',
    params: [
      { name: 'days', label: 'Quiet for', type: 'number', unit: 'days', integer: true, min: 1, max: 365 },
    ],
  },
} as const satisfies Record<
  AlertRuleKind,
  { label: string; description: string; params: readonly AlertParamSpec[] }
>;

/**
 * The rule kinds, in catalog order.
 * @example ALERT_RULE_KIND_KEYS.includes('stale_data') // true
 */
export const ALERT_RULE_KIND_KEYS = Object.keys(ALERT_RULE_PARAMS) as AlertRuleKind[];

/**
 * A rule id: a stable slug of at most 64 characters (alerts are deduplicated per account and rule id).
 * @example alertRuleIdSchema.parse('score-drop-15-in-30')
 */
export const alertRuleIdSchema = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a slug: lowercase letters and digits joined by single -');

/** The most task templates one rule's playbook may hold. */
export const MAX_RULE_TASKS = 10;

/**
 * A playbook step: a task created with each new alert of the rule, due `dueInDays` after the alert's day.
 * @example ruleTaskTemplateSchema.parse({ title: 'Call the sponsor', dueInDays: 2 }) // priority 'normal'
 */
export const ruleTaskTemplateSchema = z
  .object({
    title: z.string().trim().min(1, 'a task needs a title').max(200),
    dueInDays: z.number().int().min(0).max(365),
    priority: z.enum(TASK_PRIORITIES).default('normal'),
  })
  .strict();
export type RuleTaskTemplate = z.infer<typeof ruleTaskTemplateSchema>;

/**
 * A rule's name and playbook in other languages than English (`name` and `playbook` are the English texts, used
 * by the webhook and the API); a client shows the reader's language where given, else the English.
 * @example ruleTextsSchema.parse({ zh: { name: '数据中断', playbook: '检查集成。' } })
 */
export const ruleTextsSchema = z
  .object({
    zh: z
      .object({
        name: z.string().trim().min(1).max(120).optional(),
        playbook: z.string().trim().min(1).max(4000).optional(),
      })
      .strict(),
  })
  .partial()
  .strict();
export type RuleTexts = z.infer<typeof ruleTextsSchema>;

function ruleVariant<K extends AlertRuleKind>(kind: K) {
  return z
    .object({
      id: alertRuleIdSchema,
      kind: z.literal(kind),
      name: z.string().trim().min(1).max(120),
      severity: z.enum(ALERT_SEVERITIES),
      /** What the CSM should do when the alert fires; shown with the alert and sent to the webhook. */
      playbook: z.string().trim().min(1, 'playbook must not be empty').max(4000),
      enabled: z.boolean().default(true),
      params: ALERT_RULE_PARAMS[kind],
      /** The playbook as tasks: created in order, linked to each new alert the rule raises. */
      tasks: z.array(ruleTaskTemplateSchema).max(MAX_RULE_TASKS).default([]),
      texts: ruleTextsSchema.optional(),
    })
    .strict();
}

function kindOf(input: unknown): unknown {
  return typeof input === 'object' && input !== null ? (input as { kind?: unknown }).kind : undefined;
}

// Names the kinds when `kind` is unknown, instead of zod's bare "invalid input".
const unknownKindError = {
  error: (iss: { code?: string; input?: unknown }) =>
    iss.code === 'invalid_union'
      ? `unknown alert rule kind ${JSON.stringify(kindOf(iss.input))}; expected one of ${ALERT_RULE_KIND_KEYS.join(', ')}`
      : undefined,
};

/**
 * One alert rule: a `kind` with its `params`, plus `id` (slug), `name`, `severity`, `playbook` and
 * `enabled` (default true). The `params` per kind:
 * - `tier_drop` `{ toTiers? }`: the tier declined since the previous period (optionally only into these).
 * - `score_drop` `{ points > 0, days 1..365 }`: score ≤ highest score of the last `days` − `points`.
 * - `measure_below` `{ measureKey, threshold, on: 'points' | 'raw' = 'points' }`: value < threshold.
 * - `below_segment_average` `{ measureKey, periods 1..52, ratio = 1, periodLength = 'day', compareWith =
 *   'segment' }`: the period's mean raw < ratio × the comparison's mean for `periods` consecutive periods,
 *   the current one included.
 * - `above_average` `{ measureKey, compareWith = 'segment', by = 'ratio', ratio = 1.5, difference?, periods = 3,
 *   periodLength = 'month' }`: the period's mean ≥ ratio × (or ≥ difference above) the comparison's mean for
 *   `periods` consecutive periods (a benchmark customer).
 * - `below_own_average` `{ measureKey, ratio = 0.7, baselinePeriods = 4, periods = 2, periodLength = 'week' }`:
 *   each of the last `periods` periods' mean < ratio × the mean of the `baselinePeriods` periods before them.
 * - `renewal_due` `{ withinDays = 90, tiers = ['yellow', 'red'] }`: renewal in 0..withinDays days.
 * - `key_contact_deactivated` `{ withinDays = 30 }`: a key contact (the `keyContact` trait, or a CSM's champion,
 *   key-contact, decision-maker, economic-buyer or sponsor role) deactivated, or moved to another account, in the
 *   last withinDays.
 * - `champion_quiet` `{ days = 21 }`: a key person (as for `key_contact_deactivated`), still active, last seen
 *   `days` or more days ago.
 * - `stale_data` `{ days = 14 }`: the last event is `days` or more days old.
 * - `nps_detractor`, `nps_passive`, `nps_promoter` `{ raiseAlert = true, false, false }`: an NPS answer of
 *   0–6, 7–8, 9–10 (on answer); the playbook is the group's follow-up, an alert only with `raiseAlert`.
 * - `ces_poor` `{ atOrBelow = 3 }`: a CES answer at or below `atOrBelow` on the 1–7 ease scale (on answer).
 * @example alertRuleSchema.parse({ id: 'big-drop', kind: 'score_drop', name: 'Big drop', severity: 'warning', playbook: 'Call the sponsor.', params: { points: 15, days: 30 } })
 */
export const alertRuleSchema = z.discriminatedUnion(
  'kind',
  [
    ruleVariant('tier_drop'),
    ruleVariant('score_drop'),
    ruleVariant('measure_below'),
    ruleVariant('below_segment_average'),
    ruleVariant('above_average'),
    ruleVariant('below_own_average'),
    ruleVariant('renewal_due'),
    ruleVariant('key_contact_deactivated'),
    ruleVariant('champion_quiet'),
    ruleVariant('stale_data'),
    ruleVariant('nps_detractor'),
    ruleVariant('nps_passive'),
    ruleVariant('nps_promoter'),
    ruleVariant('ces_poor'),
  ],
  unknownKindError,
);

/**
 * An alert rule whose `id` is given elsewhere (the path of `PUT /api/alerts/rules/:ruleId`): as
 * {@link alertRuleSchema}, with `id` optional.
 * @example alertRuleBodySchema.parse({ kind: 'stale_data', name: 'Stale', severity: 'info', playbook: 'Check the integration.' })
 */
export const alertRuleBodySchema = z.discriminatedUnion(
  'kind',
  [
    ruleVariant('tier_drop').partial({ id: true }),
    ruleVariant('score_drop').partial({ id: true }),
    ruleVariant('measure_below').partial({ id: true }),
    ruleVariant('below_segment_average').partial({ id: true }),
    ruleVariant('above_average').partial({ id: true }),
    ruleVariant('below_own_average').partial({ id: true }),
    ruleVariant('renewal_due').partial({ id: true }),
    ruleVariant('key_contact_deactivated').partial({ id: true }),
    ruleVariant('champion_quiet').partial({ id: true }),
    ruleVariant('stale_data').partial({ id: true }),
    ruleVariant('nps_detractor').partial({ id: true }),
    ruleVariant('nps_passive').partial({ id: true }),
    ruleVariant('nps_promoter').partial({ id: true }),
    ruleVariant('ces_poor').partial({ id: true }),
  ],
  unknownKindError,
);

/**
 * A parsed alert rule (defaults filled in).
 * @example const r: AlertRule = DEFAULT_ALERT_RULES[0]!;
 */
export type AlertRule = z.infer<typeof alertRuleSchema>;

/**
 * An alert rule as an admin may write it (defaults optional).
 * @example const r: AlertRuleInput = { id: 'stale', kind: 'stale_data', name: 'Stale', severity: 'info', playbook: 'Check the integration.' };
 */
export type AlertRuleInput = z.input<typeof alertRuleSchema>;

/**
 * The parsed rule of one kind, e.g. `AlertRuleOf<'score_drop'>['params']['days']`.
 * @example const p: AlertRuleOf<'stale_data'>['params'] = { days: 14 };
 */
export type AlertRuleOf<K extends AlertRuleKind> = Extract<AlertRule, { kind: K }>;

/**
 * A workspace's rule list: each rule valid and every `id` unique.
 * @example alertRulesSchema.parse(DEFAULT_ALERT_RULES).length // 13
 */
export const alertRulesSchema = z
  .array(alertRuleSchema)
  .max(200)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate rule id '${r.id}'`, path: [i, 'id'] });
      }
      seen.add(r.id);
    });
  });

/**
 * One rule of each kind, for a fresh install. Measure rules name measures of the default health model
 * (`activeSeats`, `stickiness`); tier rules name the default tiers. Of the NPS groups only detractors raise an
 * alert; passives and promoters have their follow-up playbook (seed 000) without one. Tier guidance (DEFAULT_TIERS'
 * `guidance`) is appended to these playbooks when an alert is raised, so they do not repeat it.
 * @example DEFAULT_ALERT_RULES.map((r) => r.kind) // ['tier_drop', 'score_drop', …, 'stale_data', 'nps_detractor', 'nps_passive', 'nps_promoter', 'ces_poor', …, 'champion_quiet']
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = withDefaultTexts([
  {
    id: 'tier-drop-at-risk',
    kind: 'tier_drop',
    name: 'Dropped into yellow or red',
    severity: 'warning',
    tasks: [],
    enabled: true,
    params: { toTiers: ['yellow', 'red'] },
    playbook: [
      'Within 2 business days:',
      '1. Open the score explanation and note which measures fell since the last period.',
      '2. Check open support tickets, recent NPS comments and any change of sponsor or champion.',
      '3. Call your main contact: ask what changed (team, priorities, budget, a competitor) and agree one concrete next step with a date.',
      '4. Log the cause and the agreed step on the account and set a follow-up in 14 days.',
    ].join('\n'),
  },
  {
    id: 'score-drop-15-in-30',
    kind: 'score_drop',
    name: 'Score fell 15+ points in 30 days',
    severity: 'warning',
    tasks: [],
    enabled: true,
    params: { points: 15, days: 30 },
    playbook: [
      'A fast fall usually has one cause. This week:',
      '1. Compare the weakest measures with last month: is it fewer logins, fewer active seats or one team that stopped?',
      '2. Ask the champion whether a team, project or workflow changed, and whether anything in the product gets in their way.',
      '3. Offer a 30-minute working session on the workflow that lost usage.',
      '4. If the cause is on our side (bug, outage, missing feature), open an internal escalation and tell the customer when to expect news.',
    ].join('\n'),
  },
  {
    id: 'low-seat-activation',
    kind: 'measure_below',
    name: 'Fewer than half the seats active in 30 days',
    severity: 'warning',
    tasks: [],
    enabled: true,
    params: { measureKey: 'activeSeats', threshold: 0.5, on: 'raw' },
    playbook: [
      'They are paying for seats nobody uses, which puts the renewal size at risk.',
      '1. Export the list of users who never activated or were not active this month and share it with the admin.',
      '2. Offer a short onboarding session per team that has not started, and send the getting-started guide.',
      '3. Agree an activation target and date (e.g. 70 % of seats within 30 days) and review it on your next call.',
    ].join('\n'),
  },
  {
    id: 'engagement-below-segment',
    kind: 'below_segment_average',
    name: 'Stickiness under 75 % of the segment average for 4 weeks',
    severity: 'info',
    tasks: [],
    enabled: true,
    params: {
      measureKey: 'stickiness',
      periods: 4,
      ratio: 0.75,
      periodLength: 'week',
      compareWith: 'segment',
    },
    playbook: [
      'Users come back less often than at similar customers: the product is not part of their daily work.',
      '1. Look at which core features similar accounts use that this one does not.',
      '2. Send the champion one or two concrete use cases from peers in their segment.',
      '3. Propose an enablement session for the power users and ask them to train their teams.',
    ].join('\n'),
  },
  {
    id: 'benchmark-customer',
    kind: 'above_average',
    name: 'Active seats 1.5× the platform rate for 3 months',
    severity: 'info',
    tasks: [],
    enabled: true,
    params: {
      measureKey: 'activeSeats',
      compareWith: 'platform-pooled',
      by: 'ratio',
      ratio: 1.5,
      periods: 3,
      periodLength: 'month',
    },
    playbook: [
      'This customer uses the product far more than its peers: a candidate for a case study, a reference and referrals.',
      '1. Find out what they do differently (teams, features, routines) and write it down as a practice for similar accounts.',
      '2. Interview the sponsor and the day-to-day owner about the results they get, and ask for figures you may quote.',
      '3. With the account executive, ask whether they would join a case study, take a reference call or speak at a customer event.',
      '4. Share their practices (anonymised unless they agree) with accounts of the same segment that use the product less.',
    ].join('\n'),
  },
  {
    id: 'usage-below-own-average',
    kind: 'below_own_average',
    name: 'Active seats under 70 % of their own 4-week average for 2 weeks',
    severity: 'warning',
    tasks: [],
    enabled: true,
    params: { measureKey: 'activeSeats', ratio: 0.7, baselinePeriods: 4, periods: 2, periodLength: 'week' },
    playbook: [
      "Usage fell well below this account's own usual level: something changed on their side.",
      '1. Compare the weeks before and after the fall: which teams, users or features stopped?',
      '2. Look for a cause around that date: a release or outage of ours, a reorganisation, a holiday, a champion who left.',
      '3. Tell the champion what you see, ask what changed and offer help to restart the work that stopped.',
      '4. Log the cause on the account and check in two weeks that usage came back.',
    ].join('\n'),
  },
  {
    id: 'renewal-at-risk',
    kind: 'renewal_due',
    name: 'Renewal within 90 days while yellow or red',
    severity: 'critical',
    tasks: [],
    enabled: true,
    params: { withinDays: 90, tiers: ['yellow', 'red'] },
    playbook: [
      'Start the save motion now; 90 days is the minimum to change the outcome.',
      '1. Book a value review with the economic buyer: outcomes achieved, usage, and the plan for next year.',
      '2. Tell the account executive and agree who owns the commercial conversation.',
      '3. Build a mutual success plan with dated steps to fix the weakest measures before the renewal date.',
      '4. Review progress every two weeks until the renewal is signed.',
    ].join('\n'),
  },
  {
    id: 'key-contact-left',
    kind: 'key_contact_deactivated',
    name: 'Key contact deactivated',
    severity: 'critical',
    tasks: [],
    enabled: true,
    params: { withinDays: 30 },
    playbook: [
      'Losing a champion is one of the strongest churn signals.',
      '1. Confirm whether the person left the company or only changed role (ask your other contacts, check LinkedIn).',
      '2. Identify and contact the successor or the next most active user within a week.',
      '3. Offer the new contact an onboarding session and re-confirm goals and success criteria with them.',
      '4. Update the key-contact list on the account.',
    ].join('\n'),
  },
  {
    id: 'stale-data',
    kind: 'stale_data',
    name: 'No data for 14 days',
    severity: 'warning',
    tasks: [],
    enabled: true,
    params: { days: 14 },
    playbook: [
      'Either tracking broke or the customer stopped using the product.',
      '1. Check the ingest sources and failures in the admin area for this account.',
      '2. If tracking is healthy, contact the admin: ask whether they moved to another tool or paused the project.',
      '3. Until data returns, treat the health score as unreliable and note that on the account.',
    ].join('\n'),
  },
  {
    id: 'nps-detractor',
    kind: 'nps_detractor',
    name: 'NPS detractor (0–6)',
    severity: 'critical',
    tasks: [],
    enabled: true,
    params: { raiseAlert: true },
    playbook: [
      'A detractor may churn and may talk others out of buying. Within 2 business days:',
      '1. Read the comment, then check the health score, open support tickets and recent alerts.',
      '2. Call or email the respondent personally: thank them, acknowledge the problem and ask what would change their score.',
      '3. Agree one concrete fix with an owner and a date; escalate product or support issues internally.',
      '4. Log the outcome on the account, follow up when the fix lands and tell the respondent.',
    ].join('\n'),
  },
  {
    id: 'nps-passive',
    kind: 'nps_passive',
    name: 'NPS passive (7–8): ask for feedback',
    severity: 'info',
    tasks: [],
    enabled: true,
    params: { raiseAlert: false },
    playbook: [
      'Passives are satisfied but not enthusiastic, and easy to lose to a competitor.',
      '1. Thank them and ask one question: what is the one thing that would make us a 10 for you?',
      '2. Log the feedback on the account and share it with the product team.',
      '3. Deepen their use: show them a feature or practice that fits their goals and that they do not use yet.',
    ].join('\n'),
  },
  {
    id: 'nps-promoter',
    kind: 'nps_promoter',
    name: 'NPS promoter (9–10): referral or upsell opportunity',
    severity: 'info',
    tasks: [],
    enabled: true,
    params: { raiseAlert: false },
    playbook: [
      'Promoters are the best source of referrals, case studies and expansion.',
      '1. Thank them within a week, mentioning their comment if they left one.',
      '2. Ask whether they would refer a peer, join a case study or write a review.',
      '3. With the account executive, look for expansion: more seats, another team or a higher plan.',
    ].join('\n'),
  },
  {
    id: 'ces-high-effort',
    kind: 'ces_poor',
    name: 'High customer effort (CES 3 or less of 7)',
    severity: 'warning',
    tasks: [],
    enabled: true,
    params: { atOrBelow: 3 },
    playbook: [
      'The customer had to work too hard to get something done, a strong predictor of churn.',
      '1. Read the comment and find the task or support case they struggled with.',
      '2. Offer direct help now: a call, a walkthrough or a fix for the case.',
      '3. Report the friction to the product or support team so it is fixed for everyone.',
    ].join('\n'),
  },
  {
    id: 'champion-quiet',
    kind: 'champion_quiet',
    name: 'Champion quiet for 21 days',
    severity: 'warning',
    enabled: true,
    params: { days: 21 },
    tasks: [],
    playbook: [
      'A champion who stops using the product often stops arguing for it too.',
      '1. Check whether they changed role, went on leave or handed the work to someone else.',
      '2. Reach out personally (not a newsletter): ask how the work the product supports is going.',
      '3. If someone else took over, meet them, re-confirm goals and mark them on the People section.',
      '4. Log what you learnt as a touchpoint and check their activity again in two weeks.',
    ].join('\n'),
  },
]);

function withDefaultTexts(rules: AlertRule[]): AlertRule[] {
  return rules.map((r) => {
    const zh = DEFAULT_RULE_TEXTS_ZH[r.id];
    return zh ? { ...r, texts: { zh } } : r;
  });
}

/**
 * The rule with the Chinese texts of the default rule of its id, for a rule stored without texts whose English
 * name or playbook is still the default's (a default rule as seeded); edited or own texts are left as they are.
 * @example defaultRuleTexts({ ...staleRule, texts: undefined }).texts?.zh?.name // '14 天无数据'
 */
export function defaultRuleTexts(rule: AlertRule): AlertRule {
  const def = DEFAULT_ALERT_RULES.find((r) => r.id === rule.id);
  const zh = def?.texts?.zh;
  if (!def || !zh || rule.texts !== undefined) return rule;
  const texts = {
    name: rule.name === def.name ? zh.name : undefined,
    playbook: rule.playbook === def.playbook ? zh.playbook : undefined,
  };
  if (texts.name === undefined && texts.playbook === undefined) return rule;
  return { ...rule, texts: { zh: texts } };
}
