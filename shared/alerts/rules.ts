import { z } from 'zod';

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
      /** Consecutive scoring periods, the current one included. */
      periods: z.number().int().min(1).max(52),
      /** Fires when raw < ratio × benchmark (1 = below the average itself, 0.8 = below 80 % of it). */
      ratio: z.number().gt(0).max(10).default(1),
    })
    .strict(),
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
  nps_detractor: z.object({}).strict().default({}),
  nps_passive: z.object({}).strict().default({}),
  nps_promoter: z.object({}).strict().default({}),
  ces_poor: z
    .object({
      /** Fires for an answer at or below this on the 1–7 CES scale (other scales are mapped onto 1–7 first). */
      atOrBelow: z.number().min(1).max(7).default(3),
    })
    .strict()
    .default({ atOrBelow: 3 }),
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
 * What each rule kind watches, for the rule editor.
 * @example ALERT_RULE_KINDS.renewal_due.label // 'Renewal due while at risk'
 */
export const ALERT_RULE_KINDS = {
  tier_drop: {
    label: 'Tier drop',
    description: 'The health tier moved to a worse tier since the last period.',
  },
  score_drop: {
    label: 'Score drop',
    description: 'The score fell by at least X points from its highest value in the last D days.',
  },
  measure_below: {
    label: 'Measure below threshold',
    description: 'One measure is below a threshold, in points or in its raw unit.',
  },
  below_segment_average: {
    label: 'Below segment average',
    description: 'A measure has been below (a share of) its segment average for K consecutive periods.',
  },
  renewal_due: {
    label: 'Renewal due while at risk',
    description: 'The renewal date is within N days and the account is in an at-risk tier.',
  },
  key_contact_deactivated: {
    label: 'Key contact deactivated',
    description: 'A user marked as a key contact (champion, sponsor, admin) was deactivated.',
  },
  stale_data: { label: 'Stale data', description: 'No events have arrived from the account for N days.' },
  nps_detractor: {
    label: 'NPS detractor',
    description: 'A contact answered an NPS survey with 0–6: rescue the relationship.',
  },
  nps_passive: {
    label: 'NPS passive',
    description: 'A contact answered an NPS survey with 7–8: ask for feedback.',
  },
  nps_promoter: {
    label: 'NPS promoter',
    description: 'A contact answered an NPS survey with 9–10: a referral or upsell opportunity.',
  },
  ces_poor: {
    label: 'High customer effort',
    description: 'A customer-effort (CES) answer at or below a threshold on the 1–7 scale: help them.',
  },
} as const satisfies Record<AlertRuleKind, { label: string; description: string }>;

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
 * - `below_segment_average` `{ measureKey, periods 1..52, ratio = 1 }`: raw < ratio × benchmark for
 *   `periods` consecutive periods, the current one included.
 * - `renewal_due` `{ withinDays = 90, tiers = ['yellow', 'red'] }`: renewal in 0..withinDays days.
 * - `key_contact_deactivated` `{ withinDays = 30 }`: a key contact deactivated in the last withinDays.
 * - `stale_data` `{ days = 14 }`: the last event is `days` or more days old.
 * - `nps_detractor`, `nps_passive`, `nps_promoter` `{}`: an NPS answer of 0–6, 7–8, 9–10 (on answer).
 * - `ces_poor` `{ atOrBelow = 3 }`: a CES answer at or below `atOrBelow` on 1–7 (on answer).
 * @example alertRuleSchema.parse({ id: 'big-drop', kind: 'score_drop', name: 'Big drop', severity: 'warning', playbook: 'Call the sponsor.', params: { points: 15, days: 30 } })
 */
export const alertRuleSchema = z.discriminatedUnion(
  'kind',
  [
    ruleVariant('tier_drop'),
    ruleVariant('score_drop'),
    ruleVariant('measure_below'),
    ruleVariant('below_segment_average'),
    ruleVariant('renewal_due'),
    ruleVariant('key_contact_deactivated'),
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
    ruleVariant('renewal_due').partial({ id: true }),
    ruleVariant('key_contact_deactivated').partial({ id: true }),
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
 * @example alertRulesSchema.parse(DEFAULT_ALERT_RULES).length // 11
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
 * (`activeSeats`, `stickiness`); tier rules name the default tiers. Tier guidance (DEFAULT_TIERS'
 * `guidance`) is appended to these playbooks when an alert is raised, so they do not repeat it.
 * @example DEFAULT_ALERT_RULES.map((r) => r.kind) // ['tier_drop', 'score_drop', …, 'stale_data', 'nps_detractor', 'nps_passive', 'nps_promoter', 'ces_poor']
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  {
    id: 'tier-drop-at-risk',
    kind: 'tier_drop',
    name: 'Dropped into yellow or red',
    severity: 'warning',
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
    name: 'Stickiness under 75 % of the segment average for 4 periods',
    severity: 'info',
    enabled: true,
    params: { measureKey: 'stickiness', periods: 4, ratio: 0.75 },
    playbook: [
      'Users come back less often than at similar customers: the product is not part of their daily work.',
      '1. Look at which core features similar accounts use that this one does not.',
      '2. Send the champion one or two concrete use cases from peers in their segment.',
      '3. Propose an enablement session for the power users and ask them to train their teams.',
    ].join('\n'),
  },
  {
    id: 'renewal-at-risk',
    kind: 'renewal_due',
    name: 'Renewal within 90 days while yellow or red',
    severity: 'critical',
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
    enabled: true,
    params: {},
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
    name: 'NPS passive (7–8)',
    severity: 'info',
    enabled: true,
    params: {},
    playbook: [
      'Passives are satisfied but not enthusiastic, and easy to lose to a competitor.',
      '1. Thank them and ask one question: what is the one thing that would make us a 10 for you?',
      '2. Point them to a feature or roadmap item that addresses it, if there is one.',
      '3. Log the feedback on the account and share it with the product team.',
    ].join('\n'),
  },
  {
    id: 'nps-promoter',
    kind: 'nps_promoter',
    name: 'NPS promoter (9–10)',
    severity: 'info',
    enabled: true,
    params: {},
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
    enabled: true,
    params: { atOrBelow: 3 },
    playbook: [
      'The customer had to work too hard to get something done, a strong predictor of churn.',
      '1. Read the comment and find the task or support case they struggled with.',
      '2. Offer direct help now: a call, a walkthrough or a fix for the case.',
      '3. Report the friction to the product or support team so it is fixed for everyone.',
    ].join('\n'),
  },
];
