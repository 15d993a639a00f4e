import { compileModel, type HealthModel } from '../../shared/health';
import type { BacktestRow } from '../../shared/studio';
import { addDays, utcDay } from '../../shared/time';
import type { Db } from '../common/db';
import { readRunConfig, SCORING_BATCH_SIZE } from '../scoring/job';
import { firstUsageDay, loadScoringBatch } from '../scoring/load-store';
import { decidedRenewals } from './renewals-store';

/** Renewals a backtest or calibration reads at most (the newest), to stay within a request's limits. */
export const MAX_RENEWALS = 5000;

/**
 * Each decided renewal's account scored by `model` as at the end of the day `leadDays` before the renewal was
 * due — rollups, ratings, answers and tickets as they stood then, the account's segment by its rules on that
 * day — one load per distinct day and batch of accounts. Benchmark-relative measures use the latest stored
 * benchmarks (as `asOf` runs do: benchmarks have no history). Accounts that cannot be loaded are left out.
 */
export async function scoreRenewals(
  db: Db,
  model: HealthModel,
  opts: { leadDays: number; now: number },
): Promise<{ rows: BacktestRow[]; decided: number }> {
  const firstDay = await firstUsageDay(db);
  if (!firstDay) return { rows: [], decided: 0 };
  const renewals = await decidedRenewals(db, {
    leadDays: opts.leadDays,
    firstDay,
    lastDay: addDays(utcDay(opts.now), -1),
    limit: MAX_RENEWALS,
  });
  const scorer = compileModel(model);
  const config = await readRunConfig(db);
  const req = scorer.requirements;
  const byDay = new Map<string, typeof renewals>();
  for (const r of renewals) byDay.set(r.asOfDay, [...(byDay.get(r.asOfDay) ?? []), r]);
  const rows: BacktestRow[] = [];
  for (const [day, due] of byDay) {
    const endOfDay = Date.parse(`${addDays(day, 1)}T00:00:00Z`) - 1;
    for (let i = 0; i < due.length; i += SCORING_BATCH_SIZE) {
      const chunk = due.slice(i, i + SCORING_BATCH_SIZE);
      const { accounts } = await loadScoringBatch(db, [...new Set(chunk.map((r) => r.accountId))], {
        asOfDay: day,
        period: day,
        now: endOfDay,
        historyDays: req.historyDays,
        windows: req.windowDays,
        snapshotDays: 1,
        surveyDays: req.surveys.length > 0 ? req.surveyDays : 0,
        ticketDays: req.ticketDays,
      });
      for (const r of chunk) {
        const loaded = accounts.get(r.accountId);
        if (!loaded) continue;
        const segment = config.segments.resolve(loaded.input.account, day);
        const result = scorer.score(loaded.input, {
          asOfDay: day,
          now: endOfDay,
          catalog: config.catalog,
          benchmarks: config.benchmarks,
          segmentId: segment.id,
        });
        rows.push({
          accountId: r.accountId,
          renewed: r.renewed,
          score: result.insufficientData ? null : result.score,
          tier: result.tier,
          measures: result.measures.map((m) => ({ key: m.key, points: m.missing ? null : m.points })),
        });
      }
    }
  }
  return { rows, decided: renewals.length };
}
