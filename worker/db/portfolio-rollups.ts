import { type SQL, sql } from 'drizzle-orm';

// Aggregates a finishing scoring run stores once for its period, so that page views do not re-read every
// account's explanation (a snapshot row is ~2.5 KB: one page read per account and period). No schema of
// their own: the per-segment dimension means are `measure_benchmarks` rows beside the measure means (and
// are replaced with them every run), the tier counts are `settings` rows keyed by period.

/** `measure_benchmarks` scope prefix of the per-segment dimension means (the insight's "segment average"). */
export const DIMENSION_SCOPE = 'dim:';
/** `settings` key prefix of a period's tier counts per segment: JSON `[[segmentId, tier, count], …]`. */
export const TIER_COUNTS_KEY = 'tier-counts:';
/** Periods of tier counts kept (the dashboard's longest window is 365 days). */
const TIER_COUNTS_DAYS = 400;

/**
 * The mean score of every dimension per segment over the period's snapshots, as `measure_benchmarks` rows
 * (`scope` = `dim:<segment>`, `measure_key` = dimension key, `count` = snapshots with a score for it;
 * `mean` is 0 when `count` is 0). Corrupt explanation JSON counts as no dimensions.
 * @example prepare(db, dimensionMeansSql('2026-05-01'))
 */
export function dimensionMeansSql(period: string): SQL {
  return sql`INSERT INTO measure_benchmarks (scope, measure_key, mean, count, period)
    SELECT ${DIMENSION_SCOPE} || s.segment_id, json_extract(d.value, '$.key'),
           coalesce(avg(json_extract(d.value, '$.score')), 0), count(json_extract(d.value, '$.score')), ${period}
    FROM score_snapshots s, json_each(CASE WHEN json_valid(s.dimensions) THEN s.dimensions ELSE '[]' END) d
    WHERE s.period = ${period}
    GROUP BY 1, 2
    ON CONFLICT (scope, measure_key) DO UPDATE SET mean = excluded.mean, count = excluded.count, period = excluded.period`;
}

/**
 * The period's accounts per segment and tier (tiered snapshots only) as one `settings` row.
 * @example prepare(db, tierCountsSql('2026-05-01', Date.now()))
 */
export function tierCountsSql(period: string, now: number): SQL {
  return sql`INSERT INTO settings (key, value, updated_at)
    SELECT ${TIER_COUNTS_KEY} || ${period}, coalesce(json_group_array(json_array(segment_id, tier, n)), '[]'), ${now}
    FROM (SELECT segment_id, tier, count(*) AS n FROM score_snapshots
          WHERE period = ${period} AND tier IS NOT NULL GROUP BY 1, 2)
    WHERE true
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;
}

/**
 * What a run stores when it finishes (after the measure benchmarks were replaced): dimension means, the
 * period's tier counts, and the removal of tier counts older than {@link TIER_COUNTS_DAYS}.
 * @example await db.$client.batch(portfolioRunStatements(period, now).map((q) => prepare(db, q)))
 */
export function portfolioRunStatements(period: string, now: number): SQL[] {
  return [
    dimensionMeansSql(period),
    tierCountsSql(period, now),
    sql`DELETE FROM settings WHERE key >= ${TIER_COUNTS_KEY}
          AND key < ${TIER_COUNTS_KEY} || date(${period}, ${`-${TIER_COUNTS_DAYS} days`})`,
  ];
}
