import { type SQL, sql } from 'drizzle-orm';
import { mapAccountTraits, mapUserTraits, type NormalizedEvent } from '../../shared/ingest';
import type { Db } from '../common/db';
import { prepare } from '../common/raw-sql';

/** An accepted event with the source it came from. */
export interface SourcedEvent extends NormalizedEvent {
  sourceId: string;
}

const USAGE = sql.raw(`('track','page','screen')`);

/**
 * Rows handed to SQLite as one JSON parameter (D1 allows 100 bound parameters, not 100 rows). Arrays, not
 * objects: SQLite reads each field with `->>`, which is cheaper on a short array than on keyed objects.
 * The column order is EVENT_COLUMNS.
 */
function eventRows(events: SourcedEvent[]) {
  return events.map((e) => [
    e.sourceId,
    e.messageId,
    e.type,
    e.name,
    e.userId,
    e.anonymousId,
    e.accountId,
    e.featureKey,
    e.ts,
    e.day,
    e.receivedAt,
    e.durationMs,
    e.properties ? JSON.stringify(e.properties) : null,
  ]);
}
const EVENT_COLUMNS = ['s', 'm', 't', 'n', 'u', 'an', 'a', 'f', 'ts', 'd', 'r', 'dur', 'p'] as const;
// `value` is materialized once per row: read straight from json_each, every `->>` would re-render the row
// as text and parse it again (measured ~40 % of the INSERT's cost).
const EVENT_FIELDS = sql.raw(EVENT_COLUMNS.map((c, i) => `v ->> ${i} AS ${c}`).join(', '));

function featureRows(events: SourcedEvent[]) {
  const seen = new Map<string, { k: string; n: string; kind: string; mod: string | null; ts: number }>();
  for (const e of events) {
    if (!e.featureKey || seen.has(e.featureKey)) continue;
    seen.set(e.featureKey, {
      k: e.featureKey,
      n: e.featureName ?? e.featureKey,
      kind: e.type,
      mod: e.module,
      ts: e.ts,
    });
  }
  return [...seen.values()];
}

/** One merged trait patch per account from its group calls, applied in event-time order. */
function accountPatches(events: SourcedEvent[]) {
  const patches = new Map<string, { a: string; ts: number; traits: Record<string, unknown> }>();
  for (const e of events) {
    if (e.type !== 'group' || !e.accountId) continue;
    const prev = patches.get(e.accountId);
    patches.set(e.accountId, {
      a: e.accountId,
      ts: Math.max(prev?.ts ?? 0, e.ts),
      traits: { ...prev?.traits, ...e.traits },
    });
  }
  return [...patches.values()].map((p) => ({
    ...p,
    traits: JSON.stringify(p.traits),
    ...mapAccountTraits(p.traits),
  }));
}

function userPatches(events: SourcedEvent[]) {
  const patches = new Map<string, { u: string; ts: number; traits: Record<string, unknown> }>();
  for (const e of events) {
    if (e.type !== 'identify' || !e.userId) continue;
    const prev = patches.get(e.userId);
    patches.set(e.userId, {
      u: e.userId,
      ts: Math.max(prev?.ts ?? 0, e.ts),
      traits: { ...prev?.traits, ...e.traits },
    });
  }
  return [...patches.values()].map((p) => ({
    ...p,
    traits: JSON.stringify(p.traits),
    ...mapUserTraits(p.traits),
  }));
}

/** The latest account each user was seen with (group call, context.groupId or properties.accountId). */
function userLinks(events: SourcedEvent[]) {
  const links = new Map<string, { u: string; a: string; ts: number }>();
  for (const e of events) {
    if (!e.userId || !e.accountId) continue;
    const prev = links.get(e.userId);
    if (!prev || e.ts >= prev.ts) links.set(e.userId, { u: e.userId, a: e.accountId, ts: e.ts });
  }
  return [...links.values()];
}

function userIds(events: SourcedEvent[]) {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.userId) ids.add(e.userId);
    if (e.previousId) ids.add(e.previousId);
  }
  return [...ids];
}

const accountIds = (events: SourcedEvent[]) => [
  ...new Set(events.flatMap((e) => (e.accountId ? [e.accountId] : []))),
];
const json = (rows: unknown) => JSON.stringify(rows);

/**
 * How a chunk is applied. `ingest`: the queue consumer. `replay`: events re-read from the R2 archive by a
 * rebuild (replay-job.ts): they are not new receipts, so `source_days` is left alone, and the archive holds
 * no traits, so the trait patches are skipped (last-writer-wins state, not day rollups).
 */
export interface ApplyOptions {
  mode?: 'ingest' | 'replay';
  /** Statements run after the rollups, while the chunk's rows still carry the token (a replay's cursor). */
  before?: SQL[];
}

// Last writer wins by event time, so a late redelivery of an old group call cannot roll traits back.
const accountTraits = (sorted: SourcedEvent[]) =>
  sql`UPDATE accounts SET
        traits = json_patch(accounts.traits, g.traits),
        traits_updated_at = g.ts,
        name = coalesce(g.name, accounts.name),
        plan = coalesce(g.plan, accounts.plan),
        industry = coalesce(g.industry, accounts.industry),
        employees = coalesce(g.employees, accounts.employees),
        seats = coalesce(g.seats, accounts.seats),
        arr_cents = coalesce(g.arr_cents, accounts.arr_cents),
        mrr_cents = coalesce(g.mrr_cents, accounts.mrr_cents),
        currency = coalesce(g.currency, accounts.currency),
        contract_start_date = coalesce(g.contract_start_date, accounts.contract_start_date),
        renewal_date = coalesce(g.renewal_date, accounts.renewal_date),
        owner_email = coalesce(g.owner_email, accounts.owner_email)
      FROM (SELECT value ->> '$.a' AS a, value ->> '$.ts' AS ts,
                   value ->> '$.traits' AS traits, value ->> '$.name' AS name,
                   value ->> '$.plan' AS plan, value ->> '$.industry' AS industry,
                   value ->> '$.employees' AS employees, value ->> '$.seats' AS seats,
                   value ->> '$.arrCents' AS arr_cents, value ->> '$.mrrCents' AS mrr_cents,
                   value ->> '$.currency' AS currency,
                   value ->> '$.contractStartDate' AS contract_start_date,
                   value ->> '$.renewalDate' AS renewal_date,
                   value ->> '$.ownerEmail' AS owner_email
            FROM json_each(${json(accountPatches(sorted))})) AS g
      WHERE accounts.external_id = g.a AND g.ts >= coalesce(accounts.traits_updated_at, 0)`;

const userTraits = (sorted: SourcedEvent[]) =>
  sql`UPDATE users SET
        traits = json_patch(users.traits, p.traits),
        traits_updated_at = p.ts,
        name = coalesce(p.name, users.name),
        email = coalesce(p.email, users.email)
      FROM (SELECT value ->> '$.u' AS u, value ->> '$.ts' AS ts,
                   value ->> '$.traits' AS traits, value ->> '$.name' AS name,
                   value ->> '$.email' AS email
            FROM json_each(${json(userPatches(sorted))})) AS p
      WHERE users.external_id = p.u AND p.ts >= coalesce(users.traits_updated_at, 0)`;

/**
 * The rollups of the rows tagged with `token` (new rows, and older ones the `links` attribute to an
 * account), then the users' and accounts' last-seen times. Shared by the consumer and by a replay of raw
 * events still stored (replay-job.ts), so there is one rollup implementation.
 */
function rollupStatements(token: string, links: ReturnType<typeof userLinks>): SQL[] {
  return [
    // Events a user sent before any account was known are attributed once the user is linked.
    sql`UPDATE events SET account_id = (SELECT u.account_id FROM users u WHERE u.id = events.user_id), batch_token = ${token}
      WHERE account_id IS NULL AND user_id IN (
        SELECT u.id FROM users u WHERE u.account_id IS NOT NULL
          AND u.external_id IN (SELECT value FROM json_each(${json(links.map((l) => l.u))})))`,
    sql`INSERT INTO user_days (account_id, day, user_id, events, active_ms)
      SELECT account_id, day, user_id, count(*), coalesce(sum(duration_ms), 0) FROM events
      WHERE batch_token = ${token} AND account_id IS NOT NULL AND user_id IS NOT NULL AND type IN ${USAGE}
      GROUP BY account_id, day, user_id
      ON CONFLICT (account_id, day, user_id) DO UPDATE SET
        events = user_days.events + excluded.events, active_ms = user_days.active_ms + excluded.active_ms`,
    // Idempotent (a set), so redelivered or re-attributed rows add nothing twice.
    sql`INSERT INTO feature_day_users (account_id, day, feature_id, user_id)
      SELECT DISTINCT account_id, day, feature_id, user_id FROM events
      WHERE batch_token = ${token} AND account_id IS NOT NULL AND feature_id IS NOT NULL AND user_id IS NOT NULL
        AND type IN ${USAGE}
      ON CONFLICT DO NOTHING`,
    // Distinct users per feature-day are recounted from feature_day_users, which outlives raw events. max()
    // stays for days whose raw rows were purged before that table existed (its backfill could not see them).
    sql`INSERT INTO account_feature_days (account_id, feature_id, day, events, users, active_ms)
      SELECT b.account_id, b.feature_id, b.day, count(*),
        (SELECT count(*) FROM feature_day_users fu
          WHERE fu.account_id = b.account_id AND fu.day = b.day AND fu.feature_id = b.feature_id),
        coalesce(sum(b.duration_ms), 0)
      FROM events b
      WHERE b.batch_token = ${token} AND b.account_id IS NOT NULL AND b.feature_id IS NOT NULL AND b.type IN ${USAGE}
      GROUP BY b.account_id, b.day, b.feature_id
      ON CONFLICT (account_id, day, feature_id) DO UPDATE SET
        events = account_feature_days.events + excluded.events,
        active_ms = account_feature_days.active_ms + excluded.active_ms,
        users = max(account_feature_days.users, excluded.users)`,
    sql`INSERT INTO account_days (account_id, day, events, active_users, active_ms, features_used)
      SELECT b.account_id, b.day, count(*),
        (SELECT count(*) FROM user_days ud WHERE ud.account_id = b.account_id AND ud.day = b.day),
        coalesce(sum(b.duration_ms), 0),
        (SELECT count(*) FROM account_feature_days af WHERE af.account_id = b.account_id AND af.day = b.day)
      FROM events b
      WHERE b.batch_token = ${token} AND b.account_id IS NOT NULL AND b.type IN ${USAGE}
      GROUP BY b.account_id, b.day
      ON CONFLICT (account_id, day) DO UPDATE SET
        events = account_days.events + excluded.events,
        active_ms = account_days.active_ms + excluded.active_ms,
        active_users = excluded.active_users,
        features_used = excluded.features_used`,
    sql`UPDATE users SET
        last_seen_at = max(coalesce(users.last_seen_at, 0), x.last),
        activated_at = CASE WHEN users.activated_at IS NULL OR x.first < users.activated_at THEN x.first
                            ELSE users.activated_at END
      FROM (SELECT user_id, min(ts) AS first, max(ts) AS last FROM events
            WHERE batch_token = ${token} AND user_id IS NOT NULL AND type IN ${USAGE} GROUP BY user_id) AS x
      WHERE users.id = x.user_id`,
    sql`UPDATE accounts SET last_seen_at = max(coalesce(accounts.last_seen_at, 0), x.last)
      FROM (SELECT account_id, max(ts) AS last FROM events
            WHERE batch_token = ${token} AND account_id IS NOT NULL AND type IN ${USAGE} GROUP BY account_id) AS x
      WHERE accounts.id = x.account_id`,
  ];
}

const releaseToken = (token: string) =>
  sql`UPDATE events SET batch_token = NULL WHERE batch_token = ${token}`;

/**
 * The statements that apply a chunk of events, to run in ONE `db.batch` (a D1 transaction). Exactly-once:
 * raw events are inserted with ON CONFLICT (source, messageId) DO NOTHING and tagged with `token`; the rollups
 * are then computed only from rows carrying the token, so a redelivered message (already present) adds
 * nothing, and a failed transaction leaves nothing behind to double count on retry.
 */
export function applyEventsStatements(
  db: Db,
  events: SourcedEvent[],
  token: string,
  now: number,
  options: ApplyOptions = {},
) {
  const replay = options.mode === 'replay';
  const sorted = [...events].sort((x, y) => x.ts - y.ts);
  const links = userLinks(sorted);
  const statements: SQL[] = [
    sql`INSERT INTO features (key, name, kind, module, is_core, first_seen_at)
      SELECT value ->> '$.k', value ->> '$.n', value ->> '$.kind',
             value ->> '$.mod', 0, value ->> '$.ts'
      FROM json_each(${json(featureRows(sorted))}) WHERE true
      ON CONFLICT (key) DO NOTHING`,
    sql`INSERT INTO accounts (external_id, name, traits, created_at)
      SELECT value, value, '{}', ${now} FROM json_each(${json(accountIds(sorted))}) WHERE true
      ON CONFLICT (external_id) DO NOTHING`,
    ...(replay ? [] : [accountTraits(sorted)]),
    sql`INSERT INTO users (external_id, traits, created_at)
      SELECT value, '{}', ${now} FROM json_each(${json(userIds(sorted))}) WHERE true
      ON CONFLICT (external_id) DO NOTHING`,
    ...(replay ? [] : [userTraits(sorted)]),
    sql`UPDATE users SET account_id = a.id, linked_at = l.ts
      FROM (SELECT value ->> '$.u' AS u, value ->> '$.a' AS a, value ->> '$.ts' AS ts
            FROM json_each(${json(links)})) AS l
      JOIN accounts a ON a.external_id = l.a
      WHERE users.external_id = l.u AND l.ts >= coalesce(users.linked_at, 0)`,
    sql`INSERT INTO events (source_id, message_id, type, name, user_id, anonymous_id, account_id, feature_id,
                            ts, day, received_at, duration_ms, properties, batch_token)
      WITH r AS MATERIALIZED (SELECT value AS v FROM json_each(${json(eventRows(sorted))}))
      SELECT e.s, e.m, e.t, e.n, u.id, e.an, coalesce(a.id, u.account_id), f.id, e.ts, e.d, e.r, e.dur, e.p, ${token}
      FROM (SELECT ${EVENT_FIELDS} FROM r) AS e
      LEFT JOIN users u ON u.external_id = e.u
      LEFT JOIN accounts a ON a.external_id = e.a
      LEFT JOIN features f ON f.key = e.f
      WHERE true
      ON CONFLICT (source_id, message_id) DO NOTHING`,
    ...(replay
      ? []
      : [
          // Counted here, before the attribution below tags older rows with the token too: only the rows this batch
          // inserted carry it, so a redelivered message (already stored) counts nothing.
          sql`INSERT INTO source_days (source_id, day, events, last_received_at)
      SELECT source_id, strftime('%Y-%m-%d', received_at / 1000, 'unixepoch'), count(*), max(received_at)
      FROM events WHERE batch_token = ${token}
      GROUP BY 1, 2
      ON CONFLICT (source_id, day) DO UPDATE SET
        events = source_days.events + excluded.events,
        last_received_at = max(source_days.last_received_at, excluded.last_received_at)`,
        ]),
    ...rollupStatements(token, links),
    ...(options.before ?? []),
    releaseToken(token),
  ];
  return statements.map((s) => prepare(db, s));
}

/**
 * Re-applies raw events still stored, chosen by `tag` (an UPDATE setting `batch_token = token`), through
 * the same rollups as {@link applyEventsStatements}. For a rebuild whose rollups were cleared first:
 * nothing here checks that they were.
 */
export function reapplyStoredStatements(db: Db, tag: SQL, token: string, before: SQL[] = []) {
  return [tag, ...rollupStatements(token, []), ...before, releaseToken(token)].map((s) => prepare(db, s));
}

/** Applies a chunk of events atomically. */
export async function applyEvents(db: Db, events: SourcedEvent[], token: string, now: number): Promise<void> {
  if (events.length === 0) return;
  await db.$client.batch(applyEventsStatements(db, events, token, now));
}

/**
 * Deletes up to `limit` raw events received before `cutoff` (epoch ms); returns how many. One bounded
 * statement, so a purge of millions never runs long (the retention job calls it until fewer come back).
 */
export async function deleteRawEventsBefore(db: Db, cutoff: number, limit: number): Promise<number> {
  const result = await db.run(
    sql`DELETE FROM events WHERE id IN (SELECT id FROM events WHERE received_at < ${cutoff} LIMIT ${limit})`,
  );
  return result.meta.changes ?? 0;
}
