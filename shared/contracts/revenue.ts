import { z } from 'zod';
import {
  ADVOCACY_KINDS,
  CONTRACT_INTERVALS,
  CONTRACT_ITEM_KINDS,
  CONTRACT_ITEM_SOURCES,
  LEAD_STATUSES,
  RENEWAL_OUTCOMES,
} from '../revenue/types';
import { isRealCalendarDate } from '../time';

// Commercial data (contracts, tickets, CS costs, leads, advocacy) and the revenue / CS-value metrics.
// Money is integer minor units; a day is a real calendar `YYYY-MM-DD`; an instant an ISO-8601 date-time.

const MAX_MINOR = 1e15;

/** A real calendar day (30 February is refused), 1900-01-01 … 9999-12-31. */
export const calendarDayInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine(isRealCalendarDate, 'not a calendar day')
  .refine((d) => d >= '1900-01-01', 'before 1900-01-01')
  .meta({ example: '2026-01-01' });

const instantInput = z
  .string()
  .max(40)
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}T/.test(s) && isRealCalendarDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)),
    'must be an ISO-8601 date-time',
  )
  .meta({ example: '2026-03-01T09:30:00Z' });

const externalIdInput = z.string().trim().min(1).max(256);
const accountRef = z
  .string()
  .min(1)
  .max(256)
  .meta({ description: "The account's external id (its groupId)." });
const moneyMinor = z
  .number()
  .int('must be an integer number of minor units')
  .min(0, 'must not be negative')
  .max(MAX_MINOR);
/** ISO 4217 code, upper case. */
export const currencyInput = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code')
  .transform((c) => c.toUpperCase())
  .meta({ example: 'USD' });
const note = z.string().max(2000);
const reasonKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a reason key: lower case letters, digits, _')
  .meta({ example: 'price' });

/** One object or a list of 1–1,000 of them. */
function oneOrMany<T extends z.ZodType>(item: T) {
  return z.union([item, z.array(item).min(1).max(1000)]);
}

// ---------------------------------------------------------------------------------------------------
// Contracts

const contractItemInput = z
  .object({
    kind: z.enum(CONTRACT_ITEM_KINDS),
    amountMinor: moneyMinor,
    source: z.enum(CONTRACT_ITEM_SOURCES).optional(),
  })
  .strict();

/** One contract of `POST /api/contracts`. */
export const contractInput = z
  .object({
    accountExternalId: accountRef,
    externalId: externalIdInput,
    periodStart: calendarDayInput,
    periodEnd: calendarDayInput,
    amountMinor: moneyMinor.meta({
      description: 'Charged once per `interval`, in minor units of `currency`.',
    }),
    currency: currencyInput,
    interval: z.enum(CONTRACT_INTERVALS),
    renewalDueDate: calendarDayInput.optional().meta({ description: 'Omitted: `periodEnd`.' }),
    outcome: z.enum(RENEWAL_OUTCOMES).optional(),
    outcomeReason: reasonKey
      .optional()
      .meta({ description: 'A key of the configured renewal reasons (`GET /api/settings/revenue`).' }),
    outcomeNote: note.optional(),
    renewedAmountMinor: moneyMinor.optional().meta({ description: 'Per `interval`, in `currency`.' }),
    items: z.array(contractItemInput).max(50).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.periodEnd < c.periodStart)
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'ends before periodStart' });
    if (c.renewalDueDate && c.renewalDueDate < c.periodStart)
      ctx.addIssue({ code: 'custom', path: ['renewalDueDate'], message: 'before periodStart' });
    if ((c.outcomeReason || c.outcomeNote) && !c.outcome)
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'a reason needs an outcome' });
    if (c.renewedAmountMinor !== undefined && c.outcome === 'churned')
      ctx.addIssue({
        code: 'custom',
        path: ['renewedAmountMinor'],
        message: 'a churned contract renewed nothing',
      });
  })
  .meta({ id: 'ContractInput' });
export type ContractInput = z.infer<typeof contractInput>;

/** `POST /api/contracts` — one contract or up to 1,000; upserted by `externalId`. */
export const contractsInput = oneOrMany(contractInput).meta({ id: 'ContractsInput' });

/** What an upsert did: rows new, changed, and identical to what was stored (so left alone). */
export const upsertResultSchema = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
  })
  .meta({ id: 'UpsertResult' });
export type UpsertResult = z.infer<typeof upsertResultSchema>;

const contractItemSchema = z.object({
  kind: z.enum(CONTRACT_ITEM_KINDS),
  amountMinor: z.number().int(),
  reportingAmountMinor: z.number().int(),
  source: z.enum(CONTRACT_ITEM_SOURCES).nullable(),
});

/** A stored contract: amounts as sent and converted to the reporting currency. */
export const contractSchema = z
  .object({
    externalId: z.string(),
    accountExternalId: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    amountMinor: z.number().int(),
    currency: z.string(),
    reportingAmountMinor: z.number().int(),
    interval: z.enum(CONTRACT_INTERVALS),
    renewalDueDate: z.string(),
    outcome: z.enum(RENEWAL_OUTCOMES).nullable(),
    outcomeReason: z.string().nullable(),
    outcomeNote: z.string().nullable(),
    renewedAmountMinor: z.number().int().nullable(),
    reportingRenewedAmountMinor: z.number().int().nullable(),
    items: z.array(contractItemSchema),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contract' });
export type Contract = z.infer<typeof contractSchema>;

// ---------------------------------------------------------------------------------------------------
// Support tickets

export const TICKET_CHANNELS = ['email', 'chat', 'phone', 'portal', 'social', 'other'] as const;

/** One ticket of `POST /api/tickets`. */
export const ticketInput = z
  .object({
    accountExternalId: accountRef,
    externalId: externalIdInput,
    openedAt: instantInput,
    firstResponseAt: instantInput.optional(),
    resolvedAt: instantInput.optional(),
    resolvedOnFirstContact: z.boolean().optional(),
    channel: z.enum(TICKET_CHANNELS).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const opened = Date.parse(t.openedAt);
    if (t.firstResponseAt && Date.parse(t.firstResponseAt) < opened)
      ctx.addIssue({ code: 'custom', path: ['firstResponseAt'], message: 'before openedAt' });
    if (t.resolvedAt && Date.parse(t.resolvedAt) < opened)
      ctx.addIssue({ code: 'custom', path: ['resolvedAt'], message: 'before openedAt' });
    if (t.resolvedOnFirstContact && !t.resolvedAt)
      ctx.addIssue({
        code: 'custom',
        path: ['resolvedAt'],
        message: 'resolved at first contact needs resolvedAt',
      });
  })
  .meta({ id: 'TicketInput' });
export type TicketInput = z.infer<typeof ticketInput>;

/** `POST /api/tickets` — one ticket or up to 1,000; upserted by `externalId`. */
export const ticketsInput = oneOrMany(ticketInput).meta({ id: 'TicketsInput' });

export const ticketSchema = z
  .object({
    externalId: z.string(),
    accountExternalId: z.string(),
    openedAt: z.string(),
    firstResponseAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolvedOnFirstContact: z.boolean().nullable(),
    channel: z.string().nullable(),
  })
  .meta({ id: 'Ticket' });
export type Ticket = z.infer<typeof ticketSchema>;

// ---------------------------------------------------------------------------------------------------
// CS costs

/** One entry of `POST /api/cs-costs`: what the CS team cost in a period. */
export const csCostInput = z
  .object({
    externalId: externalIdInput,
    periodStart: calendarDayInput,
    periodEnd: calendarDayInput,
    amountMinor: moneyMinor,
    currency: currencyInput,
    category: z.string().trim().min(1).max(60).optional().meta({ example: 'salaries' }),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.periodEnd < c.periodStart)
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'ends before periodStart' });
  })
  .meta({ id: 'CsCostInput' });
export const csCostsInput = oneOrMany(csCostInput).meta({ id: 'CsCostsInput' });

export const csCostSchema = z
  .object({
    externalId: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    amountMinor: z.number().int(),
    currency: z.string(),
    reportingAmountMinor: z.number().int(),
    category: z.string().nullable(),
  })
  .meta({ id: 'CsCost' });

// ---------------------------------------------------------------------------------------------------
// CS leads (CSQL) and advocacy (CSQA)

/** One CS-qualified lead of `POST /api/leads`. */
export const leadInput = z
  .object({
    accountExternalId: accountRef,
    externalId: externalIdInput,
    title: z.string().trim().min(1).max(200),
    submittedOn: calendarDayInput,
    status: z.enum(LEAD_STATUSES),
    assignedOn: calendarDayInput.optional(),
    acceptedOn: calendarDayInput.optional(),
    closedOn: calendarDayInput.optional(),
    wonArrMinor: moneyMinor.optional(),
    currency: currencyInput
      .optional()
      .meta({ description: 'Of `wonArrMinor`; omitted: the reporting currency.' }),
    crmUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .optional(),
    submittedBy: z.string().trim().min(1).max(320).optional().meta({ description: "The CSM's email." }),
  })
  .strict()
  .superRefine((l, ctx) => {
    for (const k of ['assignedOn', 'acceptedOn', 'closedOn'] as const) {
      const v = l[k];
      if (v && v < l.submittedOn) ctx.addIssue({ code: 'custom', path: [k], message: 'before submittedOn' });
    }
    if (l.wonArrMinor !== undefined && l.status !== 'won')
      ctx.addIssue({ code: 'custom', path: ['wonArrMinor'], message: 'only a won lead has won ARR' });
    if ((l.status === 'won' || l.status === 'lost') && !l.closedOn)
      ctx.addIssue({ code: 'custom', path: ['closedOn'], message: `a ${l.status} lead needs closedOn` });
  })
  .meta({ id: 'LeadInput' });
export type LeadInput = z.infer<typeof leadInput>;
export const leadsInput = oneOrMany(leadInput).meta({ id: 'LeadsInput' });

export const leadSchema = z
  .object({
    externalId: z.string(),
    accountExternalId: z.string(),
    title: z.string(),
    submittedOn: z.string(),
    status: z.enum(LEAD_STATUSES),
    assignedOn: z.string().nullable(),
    acceptedOn: z.string().nullable(),
    closedOn: z.string().nullable(),
    wonArrMinor: z.number().int().nullable(),
    currency: z.string().nullable(),
    reportingWonArrMinor: z.number().int().nullable(),
    crmUrl: z.string().nullable(),
    submittedBy: z.string().nullable(),
  })
  .meta({ id: 'Lead' });

/** One advocacy record (CSQA) of `POST /api/advocacy`. */
export const advocacyInput = z
  .object({
    accountExternalId: accountRef,
    externalId: externalIdInput,
    kind: z.enum(ADVOCACY_KINDS),
    occurredOn: calendarDayInput,
    referredAccountName: z.string().trim().min(1).max(200).optional(),
    referralArrMinor: moneyMinor.optional(),
    currency: currencyInput
      .optional()
      .meta({ description: 'Of `referralArrMinor`; omitted: the reporting currency.' }),
    note: note.optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if ((a.referralArrMinor !== undefined || a.referredAccountName) && a.kind !== 'referral')
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'only a referral names a referred account' });
  })
  .meta({ id: 'AdvocacyInput' });
export const advocaciesInput = oneOrMany(advocacyInput).meta({ id: 'AdvocaciesInput' });

export const advocacySchema = z
  .object({
    externalId: z.string(),
    accountExternalId: z.string(),
    kind: z.enum(ADVOCACY_KINDS),
    occurredOn: z.string(),
    referredAccountName: z.string().nullable(),
    referralArrMinor: z.number().int().nullable(),
    currency: z.string().nullable(),
    reportingReferralArrMinor: z.number().int().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'Advocacy' });

/** `GET /api/accounts/:externalId/revenue` (csm): everything commercial about one account, newest first. */
export const accountRevenueSchema = z
  .object({
    reportingCurrency: z.string(),
    contracts: z.array(contractSchema),
    tickets: z.array(ticketSchema),
    leads: z.array(leadSchema),
    advocacy: z.array(advocacySchema),
  })
  .meta({ id: 'AccountRevenue' });
export type AccountRevenue = z.infer<typeof accountRevenueSchema>;

// ---------------------------------------------------------------------------------------------------
// Revenue settings

const reasonSchema = z.object({ key: reasonKey, label: z.string().trim().min(1).max(80) }).strict();

/** `GET|PUT /api/settings/revenue`: the reporting currency, conversion rates, renewal reasons, margin. */
export const revenueSettingsSchema = z
  .object({
    reportingCurrency: currencyInput,
    /** Reporting-currency units per 1 unit of each other currency (major units), e.g. `{ EUR: 1.08 }`. */
    currencyRates: z.record(
      z.string().regex(/^[A-Z]{3}$/, 'must be an upper-case ISO 4217 code'),
      z.number().positive().finite().max(1e9),
    ),
    renewalReasons: z
      .array(reasonSchema)
      .min(1)
      .max(50)
      .refine((r) => new Set(r.map((x) => x.key)).size === r.length, 'each reason key at most once'),
    /** Gross margin 0..1 for CLTV by churn (ARPA × margin ÷ churn). */
    grossMarginRate: z.number().min(0).max(1),
  })
  .strict()
  .meta({ id: 'RevenueSettings' });
export type RevenueSettings = z.infer<typeof revenueSettingsSchema>;

// ---------------------------------------------------------------------------------------------------
// Metrics

/** `GET /api/metrics` query. */
export const metricsQuery = z
  .object({
    from: calendarDayInput,
    to: calendarDayInput,
    segment: z.string().min(1).max(128).optional(),
    owner: z.string().trim().min(1).max(320).optional().meta({ description: "A CSM's email, or `me`." }),
    tier: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .meta({ description: "The account's tier at `to` (latest snapshot on or before it)." }),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'before from' });
    else if (Date.parse(q.to) - Date.parse(q.from) > 3660 * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'a period is at most 10 years' });
  });
export type MetricsQuery = z.infer<typeof metricsQuery>;

const rate = z
  .number()
  .nullable()
  .meta({ description: 'A fraction 0..1 (NRR may exceed 1); null when its denominator is zero.' });
const minorOrNull = z.number().int().nullable();

/** Renewed or churned ARR of renewals due in the period, by outcome reason. */
export const reasonBreakdownSchema = z.object({
  reason: z.string().nullable(),
  churnedArrMinor: z.number().int(),
  renewedArrMinor: z.number().int(),
  churned: z.number().int(),
  renewed: z.number().int(),
});

/** `GET /api/metrics` → 200. Rates are fractions; money in reporting-currency minor units. */
export const revenueMetricsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    reportingCurrency: z.string(),
    logoChurnRate: rate,
    /** The articles' second definition: not renewed ÷ due for renewal. */
    unrenewedRate: rate,
    renewalRateCount: rate,
    renewalRateAmount: rate,
    grr: rate,
    nrr: rate,
    mrrMinor: z.number().int(),
    newMrrMinor: z.number().int(),
    expansionMrrMinor: z.number().int(),
    contractionMrrMinor: z.number().int(),
    churnedMrrMinor: z.number().int(),
    arpaMinor: minorOrNull,
    /** Average purchase value × purchase frequency × lifespan. */
    cltvMinor: minorOrNull,
    /** ARPA × gross margin ÷ churn rate. */
    cltvByChurnMinor: minorOrNull,
    repurchaseRate: rate,
    upsellRate: rate,
    retentionCostMinor: minorOrNull,
    fcr: rate,
    medianFirstResponseMinutes: z.number().nullable(),
    counts: z.object({
      activeAtStart: z.number().int(),
      added: z.number().int(),
      churned: z.number().int(),
      activeAtEnd: z.number().int(),
      renewalsDue: z.number().int(),
      renewed: z.number().int(),
      pendingRenewals: z.number().int(),
      tickets: z.number().int(),
    }),
    attribution: z.object({
      wins: z.number().int(),
      saves: z.number().int(),
      improvements: z.number().int(),
      winsRenewedArrMinor: z.number().int(),
      savesRenewedArrMinor: z.number().int(),
      winsExpansionArrMinor: z.number().int(),
      savesExpansionArrMinor: z.number().int(),
      csqls: z.number().int(),
      csqlsAccepted: z.number().int(),
      csqlAcceptanceRate: rate,
      csqlWonArrMinor: z.number().int(),
      csqas: z.number().int(),
      csqasByKind: z.record(z.string(), z.number().int()),
      referralArrMinor: z.number().int(),
      optedOutRetainedArrMinor: z.number().int(),
      premiumCsmRevenueMinor: z.number().int(),
      consultingRevenueMinor: z.number().int(),
    }),
    byTier: z.array(
      z.object({
        tier: z.string().nullable(),
        renewalsDue: z.number().int(),
        renewed: z.number().int(),
        renewalRate: rate,
      }),
    ),
    byReason: z.array(reasonBreakdownSchema),
  })
  .meta({ id: 'RevenueMetrics' });
export type RevenueMetrics = z.infer<typeof revenueMetricsSchema>;

/** `GET /api/metrics/expansion-candidates` → healthy accounts with room to buy more, largest ARR first. */
export const expansionCandidatesSchema = z
  .object({
    items: z.array(
      z.object({
        accountExternalId: z.string(),
        name: z.string(),
        tier: z.string(),
        arrMinor: z.number().int(),
        seats: z.number().int().nullable(),
        activeUsers: z.number().int(),
        seatUtilization: z.number().nullable(),
        unboughtModules: z.array(z.string()),
        reasons: z.array(z.enum(['seats', 'modules'])),
      }),
    ),
  })
  .meta({ id: 'ExpansionCandidates' });

// ---------------------------------------------------------------------------------------------------
// CSV import

export const IMPORT_KINDS = ['contracts', 'tickets', 'leads'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
/** Largest CSV accepted by `POST /api/imports/:kind` (bytes of the `csv` text). */
export const MAX_IMPORT_BYTES = 2_000_000;
/** Most data rows in one import (one atomic write). */
export const MAX_IMPORT_ROWS = 5000;

/** `POST /api/imports/:kind` — a CSV with a header row, how its columns map to fields, and whether to write. */
export const importInput = z
  .object({
    csv: z
      .string()
      .min(1)
      .max(MAX_IMPORT_BYTES + 1000),
    /** Field name → CSV header. Omitted fields are read from a column named like the field. */
    mapping: z.record(z.string().min(1).max(64), z.string().max(200)).optional(),
    dryRun: z.boolean().default(true),
  })
  .strict()
  .meta({ id: 'ImportInput' });
export type ImportInput = z.input<typeof importInput>;

/** One problem of an import: the CSV line (1 = header), the field and what is wrong. */
export const importRowErrorSchema = z.object({
  line: z.number().int(),
  field: z.string().nullable(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

/** `POST /api/imports/:kind` → 200 (dry run or committed; `committed` says which). */
export const importResultSchema = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    rows: z.number().int(),
    committed: z.boolean(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(importRowErrorSchema),
    headers: z.array(z.string()),
  })
  .meta({ id: 'ImportResult' });
export type ImportResult = z.infer<typeof importResultSchema>;
