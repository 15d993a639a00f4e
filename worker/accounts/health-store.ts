import { and, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import {
  accounts,
  csmRatings,
  customMetrics,
  healthOverrides,
  scoreSnapshots,
  tierTransitions,
} from '../../drizzle/schema';
import { DEFAULT_TIERS } from '../../shared/health';
import { isoOrNull } from '../../shared/time';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';
import { batchAll } from '../common/raw-sql';
import { winsAndSaves } from '../dashboard/wins-store';
import { computedScoreSql } from '../scoring/compaction-store';
import { latestRunPeriodSql } from '../scoring/snapshots-store';
import { getTransitionSettings } from '../settings/store';

export async function accountIdOf(db: Db, externalId: string): Promise<number | null> {
  const row = await db.query.accounts.findFirst({
    where: eq(accounts.externalId, externalId),
    columns: { id: true },
  });
  return row?.id ?? null;
}

/** An account's internal id and CSM owner email, or null for an unknown external id. */
export async function accountOwnerOf(
  db: Db,
  externalId: string,
): Promise<{ id: number; ownerEmail: string | null } | null> {
  const row = await db.query.accounts.findFirst({
    where: eq(accounts.externalId, externalId),
    columns: { id: true, ownerEmail: true },
  });
  return row ?? null;
}

/** The account's latest snapshot as the API's `health` object, or null before its first scoring. */
export async function latestHealth(db: Db, accountId: number) {
  const s = await db.query.scoreSnapshots.findFirst({
    where: eq(scoreSnapshots.accountId, accountId),
    orderBy: desc(scoreSnapshots.period),
  });
  if (!s) return null;
  const version = await db.get<{ model_id: string; version: number } | undefined>(
    sql`SELECT model_id, version FROM model_versions WHERE id = ${s.modelVersionId}`,
  );
  const measures = JSON.parse(s.measures) as {
    key: string;
    label: string;
    raw: number | null;
    benchmark: number | null;
    points: number | null;
    weight: number;
    effectiveWeight: number;
    contribution: number;
    missing: boolean;
  }[];
  return {
    score: s.score,
    tier: s.tier,
    computedScore: s.computedScore,
    computedTier: s.computedTier,
    overridden: s.overridden,
    insufficientData: s.insufficientData,
    segment: s.segmentId,
    modelId: version?.model_id ?? null,
    modelVersion: version?.version ?? null,
    modelVersionId: s.modelVersionId,
    period: s.period,
    computedAt: new Date(s.computedAt).toISOString(),
    coverage: s.coverage,
    dimensions: (JSON.parse(s.dimensions) as { key: string; label: string; score: number | null }[]).map(
      (d) => ({
        key: d.key,
        label: d.label,
        score: d.score,
      }),
    ),
    measures: measures.map((m) => ({
      key: m.key,
      label: m.label,
      raw: m.raw,
      benchmark: m.benchmark,
      points: m.points,
      weight: m.weight,
      effectiveWeight: m.effectiveWeight,
      contribution: m.contribution,
      missing: m.missing,
    })),
    // A compact (history) row stores none: ''.
    improvements: s.improvements ? (JSON.parse(s.improvements) as unknown[]) : [],
  };
}

/** The config (JSON) of the model version that last scored the account, or null when it was never scored. */
export async function lastScoringModelConfig(db: Db, accountId: number): Promise<string | null> {
  const last = await db.get<{ config: string } | undefined>(sql`SELECT v.config FROM score_snapshots s
    JOIN model_versions v ON v.id = s.model_version_id
    WHERE s.account_id = ${accountId} ORDER BY s.period DESC LIMIT 1`);
  return last?.config ?? null;
}

/** Score history per period since `sinceDay`, with the transitions that happened. */
export async function healthHistory(db: Db, accountId: number, sinceDay: string) {
  const [snaps, transitions] = await db.batch([
    db
      .select({
        period: scoreSnapshots.period,
        score: scoreSnapshots.score,
        tier: scoreSnapshots.tier,
        // History rows are compact (NULL when equal to the score).
        computedScore: sql<number | null>`${computedScoreSql('score_snapshots')}`,
        overridden: scoreSnapshots.overridden,
        insufficientData: scoreSnapshots.insufficientData,
      })
      .from(scoreSnapshots)
      .where(and(eq(scoreSnapshots.accountId, accountId), gte(scoreSnapshots.period, sinceDay)))
      .orderBy(scoreSnapshots.period),
    db
      .select({
        period: tierTransitions.period,
        kind: tierTransitions.kind,
        fromTier: tierTransitions.fromTier,
        toTier: tierTransitions.toTier,
      })
      .from(tierTransitions)
      .where(and(eq(tierTransitions.accountId, accountId), gte(tierTransitions.period, sinceDay)))
      .orderBy(tierTransitions.period),
  ]);
  return { items: snaps, transitions };
}

export async function insertRating(
  db: Db,
  input: {
    accountId: number;
    externalId: string;
    stars: number;
    comment: string | null;
    expiresAt: number | null;
    actor: string;
    now: number;
  },
) {
  const [rows] = await db.batch([
    db
      .insert(csmRatings)
      .values({
        accountId: input.accountId,
        stars: input.stars,
        comment: input.comment,
        ratedBy: input.actor,
        ratedAt: input.now,
        expiresAt: input.expiresAt,
      })
      .returning(),
    auditInsert(
      db,
      {
        actor: input.actor,
        action: 'rating.create',
        entity: 'account',
        entityId: input.externalId,
        details: { stars: input.stars, comment: input.comment },
      },
      input.now,
    ),
  ]);
  const r = rows[0]!;
  return {
    id: r.id,
    stars: r.stars,
    comment: r.comment,
    ratedBy: r.ratedBy,
    ratedAt: isoOrNull(r.ratedAt),
    expiresAt: isoOrNull(r.expiresAt),
  };
}

export async function insertOverride(
  db: Db,
  input: {
    accountId: number;
    externalId: string;
    tier: string;
    score: number | null;
    reason: string;
    expiresAt: number;
    actor: string;
    now: number;
  },
) {
  const [, rows] = await db.batch([
    // One active override per account: a new one replaces the previous.
    db
      .update(healthOverrides)
      .set({ clearedAt: input.now })
      .where(and(eq(healthOverrides.accountId, input.accountId), isNull(healthOverrides.clearedAt))),
    db
      .insert(healthOverrides)
      .values({
        accountId: input.accountId,
        tier: input.tier,
        score: input.score,
        reason: input.reason,
        createdBy: input.actor,
        createdAt: input.now,
        expiresAt: input.expiresAt,
      })
      .returning(),
    auditInsert(
      db,
      {
        actor: input.actor,
        action: 'override.create',
        entity: 'account',
        entityId: input.externalId,
        details: { tier: input.tier, score: input.score, reason: input.reason, expiresAt: input.expiresAt },
      },
      input.now,
    ),
  ]);
  const o = rows[0]!;
  return {
    id: o.id,
    tier: o.tier,
    score: o.score,
    reason: o.reason,
    createdBy: o.createdBy,
    createdAt: isoOrNull(o.createdAt),
    expiresAt: isoOrNull(o.expiresAt),
  };
}

export async function clearOverride(
  db: Db,
  accountId: number,
  externalId: string,
  actor: string,
  now: number,
): Promise<boolean> {
  const active = await db.query.healthOverrides.findFirst({
    where: and(eq(healthOverrides.accountId, accountId), isNull(healthOverrides.clearedAt)),
    columns: { id: true },
  });
  if (!active) return false;
  await db.batch([
    db
      .update(healthOverrides)
      .set({ clearedAt: now })
      .where(and(eq(healthOverrides.accountId, accountId), isNull(healthOverrides.clearedAt))),
    auditInsert(db, { actor, action: 'override.clear', entity: 'account', entityId: externalId }, now),
  ]);
  return true;
}

/** Inserts metric values for many accounts at once (one statement, rows as a JSON parameter). */
export async function insertMetrics(
  db: Db,
  rows: { accountId: number; key: string; value: number; recordedAt: number }[],
  now: number,
) {
  if (rows.length === 0) return 0;
  await db.run(sql`INSERT INTO custom_metrics (account_id, key, value, recorded_at, created_at)
    SELECT json_extract(value, '$.accountId'), json_extract(value, '$.key'), json_extract(value, '$.value'),
           json_extract(value, '$.recordedAt'), ${now}
    FROM json_each(${JSON.stringify(rows)})`);
  return rows.length;
}

export async function accountIdsOf(db: Db, externalIds: string[]): Promise<Map<string, number>> {
  const rows = await db.all<{ id: number; external_id: string }>(
    sql`SELECT id, external_id FROM accounts WHERE external_id IN (SELECT value FROM json_each(${JSON.stringify(externalIds)}))`,
  );
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

export async function latestMetrics(db: Db, accountId: number) {
  const rows = await db
    .select()
    .from(customMetrics)
    .where(
      and(
        eq(customMetrics.accountId, accountId),
        sql`${customMetrics.id} = (SELECT m2.id FROM custom_metrics m2 WHERE m2.account_id = ${customMetrics.accountId} AND m2.key = ${customMetrics.key} ORDER BY m2.recorded_at DESC, m2.id DESC LIMIT 1)`,
      ),
    );
  return rows.map((r) => ({ key: r.key, value: r.value, recordedAt: isoOrNull(r.recordedAt) }));
}

/**
 * Portfolio summary for a period (default: the latest scored one): accounts per tier and per segment, the
 * biggest movers against the previous snapshot, and the tier changes in [from, to]: improvements and
 * declines as recorded, wins and saves as the dashboard counts them (each account once, bounces left out).
 */
export async function portfolioSummary(
  db: Db,
  opts: { period?: string; from: string; to: string; segment?: string; movers: number },
) {
  const period =
    opts.period ?? (await db.get<{ p: string | null }>(sql`SELECT ${latestRunPeriodSql} AS p`)).p ?? null;
  if (!period) {
    return {
      period: null,
      tiers: { green: 0, 'green-yellow': 0, yellow: 0, red: 0, insufficient: 0 },
      segments: [],
      movers: [],
      transitions: { win: 0, save: 0, improve: 0, decline: 0 },
      renewedArrCents: 0,
    };
  }
  const seg = opts.segment ? sql`AND s.segment_id = ${opts.segment}` : sql``;
  const [tiers, segments, movers, transitions] = await batchAll<
    [
      { tier: string | null; insufficient: number; n: number },
      { segment_id: string; tier: string | null; n: number },
      {
        external_id: string;
        name: string;
        score: number | null;
        tier: string | null;
        prev: number | null;
        prev_tier: string | null;
      },
      { kind: string; n: number; arr: number },
    ]
  >(db, [
    sql`SELECT s.tier, s.insufficient_data AS insufficient, count(*) AS n FROM score_snapshots s WHERE s.period = ${period} ${seg} GROUP BY 1, 2`,
    sql`SELECT s.segment_id, s.tier, count(*) AS n FROM score_snapshots s WHERE s.period = ${period} ${seg} GROUP BY 1, 2`,
    sql`SELECT a.external_id, a.name, s.score, s.tier, p.score AS prev, p.tier AS prev_tier
        FROM score_snapshots s JOIN accounts a ON a.id = s.account_id
        JOIN score_snapshots p ON p.account_id = s.account_id
          AND p.period = (SELECT max(period) FROM score_snapshots x WHERE x.account_id = s.account_id AND x.period < ${period})
        WHERE s.period = ${period} AND s.score IS NOT NULL AND p.score IS NOT NULL ${seg}
        ORDER BY abs(s.score - p.score) DESC, a.external_id LIMIT ${opts.movers}`,
    sql`SELECT t.kind, count(*) AS n, coalesce(sum(t.arr_cents), 0) AS arr FROM tier_transitions t
        ${opts.segment ? sql`JOIN score_snapshots s ON s.account_id = t.account_id AND s.period = t.period` : sql``}
        WHERE t.period BETWEEN ${opts.from} AND ${opts.to} ${seg} GROUP BY t.kind`,
  ]);
  const tierCounts: Record<string, number> = {
    green: 0,
    'green-yellow': 0,
    yellow: 0,
    red: 0,
    insufficient: 0,
  };
  for (const t of tiers) {
    // The tier shown on the account: an override can give an insufficient-data account a tier.
    const key = t.tier ?? 'insufficient';
    tierCounts[key] = (tierCounts[key] ?? 0) + t.n;
  }
  const bySegment = new Map<string, Record<string, number>>();
  for (const s of segments) {
    const row = bySegment.get(s.segment_id) ?? {};
    row[s.tier ?? 'insufficient'] = (row[s.tier ?? 'insufficient'] ?? 0) + s.n;
    bySegment.set(s.segment_id, row);
  }
  const kinds = { win: 0, save: 0, improve: 0, decline: 0 };
  for (const t of transitions) {
    if (t.kind === 'improve' || t.kind === 'decline') kinds[t.kind] = t.n;
  }
  const order = DEFAULT_TIERS.map((t) => t.key);
  const counted = await winsAndSaves(db, {
    segment: opts.segment,
    from: opts.from,
    to: opts.to,
    hysteresisDays: (await getTransitionSettings(db)).hysteresisDays,
    rank: (tier) => (order.includes(tier) ? order.indexOf(tier) : undefined),
  });
  kinds.win = counted.winsCount;
  kinds.save = counted.savesCount;
  const arr = { win: counted.winsArrCents, save: counted.savesArrCents };
  return {
    period,
    tiers: tierCounts,
    segments: [...bySegment].map(([segment, counts]) => ({
      segment,
      tiers: counts,
      total: Object.values(counts).reduce((a, b) => a + b, 0),
    })),
    movers: movers.map((m) => ({
      externalId: m.external_id,
      name: m.name,
      score: m.score,
      tier: m.tier,
      previousScore: m.prev,
      previousTier: m.prev_tier,
      change: Math.round(((m.score ?? 0) - (m.prev ?? 0)) * 10) / 10,
    })),
    transitions: kinds,
    transitionsFrom: opts.from,
    transitionsTo: opts.to,
    arrCents: arr,
  };
}
