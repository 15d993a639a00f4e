import { z } from 'zod';
import { ALL_SCORE_GROUPS, type ScoreGroup } from '../surveys/scores';
import { SURVEY_TYPES } from '../surveys/types';

// The people of an account (issue 15): identified users with an email, plus contacts a CSM adds by hand, with
// the roles CS work turns on (a champion going quiet, a decision maker leaving).

/** Roles a contact can hold; a contact may hold several. */
export const CONTACT_ROLES = [
  'champion',
  'decision_maker',
  'key_contact',
  'economic_buyer',
  'executive_sponsor',
  'power_user',
] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** Weeks of a contact's activity trend. */
export const ACTIVITY_WEEKS = 8;

const contactIdPattern = () =>
  z.string().regex(/^[uc][1-9]\d{0,15}$/, 'a contact id is u<number> or c<number>');

const roles = z
  .array(z.enum(CONTACT_ROLES))
  .max(CONTACT_ROLES.length)
  .refine((r) => new Set(r).size === r.length, 'a role is listed twice');
const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * A contact id: `u<n>` for an identified user (user n), `c<n>` for a contact added by hand (contact n).
 * @example contactIdParam.parse({ id: 'u12' })
 */
export const contactIdParam = z.object({
  id: contactIdPattern().meta({
    description: 'u<number>: an identified user; c<number>: a contact added by hand.',
    example: 'u12',
  }),
});

/** How much a person used the product lately: the trend a champion going quiet shows first. */
export const contactActivitySchema = z
  .object({
    weeklyEvents: z
      .array(z.number().int().min(0))
      .length(ACTIVITY_WEEKS)
      .meta({
        description: `Events in each of the last ${ACTIVITY_WEEKS} weeks, oldest first; the last week ends today (UTC).`,
      }),
    activeDays: z.number().int().min(0).meta({ description: 'Days with activity in the last 28 days.' }),
    priorActiveDays: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'Days with activity in the 28 days before those.' }),
  })
  .meta({ id: 'ContactActivity' });
export type ContactActivity = z.infer<typeof contactActivitySchema>;

/** The person's latest survey answer (any survey; a personal link's answer is tied to the person's email). */
export const contactAnswerSchema = z
  .object({
    surveyId: z.number().int().positive(),
    surveyName: z.string(),
    type: z.enum(SURVEY_TYPES),
    score: z.number().int(),
    scale: z.object({ min: z.number().int(), max: z.number().int() }),
    group: z.enum(ALL_SCORE_GROUPS as [ScoreGroup, ...ScoreGroup[]]).meta({
      description:
        'NPS promoter/passive/detractor, CSAT satisfied/neutral/dissatisfied, CES easy/neutral/difficult.',
    }),
    comment: z.string().nullable(),
    answeredAt: z.string().meta({ description: 'ISO 8601 timestamp of the answer.' }),
  })
  .meta({ id: 'ContactAnswer' });
export type ContactAnswer = z.infer<typeof contactAnswerSchema>;

/** Days of answers the account's NPS counts (the default health model's NPS window). */
export const ACCOUNT_NPS_DAYS = 180;

/**
 * The account's NPS from its people: each person's latest NPS answer of the last {@link ACCOUNT_NPS_DAYS} days
 * (any NPS survey) counts once, an account-level link's answer counts on its own; NPS = % promoters − % detractors
 * of those respondents, as the health model's NPS measure counts it.
 */
export const accountNpsSchema = z
  .object({
    nps: z.number().meta({ description: '−100..100.' }),
    respondents: z.number().int().min(1),
    promoters: z.number().int().min(0),
    passives: z.number().int().min(0),
    detractors: z.number().int().min(0),
    days: z.number().int(),
  })
  .meta({ id: 'AccountNps' });
export type AccountNps = z.infer<typeof accountNpsSchema>;

/**
 * An address that must not be sent survey mail: `unsubscribed` (the one-click link) since `since`. Bounces are not
 * reported by the mail transports, so they do not appear here yet.
 */
export const mailSuppressionSchema = z
  .object({
    reason: z.literal('unsubscribed'),
    since: z.string().meta({ description: 'ISO 8601 timestamp' }),
  })
  .meta({ id: 'MailSuppression' });
export type MailSuppression = z.infer<typeof mailSuppressionSchema>;

export const contactSchema = z
  .object({
    id: z.string().meta({ example: 'u12' }),
    source: z.enum(['identified', 'manual']),
    email: z.string().nullable(),
    name: z.string().nullable(),
    title: z.string().nullable(),
    roles: z.array(z.enum(CONTACT_ROLES)),
    /** Last activity (identified users only). */
    lastSeenAt: z.string().nullable(),
    /** False once the user is deactivated (`deactivated` or `status: deactivated` trait). */
    active: z.boolean(),
    /** Activity of the last 8 weeks (identified users; null for people added by hand). */
    activity: contactActivitySchema.nullable(),
    /** The person's latest survey answer, null when they never answered one. */
    latestAnswer: contactAnswerSchema.nullable(),
    suppressed: mailSuppressionSchema
      .nullable()
      .meta({ description: 'Set when their email unsubscribed from survey mail: it is never sent any.' }),
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof contactSchema>;

export const contactListSchema = z
  .object({
    items: z.array(contactSchema),
    nps: accountNpsSchema.nullable().meta({ description: 'Null without NPS answers in the window.' }),
  })
  .meta({ id: 'ContactList' });
export type ContactList = z.infer<typeof contactListSchema>;

/** A contact id (`u<n>` / `c<n>`), as {@link contactIdParam} checks it. */
export const contactId = contactIdPattern();

/** `POST /api/accounts/:externalId/contacts`: a person the product does not know (a buyer, an executive). */
export const contactCreateInput = z
  .object({
    email: z.email().max(320).optional(),
    name: text(200),
    title: text(200).optional(),
    roles: roles.default([]),
  })
  .strict()
  .meta({ id: 'ContactCreate' });

/** `PATCH /api/contacts/:id`: roles, and the name or title shown (an identified user's own stay underneath). */
export const contactPatchInput = z
  .object({
    roles: roles.optional(),
    name: text(200).nullable().optional(),
    title: text(200).nullable().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change')
  .meta({ id: 'ContactPatch' });
