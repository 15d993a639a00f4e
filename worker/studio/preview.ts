import type { ModelPreview } from '../../shared/contracts/studio';
import { compileModel, type HealthModel } from '../../shared/health';
import { comparePreview, type PreviewRow } from '../../shared/studio';
import type { Db } from '../common/db';
import { loadOptions, readRunConfig, SCORING_BATCH_SIZE, scoringScope } from '../scoring/job';
import { accountIdsAfter, loadScoringBatch } from '../scoring/load-store';

/** Movers listed at most (the total is reported beside them). */
const MOVERS_LIMIT = 200;

/**
 * Scores today's data (windows ending yesterday, as the daily run) with the model's published version and
 * with `draft`, side by side, for the accounts whose segment uses the model — or every account when no
 * segment does yet. Loads in the scoring run's batches; nothing is written. Overrides are not applied: the
 * preview compares the models' own scores.
 */
export async function previewModel(
  db: Db,
  modelId: string,
  draft: HealthModel,
  now: number,
): Promise<ModelPreview> {
  const started = Date.now();
  const config = await readRunConfig(db);
  const published = config.scorers.get(modelId)?.scorer ?? null;
  const draftScorer = compileModel(draft);
  const scope = scoringScope(now);
  const base = loadOptions(config, scope);
  const req = draftScorer.requirements;
  const opts = {
    ...base,
    // Alert rules are not evaluated here: no snapshot history or platform statistics (most of a run's load).
    snapshotDays: 0,
    historyMeasureKeys: [],
    platformKeys: [],
    historyDays: Math.max(base.historyDays, req.historyDays),
    windows: [...new Set([...base.windows, ...req.windowDays])],
    surveyDays: Math.max(base.surveyDays, req.surveys.length > 0 ? req.surveyDays : 0),
    ticketDays: Math.max(base.ticketDays, req.ticketDays),
  };
  const mine: PreviewRow[] = [];
  const everyone: PreviewRow[] = [];
  for (let after = 0; ; ) {
    const ids = await accountIdsAfter(db, after, SCORING_BATCH_SIZE);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    const { accounts } = await loadScoringBatch(db, ids, opts);
    for (const loaded of accounts.values()) {
      const account = loaded.input.account;
      const segment = config.segments.resolve(account, scope.asOfDay);
      const ctx = {
        asOfDay: scope.asOfDay,
        now: scope.now,
        catalog: config.catalog,
        benchmarks: config.benchmarks,
        segmentId: segment.id,
      };
      const row: PreviewRow = {
        accountExternalId: account.externalId,
        name: account.name,
        published: published ? pick(published.score(loaded.input, ctx)) : null,
        draft: pick(draftScorer.score(loaded.input, ctx)),
      };
      everyone.push(row);
      if (segment.modelId === modelId) mine.push(row);
    }
  }
  const rows = mine.length > 0 ? mine : everyone;
  return {
    accounts: rows.length,
    scope: mine.length > 0 ? 'segments' : 'all',
    asOf: scope.asOfDay,
    ...comparePreview(rows, MOVERS_LIMIT),
    elapsedMs: Date.now() - started,
  };
}

/** What the comparison keeps of a score: the scorer reuses its buffers, the explanation arrays are fresh. */
const pick = (s: {
  score: number | null;
  tier: string | null;
  measures: PreviewRow['draft']['measures'];
}) => ({
  score: s.score,
  tier: s.tier,
  measures: s.measures,
});
