import { z } from 'zod';

const isoTimestamp = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 timestamp' });

/** What a message is for; survey invitations alone carry an unsubscribe link. */
export const MAIL_KINDS = ['survey_invitation', 'member_invite', 'digest', 'test'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * How mail leaves: `none` (nothing is sent; messages fail with that reason), `local` (the development
 * stand-in: each message is POSTed to MAIL_SINK_URL, which writes it to a file), `cloudflare` (the Worker's
 * `send_email` binding EMAIL) or `http` (a Resend-shaped HTTP API the admin configures).
 */
export const MAIL_PROVIDERS = ['none', 'local', 'cloudflare', 'http'] as const;
export type MailProvider = (typeof MAIL_PROVIDERS)[number];

/** Default installation-wide sending limits (messages per minute and per hour). */
export const DEFAULT_MAIL_PER_MINUTE = 30;
export const DEFAULT_MAIL_PER_HOUR = 500;

/** `GET`/`PUT /api/settings/mail` → 200. The HTTP API key is write-only: only whether one is set is shown. */
export const mailSettingsSchema = z
  .object({
    provider: z.enum(MAIL_PROVIDERS),
    from: z.string().nullable().meta({ example: 'Keepwell <cs@example.com>' }),
    httpUrl: z.string().nullable().meta({ example: 'https://api.resend.com/emails' }),
    httpApiKeySet: z.boolean(),
    perMinute: z.number().int().positive(),
    perHour: z.number().int().positive(),
    cloudflareBound: z
      .boolean()
      .meta({ description: 'Whether the Worker has the `send_email` binding EMAIL.' }),
    localSinkConfigured: z
      .boolean()
      .meta({ description: 'Whether MAIL_SINK_URL (the development stand-in) is set.' }),
  })
  .meta({ id: 'MailSettings' });
export type MailSettings = z.infer<typeof mailSettingsSchema>;

/** A bare address or `Name <address>`; no line breaks (header injection). */
const fromAddress = z
  .string()
  .trim()
  .max(200)
  .regex(/^(?:[^<>\r\n]{0,100}<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/, {
    error: 'a mail address, or Name <address>',
  });

/** `PUT /api/settings/mail`: `httpApiKey` omitted keeps the stored key, null clears it. */
export const mailSettingsInput = z
  .object({
    provider: z.enum(MAIL_PROVIDERS),
    from: fromAddress.nullable().optional(),
    httpUrl: z.string().trim().url().max(500).nullable().optional(),
    httpApiKey: z.string().trim().min(8).max(500).nullable().optional(),
    perMinute: z.number().int().min(1).max(10_000).optional(),
    perHour: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
export type MailSettingsInput = z.infer<typeof mailSettingsInput>;

/** `POST /api/settings/mail/test`. */
export const mailTestInput = z.object({ to: z.email().max(254) }).strict();

/** One message of the log. Bodies are never shown: they may hold secret links. */
export const mailMessageSchema = z
  .object({
    id: z.number().int().positive(),
    kind: z.enum(MAIL_KINDS),
    recipient: z.string(),
    subject: z.string(),
    status: z.enum(['queued', 'sending', 'sent', 'failed']),
    attempts: z.number().int().nonnegative(),
    lastError: z.string().nullable(),
    provider: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    createdAt: isoTimestamp,
    lastAttemptAt: isoTimestamp.nullable(),
    sentAt: isoTimestamp.nullable(),
  })
  .meta({ id: 'MailMessage' });
export type MailMessage = z.infer<typeof mailMessageSchema>;

export const mailMessageListSchema = z
  .object({ items: z.array(mailMessageSchema) })
  .meta({ id: 'MailMessageList' });

export const mailMessageQuery = z.object({
  status: z.enum(['queued', 'sending', 'sent', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `POST /api/settings/mail/test` → 202. */
export const mailQueuedSchema = z.object({ id: z.number().int().positive() }).meta({ id: 'MailQueued' });

/** `GET`/`PUT /api/mail/preferences`: the caller's own digest choice and mail language. */
export const mailPreferencesSchema = z
  .object({ digest: z.boolean(), locale: z.enum(['en', 'zh']).nullable() })
  .meta({ id: 'MailPreferences' });
export type MailPreferences = z.infer<typeof mailPreferencesSchema>;
export const mailPreferencesInput = z
  .object({ digest: z.boolean().optional(), locale: z.enum(['en', 'zh']).nullable().optional() })
  .strict();

/** `POST /api/surveys/:id/invitations`: email the personal link of each of these links to its contact. */
export const surveyInvitationsInput = z
  .object({ linkIds: z.array(z.number().int().positive()).min(1).max(500) })
  .strict();

export const INVITATION_SKIP_REASONS = [
  'unknown_link',
  'no_email',
  'unsubscribed',
  'answered',
  'expired',
] as const;

export const surveyInvitationsResultSchema = z
  .object({
    queued: z.array(z.object({ linkId: z.number().int(), mailId: z.number().int(), email: z.string() })),
    skipped: z.array(z.object({ linkId: z.number().int(), reason: z.enum(INVITATION_SKIP_REASONS) })),
  })
  .meta({ id: 'SurveyInvitationsResult' });
export type SurveyInvitationsResult = z.infer<typeof surveyInvitationsResultSchema>;

/** `GET /api/mail/suppressions`: addresses that unsubscribed from survey mail, newest first. */
export const mailSuppressionListSchema = z
  .object({
    items: z.array(
      z.object({ email: z.string(), reason: z.literal('unsubscribed'), createdAt: isoTimestamp }),
    ),
  })
  .meta({ id: 'MailSuppressionList' });
