import { desc, eq, sql } from 'drizzle-orm';
import { mailOutbox, mailSuppressions, memberMailPreferences, settings } from '../../drizzle/schema';
import {
  DEFAULT_MAIL_PER_HOUR,
  DEFAULT_MAIL_PER_MINUTE,
  type MailKind,
  type MailMessage,
  type MailPreferences,
  type MailProvider,
} from '../../shared/contracts/mail';
import { type AuditEntry, auditInsert } from '../audit/store';
import type { Db } from '../common/db';
import { prepare } from '../common/raw-sql';

// ---------------------------------------------------------------------------------------------------
// Outbox

/** A message to send. `text` is required; `headers` are extra mail headers (List-Unsubscribe, …). */
export interface NewMail {
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** The member who caused it (invite, test) or receives it (digest). */
  memberEmail?: string | null;
  surveyLinkId?: number | null;
}

/**
 * The outbox insert of one message as a D1 statement for a raw batch (`db.$client.batch`), so it commits with the change it announces
 * (an invite, a digest's day). `onlyIf` is an SQL condition: the message is queued only when it holds at
 * run time (the digest's once-a-day guard). Deliver afterwards with `deliverQueued` (worker/mail/sender.ts).
 * @example await db.$client.batch([statementOf(db, auditInsert(…)), enqueueMail(db, { kind: 'test', to, subject, text }, now)])
 */
export function enqueueMail(db: Db, mail: NewMail, now: number, onlyIf = sql`true`) {
  return prepare(
    db,
    sql`INSERT INTO mail_outbox (kind, recipient, subject, body_text, body_html, headers, status,
      attempts, member_email, survey_link_id, next_attempt_at, created_at, updated_at)
    SELECT ${mail.kind}, ${mail.to.toLowerCase()}, ${mail.subject}, ${mail.text}, ${mail.html ?? null},
      ${mail.headers ? JSON.stringify(mail.headers) : null}, 'queued', 0, ${mail.memberEmail ?? null},
      ${mail.surveyLinkId ?? null}, ${now}, ${now}, ${now}
    WHERE ${onlyIf} RETURNING id`,
  );
}

/** A claimed message, with what the provider needs. */
export interface OutgoingMail {
  id: number;
  kind: MailKind;
  recipient: string;
  subject: string;
  bodyText: string | null;
  bodyHtml: string | null;
  headers: Record<string, string>;
  attempts: number;
}

/** How long a claimed message may stay `sending` before another sender takes it again (a crashed run). */
export const STALE_SENDING_MS = 10 * 60_000;

/**
 * Claims up to `max` due messages for sending, within the installation-wide limits, in ONE statement: D1
 * runs statements one at a time, so two senders (the cron and a request's waitUntil) can neither claim the
 * same message nor together exceed the limits. The limits count messages whose latest attempt falls in the
 * last minute and hour (each message once, at its latest attempt). Claiming counts as an attempt.
 */
export async function claimDueMail(
  db: Db,
  now: number,
  limits: { perMinute: number; perHour: number },
  max: number,
): Promise<OutgoingMail[]> {
  const rows = await db.all<{
    id: number;
    kind: MailKind;
    recipient: string;
    subject: string;
    body_text: string | null;
    body_html: string | null;
    headers: string | null;
    attempts: number;
  }>(sql`UPDATE mail_outbox
    SET status = 'sending', attempts = attempts + 1, last_attempt_at = ${now}, updated_at = ${now}
    WHERE id IN (
      SELECT id FROM mail_outbox
      WHERE (status = 'queued' AND next_attempt_at <= ${now})
         OR (status = 'sending' AND last_attempt_at < ${now - STALE_SENDING_MS})
      ORDER BY next_attempt_at, id
      LIMIT max(0, min(${max},
        ${limits.perMinute} - (SELECT count(*) FROM mail_outbox
          WHERE last_attempt_at > ${now - 60_000} AND last_attempt_at <= ${now}),
        ${limits.perHour} - (SELECT count(*) FROM mail_outbox
          WHERE last_attempt_at > ${now - 3_600_000} AND last_attempt_at <= ${now}))))
    RETURNING id, kind, recipient, subject, body_text, body_html, headers, attempts`);
  return rows
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      recipient: r.recipient,
      subject: r.subject,
      bodyText: r.body_text,
      bodyHtml: r.body_html,
      headers: r.headers ? (JSON.parse(r.headers) as Record<string, string>) : {},
      attempts: r.attempts,
    }))
    .sort((a, b) => a.id - b.id);
}

/** Records a delivered message and drops its body (it may hold a secret link). */
export function recordSent(db: Db, id: number, provider: string, messageId: string | null, now: number) {
  return db
    .update(mailOutbox)
    .set({
      status: 'sent',
      provider,
      providerMessageId: messageId,
      lastError: null,
      sentAt: now,
      updatedAt: now,
      bodyText: null,
      bodyHtml: null,
      headers: null,
    })
    .where(eq(mailOutbox.id, id));
}

/**
 * Records a failed attempt: queued again at `retryAt`, or failed for good (null) — then the body is dropped.
 */
export function recordFailure(
  db: Db,
  id: number,
  failure: { provider: string; error: string; retryAt: number | null },
  now: number,
) {
  const final = failure.retryAt === null;
  return db
    .update(mailOutbox)
    .set({
      status: final ? 'failed' : 'queued',
      provider: failure.provider,
      lastError: failure.error.slice(0, 500),
      nextAttemptAt: failure.retryAt ?? now,
      updatedAt: now,
      ...(final ? { bodyText: null, bodyHtml: null, headers: null } : {}),
    })
    .where(eq(mailOutbox.id, id));
}

/**
 * The message log, newest first; `memberEmail` limits it to messages a member caused or received.
 * @example await listMail(db, { limit: 50, status: 'failed' })
 */
export async function listMail(
  db: Db,
  opts: { limit: number; status?: MailMessage['status']; memberEmail?: string },
): Promise<MailMessage[]> {
  const where = [
    opts.status ? sql`${mailOutbox.status} = ${opts.status}` : null,
    opts.memberEmail ? sql`${mailOutbox.memberEmail} = ${opts.memberEmail}` : null,
  ].filter((w) => w !== null);
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(where.length ? sql.join(where, sql` AND `) : undefined)
    .orderBy(desc(mailOutbox.id))
    .limit(opts.limit);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    recipient: r.recipient,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    provider: r.provider,
    providerMessageId: r.providerMessageId,
    createdAt: new Date(r.createdAt).toISOString(),
    lastAttemptAt: iso(r.lastAttemptAt),
    sentAt: iso(r.sentAt),
  }));
}

// ---------------------------------------------------------------------------------------------------
// Settings

/** What the `mail` settings row holds (the API key is in its own row, never read back by the API). */
export interface StoredMailSettings {
  provider: MailProvider | null;
  from: string | null;
  httpUrl: string | null;
  perMinute: number;
  perHour: number;
  /** The origin the SPA was last configured from: links in digests point there. */
  appOrigin: string | null;
}

const MAIL_KEY = 'mail';
const API_KEY_KEY = 'mailHttpApiKey';

const DEFAULT_SETTINGS: StoredMailSettings = {
  provider: null,
  from: null,
  httpUrl: null,
  perMinute: DEFAULT_MAIL_PER_MINUTE,
  perHour: DEFAULT_MAIL_PER_HOUR,
  appOrigin: null,
};

/**
 * The mail settings, defaults where unset, and the HTTP API key as stored (`apiKey`: sealed, see ./api-key.ts,
 * or a plaintext from before encryption; the sender's only, the API says only whether one is set).
 */
export async function getMailSettings(db: Db): Promise<StoredMailSettings & { apiKey: string | null }> {
  const rows = await db.select().from(settings).where(sql`${settings.key} IN (${MAIL_KEY}, ${API_KEY_KEY})`);
  const value = (key: string) => {
    const row = rows.find((r) => r.key === key);
    try {
      return row ? (JSON.parse(row.value) as unknown) : null;
    } catch {
      return null;
    }
  };
  const stored = (value(MAIL_KEY) ?? {}) as Partial<StoredMailSettings>;
  const apiKey = value(API_KEY_KEY);
  return { ...DEFAULT_SETTINGS, ...stored, apiKey: typeof apiKey === 'string' ? apiKey : null };
}

/**
 * Stores the settings and, when given, the API key already sealed (null clears it), with an audit entry that
 * says whether the key changed but never holds it, in one batch.
 */
export async function setMailSettings(
  db: Db,
  next: StoredMailSettings,
  apiKey: string | null | undefined,
  audit: Pick<AuditEntry, 'actor'>,
  now: number,
) {
  const upsert = (key: string, value: unknown) =>
    db
      .insert(settings)
      .values({ key, value: JSON.stringify(value), updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(value), updatedAt: now } });
  const { appOrigin: _origin, ...shown } = next;
  await db.batch([
    upsert(MAIL_KEY, next),
    ...(apiKey === undefined
      ? []
      : apiKey === null
        ? [db.delete(settings).where(eq(settings.key, API_KEY_KEY))]
        : [upsert(API_KEY_KEY, apiKey)]),
    auditInsert(
      db,
      {
        actor: audit.actor,
        action: 'settings.mail',
        entity: 'settings',
        entityId: MAIL_KEY,
        details: {
          ...shown,
          httpApiKey: apiKey === undefined ? 'unchanged' : apiKey === null ? 'cleared' : 'set',
        },
      },
      now,
    ),
  ]);
}

/**
 * Replaces a plaintext API key (stored before encryption) by its sealed form, unless it changed meanwhile.
 * @example await replaceLegacyApiKey(db, 're_123', 'v1.…', Date.now())
 */
export async function replaceLegacyApiKey(db: Db, plaintext: string, sealed: string, now: number) {
  await db
    .update(settings)
    .set({ value: JSON.stringify(sealed), updatedAt: now })
    .where(sql`${settings.key} = ${API_KEY_KEY} AND ${settings.value} = ${JSON.stringify(plaintext)}`);
}

// ---------------------------------------------------------------------------------------------------
// Suppressions and preferences

/** Of these addresses (any case), the lower-cased ones that unsubscribed. */
export async function suppressedOf(db: Db, emails: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db.all<{ email: string }>(
    sql`SELECT email FROM mail_suppressions WHERE email IN (SELECT lower(value) FROM json_each(${JSON.stringify(emails)}))`,
  );
  return new Set(rows.map((r) => r.email));
}

/** Adds an address to the suppression list (idempotent) and drops its queued survey mail, in one batch. */
export async function suppress(db: Db, email: string, surveyLinkId: number | null, now: number) {
  const address = email.toLowerCase();
  await db.batch([
    db
      .insert(mailSuppressions)
      .values({ email: address, reason: 'unsubscribed', surveyLinkId, createdAt: now })
      .onConflictDoNothing(),
    db
      .update(mailOutbox)
      .set({
        status: 'failed',
        lastError: 'not sent: the recipient unsubscribed',
        bodyText: null,
        bodyHtml: null,
        headers: null,
        updatedAt: now,
      })
      .where(
        sql`${mailOutbox.recipient} = ${address} AND ${mailOutbox.kind} = 'survey_invitation' AND ${mailOutbox.status} = 'queued'`,
      ),
  ]);
}

export async function listSuppressions(db: Db, limit: number) {
  const rows = await db
    .select()
    .from(mailSuppressions)
    .orderBy(desc(mailSuppressions.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    email: r.email,
    reason: r.reason,
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}

/** A member's preferences: the digest is on and the language unset until they choose. */
export async function getMailPreferences(db: Db, memberId: number): Promise<MailPreferences> {
  const row = await db.query.memberMailPreferences.findFirst({
    where: eq(memberMailPreferences.memberId, memberId),
  });
  return { digest: row?.digest ?? true, locale: (row?.locale as MailPreferences['locale']) ?? null };
}

/**
 * Stores a member's preferences and records the change in the audit log (`mail.preferences`), in one batch.
 * @example await setMailPreferences(db, 7, { digest: true, locale: 'zh' }, { actor: 'ana@example.com' }, Date.now())
 */
export async function setMailPreferences(
  db: Db,
  memberId: number,
  next: MailPreferences,
  audit: Pick<AuditEntry, 'actor'>,
  now: number,
): Promise<MailPreferences> {
  await db.batch([
    db
      .insert(memberMailPreferences)
      .values({ memberId, digest: next.digest, locale: next.locale, updatedAt: now })
      .onConflictDoUpdate({
        target: memberMailPreferences.memberId,
        set: { digest: next.digest, locale: next.locale, updatedAt: now },
      }),
    auditInsert(
      db,
      {
        actor: audit.actor,
        action: 'mail.preferences',
        entity: 'member',
        entityId: String(memberId),
        details: next,
      },
      now,
    ),
  ]);
  return next;
}

/** The survey link behind an unsubscribe token or an invitation: its contact and survey. */
export interface MailLinkRow {
  id: number;
  surveyId: number;
  accountId: number;
  accountName: string;
  contactEmail: string | null;
  contactName: string | null;
  contactLocale: string | null;
  expiresAt: number;
  answered: boolean;
}

/** The links of these ids (one JSON parameter, any count). */
export async function mailLinks(db: Db, ids: readonly number[]): Promise<MailLinkRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.all<{
    id: number;
    survey_id: number;
    account_id: number;
    account_name: string;
    contact_email: string | null;
    contact_name: string | null;
    contact_locale: string | null;
    expires_at: number;
    answered: number;
  }>(sql`SELECT l.id, l.survey_id, l.account_id, a.name AS account_name, l.contact_email, l.contact_name,
      l.contact_locale, l.expires_at, EXISTS (SELECT 1 FROM survey_responses r WHERE r.link_id = l.id) AS answered
    FROM survey_links l JOIN accounts a ON a.id = l.account_id
    WHERE l.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
  return rows.map((r) => ({
    id: r.id,
    surveyId: r.survey_id,
    accountId: r.account_id,
    accountName: r.account_name,
    contactEmail: r.contact_email,
    contactName: r.contact_name,
    contactLocale: r.contact_locale,
    expiresAt: r.expires_at,
    answered: r.answered === 1,
  }));
}
