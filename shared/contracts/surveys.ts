import { z } from 'zod';
import { ALL_SCORE_GROUPS, MAX_COMMENT_LENGTH, type ScoreGroup, type SurveySummary } from '../surveys/scores';
import {
  LOCALE_PATTERN,
  SURVEY_TYPES,
  type SurveyScale,
  type SurveyText,
  type SurveyType,
} from '../surveys/types';
import { isRealCalendarDate } from '../time';

// The surveys API (issue 5). Admin routes live under /api/surveys (viewer reads, admin writes); the
// public page's routes under /api/public/surveys/:token need no auth. Timestamps are ISO 8601 strings,
// days `YYYY-MM-DD` (UTC), rates 0..1, NPS −100..100.

const locale = z.string().regex(LOCALE_PATTERN, 'must be a locale tag such as en or zh-CN');
const externalId = z.string().trim().min(1).max(256);
const segmentId = z.string().min(1).max(64);
const isoDateTime = z
  .string()
  .refine((s) => isRealCalendarDate(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date-time');
/** An https URL (http only for localhost), like the alert webhook. */
const webhookUrl = z
  .string()
  .max(2000)
  .regex(/^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/)/, 'must be an https URL');

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
  .refine((q) => Object.keys(q).length <= 20, 'at most 20 locales');

/** Re-run the survey every `everyDays` days (first run at `nextRunAt`, default now + everyDays). */
const recurrenceInput = z
  .object({
    everyDays: z.number().int().min(7).max(730),
    /** Also ask every account of this segment (account-level links); without it only earlier recipients. */
    segment: segmentId.nullable().optional(),
    nextRunAt: isoDateTime.optional(),
  })
  .strict();

/**
 * `POST /api/surveys` → 201 {@link SurveyDto}. `scale` only for CES (min 0–1, max 3–10, ≥ 3 points;
 * default 1–7); NPS is 0–10 and CSAT 1–5.
 */
export const createSurveyInput = z
  .object({
    type: z.enum(SURVEY_TYPES),
    name: z.string().trim().min(1).max(120),
    scale: z.object({ min: z.number().int(), max: z.number().int() }).strict().optional(),
    /** Ask the open follow-up question ("What is the main reason for your score?"). */
    followUp: z.boolean().default(true),
    questions: questionsPatch.optional(),
    defaultLocale: locale.default('en'),
    active: z.boolean().default(true),
    /** Days a contact is not asked this survey again after a link was created for them (0 = no limit). */
    quietPeriodDays: z.number().int().min(0).max(730).default(90),
    /** Default validity of new links, days. */
    linkExpiryDays: z.number().int().min(1).max(365).default(30),
    recurrence: recurrenceInput.nullable().optional(),
    /** Where the cron re-run POSTs the links it creates (JSON, see {@link SurveyLinksWebhookBody}). */
    webhookUrl: webhookUrl.nullable().optional(),
  })
  .strict();

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
  .refine((v) => Object.keys(v).length > 0, 'provide at least one field to change');

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
    /** Required unless exactly one account is listed in `accounts`. */
    accountExternalId: externalId.optional(),
  })
  .strict();

/**
 * `POST /api/surveys/:id/links` (JSON) → 201 {@link CreateLinksResult}. Targets combine: `accounts` get
 * account-level links (unless a contact of the request belongs to them), `contacts` and `csv` rows get
 * contact links, `segment` adds an account-level link for every account whose latest snapshot is in that
 * segment. The body may instead be `text/csv` (the `csv` format). Contacts asked within the survey's
 * quiet period and unknown accounts are skipped and reported. At most 5,000 links per request.
 */
export const createLinksInput = z
  .object({
    accounts: z.array(externalId).max(5000).optional(),
    contacts: z.array(surveyContactInput).max(5000).optional(),
    segment: segmentId.optional(),
    /** CSV text with a header row: email,accountExternalId,name,locale (name and locale optional). */
    csv: z.string().max(2_000_000).optional(),
    expiresInDays: z.number().int().min(1).max(365).optional(),
  })
  .strict()
  .refine(
    (v) => (v.accounts?.length ?? 0) + (v.contacts?.length ?? 0) > 0 || v.segment || v.csv,
    'give accounts, contacts, segment or csv',
  );

/** Most links one request (or one cron re-run) creates. */
export const MAX_LINKS_PER_REQUEST = 5000;

/** `GET /api/surveys/:id/links` — newest first. */
export const listLinksQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.coerce.number().int().positive().optional(),
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
  group: z.enum(ALL_SCORE_GROUPS as [ScoreGroup, ...ScoreGroup[]]).optional(),
  segment: segmentId.optional(),
  from: dayOrDateTime.optional(),
  to: dayOrDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.coerce.number().int().positive().optional(),
});

/** `GET /api/surveys/:id/summary` — the window is the last `days` days up to now. */
export const summaryQuery = z.object({ days: z.coerce.number().int().min(1).max(730).default(90) });

/** `POST /api/public/surveys/:token` — `score` is checked against the survey's scale by the handler. */
export const submitAnswerInput = z
  .object({
    score: z.number(),
    /** Plain text; trimmed, control characters removed, at most 2,000 characters. */
    comment: z
      .string()
      .max(MAX_COMMENT_LENGTH * 2)
      .nullable()
      .optional(),
    locale: locale.optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------------
// Responses

/** A survey's re-run schedule. */
export interface SurveyRecurrenceDto {
  everyDays: number;
  segment: string | null;
  nextRunAt: string | null;
}

/** The outcome of the survey's last cron re-run. */
export interface SurveyRunResult {
  at: string;
  links: number;
  skipped: number;
  /** POST of the links to `webhookUrl`: null when none is configured. */
  delivery: { status: 'delivered' | 'failed'; httpStatus: number | null; error: string | null } | null;
  /** Why the run created no links (e.g. SURVEY_SIGNING_KEY missing); null when it ran. */
  error: string | null;
}

/** `GET /api/surveys/:id`, `POST /api/surveys`, `PATCH /api/surveys/:id`, items of `GET /api/surveys`. */
export interface SurveyDto {
  id: number;
  type: SurveyType;
  name: string;
  scale: SurveyScale;
  followUp: boolean;
  questions: Record<string, SurveyText>;
  defaultLocale: string;
  active: boolean;
  quietPeriodDays: number;
  linkExpiryDays: number;
  recurrence: SurveyRecurrenceDto | null;
  /** The link webhook; shown to admins only (it may carry a secret), null for other roles. */
  webhookUrl: string | null;
  webhookConfigured: boolean;
  lastRun: SurveyRunResult | null;
  /** All-time links created and answers received. */
  stats: { sent: number; responses: number };
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/surveys` */
export interface SurveyList {
  items: SurveyDto[];
}

/** A contact as links and responses show it. */
export interface SurveyContactDto {
  email: string;
  name: string | null;
  locale: string | null;
}

/** One link: `url` is `<origin>/s/<token>`, the public survey page. */
export interface SurveyLinkDto {
  id: number;
  accountExternalId: string;
  contact: SurveyContactDto | null;
  url: string;
  expiresAt: string;
  createdAt: string;
  /** When it was answered (null = not yet). */
  answeredAt: string | null;
}

/** Why a requested link was not created. */
export type SkipReason = 'quiet_period' | 'unknown_account';

/** A target that got no link. `lastAskedAt` is set for `quiet_period`. */
export interface SkippedLink {
  accountExternalId: string;
  contact: SurveyContactDto | null;
  reason: SkipReason;
  lastAskedAt: string | null;
}

/** `POST /api/surveys/:id/links` */
export interface CreateLinksResult {
  links: SurveyLinkDto[];
  skipped: SkippedLink[];
}

/** `GET /api/surveys/:id/links` */
export interface SurveyLinkPage {
  items: SurveyLinkDto[];
  nextCursor: string | null;
}

/** Body the cron re-run POSTs to the survey's `webhookUrl` (up to 500 links per POST). */
export interface SurveyLinksWebhookBody {
  event: 'survey.links';
  survey: { id: number; name: string; type: SurveyType };
  links: SurveyLinkDto[];
}

/** One answer in `GET /api/surveys/:id/responses`. */
export interface SurveyResponseDto {
  id: number;
  linkId: number;
  accountExternalId: string;
  accountName: string;
  contact: SurveyContactDto | null;
  score: number;
  group: ScoreGroup;
  comment: string | null;
  locale: string | null;
  respondedAt: string;
  updatedAt: string;
}

/** `GET /api/surveys/:id/responses` — newest first. */
export interface SurveyResponsePage {
  items: SurveyResponseDto[];
  nextCursor: string | null;
}

/** `GET /api/surveys/:id/summary` — see `summarizeSurvey` for how each number is counted. */
export interface SurveySummaryDto extends SurveySummary {
  surveyId: number;
  type: SurveyType;
  scale: SurveyScale;
  days: number;
  /** The window: `from` inclusive, `to` (now) exclusive. */
  from: string;
  to: string;
}

// ---------------------------------------------------------------------------------------------------
// Public page

/**
 * What the public page shows: `open` (no answer yet) or `answered`. `expired` and `invalid` are not bodies
 * but errors (410 TOKEN_EXPIRED, 404 TOKEN_INVALID): map them with {@link publicSurveyStateOf}.
 */
export const PUBLIC_SURVEY_STATES = ['open', 'answered', 'expired', 'invalid'] as const;

/** One of {@link PUBLIC_SURVEY_STATES}. */
export type PublicSurveyState = (typeof PUBLIC_SURVEY_STATES)[number];

/** The respondent's own answer. `editableUntil` is set while a resubmit still changes it. */
export interface PublicAnswerDto {
  score: number;
  comment: string | null;
  locale: string | null;
  respondedAt: string;
  editableUntil: string | null;
}

/**
 * `GET /api/public/surveys/:token` (no auth; `?locale=` or Accept-Language picks `locale`). Carries only
 * the survey's texts and the respondent's own answer: no account, survey name or other answers.
 */
export interface PublicSurveyDto {
  state: 'open' | 'answered';
  type: SurveyType;
  scale: SurveyScale;
  followUp: boolean;
  /** The locale to show first: the contact's, else the browser's, else the survey's default. */
  locale: string;
  defaultLocale: string;
  questions: Record<string, SurveyText>;
  answer: PublicAnswerDto | null;
}

/** `POST /api/public/surveys/:token` → 201 (first answer) or 200 (changed within the edit window). */
export interface PublicSubmitResult {
  state: 'answered';
  answer: PublicAnswerDto;
}

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
