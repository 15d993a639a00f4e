import { type SQL, sql } from 'drizzle-orm';
import {
  ACCOUNT_NPS_DAYS,
  ACTIVITY_WEEKS,
  type AccountNps,
  type Contact,
  type ContactActivity,
  type ContactAnswer,
  type ContactRole,
} from '../../shared/contracts/contacts';
import { npsOver, scoreGroup } from '../../shared/surveys';
import type { SurveyDirection, SurveyType } from '../../shared/surveys/types';
import { addDays } from '../../shared/time';
import type { Db } from '../common/db';
import { batchAll, prepare } from '../common/raw-sql';

interface ContactRow {
  id: string;
  source: 'identified' | 'manual';
  email: string | null;
  name: string | null;
  title: string | null;
  roles: string;
  last_seen_at: number | null;
  deactivated: number;
  /** When their email was put on the suppression list (epoch ms), or null. */
  suppressed_at: number | null;
  /** `[[week, events, days], …]` of the last {@link ACTIVITY_WEEKS} weeks (week 0 ends today), or null. */
  weeks: string | null;
}

const DAY_MS = 86_400_000;

/** At most this many people per account page (largest accounts have thousands of users: the latest seen first). */
export const CONTACTS_LIMIT = 500;

// An identified user's title: a CSM's, else the first title-like trait identify sent.
const traitTitle = sql`coalesce(json_extract(u.traits, '$.title'), json_extract(u.traits, '$.jobTitle'),
  json_extract(u.traits, '$.job_title'), json_extract(u.traits, '$.role'))`;
const deactivated = sql`(json_extract(u.traits, '$.deactivated') IN (1, 'true')
  OR lower(json_extract(u.traits, '$.status')) = 'deactivated')`;

/**
 * Per user of the account, their activity weeks as JSON (`ContactRow.weeks`): one range of user_days' primary
 * key, grouped in SQL so a large account answers one row per person, not per day.
 */
const weeksCte = (accountId: number, today: string, userId?: number) => sql`w AS (
    SELECT user_id, json_group_array(json_array(wk, ev, days)) AS weeks FROM (
      SELECT d.user_id, CAST((julianday(${today}) - julianday(d.day)) / 7 AS INTEGER) AS wk, sum(d.events) AS ev,
        count(*) AS days
      FROM user_days d WHERE d.account_id = ${accountId} AND d.day > ${addDays(today, -7 * ACTIVITY_WEEKS)}
        AND d.day <= ${today} ${userId === undefined ? sql`` : sql`AND d.user_id = ${userId}`}
      GROUP BY 1, 2)
    GROUP BY user_id)`;

/** The weeks' JSON as a trend: events per week oldest first, active days of the last 4 weeks and the 4 before. */
function toActivity(weeks: string | null): ContactActivity {
  const weeklyEvents: number[] = new Array(ACTIVITY_WEEKS).fill(0);
  let activeDays = 0;
  let priorActiveDays = 0;
  for (const [wk, events, days] of JSON.parse(weeks ?? '[]') as [number, number, number][]) {
    if (wk < 0 || wk >= ACTIVITY_WEEKS) continue;
    weeklyEvents[ACTIVITY_WEEKS - 1 - wk] = events;
    if (wk < 4) activeDays += days;
    else priorActiveDays += days;
  }
  return { weeklyEvents, activeDays, priorActiveDays };
}

const toContact = (r: ContactRow, latestAnswer: ContactAnswer | null = null): Contact => ({
  id: r.id,
  source: r.source,
  email: r.email,
  name: r.name,
  title: r.title === null ? null : String(r.title),
  roles: JSON.parse(r.roles) as ContactRole[],
  lastSeenAt: r.last_seen_at === null ? null : new Date(r.last_seen_at).toISOString(),
  active: r.deactivated !== 1,
  activity: r.source === 'identified' ? toActivity(r.weeks) : null,
  latestAnswer,
  suppressed:
    r.suppressed_at === null
      ? null
      : { reason: 'unsubscribed', since: new Date(r.suppressed_at).toISOString() },
});

/** The time an address was suppressed, as a column (a primary-key lookup per row). */
const suppressedAt = (email: SQL) =>
  sql`(SELECT s.created_at FROM mail_suppressions s WHERE s.email = lower(${email})) AS suppressed_at`;

interface AnswerRow {
  contact_key: string;
  survey_id: number;
  survey_name: string;
  type: SurveyType;
  scale_min: number;
  scale_max: number;
  direction: SurveyDirection;
  score: number;
  comment: string | null;
  responded_at: number;
}

/**
 * The latest answer of each person of an account (personal links: the answer's contact key is the person's
 * lower-cased email), any survey; one row per person, chosen in SQL.
 */
const latestAnswersSql = (accountId: number, emailKey?: string) => sql`SELECT * FROM (
    SELECT r.contact_key, r.survey_id, s.name AS survey_name, s.type, s.scale_min, s.scale_max, s.direction,
      r.score, r.comment, r.responded_at,
      row_number() OVER (PARTITION BY r.contact_key ORDER BY r.responded_at DESC, r.id DESC) AS n
    FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
    WHERE r.account_id = ${accountId} AND r.contact_key ${emailKey === undefined ? sql`<> ''` : sql`= ${emailKey}`})
  WHERE n = 1`;

function toAnswer(r: AnswerRow): ContactAnswer {
  const scale = { min: r.scale_min, max: r.scale_max };
  return {
    surveyId: r.survey_id,
    surveyName: r.survey_name,
    type: r.type,
    score: r.score,
    scale,
    group: scoreGroup(r.type, r.score, scale, r.direction),
    comment: r.comment,
    answeredAt: new Date(r.responded_at).toISOString(),
  };
}

const answerOf = (answers: Map<string, ContactAnswer>, email: string | null) =>
  email ? (answers.get(email.toLowerCase()) ?? null) : null;

/**
 * The account's people: identified users with an email (their CSM-set name, title and roles over identify's),
 * then contacts added by hand; people with a role first, then the most recently seen, each with their latest
 * survey answer. Activity weeks end on `today` (UTC). `nps` is the account's NPS from its people's latest NPS
 * answers of the last {@link ACCOUNT_NPS_DAYS} days before `now` (epoch ms). One round trip.
 * @example await listContacts(db, 12, '2026-05-01', Date.now())
 */
export async function listContacts(
  db: Db,
  accountId: number,
  today: string,
  now: number,
): Promise<{ items: Contact[]; nps: AccountNps | null }> {
  const [rows, answers, nps] = await batchAll<
    [ContactRow, AnswerRow, { score: number; responded_at: number; contact_key: string }]
  >(db, [
    sql`WITH ${weeksCte(accountId, today)} SELECT * FROM (
      SELECT 'u' || u.id AS id, 'identified' AS source, u.email, coalesce(c.name, u.name) AS name,
        coalesce(c.title, ${traitTitle}) AS title, coalesce(c.roles, '[]') AS roles, u.last_seen_at,
        CASE WHEN json_valid(u.traits) AND ${deactivated} THEN 1 ELSE 0 END AS deactivated, w.weeks,
        ${suppressedAt(sql`u.email`)}
      FROM users u LEFT JOIN contacts c ON c.user_id = u.id AND c.account_id = u.account_id
        LEFT JOIN w ON w.user_id = u.id
      WHERE u.account_id = ${accountId} AND u.email IS NOT NULL
      UNION ALL
      SELECT 'c' || c.id, 'manual', c.email, c.name, c.title, c.roles, NULL, 0, NULL, ${suppressedAt(sql`c.email`)}
      FROM contacts c WHERE c.account_id = ${accountId} AND c.user_id IS NULL)
    ORDER BY roles = '[]', last_seen_at IS NULL, last_seen_at DESC, name, id
    LIMIT ${CONTACTS_LIMIT}`,
    latestAnswersSql(accountId),
    // The account's NPS answers of the window, every respondent: people once each (npsOver keeps their latest).
    sql`SELECT r.score, r.responded_at, r.contact_key FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
      WHERE r.account_id = ${accountId} AND s.type = 'nps' AND r.responded_at > ${now - ACCOUNT_NPS_DAYS * DAY_MS}
        AND r.responded_at <= ${now}`,
  ]);
  const byEmail = new Map(answers.map((a) => [a.contact_key, toAnswer(a)]));
  const counted = npsOver(
    nps.map((r) => ({
      score: r.score,
      respondedAt: r.responded_at,
      contactId: r.contact_key === '' ? null : r.contact_key,
    })),
  );
  return {
    items: rows.map((r) => toContact(r, answerOf(byEmail, r.email))),
    nps: counted
      ? {
          nps: counted.nps,
          respondents: counted.responses,
          promoters: counted.promoters,
          passives: counted.passives,
          detractors: counted.detractors,
          days: ACCOUNT_NPS_DAYS,
        }
      : null,
  };
}

/** One contact by id (`u<n>` / `c<n>`) with the account it belongs to, or null; activity weeks end on `today`. */
export async function getContact(
  db: Db,
  id: string,
  today: string,
): Promise<(Contact & { accountId: number }) | null> {
  const n = Number(id.slice(1));
  const rows = await db.all<ContactRow & { account_id: number }>(
    id.startsWith('u')
      ? sql`SELECT 'u' || u.id AS id, 'identified' AS source, u.email, coalesce(c.name, u.name) AS name,
            coalesce(c.title, ${traitTitle}) AS title, coalesce(c.roles, '[]') AS roles, u.last_seen_at,
            CASE WHEN json_valid(u.traits) AND ${deactivated} THEN 1 ELSE 0 END AS deactivated, u.account_id,
            ${suppressedAt(sql`u.email`)}
          FROM users u LEFT JOIN contacts c ON c.user_id = u.id AND c.account_id = u.account_id WHERE u.id = ${n} AND u.email IS NOT NULL
            AND u.account_id IS NOT NULL`
      : sql`SELECT 'c' || c.id AS id, 'manual' AS source, c.email, c.name, c.title, c.roles,
            NULL AS last_seen_at, 0 AS deactivated, c.account_id, NULL AS weeks, ${suppressedAt(sql`c.email`)}
          FROM contacts c WHERE c.id = ${n} AND c.user_id IS NULL`,
  );
  const r = rows[0];
  if (!r) return null;
  const email = r.email?.toLowerCase();
  const [weeks, answers] = await batchAll<[{ weeks: string }, AnswerRow]>(db, [
    r.source === 'identified'
      ? sql`WITH ${weeksCte(r.account_id, today, n)} SELECT weeks FROM w`
      : sql`SELECT NULL AS weeks WHERE 0`,
    email ? latestAnswersSql(r.account_id, email) : sql`SELECT NULL WHERE 0`,
  ]);
  if (r.source === 'identified') r.weeks = weeks[0]?.weeks ?? null;
  return { ...toContact(r, answers[0] ? toAnswer(answers[0]) : null), accountId: r.account_id };
}

/** The insert of a contact added by hand, returning its id, as a batchable statement. */
export function insertManualContact(
  db: Db,
  c: { accountId: number; email: string | null; name: string; title: string | null; roles: ContactRole[] },
  now: number,
) {
  return prepare(
    db,
    sql`INSERT INTO contacts (account_id, user_id, email, name, title, roles, created_at, updated_at)
      VALUES (${c.accountId}, NULL, ${c.email}, ${c.name}, ${c.title}, ${JSON.stringify(c.roles)}, ${now}, ${now})
      RETURNING id`,
  );
}

/**
 * The update of a contact's roles, name or title as a batchable statement: an identified user's CSM row is
 * created on its first change (only the fields given are set; null clears a CSM value).
 */
export function updateContact(
  db: Db,
  id: string,
  patch: { roles?: ContactRole[]; name?: string | null; title?: string | null },
  now: number,
) {
  const n = Number(id.slice(1));
  const roles = patch.roles === undefined ? null : JSON.stringify(patch.roles);
  const set = (col: string, v: string | null | undefined) =>
    v === undefined ? sql`` : sql`, ${sql.identifier(col)} = ${v}`;
  if (id.startsWith('c'))
    return prepare(
      db,
      sql`UPDATE contacts SET updated_at = ${now}${set('roles', roles ?? undefined)}${set('name', patch.name)}${set('title', patch.title)}
        WHERE id = ${n} AND user_id IS NULL`,
    );
  // A field the patch leaves out keeps its value, unless the person moved to another account since: then the
  // row starts afresh there (the old account's row was what told it that they left).
  const keep = (col: string, given: boolean) =>
    sql`${sql.identifier(col)} = CASE WHEN contacts.account_id IS NOT excluded.account_id OR ${given ? 1 : 0}
      THEN excluded.${sql.identifier(col)} ELSE contacts.${sql.identifier(col)} END`;
  return prepare(
    db,
    sql`INSERT INTO contacts (account_id, user_id, email, name, title, roles, created_at, updated_at)
      SELECT u.account_id, u.id, u.email, ${patch.name ?? null}, ${patch.title ?? null}, ${roles ?? '[]'}, ${now}, ${now}
      FROM users u WHERE u.id = ${n} AND u.account_id IS NOT NULL
      ON CONFLICT (user_id) WHERE user_id IS NOT NULL DO UPDATE SET updated_at = ${now},
        ${keep('roles', patch.roles !== undefined)}, ${keep('name', patch.name !== undefined)},
        ${keep('title', patch.title !== undefined)}, account_id = excluded.account_id`,
  );
}

/** A person a survey may ask, with what decides whether it can (`deactivated`, `email`). */
export interface SurveyPerson {
  id: string;
  accountId: number;
  accountExternalId: string;
  email: string | null;
  name: string | null;
  /** The `locale` trait identify sent, unchecked. */
  locale: unknown;
  deactivated: boolean;
}

/**
 * The people a survey asks: contacts by id, or those of `accountIds` (null = every account) holding one of
 * `roles` (when given), deactivated ones and hand-added ones without an email included (the caller reports
 * them). Ids, account ids and roles travel as JSON parameters. At most `limit` rows, by account then id.
 * @example await surveyPeople(db, { accountIds: [3], roles: ['champion'] }, 5001)
 */
export async function surveyPeople(
  db: Db,
  sel: { ids: string[] } | { accountIds: number[] | null; roles: ContactRole[] | null },
  limit: number,
): Promise<SurveyPerson[]> {
  const inJson = (col: SQL, values: unknown[]) =>
    sql`${col} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
  const numbers = (prefix: string) =>
    'ids' in sel ? sel.ids.filter((id) => id.startsWith(prefix)).map((id) => Number(id.slice(1))) : [];
  const scope = (accountCol: SQL, rolesCol: SQL, idCol: SQL, prefix: string) => {
    if ('ids' in sel) return inJson(idCol, numbers(prefix));
    const accounts = sel.accountIds ? inJson(accountCol, sel.accountIds) : sql`1`;
    const roles = sel.roles
      ? sql`EXISTS (SELECT 1 FROM json_each(coalesce(${rolesCol}, '[]')) r WHERE ${inJson(sql`r.value`, sel.roles)})`
      : sql`1`;
    return sql`${accounts} AND ${roles}`;
  };
  const rows = await db.all<{
    id: string;
    account_id: number;
    external_id: string;
    email: string | null;
    name: string | null;
    locale: unknown;
    deactivated: number;
  }>(sql`SELECT 'u' || u.id AS id, u.account_id, a.external_id, u.email, coalesce(c.name, u.name) AS name,
        CASE WHEN json_valid(u.traits) THEN json_extract(u.traits, '$.locale') END AS locale,
        CASE WHEN json_valid(u.traits) AND ${deactivated} THEN 1 ELSE 0 END AS deactivated
      FROM users u JOIN accounts a ON a.id = u.account_id
        LEFT JOIN contacts c ON c.user_id = u.id AND c.account_id = u.account_id
      WHERE u.email IS NOT NULL AND ${scope(sql`u.account_id`, sql`c.roles`, sql`u.id`, 'u')}
    UNION ALL
    SELECT 'c' || c.id, c.account_id, a.external_id, c.email, c.name, NULL, 0
      FROM contacts c JOIN accounts a ON a.id = c.account_id
      WHERE c.user_id IS NULL AND ${scope(sql`c.account_id`, sql`c.roles`, sql`c.id`, 'c')}
    ORDER BY account_id, id LIMIT ${limit}`);
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    accountExternalId: r.external_id,
    email: r.email,
    name: r.name,
    locale: r.locale,
    deactivated: r.deactivated === 1,
  }));
}

/** Where an identified person is now: their account and whether they were deactivated. */
export interface PersonStanding {
  email: string;
  accountId: number | null;
  deactivated: boolean;
}

/**
 * The identified users with one of `emails` (compared lower-cased), wherever they are now: one row per user.
 * An email absent from the answer belongs to no identified user (a hand-added or CSV contact). One scan of
 * `users`, the emails travelling as one JSON parameter.
 * @example await personStandings(db, ['li@acme.test']) // [{ email: 'li@acme.test', accountId: 3, deactivated: true }]
 */
export async function personStandings(db: Db, emails: readonly string[]): Promise<PersonStanding[]> {
  if (emails.length === 0) return [];
  const rows = await db.all<{ email: string; account_id: number | null; deactivated: number }>(sql`
    SELECT lower(u.email) AS email, u.account_id,
      CASE WHEN json_valid(u.traits) AND ${deactivated} THEN 1 ELSE 0 END AS deactivated
    FROM users u
    WHERE u.email IS NOT NULL AND lower(u.email) IN (SELECT value FROM json_each(${JSON.stringify(emails)}))`);
  return rows.map((r) => ({ email: r.email, accountId: r.account_id, deactivated: r.deactivated === 1 }));
}
