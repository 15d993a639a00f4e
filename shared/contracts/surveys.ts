import { z } from 'zod';
import { ruleTextsSchema } from '../alerts/rules';
import { ALL_SCORE_GROUPS, MAX_COMMENT_LENGTH, type ScoreGroup } from '../surveys/scores';
import { LOCALE_PATTERN, SURVEY_DIRECTIONS, SURVEY_TYPES, type SurveyType } from '../surveys/types';
import { isRealCalendarDate } from '../time';
import { CONTACT_ROLES, contactId, mailSuppressionSchema } from './contacts';

// The surveys API (issue 5). Admin routes live under /api/surveys (viewer reads, admin writes); the
// public page's routes under /api/public/surveys/:token need no auth. Timestamps are ISO 8601 strings,
// days `YYYY-MM-DD` (UTC), rates 0..1, NPS −100..100.

const locale = z.string().regex(LOCALE_PATTERN, 'must be a locale tag such as en or zh-CN');
const externalId = z.string().trim().min(1).max(256);
const segmentId = z.string().min(1).max(64);
const isoDateTime = z
  .string()
  .refine((s) => isRealCalendarDate(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date-time');
/** A URL that must pass `checkWebhookUrl` like the alert webhook (checked by the worker: WEBHOOK_URL_REFUSED). */
const webhookUrl = z.string().max(2000).meta({
  description:
    'Where the cron re-run POSTs the links it creates (JSON): https, no credentials, a public host (else WEBHOOK_URL_REFUSED).',
  example: 'https://hooks.example.com/keepwell/survey-links',
});

const surveyTextPatch = z
  .object({
    question: z.string().trim().min(1).max(500),
    followUp: z.string().trim().min(1).max(500),
    lowLabel: z.string().trim().min(1).max(100),
    highLabel: z.string().trim().min(1).max(100),
  })
  .partial()
  .strict();

/**
 * Texts by locale, merged over the survey's current texts (on create: the type's English and Simplified
 * Chinese defaults). A new locale must give all four texts; `null` removes a locale.
 */
const questionsPatch = z
  .record(locale, surveyTextPatch.nullable())
  .refine((q) => Object.keys(q).length <= 20, 'at most 20 locales')
  .meta({
    description:
      "Texts by locale (at most 20), merged over the survey's current texts (on create: the type's English and Simplified Chinese defaults). A new locale must give all four texts; `null` removes a locale.",
    example: { en: { question: 'How likely are you to recommend Acme to a colleague?' } },
  });

/** Re-run the survey every `everyDays` days (first run at `nextRunAt`, default now + everyDays). */
const recurrenceInput = z
  .object({
    everyDays: z.number().int().min(7).max(730).meta({ example: 90 }),
    segment: segmentId.nullable().optional().meta({
      description:
        'Also ask every account of this segment (account-level links); without it only earlier recipients.',
    }),
    nextRunAt: isoDateTime
      .optional()
      .meta({ description: 'The first re-run; default now + `everyDays`.', example: '2026-09-01T08:00:00Z' }),
  })
  .strict()
  .meta({ id: 'SurveyRecurrenceInput', description: 'Re-run the survey every `everyDays` days (cron).' });

/**
 * Which way a CES survey's scale runs (fixed once created): `ease` higher = easier (the default), `difficulty`
 * higher = harder. NPS and CSAT are always `ease`.
 */
export const surveyDirectionSchema = z.enum(SURVEY_DIRECTIONS).meta({
  id: 'SurveyDirection',
  description:
    'CES: `ease` (higher = easier, "how easy was it…") or `difficulty` (higher = harder, "how difficult was it…"); NPS and CSAT are always `ease`. The health measure, the summary groups and the CES alert rule read a difficulty answer turned round.',
});

/**
 * `POST /api/surveys` → 201 {@link SurveyDto}. `scale` only for CES (min 0–1, max 3–10, ≥ 3 points;
 * default 1–7); NPS is 0–10 and CSAT 1–5.
 */
export const createSurveyInput = z
  .object({
    type: z.enum(SURVEY_TYPES),
    name: z.string().trim().min(1).max(120),
    scale: z
      .object({ min: z.number().int(), max: z.number().int() })
      .strict()
      .optional()
      .meta({ description: 'CES only: min 0–1, max 3–10, at least 3 points (default 1–7).' }),
    direction: surveyDirectionSchema.default('ease'),
    followUp: z.boolean().default(true).meta({
      description: 'Ask the open follow-up question ("What is the main reason for your score?").',
    }),
    questions: questionsPatch.optional(),
    defaultLocale: locale.default('en'),
    active: z.boolean().default(true),
    quietPeriodDays: z.number().int().min(0).max(730).default(90).meta({
      description:
        'Days a contact is not asked this survey again after a link was created for them (0 = no limit).',
    }),
    linkExpiryDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(30)
      .meta({ description: 'Default validity of new links, days.' }),
    recurrence: recurrenceInput.nullable().optional(),
    webhookUrl: webhookUrl.nullable().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.direction === 'difficulty' && v.type !== 'ces')
      ctx.addIssue({
        code: 'custom',
        message: 'only a CES survey may be asked as difficulty; NPS and CSAT run higher = better',
        path: ['direction'],
      });
  })
  .meta({
    id: 'CreateSurveyInput',
    example: { type: 'nps', name: 'Quarterly NPS', quietPeriodDays: 90, recurrence: { everyDays: 90 } },
  });
/** The body of `POST /api/surveys` as sent (defaults not yet applied). */
export type CreateSurveyInput = z.input<typeof createSurveyInput>;

/** `PATCH /api/surveys/:id` — at least one field; type and scale are fixed once created. → {@link SurveyDto} */
export const updateSurveyInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    followUp: z.boolean(),
    questions: questionsPatch,
    defaultLocale: locale,
    active: z.boolean(),
    quietPeriodDays: z.number().int().min(0).max(730),
    linkExpiryDays: z.number().int().min(1).max(365),
    recurrence: recurrenceInput.nullable(),
    webhookUrl: webhookUrl.nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'provide at least one field to change')
  .meta({ id: 'UpdateSurveyInput', example: { active: false } });
/** The body of `PATCH /api/surveys/:id`. */
export type UpdateSurveyInput = z.input<typeof updateSurveyInput>;

/** A contact to ask: email (stored lower-cased), optional name and locale, and the account it belongs to. */
export const surveyContactInput = z
  .object({
    email: z
      .string()
      .trim()
      .max(320)
      .pipe(z.email())
      .transform((s) => s.toLowerCase()),
    name: z.string().trim().min(1).max(200).optional(),
    locale: locale.optional(),
    accountExternalId: externalId
      .optional()
      .meta({ description: 'Required unless exactly one account is listed in `accounts`.' }),
  })
  .strict()
  .meta({ id: 'SurveyContactInput', example: { email: 'ana@example.com', accountExternalId: 'acme' } });

/** Most contact ids one `people.ids` list names. */
export const MAX_PEOPLE_IDS = 1000;

/**
 * People to ask, each with a personal link: a list of contact `ids`, or a selection of the people of `accounts`
 * and/or the accounts of `segment` (no scope = every account), narrowed to `roles` when given. Deactivated people
 * and people without an email are skipped and reported.
 */
export const surveyPeopleInput = z
  .object({
    ids: z
      .array(contactId)
      .min(1)
      .max(MAX_PEOPLE_IDS)
      .optional()
      .meta({
        description: 'Contact ids (`u<n>`, `c<n>`) as the contacts API lists them.',
        example: ['u12'],
      }),
    roles: z
      .array(z.enum(CONTACT_ROLES))
      .min(1)
      .max(CONTACT_ROLES.length)
      .optional()
      .meta({ description: 'Only people holding at least one of these roles.', example: ['champion'] }),
    accounts: z
      .array(externalId)
      .min(1)
      .max(5000)
      .optional()
      .meta({ description: 'The people of these accounts (external ids).' }),
    segment: segmentId
      .optional()
      .meta({ description: 'The people of every account whose latest snapshot is in this segment.' }),
  })
  .strict()
  .refine((p) => !p.ids || (!p.roles && !p.accounts && !p.segment), {
    message: 'give ids alone, or a selection of roles, accounts and segment',
    path: ['ids'],
  })
  .refine((p) => p.ids || p.roles || p.accounts || p.segment, 'give ids, roles, accounts or segment')
  .meta({
    id: 'SurveyPeopleInput',
    example: { roles: ['champion', 'decision_maker'], segment: 'enterprise' },
  });
export type SurveyPeopleInput = z.input<typeof surveyPeopleInput>;

/**
 * `POST /api/surveys/:id/links` (JSON) → 201 {@link CreateLinksResult}. `people` asks contacts of the accounts
 * (personal links: by role, by segment, by account or a list of contact ids). Targets combine: `accounts` get
 * account-level links (unless a contact of the request belongs to them), `contacts` and `csv` rows get
 * contact links, `segment` adds an account-level link for every account whose latest snapshot is in that
 * segment. The body may instead be `text/csv` (the `csv` format). Contacts asked within the survey's
 * quiet period and unknown accounts are skipped and reported. At most 5,000 links per request.
 */
export const createLinksInput = z
  .object({
    accounts: z
      .array(externalId)
      .max(5000)
      .optional()
      .meta({ description: 'External ids of accounts to ask (account-level links).' }),
    contacts: z.array(surveyContactInput).max(5000).optional(),
    people: surveyPeopleInput.optional(),
    segment: segmentId
      .optional()
      .meta({ description: 'Adds every account whose latest snapshot is in this segment.' }),
    csv: z.string().max(2_000_000).optional().meta({
      description:
        'CSV text with a header row: email,accountExternalId,name,locale (name and locale optional).',
    }),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .meta({ description: "Validity of these links, days; default the survey's `linkExpiryDays`." }),
  })
  .strict()
  .refine(
    (v) => (v.accounts?.length ?? 0) + (v.contacts?.length ?? 0) > 0 || v.segment || v.csv || v.people,
    'give accounts, contacts, people, segment or csv',
  )
  .meta({ id: 'CreateSurveyLinksInput', example: { accounts: ['acme'], expiresInDays: 14 } });
/** The JSON body of `POST /api/surveys/:id/links`. */
export type CreateLinksInput = z.input<typeof createLinksInput>;

/** `/api/surveys/:id` */
export const surveyIdParam = z.object({ id: z.coerce.number().int().positive() });

/** `POST /api/surveys/:id/links` with a `text/csv` body: the links' validity (ignored for JSON, which says it). */
export const createLinksQuery = z.object({
  expiresInDays: z.string().optional().meta({
    description:
      "With a `text/csv` body: validity of the links, days (1–365); default the survey's `linkExpiryDays`.",
    example: '14',
  }),
});

/** Most links one request (or one cron re-run) creates. */
export const MAX_LINKS_PER_REQUEST = 5000;

/** `GET /api/surveys/:id/links` — newest first. */
export const listLinksQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page.' }),
});

const dayOrDateTime = z
  .string()
  .refine(
    (s) => isRealCalendarDate(s) && !Number.isNaN(Date.parse(s)),
    'must be a YYYY-MM-DD day or ISO date-time',
  );

/**
 * `GET /api/surveys/:id/responses` (and `responses.csv`, which ignores `limit`/`cursor`). `group` must be
 * a group of the survey's type; `from` (inclusive) and `to` (a day: through its end; a date-time:
 * exclusive) bound `respondedAt`; `segment` = accounts whose latest snapshot is in that segment.
 */
export const listResponsesQuery = z.object({
  group: z
    .enum(ALL_SCORE_GROUPS as [ScoreGroup, ...ScoreGroup[]])
    .optional()
    .meta({ description: "A group of the survey's type (else 400)." }),
  segment: segmentId.optional().meta({ description: 'Accounts whose latest snapshot is in this segment.' }),
  from: dayOrDateTime.optional().meta({ description: 'Inclusive.', example: '2026-01-01' }),
  to: dayOrDateTime
    .optional()
    .meta({ description: 'A day: through its end; a date-time: exclusive.', example: '2026-03-31' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page.' }),
});
/** The query of `GET /api/surveys/:id/responses` as sent. */
export type ListResponsesQuery = z.input<typeof listResponsesQuery>;

/** `GET /api/surveys/:id/summary` — the window is the last `days` days up to now. */
export const summaryQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(730)
    .default(90)
    .meta({ description: 'The window, days up to now.' }),
});

/** `POST /api/public/surveys/:token` — `score` is checked against the survey's scale by the handler. */
export const submitAnswerInput = z
  .object({
    score: z.number().meta({ description: "An integer on the survey's scale (else 400).", example: 9 }),
    comment: z
      .string()
      .max(MAX_COMMENT_LENGTH * 2)
      .nullable()
      .optional()
      .meta({
        description:
          'Plain text; trimmed, control characters removed, at most 2,000 characters. Only when the survey asks the follow-up.',
        example: 'Great support',
      }),
    locale: locale.optional().meta({ description: 'The language the page was answered in.', example: 'en' }),
  })
  .strict()
  .meta({ id: 'SurveyAnswerInput' });
/** The body of `POST /api/public/surveys/:token`. */
export type SubmitAnswerInput = z.input<typeof submitAnswerInput>;

// ---------------------------------------------------------------------------------------------------
// Responses

const isoTimestamp = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 timestamp' });

const surveyTypeSchema = z.enum(SURVEY_TYPES).meta({
  id: 'SurveyType',
  description: 'NPS (0–10), CSAT (1–5) or CES (1–7 by default, higher = easier).',
});

const surveyScaleSchema = z
  .object({ min: z.number().int(), max: z.number().int() })
  .meta({ id: 'SurveyScale', description: 'Integer answers from `min` to `max`, both inclusive.' });

const surveyTextSchema = z
  .object({ question: z.string(), followUp: z.string(), lowLabel: z.string(), highLabel: z.string() })
  .meta({ id: 'SurveyText', description: "A locale's question, follow-up and scale-end labels." });

const surveyQuestionsSchema = z
  .record(z.string(), surveyTextSchema)
  .meta({ description: 'Texts by locale tag (`en`, `zh-CN`, …).' });

const scoreGroupSchema = z.enum(ALL_SCORE_GROUPS as [ScoreGroup, ...ScoreGroup[]]).meta({
  id: 'SurveyScoreGroup',
  description:
    'The group of a score for its type: NPS detractor/passive/promoter, CSAT dissatisfied/neutral/satisfied, CES difficult/neutral/easy.',
});

/** A survey's re-run schedule. */
export const surveyRecurrenceSchema = z
  .object({
    everyDays: z.number().int(),
    segment: z.string().nullable().meta({ description: 'Also asks every account of this segment.' }),
    // Given by the admin: any date Date.parse takes, so possibly an extended (±YYYYYY) year.
    nextRunAt: z.string().nullable().meta({ description: 'ISO 8601 timestamp of the next cron re-run.' }),
  })
  .meta({ id: 'SurveyRecurrence' });
export type SurveyRecurrenceDto = z.infer<typeof surveyRecurrenceSchema>;

/** The outcome of the survey's last cron re-run. */
export const surveyRunResultSchema = z
  .object({
    at: isoTimestamp,
    links: z.number().int().min(0),
    skipped: z.number().int().min(0),
    delivery: z
      .object({
        status: z.enum(['delivered', 'failed']),
        httpStatus: z.number().int().nullable(),
        error: z.string().nullable(),
      })
      .nullable()
      .meta({ description: 'The POST of the links to `webhookUrl`; null when none is configured.' }),
    error: z.string().nullable().meta({
      description: 'Why the run created no links (e.g. SURVEY_SIGNING_KEY missing); null when it ran.',
    }),
  })
  .meta({ id: 'SurveyRunResult' });
export type SurveyRunResult = z.infer<typeof surveyRunResultSchema>;

/** `GET /api/surveys/:id`, `POST /api/surveys`, `PATCH /api/surveys/:id`, items of `GET /api/surveys`. */
export const surveySchema = z
  .object({
    id: z.number().int().positive(),
    type: surveyTypeSchema,
    name: z.string().meta({ example: 'Quarterly NPS' }),
    scale: surveyScaleSchema,
    direction: surveyDirectionSchema,
    followUp: z.boolean().meta({ description: 'Whether the open follow-up question is asked.' }),
    questions: surveyQuestionsSchema,
    defaultLocale: z.string().meta({ example: 'en' }),
    active: z.boolean().meta({ description: 'An inactive survey creates no links and takes no answers.' }),
    quietPeriodDays: z.number().int(),
    linkExpiryDays: z.number().int(),
    recurrence: surveyRecurrenceSchema.nullable(),
    webhookUrl: z.string().nullable().meta({
      description: 'The link webhook; shown to admins only (it may carry a secret), null for other roles.',
    }),
    webhookConfigured: z.boolean(),
    lastRun: surveyRunResultSchema.nullable(),
    stats: z
      .object({ sent: z.number().int().min(0), responses: z.number().int().min(0) })
      .meta({ description: 'All-time links created and answers received.' }),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({ id: 'Survey' });
export type SurveyDto = z.infer<typeof surveySchema>;

/** `GET /api/surveys` */
export const surveyListSchema = z.object({ items: z.array(surveySchema) }).meta({ id: 'SurveyList' });
export type SurveyList = z.infer<typeof surveyListSchema>;

/** A contact as links and responses show it. */
export const surveyContactSchema = z
  .object({ email: z.string(), name: z.string().nullable(), locale: z.string().nullable() })
  .meta({ id: 'SurveyContact' });
export type SurveyContactDto = z.infer<typeof surveyContactSchema>;

/** One link: `url` is `<origin>/s/<token>`, the public survey page. */
export const surveyLinkSchema = z
  .object({
    id: z.number().int().positive(),
    accountExternalId: z.string(),
    contact: surveyContactSchema.nullable().meta({ description: 'Null for an account-level link.' }),
    url: z
      .string()
      .meta({ description: 'The signed link to the public survey page (`<origin>/s/<token>`).' }),
    expiresAt: isoTimestamp,
    createdAt: isoTimestamp,
    answeredAt: isoTimestamp.nullable().meta({ description: 'When it was answered; null = not yet.' }),
    suppressed: mailSuppressionSchema.nullable().meta({
      description:
        "Set when the contact's email unsubscribed from survey mail: the link can be shared, not emailed.",
    }),
  })
  .meta({ id: 'SurveyLink' });
export type SurveyLinkDto = z.infer<typeof surveyLinkSchema>;

/**
 * Why a requested link was not created: asked within the quiet period, no such account, or (people targets)
 * no such contact, deactivated, or no email to ask.
 */
export const skipReasonSchema = z.enum([
  'quiet_period',
  'unknown_account',
  'unknown_contact',
  'deactivated',
  'no_email',
]);
export type SkipReason = z.infer<typeof skipReasonSchema>;

/** A target that got no link. `lastAskedAt` is set for `quiet_period`. */
export const skippedLinkSchema = z
  .object({
    accountExternalId: z
      .string()
      .meta({ description: "The account's external id; empty for an `unknown_contact`." }),
    contact: surveyContactSchema.nullable(),
    person: z
      .object({ id: z.string(), name: z.string().nullable() })
      .optional()
      .meta({ description: 'The contact (id as the contacts API gives it) of a `people` target.' }),
    reason: skipReasonSchema,
    lastAskedAt: isoTimestamp
      .nullable()
      .meta({ description: 'When the contact was last asked (quiet_period).' }),
  })
  .meta({ id: 'SurveySkippedLink' });
export type SkippedLink = z.infer<typeof skippedLinkSchema>;

/** `POST /api/surveys/:id/links` */
export const createLinksResultSchema = z
  .object({ links: z.array(surveyLinkSchema), skipped: z.array(skippedLinkSchema) })
  .meta({ id: 'SurveyLinksCreated' });
export type CreateLinksResult = z.infer<typeof createLinksResultSchema>;

const nextCursor = z
  .string()
  .nullable()
  .meta({ description: 'Pass back as `cursor` for the next (older) page; null on the last page.' });

/** `GET /api/surveys/:id/links` */
export const surveyLinkPageSchema = z
  .object({ items: z.array(surveyLinkSchema), nextCursor })
  .meta({ id: 'SurveyLinkPage' });
export type SurveyLinkPage = z.infer<typeof surveyLinkPageSchema>;

/** Body the cron re-run POSTs to the survey's `webhookUrl` (up to 500 links per POST). */
export interface SurveyLinksWebhookBody {
  event: 'survey.links';
  survey: { id: number; name: string; type: SurveyType };
  links: SurveyLinkDto[];
}

/** An enabled survey alert rule an answer's score group matches, with what its playbook says to do. */
export const surveyFollowUpSchema = z
  .object({
    ruleId: z.string().meta({ example: 'nps-passive' }),
    name: z.string().meta({ description: "The rule's name." }),
    playbook: z.string().meta({ description: 'What the CSM should do next (plain text).' }),
    raiseAlert: z.boolean().meta({ description: 'Whether the rule raises an alert for such an answer.' }),
    texts: ruleTextsSchema
      .optional()
      .meta({ description: 'The name and playbook in other languages (`zh`).' }),
  })
  .meta({ id: 'SurveyFollowUp' });
export type SurveyFollowUpDto = z.infer<typeof surveyFollowUpSchema>;

/** One answer in `GET /api/surveys/:id/responses`. */
export const surveyResponseSchema = z
  .object({
    id: z.number().int().positive(),
    linkId: z.number().int().positive(),
    accountExternalId: z.string(),
    accountName: z.string(),
    contact: surveyContactSchema.nullable(),
    score: z.number().int(),
    group: scoreGroupSchema,
    comment: z.string().nullable(),
    locale: z.string().nullable().meta({ description: 'The language the answer was given in.' }),
    respondedAt: isoTimestamp,
    updatedAt: isoTimestamp.meta({
      description: 'Later than `respondedAt` when changed in the edit window.',
    }),
    followUps: z.array(surveyFollowUpSchema).meta({
      description:
        "The enabled survey alert rules of the answer's score group (NPS detractor 0–6, passive 7–8, promoter 9–10; a CES answer at or below a rule's threshold), in rule order, as the rules are now.",
    }),
  })
  .meta({ id: 'SurveyResponse' });
export type SurveyResponseDto = z.infer<typeof surveyResponseSchema>;

/** `GET /api/surveys/:id/responses` — newest first. */
export const surveyResponsePageSchema = z
  .object({ items: z.array(surveyResponseSchema), nextCursor })
  .meta({ id: 'SurveyResponsePage' });
export type SurveyResponsePage = z.infer<typeof surveyResponsePageSchema>;

/** `GET /api/surveys/:id/summary` — see `summarizeSurvey` for how each number is counted. */
export const surveySummarySchema = z
  .object({
    surveyId: z.number().int().positive(),
    type: surveyTypeSchema,
    scale: surveyScaleSchema,
    direction: surveyDirectionSchema,
    days: z.number().int(),
    from: isoTimestamp.meta({ description: 'The window start, inclusive.' }),
    to: isoTimestamp.meta({ description: 'The window end (now), exclusive.' }),
    responses: z.number().int().min(0),
    sent: z.number().int().min(0).meta({ description: 'Links created in the window.' }),
    responseRate: z
      .number()
      .nullable()
      .meta({ description: 'Share (0..1) of the links created in the window that were answered.' }),
    nps: z
      .number()
      .nullable()
      .meta({ description: 'NPS (−100..100) of an NPS survey; null otherwise or without answers.' }),
    csat: z
      .number()
      .nullable()
      .meta({ description: 'CSAT of a CSAT survey: the share (0..1) of satisfied answers; null otherwise.' }),
    ces: z.number().nullable().meta({
      description:
        "Mean CES of a CES survey, on the survey's scale and in its `direction` (higher = harder for a difficulty survey); null otherwise.",
    }),
    groups: z
      .array(z.object({ group: scoreGroupSchema, count: z.number().int().min(0) }))
      .meta({ description: 'Answers per group of the type.' }),
    distribution: z
      .array(z.object({ score: z.number().int(), count: z.number().int().min(0) }))
      .meta({ description: 'One entry per scale point, lowest first, zero counts included.' }),
    trend: z
      .array(
        z.object({ month: z.string(), responses: z.number().int().min(0), value: z.number().nullable() }),
      )
      .meta({ description: 'One entry per month (`YYYY-MM`) of the window, oldest first.' }),
  })
  .meta({ id: 'SurveySummary' });
export type SurveySummaryDto = z.infer<typeof surveySummarySchema>;

/** `GET /api/surveys/:id/accounts` — the window is the last `days` days up to now. */
export const accountResultsQuery = summaryQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * One account's result: each respondent counted once with their latest answer in the window (a personal link's
 * answers by person, each account-level link's answer on its own), the type's headline over them and the
 * respondents per group.
 */
export const surveyAccountResultSchema = z
  .object({
    accountExternalId: z.string(),
    accountName: z.string(),
    respondents: z.number().int().min(1),
    value: z.number().meta({
      description:
        "The headline over the account's respondents: NPS (−100..100, % promoters − % detractors), CSAT share (0..1) or CES mean.",
    }),
    groups: z
      .array(z.object({ group: scoreGroupSchema, count: z.number().int().min(0) }))
      .meta({ description: 'Respondents per group of the type.' }),
    lastAnsweredAt: isoTimestamp,
  })
  .meta({ id: 'SurveyAccountResult' });
export type SurveyAccountResultDto = z.infer<typeof surveyAccountResultSchema>;

/** `GET /api/surveys/:id/accounts` — the accounts with answers in the window, the least satisfied first. */
export const surveyAccountResultsSchema = z
  .object({
    surveyId: z.number().int().positive(),
    type: surveyTypeSchema,
    days: z.number().int(),
    accounts: z.number().int().min(0).meta({
      description: 'Accounts with answers in the window (may be more than the items, at most `limit`).',
    }),
    items: z.array(surveyAccountResultSchema),
  })
  .meta({ id: 'SurveyAccountResults' });
export type SurveyAccountResults = z.infer<typeof surveyAccountResultsSchema>;

// ---------------------------------------------------------------------------------------------------
// Public page

/**
 * What the public page shows: `open` (no answer yet) or `answered`. `expired` and `invalid` are not bodies
 * but errors (410 TOKEN_EXPIRED, 404 TOKEN_INVALID): map them with {@link publicSurveyStateOf}.
 */
export const PUBLIC_SURVEY_STATES = ['open', 'answered', 'expired', 'invalid'] as const;

/** One of {@link PUBLIC_SURVEY_STATES}. */
export type PublicSurveyState = (typeof PUBLIC_SURVEY_STATES)[number];

/** `/api/public/surveys/:token` — the signed token of a survey link. */
export const surveyTokenParam = z.object({
  token: z.string().meta({ description: 'The signed token of a survey link (the last segment of its URL).' }),
});

/** `GET /api/public/surveys/:token` — a `locale` that is not a locale tag is ignored. */
export const publicSurveyQuery = z.object({
  locale: z
    .string()
    .optional()
    .meta({ description: 'The preferred locale of the texts, before Accept-Language.', example: 'zh-CN' }),
});

/** The respondent's own answer. `editableUntil` is set while a resubmit still changes it. */
export const publicAnswerSchema = z
  .object({
    score: z.number().int(),
    comment: z.string().nullable(),
    locale: z.string().nullable(),
    respondedAt: isoTimestamp,
    editableUntil: isoTimestamp
      .nullable()
      .meta({ description: 'Until when a resubmit changes the answer; null once the edit window is over.' }),
  })
  .meta({ id: 'PublicSurveyAnswer' });
export type PublicAnswerDto = z.infer<typeof publicAnswerSchema>;

/**
 * `GET /api/public/surveys/:token` (no auth; `?locale=` or Accept-Language picks `locale`). Carries only
 * the survey's texts and the respondent's own answer: no account, survey name or other answers.
 */
export const publicSurveySchema = z
  .object({
    state: z.enum(['open', 'answered']),
    type: surveyTypeSchema,
    scale: surveyScaleSchema,
    followUp: z.boolean(),
    locale: z.string().meta({
      description:
        "The locale to show first: the query's, else Accept-Language's, else the contact's, else the default.",
    }),
    defaultLocale: z.string(),
    questions: surveyQuestionsSchema,
    answer: publicAnswerSchema.nullable(),
  })
  .meta({ id: 'PublicSurvey' });
export type PublicSurveyDto = z.infer<typeof publicSurveySchema>;

/** `POST /api/public/surveys/:token` → 201 (first answer) or 200 (changed within the edit window). */
export const publicSubmitResultSchema = z
  .object({ state: z.literal('answered'), answer: publicAnswerSchema })
  .meta({ id: 'PublicSurveySubmitted' });
export type PublicSubmitResult = z.infer<typeof publicSubmitResultSchema>;

/**
 * The page state for an API result: a body's `state`, or the state an error code stands for
 * (TOKEN_EXPIRED → expired; TOKEN_INVALID, NOT_FOUND → invalid); null for other errors (show a retry).
 * @example publicSurveyStateOf({ code: 'TOKEN_EXPIRED' }) // 'expired'
 */
export function publicSurveyStateOf(
  result: { state?: string } | { code?: string },
): PublicSurveyState | null {
  if ('state' in result && (result.state === 'open' || result.state === 'answered')) return result.state;
  const code = 'code' in result ? result.code : undefined;
  if (code === 'TOKEN_EXPIRED') return 'expired';
  if (code === 'TOKEN_INVALID' || code === 'NOT_FOUND') return 'invalid';
  return null;
}

/** `GET /api/surveys/promoters` — the window in days (default 90). */
export const promotersQuery = z
  .object({
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(365)
      .default(90)
      .meta({ description: 'Answers of the last N days.' }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** A referral candidate: an account's latest NPS promoter answer (9–10) of the window, with its account. */
export const referralCandidateSchema = z
  .object({
    account: z.string().meta({ description: "The account's external id." }),
    accountName: z.string(),
    ownerEmail: z.string().nullable(),
    arrCents: z.number().int().nullable(),
    currency: z.string().nullable(),
    score: z.number().int(),
    comment: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactName: z.string().nullable(),
    surveyName: z.string(),
    respondedAt: isoTimestamp,
  })
  .meta({ id: 'ReferralCandidate' });
export type ReferralCandidate = z.infer<typeof referralCandidateSchema>;

/** `GET /api/surveys/promoters`: newest answer first. */
export const referralCandidateListSchema = z
  .object({ items: z.array(referralCandidateSchema) })
  .meta({ id: 'ReferralCandidateList' });
export type ReferralCandidateList = z.infer<typeof referralCandidateListSchema>;
