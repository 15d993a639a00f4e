import { type SQL, sql } from 'drizzle-orm';
import type { AccountInsight, InsightImprovement } from '../../shared/contracts/accounts';
import type { DimensionScore, HealthModel, MeasureExplanation } from '../../shared/health';
import { lifecycleStage } from '../../shared/health';
import { isoOrNull } from '../../shared/time';
import type { Db } from '../common/db';
import { batchAll } from '../common/raw-sql';
import { AGGREGATE } from '../dashboard/rollups-store';
import { tierDefinitions } from '../dashboard/tiers';
import { dimensionEntriesFrom, dimensionKey, dimensionScore } from '../scoring/compaction-store';
import { churnedOnSql, contractStartSql, renewalDateSql, statusTrait } from '../scoring/snapshots-store';
import { getTierDisplay } from '../settings/store';

/** The same means computed on request, for a period whose run did not store them (seeded or older data). */
function dimensionMeansLiveSql(period: string, segmentId: string): SQL {
  return sql`SELECT ${dimensionKey} AS key, coalesce(avg(${dimensionScore}), 0) AS mean,
           count(${dimensionScore}) AS count
    FROM score_snapshots s LEFT JOIN model_versions v ON v.id = s.model_version_id, ${dimensionEntriesFrom('s')}
    WHERE s.period = ${period} AND s.segment_id = ${segmentId}
    GROUP BY 1`;
}

interface SnapshotRow {
  period: string;
  score: number | null;
  tier: string | null;
  computed_score: number | null;
  computed_tier: string | null;
  overridden: number;
  coverage: number;
  insufficient_data: number;
  segment_id: string;
  segment_name: string | null;
  dimensions: string;
  measures: string;
  improvements: string;
  computed_at: number;
  model_id: string | null;
  version: number | null;
  config: string | null;
}

/**
 * The account's latest snapshot explained for the account page, with its segment's dimension means, the
 * active override and the latest unexpired rating: one D1 batch (a second query only when no run stored
 * the segment's dimension means up to the snapshot's period). The means are those of the latest run up to
 * the snapshot's period: a snapshot a single-account rescore wrote before today's run compares with
 * yesterday's run, never with itself.
 */
export async function accountInsight(
  db: Db,
  accountId: number,
  now: number,
  today: string,
): Promise<AccountInsight> {
  const latest = sql`(SELECT period, segment_id FROM score_snapshots WHERE account_id = ${accountId} ORDER BY period DESC LIMIT 1)`;
  const [[snapshots, accounts, overrides, ratings, means, published], display] = await Promise.all([
    batchAll<
      [
        SnapshotRow,
        {
          contract_start_date: string | null;
          renewal_date: string | null;
          churned_on: string | null;
          traits: string;
        },
        {
          tier: string;
          score: number | null;
          reason: string;
          created_by: string | null;
          created_at: number;
          expires_at: number;
        },
        {
          stars: number;
          comment: string | null;
          rated_by: string | null;
          rated_at: number;
          expires_at: number | null;
        },
        { key: string; mean: number; count: number },
        { config: string },
      ]
    >(db, [
      sql`SELECT s.period, s.score, s.tier, s.computed_score, s.computed_tier, s.overridden, s.coverage,
            s.insufficient_data, s.segment_id, g.name AS segment_name, s.dimensions, s.measures, s.improvements,
            s.computed_at, v.model_id, v.version, v.config
          FROM score_snapshots s LEFT JOIN model_versions v ON v.id = s.model_version_id
          LEFT JOIN segments g ON g.id = s.segment_id
          WHERE s.account_id = ${accountId} ORDER BY s.period DESC LIMIT 1`,
      // Its contracts' dates of today when it has any, else the traits'.
      sql`SELECT ${contractStartSql(today)} AS contract_start_date, ${renewalDateSql(today)} AS renewal_date,
            ${churnedOnSql(today)} AS churned_on, a.traits FROM accounts a WHERE a.id = ${accountId}`,
      sql`SELECT tier, score, reason, created_by, created_at, expires_at FROM health_overrides
          WHERE account_id = ${accountId} AND cleared_at IS NULL AND expires_at > ${now}
          ORDER BY created_at DESC, id DESC LIMIT 1`,
      sql`SELECT stars, comment, rated_by, rated_at, expires_at FROM csm_ratings
          WHERE account_id = ${accountId} AND (expires_at IS NULL OR expires_at > ${now})
          ORDER BY rated_at DESC, id DESC LIMIT 1`,
      sql`SELECT json_extract(d.value, '$[0]') AS key, json_extract(d.value, '$[1]') AS mean,
            json_extract(d.value, '$[2]') AS count
          FROM dashboard_aggregates b, ${latest} l, json_each(b.value) d
          WHERE b.kind = ${AGGREGATE.dimensionMeans} AND b.scope = l.segment_id
            AND b.period = (SELECT max(x.period) FROM dashboard_aggregates x
                            WHERE x.kind = b.kind AND x.scope = b.scope AND x.period <= l.period)`,
      sql`SELECT config FROM model_versions WHERE status = 'published' AND model_id IN (SELECT model_id FROM segments)`,
    ]),
    getTierDisplay(db),
  ]);
  const s = snapshots[0];
  const account = accounts[0];
  const o = overrides[0];
  const r = ratings[0];
  let segmentMeans = means;
  if (s && means.length === 0) {
    segmentMeans = await db.all<{ key: string; mean: number; count: number }>(
      dimensionMeansLiveSql(s.period, s.segment_id),
    );
  }
  const averages = new Map(segmentMeans.map((m) => [m.key, m.count > 0 ? round1(m.mean) : null]));
  const names = new Map(display.map((t) => [t.key, t]));
  const model = s?.config ? (parseJson(s.config, null) as HealthModel | null) : null;
  const tiers = model
    ? model.tiers.map((t) => ({
        key: t.key,
        name: names.get(t.key)?.name ?? t.label ?? t.key,
        color: names.get(t.key)?.color ?? t.color ?? '#9ca3af',
        min: t.minScore,
      }))
    : tierDefinitions(
        published.map((p) => p.config),
        display,
      );
  const traits = account ? (parseJson(account.traits, {}) as Record<string, unknown>) : {};
  const stage = account
    ? lifecycleStage(
        {
          contractStartDate: account.contract_start_date,
          renewalDate: account.renewal_date,
          status: statusTrait(traits),
          churnedAt: account.churned_on ? Date.parse(`${account.churned_on}T00:00:00Z`) : null,
        },
        today,
      )
    : null;

  return {
    snapshot: s
      ? {
          period: s.period,
          score: s.score,
          tier: s.tier,
          computedScore: s.computed_score,
          computedTier: s.computed_tier,
          overridden: s.overridden === 1,
          coverage: s.coverage,
          insufficientData: s.insufficient_data === 1,
          segmentId: s.segment_id,
          segmentName: s.segment_name,
          lifecycleStage: stage,
          modelId: s.model_id,
          modelVersion: s.version,
          computedAt: new Date(s.computed_at).toISOString(),
        }
      : null,
    dimensions: s
      ? (parseJson(s.dimensions, []) as DimensionScore[]).map((d) => ({
          key: d.key,
          name: d.label,
          score: d.score,
          weight: d.effectiveWeight,
          segmentAverage: averages.get(d.key) ?? null,
        }))
      : [],
    measures: s
      ? (parseJson(s.measures, []) as MeasureExplanation[]).map((m) => ({
          key: m.key,
          name: m.label,
          dimension: m.dimension,
          rawValue: m.raw,
          benchmark: m.benchmark,
          points: m.points,
          weight: m.weight,
          effectiveWeight: m.effectiveWeight,
          contribution: m.contribution,
          unit: m.unit,
          missing: m.missing,
        }))
      : [],
    improvements: s ? (parseJson(s.improvements, []) as InsightImprovement[]) : [],
    tiers,
    override: o
      ? {
          tier: o.tier,
          score: o.score,
          reason: o.reason,
          createdBy: o.created_by,
          createdAt: new Date(o.created_at).toISOString(),
          expiresAt: new Date(o.expires_at).toISOString(),
        }
      : null,
    rating: r
      ? {
          stars: r.stars,
          comment: r.comment,
          ratedBy: r.rated_by,
          ratedAt: new Date(r.rated_at).toISOString(),
          expiresAt: isoOrNull(r.expires_at),
        }
      : null,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Stored JSON, or `fallback` when it is corrupt (the account page must still open). */
function parseJson(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
