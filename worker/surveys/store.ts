import { eq, sql } from 'drizzle-orm';
import { surveys } from '../../drizzle/schema';
import type { RaisedAlert } from '../../shared/alerts';
import type {
  SurveyContactDto,
  SurveyDto,
  SurveyLinkDto,
  SurveyResponseDto,
  SurveyRunResult,
} from '../../shared/contracts/surveys';
import { type AccountAnswer, type ScoreGroup, type SummaryAnswer, scoreGroup } from '../../shared/surveys';
import type { SurveyText } from '../../shared/surveys/types';
import { isoOrNull, utcDay } from '../../shared/time';
import { insertAlertsSql } from '../alerts/store';
import type { Db } from '../common/db';
import { batchAll } from '../common/raw-sql';
import { rescoreRequestSql } from '../scoring/rescores-store';
import { playbookTasksSql } from '../tasks/store';

export type SurveyRow = typeof surveys.$inferSelect;
export type NewSurvey = typeof surveys.$inferInsert;

/**
 * A stored survey as the API shows it, with its all-time counts. The webhook URL may embed a secret (as a
 * Slack URL does), so only admins see it (`showWebhookUrl`).
 */
export function toSurveyDto(
  row: SurveyRow,
  stats: { sent: number; responses: number },
  showWebhookUrl: boolean,
): SurveyDto {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    scale: { min: row.scaleMin, max: row.scaleMax },
    direction: row.direction,
    followUp: row.followUp,
    questions: JSON.parse(row.questions) as Record<string, SurveyText>,
    defaultLocale: row.defaultLocale,
    active: row.active,
    quietPeriodDays: row.quietPeriodDays,
    linkExpiryDays: row.linkExpiryDays,
    recurrence:
      row.recurrenceDays === null
        ? null
        : {
            everyDays: row.recurrenceDays,
            segment: row.recurrenceSegment,
            nextRunAt: isoOrNull(row.nextRunAt),
          },
    webhookUrl: showWebhookUrl ? row.webhookUrl : null,
    webhookConfigured: row.webhookUrl !== null,
    lastRun: row.lastRun ? (JSON.parse(row.lastRun) as SurveyRunResult) : null,
    stats,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export async function insertSurvey(db: Db, values: NewSurvey): Promise<SurveyRow> {
  const [row] = await db.insert(surveys).values(values).returning();
  return row!;
}

export async function getSurvey(db: Db, id: number): Promise<SurveyRow | null> {
  return (await db.query.surveys.findFirst({ where: eq(surveys.id, id) })) ?? null;
}

export async function updateSurvey(db: Db, id: number, patch: Partial<NewSurvey>, now: number) {
  const [row] = await db
    .update(surveys)
    .set({ ...patch, updatedAt: now })
    .where(eq(surveys.id, id))
    .returning();
  return row ?? null;
}

/** Links created and answers received per survey, all time. */
export async function surveyStats(
  db: Db,
  ids: number[],
): Promise<Map<number, { sent: number; responses: number }>> {
  const json = JSON.stringify(ids);
  const [sent, answered] = await batchAll<
    [{ survey_id: number; n: number }, { survey_id: number; n: number }]
  >(db, [
    sql`SELECT survey_id, count(*) AS n FROM survey_links WHERE survey_id IN (SELECT value FROM json_each(${json})) GROUP BY survey_id`,
    sql`SELECT survey_id, count(*) AS n FROM survey_responses WHERE survey_id IN (SELECT value FROM json_each(${json})) GROUP BY survey_id`,
  ]);
  const out = new Map(ids.map((id) => [id, { sent: 0, responses: 0 }]));
  for (const r of sent) out.get(r.survey_id)!.sent = r.n;
  for (const r of answered) out.get(r.survey_id)!.responses = r.n;
  return out;
}

export async function listSurveys(db: Db, showWebhookUrl: boolean): Promise<SurveyDto[]> {
  const rows = await db.select().from(surveys).orderBy(sql`${surveys.id} DESC`);
  const stats = await surveyStats(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toSurveyDto(r, stats.get(r.id)!, showWebhookUrl));
}

// ---------------------------------------------------------------------------------------------------
// Link targets

export interface AccountRef {
  id: number;
  externalId: string;
}

/** Accounts by external id (unknown ids are simply absent). */
export async function accountsByExternalId(db: Db, externalIds: string[]): Promise<Map<string, AccountRef>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db.all<{ id: number; external_id: string }>(
    sql`SELECT id, external_id FROM accounts WHERE external_id IN (SELECT value FROM json_each(${JSON.stringify(externalIds)}))`,
  );
  return new Map(rows.map((r) => [r.external_id, { id: r.id, externalId: r.external_id }]));
}

/** Accounts whose latest snapshot is in `segmentId` (the segment they were last scored in), by id. */
export async function segmentAccounts(db: Db, segmentId: string, limit: number): Promise<AccountRef[]> {
  const rows = await db.all<{ id: number; external_id: string }>(
    sql`SELECT a.id, a.external_id FROM accounts a
        JOIN score_snapshots s ON s.account_id = a.id
         AND s.period = (SELECT max(s2.period) FROM score_snapshots s2 WHERE s2.account_id = a.id)
        WHERE s.segment_id = ${segmentId}
        ORDER BY a.id LIMIT ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, externalId: r.external_id }));
}

/** Whether a segment exists. */
export async function segmentExists(db: Db, segmentId: string): Promise<boolean> {
  return (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM segments WHERE id = ${segmentId}`)).n > 0;
}

/** When each (account, contact key) was last asked this survey, keyed `accountId:contactKey`. */
export async function lastAsked(
  db: Db,
  surveyId: number,
  pairs: { accountId: number; contactKey: string }[],
): Promise<Map<string, number>> {
  if (pairs.length === 0) return new Map();
  const json = JSON.stringify(pairs.map((p) => ({ a: p.accountId, k: p.contactKey })));
  const rows = await db.all<{ account_id: number; contact_key: string; at: number }>(
    sql`SELECT l.account_id, l.contact_key, max(l.created_at) AS at FROM survey_links l
        JOIN json_each(${json}) p ON l.account_id = json_extract(p.value, '$.a') AND l.contact_key = json_extract(p.value, '$.k')
        WHERE l.survey_id = ${surveyId}
        GROUP BY l.account_id, l.contact_key`,
  );
  return new Map(rows.map((r) => [`${r.account_id}:${r.contact_key}`, r.at]));
}

/** Everyone this survey has asked before: one row per (account, contact), with the latest contact details. */
export async function previousRecipients(db: Db, surveyId: number, limit: number) {
  const rows = await db.all<{
    account_id: number;
    external_id: string;
    contact_email: string | null;
    contact_name: string | null;
    contact_locale: string | null;
  }>(
    sql`SELECT l.account_id, a.external_id, l.contact_email, l.contact_name, l.contact_locale FROM survey_links l
        JOIN accounts a ON a.id = l.account_id
        WHERE l.survey_id = ${surveyId}
          AND l.id = (SELECT max(l2.id) FROM survey_links l2
                      WHERE l2.survey_id = l.survey_id AND l2.account_id = l.account_id AND l2.contact_key = l.contact_key)
        ORDER BY l.id LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    account: { id: r.account_id, externalId: r.external_id },
    contact: contactOf(r.contact_email, r.contact_name, r.contact_locale),
  }));
}

export interface NewLink {
  accountId: number;
  contactKey: string;
  contactEmail: string | null;
  contactName: string | null;
  contactLocale: string | null;
  expiresAt: number;
}

/** Inserts links in one statement; returns their ids keyed `accountId:contactKey` (unique per call). */
export async function insertLinks(
  db: Db,
  surveyId: number,
  links: NewLink[],
  createdBy: string,
  now: number,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  // D1 caps one bound value at 2 MB; 1,000 links of JSON stay far below it.
  for (let i = 0; i < links.length; i += 1000) {
    const chunk = JSON.stringify(links.slice(i, i + 1000));
    const j = (field: keyof NewLink) => sql.raw(`json_extract(value, '$.${field}')`);
    const rows = await db.all<{ id: number; account_id: number; contact_key: string }>(
      sql`INSERT INTO survey_links (survey_id, account_id, contact_key, contact_email, contact_name, contact_locale,
            expires_at, created_at, created_by)
          SELECT ${surveyId}, ${j('accountId')}, ${j('contactKey')}, ${j('contactEmail')}, ${j('contactName')},
                 ${j('contactLocale')}, ${j('expiresAt')}, ${now}, ${createdBy}
          FROM json_each(${chunk}) WHERE true
          RETURNING id, account_id, contact_key`,
    );
    for (const r of rows) out.set(`${r.account_id}:${r.contact_key}`, r.id);
  }
  return out;
}

export interface LinkRow {
  id: number;
  accountId: number;
  accountExternalId: string;
  contact: SurveyContactDto | null;
  expiresAt: number;
  createdAt: number;
  answeredAt: number | null;
  /** When the contact's email was suppressed (unsubscribed), epoch ms; null when it was not. */
  suppressedAt: number | null;
}

/**
 * When each of `emails` (lower-cased) was put on the mail suppression list; absent = not suppressed.
 * @example (await suppressionTimes(db, ['li@acme.test'])).get('li@acme.test') // 1764892800000
 */
export async function suppressionTimes(db: Db, emails: readonly string[]): Promise<Map<string, number>> {
  if (emails.length === 0) return new Map();
  const rows = await db.all<{ email: string; created_at: number }>(
    sql`SELECT email, created_at FROM mail_suppressions WHERE email IN (SELECT value FROM json_each(${JSON.stringify(emails)}))`,
  );
  return new Map(rows.map((r) => [r.email, r.created_at]));
}

function contactOf(
  email: string | null,
  name: string | null,
  locale: string | null,
): SurveyContactDto | null {
  return email ? { email, name, locale } : null;
}

/** A survey's links, newest first (for the API and the CSV export). */
export async function listLinks(
  db: Db,
  surveyId: number,
  opts: { limit: number; beforeId?: number },
): Promise<LinkRow[]> {
  const rows = await db.all<{
    id: number;
    account_id: number;
    external_id: string;
    contact_email: string | null;
    contact_name: string | null;
    contact_locale: string | null;
    expires_at: number;
    created_at: number;
    responded_at: number | null;
    suppressed_at: number | null;
  }>(
    sql`SELECT l.id, l.account_id, a.external_id, l.contact_email, l.contact_name, l.contact_locale, l.expires_at,
               l.created_at, r.responded_at, s.created_at AS suppressed_at
        FROM survey_links l JOIN accounts a ON a.id = l.account_id
        LEFT JOIN survey_responses r ON r.link_id = l.id
        LEFT JOIN mail_suppressions s ON s.email = lower(l.contact_email)
        WHERE l.survey_id = ${surveyId} ${opts.beforeId ? sql`AND l.id < ${opts.beforeId}` : sql``}
        ORDER BY l.id DESC LIMIT ${opts.limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    accountExternalId: r.external_id,
    contact: contactOf(r.contact_email, r.contact_name, r.contact_locale),
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    answeredAt: r.responded_at,
    suppressedAt: r.suppressed_at,
  }));
}

/** A link row as the API shows it, given its signed URL. */
export function toLinkDto(link: LinkRow, url: string): SurveyLinkDto {
  return {
    id: link.id,
    accountExternalId: link.accountExternalId,
    contact: link.contact,
    url,
    expiresAt: new Date(link.expiresAt).toISOString(),
    createdAt: new Date(link.createdAt).toISOString(),
    answeredAt: isoOrNull(link.answeredAt),
    suppressed:
      link.suppressedAt === null
        ? null
        : { reason: 'unsubscribed', since: new Date(link.suppressedAt).toISOString() },
  };
}

// ---------------------------------------------------------------------------------------------------
// The public page

/** Everything the public endpoints need about one link: the link, its survey, account and answer. */
export async function loadLink(db: Db, linkId: number) {
  const row = await db.get<
    | {
        id: number;
        survey_id: number;
        account_id: number;
        contact_key: string;
        contact_email: string | null;
        contact_name: string | null;
        contact_locale: string | null;
        expires_at: number;
        account_name: string;
        owner_email: string | null;
        response_id: number | null;
        score: number | null;
        comment: string | null;
        locale: string | null;
        responded_at: number | null;
      }
    | undefined
  >(
    sql`SELECT l.id, l.survey_id, l.account_id, l.contact_key, l.contact_email, l.contact_name, l.contact_locale,
               l.expires_at, a.name AS account_name, a.owner_email,
               r.id AS response_id, r.score, r.comment, r.locale, r.responded_at
        FROM survey_links l JOIN accounts a ON a.id = l.account_id
        LEFT JOIN survey_responses r ON r.link_id = l.id
        WHERE l.id = ${linkId}`,
  );
  if (!row) return null;
  const survey = await getSurvey(db, row.survey_id);
  if (!survey) return null;
  return {
    link: {
      id: row.id,
      surveyId: row.survey_id,
      accountId: row.account_id,
      contactKey: row.contact_key,
      contact: contactOf(row.contact_email, row.contact_name, row.contact_locale),
      expiresAt: row.expires_at,
    },
    survey,
    account: { id: row.account_id, name: row.account_name, ownerEmail: row.owner_email },
    answer:
      row.response_id !== null && row.score !== null && row.responded_at !== null
        ? { score: row.score, comment: row.comment, locale: row.locale, respondedAt: row.responded_at }
        : null,
  };
}

/**
 * Stores the answer of a link: inserts it, or updates it while the first answer is younger than
 * `editWindowMs`. One statement, so two racing submits cannot both insert. Null = answered and no longer
 * editable (nothing was written).
 */
export async function saveAnswer(
  db: Db,
  a: {
    linkId: number;
    surveyId: number;
    accountId: number;
    contactKey: string;
    score: number;
    comment: string | null;
    locale: string | null;
  },
  now: number,
  editWindowMs: number,
): Promise<{ respondedAt: number; updatedAt: number; first: boolean } | null> {
  const [rows] = await batchAll<[{ responded_at: number; updated_at: number; first: number }, never]>(db, [
    sql`INSERT INTO survey_responses (link_id, survey_id, account_id, contact_key, score, comment, locale, responded_at, updated_at)
        VALUES (${a.linkId}, ${a.surveyId}, ${a.accountId}, ${a.contactKey}, ${a.score}, ${a.comment}, ${a.locale}, ${now}, ${now})
        ON CONFLICT (link_id) DO UPDATE SET score = excluded.score, comment = excluded.comment,
          locale = excluded.locale, updated_at = excluded.updated_at
        WHERE survey_responses.responded_at > ${now - editWindowMs}
        RETURNING responded_at, updated_at, responded_at = updated_at AS first`,
    // The account's rescore is asked for in the same transaction, only when the answer was stored.
    rescoreRequestSql(
      a.accountId,
      now,
      sql`EXISTS (SELECT 1 FROM survey_responses WHERE link_id = ${a.linkId} AND updated_at = ${now})`,
    ),
  ]);
  const row = rows[0];
  return row ? { respondedAt: row.responded_at, updatedAt: row.updated_at, first: row.first === 1 } : null;
}

// ---------------------------------------------------------------------------------------------------
// Alerts

/**
 * Stores the alerts of an answer, one open alert per account and rule (an open one is left alone), assigned
 * to the account owner, and returns the ids of the alerts actually created (the ones to send by webhook).
 *
 * For an edited answer, `previous` holds the alerts the earlier answer raised: the open alert that earlier
 * answer created (same account and rule, same title and detail, so another respondent's alert is never
 * touched) is closed with `supersededNote` when the new answer no longer triggers its rule, and rewritten
 * to the new answer when it still does (no new alert, no new webhook); only rules the earlier answer did
 * not trigger raise new alerts. One batch, so an edit never leaves both alerts open.
 * @example const ids = await saveSurveyAlerts(db, accountId, { raised, previous, supersededNote }, utcDay(now), now)
 */
export async function saveSurveyAlerts(
  db: Db,
  accountId: number,
  alerts: { raised: RaisedAlert[]; previous: RaisedAlert[]; supersededNote: string },
  period: string,
  now: number,
): Promise<number[]> {
  const nextByRule = new Map(alerts.raised.map((a) => [a.ruleId, a]));
  const previousRules = new Set(alerts.previous.map((a) => a.ruleId));
  const earlier = (p: RaisedAlert) =>
    sql`account_id = ${accountId} AND rule_id = ${p.ruleId} AND status <> 'closed' AND title = ${p.title} AND detail = ${p.detail}`;
  const statements = alerts.previous.map((p) => {
    const next = nextByRule.get(p.ruleId);
    return next
      ? sql`UPDATE alerts SET title = ${next.title}, detail = ${next.detail}, updated_at = ${now} WHERE ${earlier(p)}`
      : sql`UPDATE alerts SET status = 'closed', closed_at = ${now}, close_note = ${alerts.supersededNote},
              snoozed_until = NULL, updated_at = ${now} WHERE ${earlier(p)}`;
  });
  const fresh = alerts.raised.filter((a) => !previousRules.has(a.ruleId));
  if (fresh.length > 0) {
    const raised = fresh.map((alert) => ({ accountId, alert }));
    statements.push(insertAlertsSql(raised, period, now), playbookTasksSql(raised, now, utcDay(now)));
  }
  const results = await batchAll<{ id: number }[]>(db, statements);
  // The alerts INSERT … RETURNING comes just before the playbook tasks.
  return fresh.length > 0 ? (results.at(-2) ?? []).map((r) => r.id) : [];
}

// ---------------------------------------------------------------------------------------------------
// Responses and summary

export interface ResponseFilters {
  group?: ScoreGroup;
  segment?: string;
  fromMs?: number;
  toMs?: number;
  beforeId?: number;
  limit: number;
}

/** The scores of a group on a survey's scale and direction, so the filter runs in SQL. */
function groupBounds(survey: SurveyRow, scale: { min: number; max: number }, group: ScoreGroup) {
  const scores: number[] = [];
  for (let s = scale.min; s <= scale.max; s++)
    if (scoreGroup(survey.type, s, scale, survey.direction) === group) scores.push(s);
  return scores;
}

/** One stored answer as the API lists it, before its follow-ups (which come from the alert rules) are added. */
export type StoredResponse = Omit<SurveyResponseDto, 'followUps'>;

/** A survey's answers, newest first, filtered by group, segment (latest snapshot) and time. */
export async function listResponses(
  db: Db,
  survey: SurveyRow,
  f: ResponseFilters,
): Promise<StoredResponse[]> {
  const scale = { min: survey.scaleMin, max: survey.scaleMax };
  const scores = f.group ? groupBounds(survey, scale, f.group) : null;
  const rows = await db.all<{
    id: number;
    link_id: number;
    external_id: string;
    account_name: string;
    contact_email: string | null;
    contact_name: string | null;
    contact_locale: string | null;
    score: number;
    comment: string | null;
    locale: string | null;
    responded_at: number;
    updated_at: number;
  }>(
    sql`SELECT r.id, r.link_id, a.external_id, a.name AS account_name, l.contact_email, l.contact_name, l.contact_locale,
               r.score, r.comment, r.locale, r.responded_at, r.updated_at
        FROM survey_responses r
        JOIN survey_links l ON l.id = r.link_id
        JOIN accounts a ON a.id = r.account_id
        WHERE r.survey_id = ${survey.id}
          ${scores ? sql`AND r.score IN (SELECT value FROM json_each(${JSON.stringify(scores)}))` : sql``}
          ${f.fromMs !== undefined ? sql`AND r.responded_at >= ${f.fromMs}` : sql``}
          ${f.toMs !== undefined ? sql`AND r.responded_at < ${f.toMs}` : sql``}
          ${f.beforeId ? sql`AND r.id < ${f.beforeId}` : sql``}
          ${
            f.segment
              ? sql`AND (SELECT s.segment_id FROM score_snapshots s WHERE s.account_id = r.account_id
                         ORDER BY s.period DESC LIMIT 1) = ${f.segment}`
              : sql``
          }
        ORDER BY r.id DESC LIMIT ${f.limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    linkId: r.link_id,
    accountExternalId: r.external_id,
    accountName: r.account_name,
    contact: contactOf(r.contact_email, r.contact_name, r.contact_locale),
    score: r.score,
    group: scoreGroup(survey.type, r.score, scale, survey.direction),
    comment: r.comment,
    locale: r.locale,
    respondedAt: new Date(r.responded_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

/** What `summarizeSurvey` needs for `[fromMs, toMs)`: the answers, links sent, and how many of those were answered. */
export async function summaryData(db: Db, surveyId: number, fromMs: number, toMs: number) {
  const [answers, sent] = await batchAll<
    [{ score: number; responded_at: number; contact_key: string }, { sent: number; answered: number }]
  >(db, [
    sql`SELECT score, responded_at, contact_key FROM survey_responses
        WHERE survey_id = ${surveyId} AND responded_at >= ${fromMs} AND responded_at < ${toMs}`,
    sql`SELECT count(*) AS sent, count(r.id) AS answered FROM survey_links l
        LEFT JOIN survey_responses r ON r.link_id = l.id
        WHERE l.survey_id = ${surveyId} AND l.created_at >= ${fromMs} AND l.created_at < ${toMs}`,
  ]);
  return {
    answers: answers.map(
      (a): SummaryAnswer => ({
        score: a.score,
        respondedAt: a.responded_at,
        contactId: a.contact_key === '' ? null : a.contact_key,
      }),
    ),
    sent: sent[0]?.sent ?? 0,
    answeredSent: sent[0]?.answered ?? 0,
  };
}

/**
 * A survey's answers of `[fromMs, toMs)` with their accounts, for the per-account results: one row per answer
 * (a person's earlier answers included; `resultsByAccount` keeps their latest).
 */
export async function accountAnswers(
  db: Db,
  surveyId: number,
  fromMs: number,
  toMs: number,
): Promise<AccountAnswer[]> {
  const rows = await db.all<{ account_id: number; score: number; responded_at: number; contact_key: string }>(
    sql`SELECT account_id, score, responded_at, contact_key FROM survey_responses
        WHERE survey_id = ${surveyId} AND responded_at >= ${fromMs} AND responded_at < ${toMs}`,
  );
  return rows.map((r) => ({
    accountId: r.account_id,
    score: r.score,
    respondedAt: r.responded_at,
    contactId: r.contact_key === '' ? null : r.contact_key,
  }));
}

/** External ids and names of accounts, by id. */
export async function accountNames(
  db: Db,
  ids: number[],
): Promise<Map<number, { externalId: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<{ id: number; external_id: string; name: string }>(
    sql`SELECT id, external_id, name FROM accounts WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
  );
  return new Map(rows.map((r) => [r.id, { externalId: r.external_id, name: r.name }]));
}

// ---------------------------------------------------------------------------------------------------
// Re-runs

/** Active surveys whose re-run is due at `now`. */
export async function dueSurveys(db: Db, now: number): Promise<SurveyRow[]> {
  return db
    .select()
    .from(surveys)
    .where(
      sql`${surveys.active} = 1 AND ${surveys.recurrenceDays} IS NOT NULL AND ${surveys.nextRunAt} IS NOT NULL AND ${surveys.nextRunAt} <= ${now}`,
    )
    .orderBy(surveys.id);
}

/**
 * Claims a due re-run: moves `nextRunAt` on, only if it still has the value read (so two overlapping crons
 * cannot both run it). True when this caller won.
 */
export async function claimRun(db: Db, survey: SurveyRow, nextRunAt: number, now: number): Promise<boolean> {
  const rows = await db
    .update(surveys)
    .set({ nextRunAt, updatedAt: now })
    .where(sql`${surveys.id} = ${survey.id} AND ${surveys.nextRunAt} = ${survey.nextRunAt}`)
    .returning({ id: surveys.id });
  return rows.length === 1;
}

export async function recordRun(db: Db, surveyId: number, result: SurveyRunResult) {
  await db
    .update(surveys)
    .set({ lastRun: JSON.stringify(result) })
    .where(eq(surveys.id, surveyId));
}
