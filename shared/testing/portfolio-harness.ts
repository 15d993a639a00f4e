import { computeBenchmarks } from '../health/benchmarks';
import type { Benchmarks, ScoringContext } from '../health/input';
import type { HealthModel, HealthModelInput } from '../health/model';
import { compileModel } from '../health/score';
import { addDays } from '../time';
import { ARCHETYPES, type Archetype } from './archetypes';
import { healthInputAt, indexPortfolio, portfolioCatalog } from './health-input';
import type { SyntheticAccount, SyntheticPortfolio } from './synthetic-portfolio';

/**
 * How the harness scores.
 * @example const opts: HarnessOptions = { warmupDays: 28, alarmTiers: ['yellow', 'red'], redTier: 'red' };
 */
export interface HarnessOptions {
  /** Days of data before the first scored day (default 28). */
  warmupDays?: number;
  /** Tiers that raise the alarm (default `['yellow', 'red']`). */
  alarmTiers?: readonly string[];
  /** The worst tier (default `'red'`). */
  redTier?: string;
  /** The segment every account is in, for segment benchmarks (default `'default'`). */
  segmentId?: string;
}

/**
 * One account scored on every scored day (`scores[i]`, `tiers[i]` on `HarnessResult.days[i]`).
 * `daysToAlarm` / `daysToRed`: days from the change day to the first scored day on or after it in an alarm
 * tier / the red tier; null when it never happens or the account has no change day.
 * @example const t: AccountTrace = result.accounts[0]!;
 */
export interface AccountTrace {
  account: SyntheticAccount;
  scores: (number | null)[];
  tiers: (string | null)[];
  daysToAlarm: number | null;
  daysToRed: number | null;
}

/**
 * One archetype's results. `finalTiers` and each `dailyTiers[i]` count accounts per tier key (`none`:
 * no tier, i.e. insufficient data); `daysToAlarm`/`daysToRed` list each account's (empty without change days).
 * @example result.archetypes.find((a) => a.archetype === 'steady')!.redAccountDays // 0 when steady accounts are never red
 */
export interface ArchetypeSummary {
  archetype: Archetype;
  outcome: 'churn' | 'renew';
  accounts: number;
  finalTiers: Record<string, number>;
  dailyTiers: Record<string, number>[];
  meanFinalScore: number | null;
  /** Accounts in an alarm tier on the last day. */
  alarmedAtEnd: number;
  accountsEverRed: number;
  /** Σ over accounts of the scored days spent in the red tier. */
  redAccountDays: number;
  daysToAlarm: (number | null)[];
  daysToRed: (number | null)[];
}

/**
 * What a model does on a synthetic portfolio. `auc`: on the last day, the probability that a renewing
 * account scores above a churning one (ties count half), over accounts with a score; null without both.
 * @example runPortfolioHarness(portfolio, DEFAULT_MODEL).auc // e.g. 0.83
 */
export interface HarnessResult {
  days: string[];
  tierKeys: string[];
  accounts: AccountTrace[];
  archetypes: ArchetypeSummary[];
  auc: number | null;
  /** The same AUC on each scored day (before a change, a churner cannot be told apart: read the trend). */
  aucByDay: (number | null)[];
  /** Accounts left out of the AUC for having no score on the last day. */
  unscoredAtEnd: number;
}

/**
 * Scores every account of the portfolio on every day from `startDay + warmupDays` to `endDay` through the
 * real pure core (`compileModel(model).score`), from the inputs the worker's loader would build from the
 * rollups (see health-input.ts). As in the worker, each day's run compares against the benchmarks of the
 * previous day's run, and `now` is 02:00 UTC the day after `asOfDay` (when the nightly cron runs).
 * @example const result = runPortfolioHarness(generatePortfolio({ seed: 12, startDay: '2026-01-05' }), DEFAULT_MODEL);
 */
export function runPortfolioHarness(
  portfolio: SyntheticPortfolio,
  model: HealthModel | HealthModelInput,
  opts: HarnessOptions = {},
): HarnessResult {
  const warmupDays = opts.warmupDays ?? 28;
  const alarm = new Set(opts.alarmTiers ?? ['yellow', 'red']);
  const red = opts.redTier ?? 'red';
  const segmentId = opts.segmentId ?? 'default';
  const scorer = compileModel(model);
  const index = indexPortfolio(portfolio);
  const catalog = portfolioCatalog(portfolio.features);
  const days: string[] = [];
  for (let d = addDays(portfolio.startDay, warmupDays); d <= portfolio.endDay; d = addDays(d, 1))
    days.push(d);
  const traces: AccountTrace[] = portfolio.accounts.map((account) => ({
    account,
    scores: [],
    tiers: [],
    daysToAlarm: null,
    daysToRed: null,
  }));
  let benchmarks: Benchmarks | null = null;
  for (const asOfDay of days) {
    const ctx: ScoringContext = {
      asOfDay,
      now: Date.parse(`${addDays(asOfDay, 1)}T02:00:00Z`),
      catalog,
      benchmarks,
      segmentId,
    };
    const raws = new Map<number, Record<string, number | null>>();
    for (const trace of traces) {
      const id = trace.account.record.id;
      const result = scorer.score(healthInputAt(index, id, asOfDay, scorer.requirements), ctx);
      trace.scores.push(result.score);
      trace.tiers.push(result.tier);
      raws.set(id, Object.fromEntries(result.measures.map((m) => [m.key, m.raw])));
    }
    benchmarks = computeBenchmarks(raws, () => segmentId);
  }
  for (const trace of traces) {
    trace.daysToAlarm = daysUntil(trace, days, (tier) => alarm.has(tier));
    trace.daysToRed = daysUntil(trace, days, (tier) => tier === red);
  }
  const tierKeys = scorer.model.tiers.map((t) => t.key);
  const last = days.length - 1;
  const churners = traces.filter((t) => t.account.outcome === 'churn');
  const renewers = traces.filter((t) => t.account.outcome === 'renew');
  const aucOn = (i: number) =>
    rocAuc(
      renewers.map((t) => t.scores[i] ?? null),
      churners.map((t) => t.scores[i] ?? null),
    );
  return {
    days,
    tierKeys,
    accounts: traces,
    archetypes: ARCHETYPES.map((a) => summarise(a, traces, tierKeys, days.length, alarm, red)).filter(
      (s) => s.accounts > 0,
    ),
    auc: aucOn(last),
    aucByDay: days.map((_day, i) => aucOn(i)),
    unscoredAtEnd: traces.filter((t) => t.scores[last] === null).length,
  };
}

/** Days from the change day to the first scored day, on or after it, whose tier matches; null if none. */
function daysUntil(trace: AccountTrace, days: readonly string[], match: (tier: string) => boolean) {
  const change = trace.account.changeDay;
  if (change === null) return null;
  for (let i = 0; i < days.length; i++) {
    const tier = trace.tiers[i];
    if (days[i]! >= change && tier != null && match(tier))
      return Math.round((Date.parse(days[i]!) - Date.parse(change)) / 86_400_000);
  }
  return null;
}

function summarise(
  archetype: Archetype,
  traces: readonly AccountTrace[],
  tierKeys: readonly string[],
  dayCount: number,
  alarm: ReadonlySet<string>,
  red: string,
): ArchetypeSummary {
  const mine = traces.filter((t) => t.account.archetype === archetype);
  const count = (i: number) => {
    const counts: Record<string, number> = Object.fromEntries([...tierKeys, 'none'].map((k) => [k, 0]));
    for (const t of mine) {
      const key = t.tiers[i] ?? 'none';
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };
  const dailyTiers = Array.from({ length: dayCount }, (_, i) => count(i));
  const finalScores = mine.flatMap((t) => (t.scores[dayCount - 1] == null ? [] : [t.scores[dayCount - 1]!]));
  const withChange = mine.filter((t) => t.account.changeDay !== null);
  return {
    archetype,
    outcome: mine[0]?.account.outcome ?? 'renew',
    accounts: mine.length,
    finalTiers: dailyTiers[dayCount - 1] ?? count(0),
    dailyTiers,
    meanFinalScore:
      finalScores.length === 0 ? null : finalScores.reduce((s, x) => s + x, 0) / finalScores.length,
    alarmedAtEnd: mine.filter((t) => alarm.has(t.tiers[dayCount - 1] ?? '')).length,
    accountsEverRed: mine.filter((t) => t.tiers.includes(red)).length,
    redAccountDays: mine.reduce((s, t) => s + t.tiers.filter((x) => x === red).length, 0),
    daysToAlarm: withChange.map((t) => t.daysToAlarm),
    daysToRed: withChange.map((t) => t.daysToRed),
  };
}

/**
 * Area under the ROC curve of a score that should be higher for `positives` than for `negatives`: the
 * probability that a random positive outscores a random negative, ties counting half. Null scores are left
 * out; null when either side has no score.
 * @example rocAuc([80, 70], [60, 70]) // 0.875
 */
export function rocAuc(positives: readonly (number | null)[], negatives: readonly (number | null)[]) {
  const pos = positives.filter((x): x is number => x !== null);
  const neg = negatives.filter((x): x is number => x !== null);
  if (pos.length === 0 || neg.length === 0) return null;
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}
