import { type SQL, sql } from 'drizzle-orm';
import type { TimelineItem, TimelinePage } from '../../shared/contracts/accounts';
import type { SurveyDirection, SurveyType } from '../../shared/surveys/types';
import { decodeCursor, encodeCursor } from '../common/cursor';
import type { Db } from '../common/db';
import { batchAll } from '../common/raw-sql';
import type { FollowUpsOf } from '../surveys/follow-ups';

/** Position in the timeline: epoch ms and the entry id (ties at the same millisecond are ordered by id). */
export type TimelineCursor = [at: number, id: string];

/**
 * Opaque `before` cursor of `[at, id]` (see ./cursor.ts).
 * @example encodeTimelineCursor([1767225600000, 'touchpoint:000000000042'])
 */
export function encodeTimelineCursor(cursor: TimelineCursor): string {
  return encodeCursor(cursor);
}

/**
 * The cursor of a `before` value, or null when it is not one.
 * @example decodeTimelineCursor(encodeTimelineCursor([0, 'a'])) // [0, 'a']
 */
export function decodeTimelineCursor(text: string): TimelineCursor | null {
  const value = decodeCursor(text);
  return Array.isArray(value) &&
    value.length === 2 &&
    Number.isSafeInteger(value[0]) &&
    typeof value[1] === 'string'
    ? [value[0] as number, value[1]]
    : null;
}

interface EntryRow {
  at: number;
  id: string;
  kind: TimelineItem['kind'];
  actor: string | null;
  detail: string | null;
  meta: string;
}

/**
 * One source of entries: the newest `limit` of the account before the cursor. Each source is limited on
 * its own index (account, time) so a long history is never sorted whole.
 */
function source(select: SQL, from: SQL, at: SQL, id: SQL, cursor: TimelineCursor | null, limit: number): SQL {
  const before = cursor ? sql`AND (${at}, ${id}) < (${cursor[0]}, ${cursor[1]})` : sql``;
  return sql`SELECT ${at} AS at, ${id} AS id, ${select} ${from} ${before} ORDER BY 1 DESC, 2 DESC LIMIT ${limit}`;
}

/**
 * An account's timeline, newest first: touchpoints, tier changes, alerts raised and closed, ratings,
 * overrides set and cleared, survey answers, and tasks created and completed, merged from one D1 batch (each source contributes at most `limit + 1` rows).
 */
export async function accountTimeline(
  db: Db,
  accountId: number,
  opts: { limit: number; before: TimelineCursor | null },
): Promise<TimelinePage> {
  const n = opts.limit + 1;
  const c = opts.before;
  const pad = (col: SQL) => sql`printf('%012d', ${col})`;
  // A task made from an alert, still titled as the alert, shows the alert's title in the reader's language.
  const alertTaskMessages = sql`(SELECT json(x.messages) FROM alerts x WHERE x.id = tasks.alert_id AND x.title = tasks.title)`;
  const sources = [
    source(
      sql`'touchpoint' AS kind, author_email AS actor, body AS detail,
          json_object('touchpointId', id, 'touchpointKind', kind, 'summary', summary) AS meta`,
      sql`FROM touchpoints WHERE account_id = ${accountId}`,
      sql`occurred_at`,
      sql`'touchpoint:' || ${pad(sql`id`)}`,
      c,
      n,
    ),
    source(
      sql`'tier_change' AS kind, NULL AS actor, NULL AS detail,
          json_object('period', period, 'transition', kind, 'fromTier', from_tier, 'toTier', to_tier,
                      'fromScore', from_score, 'toScore', to_score) AS meta`,
      sql`FROM tier_transitions WHERE account_id = ${accountId}`,
      sql`created_at`,
      sql`'tier:' || period`,
      c,
      n,
    ),
    source(
      sql`'alert' AS kind, NULL AS actor, detail,
          json_object('alertId', id, 'ruleId', rule_id, 'severity', severity, 'status', status, 'title', title,
                      'event', 'raised', 'messages', json(messages)) AS meta`,
      sql`FROM alerts WHERE account_id = ${accountId}`,
      sql`created_at`,
      sql`'alert:' || ${pad(sql`id`)} || ':raised'`,
      c,
      n,
    ),
    source(
      sql`'alert' AS kind, NULL AS actor, close_note AS detail,
          json_object('alertId', id, 'ruleId', rule_id, 'severity', severity, 'status', status, 'title', title,
                      'event', 'closed', 'messages', json(messages)) AS meta`,
      sql`FROM alerts WHERE account_id = ${accountId} AND closed_at IS NOT NULL`,
      sql`closed_at`,
      sql`'alert:' || ${pad(sql`id`)} || ':closed'`,
      c,
      n,
    ),
    source(
      sql`'rating' AS kind, rated_by AS actor, comment AS detail,
          json_object('ratingId', id, 'stars', stars, 'expiresAt', expires_at) AS meta`,
      sql`FROM csm_ratings WHERE account_id = ${accountId}`,
      sql`rated_at`,
      sql`'rating:' || ${pad(sql`id`)}`,
      c,
      n,
    ),
    source(
      sql`'override' AS kind, created_by AS actor, reason AS detail,
          json_object('overrideId', id, 'tier', tier, 'score', score, 'expiresAt', expires_at, 'event', 'set') AS meta`,
      sql`FROM health_overrides WHERE account_id = ${accountId}`,
      sql`created_at`,
      sql`'override:' || ${pad(sql`id`)} || ':set'`,
      c,
      n,
    ),
    source(
      sql`'override' AS kind, NULL AS actor, NULL AS detail,
          json_object('overrideId', id, 'tier', tier, 'score', score, 'expiresAt', expires_at, 'event', 'cleared') AS meta`,
      sql`FROM health_overrides WHERE account_id = ${accountId} AND cleared_at IS NOT NULL`,
      sql`cleared_at`,
      sql`'override:' || ${pad(sql`id`)} || ':cleared'`,
      c,
      n,
    ),
    source(
      sql`'survey' AS kind, NULL AS actor, r.comment AS detail,
          json_object('responseId', r.id, 'surveyId', s.id, 'surveyName', s.name, 'surveyType', s.type, 'score', r.score,
                      'scaleMin', s.scale_min, 'scaleMax', s.scale_max, 'surveyDirection', s.direction, 'contactEmail', l.contact_email,
                      'contactName', l.contact_name) AS meta`,
      sql`FROM survey_responses r JOIN surveys s ON s.id = r.survey_id JOIN survey_links l ON l.id = r.link_id
          WHERE r.account_id = ${accountId}`,
      sql`r.responded_at`,
      sql`'survey:' || ${pad(sql`r.id`)}`,
      c,
      n,
    ),
    source(
      sql`'task' AS kind, created_by AS actor, NULL AS detail,
          json_object('taskId', id, 'title', title, 'alertId', alert_id, 'source', source, 'ownerEmail', owner_email,
                      'dueDate', due_date, 'event', 'created', 'alertMessages', ${alertTaskMessages}) AS meta`,
      sql`FROM tasks WHERE account_id = ${accountId}`,
      sql`created_at`,
      sql`'task:' || ${pad(sql`id`)} || ':created'`,
      c,
      n,
    ),
    source(
      sql`'task' AS kind, owner_email AS actor, NULL AS detail,
          json_object('taskId', id, 'title', title, 'alertId', alert_id, 'source', source, 'ownerEmail', owner_email,
                      'dueDate', due_date, 'event', 'completed', 'alertMessages', ${alertTaskMessages}) AS meta`,
      sql`FROM tasks WHERE account_id = ${accountId} AND completed_at IS NOT NULL`,
      sql`completed_at`,
      sql`'task:' || ${pad(sql`id`)} || ':completed'`,
      c,
      n,
    ),
  ];
  // One statement per source in one batch (one round trip): D1 allows at most 5 terms in a compound
  // SELECT, and merging at most 10 × (limit + 1) rows here is cheap.
  const results = await batchAll<EntryRow[]>(db, sources);
  const rows = results
    .flat()
    .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, n);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextBefore: rows.length > opts.limit && last ? encodeTimelineCursor([last.at, last.id]) : null,
  };
}

function toItem(r: EntryRow): TimelineItem {
  const meta = JSON.parse(r.meta) as Record<string, unknown>;
  const expiresAt = typeof meta.expiresAt === 'number' ? new Date(meta.expiresAt).toISOString() : null;
  if ('expiresAt' in meta) meta.expiresAt = expiresAt;
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    kind: r.kind,
    title: titleOf(r.kind, meta),
    detail: r.detail,
    actor: r.actor,
    meta,
  };
}

/**
 * The page with each survey answer's follow-ups (`meta.followUps`) from rules loaded once, as the survey's
 * own answer list shows them.
 */
export function withSurveyFollowUps(page: TimelinePage, followUpsOf: FollowUpsOf): TimelinePage {
  const items = page.items.map((item) => {
    if (item.kind !== 'survey') return item;
    const m = item.meta as {
      surveyType: SurveyType;
      scaleMin: number;
      scaleMax: number;
      surveyDirection: SurveyDirection;
      score: number;
    };
    const survey = {
      type: m.surveyType,
      scale: { min: m.scaleMin, max: m.scaleMax },
      direction: m.surveyDirection,
    };
    return { ...item, meta: { ...item.meta, followUps: followUpsOf({ survey, score: m.score }) } };
  });
  return { ...page, items };
}

/** A one-line English title; the SPA may build its own (translated) from `kind` and `meta`. */
function titleOf(kind: TimelineItem['kind'], meta: Record<string, unknown>): string {
  switch (kind) {
    case 'touchpoint':
      return String(meta.summary);
    case 'tier_change':
      return `Tier ${meta.fromTier} → ${meta.toTier} (${meta.transition})`;
    case 'alert':
      return meta.event === 'closed' ? `Alert closed: ${meta.title}` : String(meta.title);
    case 'rating':
      return `Rated ${meta.stars}/5`;
    case 'survey':
      return `${String(meta.surveyType).toUpperCase()} answer ${meta.score} of ${meta.scaleMax}${meta.contactEmail ? ` from ${meta.contactEmail}` : ''}`;
    case 'override':
      return meta.event === 'cleared' ? `Override to ${meta.tier} cleared` : `Override to ${meta.tier}`;
    case 'task':
      return meta.event === 'completed' ? `Task done: ${meta.title}` : `Task: ${meta.title}`;
  }
}
