import type { AccountHealthInput, Benchmarks, ScoringContext } from './input';
import { MEASURE_KINDS, type MeasureKind, type MeasureUnit } from './kinds';
import { type MeasureCalculator, type MeasureWindow, measureCalculator, measureWindow } from './measures';
import {
  type ConfigIssue,
  type HealthModel,
  type HealthModelInput,
  healthModelSchema,
  measureDimension,
  toConfigIssues,
} from './model';
import { type CompiledNormalisation, compileNormalisation } from './normalize';
import { tierFor } from './tiers';

/**
 * One measure in a score's explanation. `points`, `effectiveWeight` and `contribution` are rounded to one
 * decimal such that the contributions add up exactly to the score and the effective weights of the
 * measures that count add up to 100 (largest-remainder rounding); `raw` is not rounded.
 * @example const m: MeasureExplanation = result.measures[0]!; // { key: 'loginRate', raw: 0.45, points: 50, weight: 20, effectiveWeight: 25, contribution: 12.5, … }
 */
export interface MeasureExplanation {
  key: string;
  label: string;
  kind: MeasureKind;
  unit: MeasureUnit;
  dimension: string;
  windowDays: number;
  /** The calculated value in `unit`, or null when its data is missing. */
  raw: number | null;
  /** Benchmark used by the normalisation, else the segment mean (or the all-accounts mean) for context. */
  benchmark: number | null;
  benchmarkOf: 'segment' | 'all' | null;
  /** Points 0..100; null when missing under 'skip', 0 when missing under 'zero'. */
  points: number | null;
  /** Configured weight, percent. */
  weight: number;
  /** Weight after renormalisation over the measures that count, percent (0 when it does not count). */
  effectiveWeight: number;
  /** points × effectiveWeight ÷ 100: this measure's share of the score, in score points. */
  contribution: number;
  missing: boolean;
}

/**
 * A dimension's own score for the radar chart: Σ weight·points ÷ Σ weight over its measures that count
 * (null when none count), plus its share of the total score.
 * @example const d: DimensionScore = { key: 'usage', label: 'Usage', score: 71.5, effectiveWeight: 88.9, contribution: 63.6, coverage: 1 };
 */
export interface DimensionScore {
  key: string;
  label: string;
  score: number | null;
  /** Σ effective weights of its measures, percent. */
  effectiveWeight: number;
  /** Σ contributions of its measures, score points. */
  contribution: number;
  /** Share (rate 0..1) of the dimension's weight with data; null when it has no weighted measures. */
  coverage: number | null;
}

/**
 * A single measure whose improvement alone would lift the account into the next tier up.
 * `toPoints` is the fewest points that do it (a band's points when the normalisation has bands);
 * `rawTarget` is the raw value that earns them (at least it when `direction` is 'higher', at most when
 * 'lower'); `reachesTier` the tier then reached (one up, or more when a band jumps further).
 * @example const i: Improvement = { measureKey: 'loginRate', label: 'Login rate', fromPoints: 30, toPoints: 62.5, pointsNeeded: 32.5, rawTarget: 0.5375, direction: 'higher', scoreAfter: 60, reachesTier: 'green-yellow' };
 */
export interface Improvement {
  measureKey: string;
  label: string;
  fromPoints: number;
  toPoints: number;
  pointsNeeded: number;
  rawTarget: number | null;
  direction: 'higher' | 'lower';
  scoreAfter: number;
  reachesTier: string;
}

/**
 * The explained health score of one account.
 * - `score`: Σ weight·points ÷ Σ counted weights, 0..100 rounded to one decimal; null when no weighted
 *   measure counts.
 * - `tier`: from the rounded score; null when the score is null or data is insufficient.
 * - `coverage`: share (rate 0..1) of the model's weight whose measures had data.
 * - `insufficientData`: coverage below the model's `minCoverage`.
 * - `improvements`: for an account below the best tier, the single measures that would lift it a tier,
 *   fewest points needed first (empty when the tier is null).
 * @example const r: HealthScore = scorer.score(input, ctx); // { score: 75, tier: 'green-yellow', coverage: 1, … }
 */
export interface HealthScore {
  score: number | null;
  tier: string | null;
  coverage: number;
  insufficientData: boolean;
  missingData: 'skip' | 'zero';
  dimensions: DimensionScore[];
  measures: MeasureExplanation[];
  improvements: Improvement[];
}

/**
 * What the worker must load for a model. `historyDays`: `account_days` rows ending on `asOfDay` (trend
 * needs two windows); `windowDays`: the windows to aggregate `user_days` and `account_feature_days`
 * over (keys of `AccountHealthInput.windows`); the other flags say which optional inputs are read.
 * @example compileModel(DEFAULT_MODEL).requirements // { historyDays: 60, windowDays: [30], csmRating: true, metricKeys: [], surveys: [], tickets: false, ticketDays: 0 }
 */
export interface ScoringRequirements {
  historyDays: number;
  windowDays: number[];
  csmRating: boolean;
  metricKeys: string[];
  surveys: ('nps' | 'csat' | 'ces')[];
  /** Longest survey or ticket window, days (0 when none). */
  surveyDays: number;
  tickets: boolean;
  /** Longest ticket (support) window, days (0 when no support measure). */
  ticketDays: number;
}

/**
 * A model compiled once per run: validation, normalisation set-up and window arithmetic happen in
 * `compileModel`, so `score` does no parsing and little allocation per account.
 * @example const scorer: HealthScorer = compileModel(model); for (const input of batch) scorer.score(input, ctx);
 */
export interface HealthScorer {
  readonly model: HealthModel;
  readonly requirements: ScoringRequirements;
  /** Scores one account. */
  score(input: AccountHealthInput, ctx: ScoringContext): HealthScore;
  /** Raw values by measure key (for `computeBenchmarks`); benchmark ratios need `ctx.benchmarks`. */
  rawValues(input: AccountHealthInput, ctx: ScoringContext): Record<string, number | null>;
}

/**
 * Thrown by `compileModel` for an invalid model; `issues` are the same as `validateModel` reports.
 * @example try { compileModel(body) } catch (e) { if (e instanceof HealthModelError) e.issues[0]!.code }
 */
export class HealthModelError extends Error {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(
      `invalid health model: ${issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
    this.name = 'HealthModelError';
    this.issues = issues;
  }
}

interface CompiledMeasure {
  key: string;
  label: string;
  kind: MeasureKind;
  unit: MeasureUnit;
  dimension: string;
  dimensionIndex: number;
  windowDays: number;
  windowIndex: number;
  weight: number;
  calc: MeasureCalculator;
  norm: CompiledNormalisation;
  /** For benchmarkRatio: the referenced measure's index and benchmark source. */
  ref: { index: number; of: 'segment' | 'all' } | null;
}

/**
 * Validates (once) and compiles a model into a scorer. Throws {@link HealthModelError} when invalid.
 * @example compileModel(DEFAULT_MODEL).score(input, { asOfDay: '2026-04-30', now: Date.UTC(2026, 4, 1), catalog })
 */
export function compileModel(model: HealthModel | HealthModelInput): HealthScorer {
  const parsed = healthModelSchema.safeParse(model);
  if (!parsed.success) throw new HealthModelError(toConfigIssues(parsed.error.issues));
  const m = parsed.data;
  const windowList = [...new Set(m.measures.map((x) => x.windowDays))];
  const dimensionIndex = new Map(m.dimensions.map((d, i) => [d.key, i]));
  const keyIndex = new Map(m.measures.map((x, i) => [x.key, i]));
  const measures: CompiledMeasure[] = m.measures.map((x) => {
    const info = MEASURE_KINDS[x.kind];
    const dimension = measureDimension(x);
    return {
      key: x.key,
      label: x.label ?? info.label,
      kind: x.kind,
      unit: info.unit,
      dimension,
      dimensionIndex: dimensionIndex.get(dimension) ?? 0,
      windowDays: x.windowDays,
      windowIndex: windowList.indexOf(x.windowDays),
      weight: x.weight,
      calc: measureCalculator(x),
      norm: compileNormalisation(x.normalisation),
      ref:
        x.kind === 'benchmarkRatio'
          ? { index: keyIndex.get(x.params.measureKey) ?? -1, of: x.params.of }
          : null,
    };
  });
  return new Scorer(m, measures, windowList, requirementsOf(m));
}

/**
 * Scores one account with a model, compiling it first: for previews of a draft model. In loops, compile
 * once with {@link compileModel}.
 * @example scoreAccount(input, DEFAULT_MODEL, ctx).score // 75
 */
export function scoreAccount(
  input: AccountHealthInput,
  model: HealthModel | HealthModelInput,
  ctx: ScoringContext,
): HealthScore {
  return compileModel(model).score(input, ctx);
}

const STICKINESS_LOOKBACK_DAYS = 7;

function requirementsOf(m: HealthModel): ScoringRequirements {
  let historyDays = 0;
  let surveyDays = 0;
  const windows = new Set<number>();
  const surveys = new Set<'nps' | 'csat' | 'ces'>();
  const metricKeys = new Set<string>();
  let csmRating = false;
  let tickets = false;
  let ticketDays = 0;
  for (const x of m.measures) {
    const data: string = MEASURE_KINDS[x.kind].data;
    if (data === 'window' || data === 'window+days') windows.add(x.windowDays);
    if (data === 'days' || data === 'window+days') historyDays = Math.max(historyDays, x.windowDays);
    if (data === 'days2') historyDays = Math.max(historyDays, 2 * x.windowDays);
    if (x.kind === 'baselineRatio') historyDays = Math.max(historyDays, x.windowDays + x.params.baselineDays);
    // A week before the window tells an account whose data began inside it from one that was quiet.
    if (x.kind === 'stickiness') historyDays = Math.max(historyDays, x.windowDays + STICKINESS_LOOKBACK_DAYS);
    if (x.kind === 'csmRating') csmRating = true;
    if (x.kind === 'customMetric') metricKeys.add(x.params.metricKey);
    if (x.kind === 'nps' || x.kind === 'csat' || x.kind === 'ces') {
      surveys.add(x.kind);
      surveyDays = Math.max(surveyDays, x.windowDays);
    }
    if (
      x.kind === 'firstContactResolutionRate' ||
      x.kind === 'openTickets' ||
      x.kind === 'firstResponseTime'
    ) {
      tickets = true;
      surveyDays = Math.max(surveyDays, x.windowDays);
      ticketDays = Math.max(ticketDays, x.windowDays);
    }
  }
  return {
    historyDays,
    windowDays: [...windows].sort((a, b) => a - b),
    csmRating,
    metricKeys: [...metricKeys],
    surveys: [...surveys],
    surveyDays,
    tickets,
    ticketDays,
  };
}

function benchmarkFor(
  key: string,
  of: 'segment' | 'all',
  minAccounts: number,
  ctx: ScoringContext,
): number | null {
  const b = ctx.benchmarks;
  if (!b) return null;
  const stat =
    of === 'all' ? b.all[key] : ctx.segmentId != null ? b.segments[ctx.segmentId]?.[key] : undefined;
  return stat && stat.count >= minAccounts && Number.isFinite(stat.mean) ? stat.mean : null;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * Rounds non-negative values to integer tenths that add up to `targetTenths` (largest remainder).
 * `out` receives the tenths; only indices with `use[i]` take part.
 */
function apportionTenths(values: Float64Array, use: Uint8Array, targetTenths: number, out: Int32Array): void {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    out[i] = use[i] ? Math.floor(values[i]! * 10) : 0;
    sum += out[i]!;
  }
  let deficit = targetTenths - sum;
  while (deficit > 0) {
    let best = -1;
    let bestFrac = -1;
    for (let i = 0; i < n; i++) {
      if (!use[i]) continue;
      const frac = values[i]! * 10 - out[i]!;
      // Each index gains at most one tenth: frac is < 1 before and ≤ 0 after.
      if (frac > bestFrac && frac > 0) {
        best = i;
        bestFrac = frac;
      }
    }
    if (best < 0) break;
    out[best]! += 1;
    deficit--;
  }
}

/** Per-measure benchmarks for one segment: shown in the explanation, and used for points. */
interface ResolvedBenchmarks {
  shown: (number | null)[];
  shownOf: ('segment' | 'all' | null)[];
  forPoints: (number | null)[];
}

/**
 * The benchmark shown beside a measure: the one its normalisation (or, for a ratio, the referenced
 * measure) uses, else the segment mean, else the all-accounts mean.
 */
function shownBenchmark(
  x: CompiledMeasure,
  measures: readonly CompiledMeasure[],
  ctx: ScoringContext,
): { value: number | null; of: 'segment' | 'all' | null } {
  if (!ctx.benchmarks) return { value: null, of: null };
  const key = x.ref ? (measures[x.ref.index]?.key ?? x.key) : x.key;
  const fixed = x.ref ? x.ref.of : x.norm.benchmarkOf;
  if (fixed) return { value: benchmarkFor(key, fixed, x.ref ? 1 : x.norm.minAccounts, ctx), of: fixed };
  const segment = benchmarkFor(key, 'segment', 1, ctx);
  if (segment !== null) return { value: segment, of: 'segment' };
  const all = benchmarkFor(key, 'all', 1, ctx);
  return { value: all, of: all === null ? null : 'all' };
}

class Scorer implements HealthScorer {
  readonly model: HealthModel;
  readonly requirements: ScoringRequirements;
  readonly #measures: CompiledMeasure[];
  readonly #order: number[];
  readonly #windowList: number[];
  #asOfDay = '';
  #windows: MeasureWindow[] = [];
  // Scratch buffers reused across accounts (scoring is synchronous, results never alias them).
  readonly #raws: (number | null)[];
  readonly #points: Float64Array;
  readonly #exact: Float64Array;
  readonly #use: Uint8Array;
  readonly #tenths: Int32Array;
  readonly #weightTenths: Int32Array;
  #ctx: ScoringContext | null = null;
  readonly #keyIndex: Map<string, number>;
  readonly #related = (measureKey: string, of: 'segment' | 'all') => ({
    raw: this.#raws[this.#keyIndex.get(measureKey) ?? -1] ?? null,
    benchmark: benchmarkFor(measureKey, of, 1, this.#ctx!),
  });
  readonly #weightShares: Float64Array;
  // Benchmarks resolved per segment, cached while the same (immutable) Benchmarks object is passed.
  #benchmarkSource: Benchmarks | null = null;
  readonly #benchmarkCache = new Map<string, ResolvedBenchmarks>();

  constructor(
    model: HealthModel,
    measures: CompiledMeasure[],
    windowList: number[],
    req: ScoringRequirements,
  ) {
    this.model = model;
    this.requirements = req;
    this.#measures = measures;
    this.#windowList = windowList;
    // Ratios read the raw values of the measures they refer to, so they come last.
    const plain = measures.flatMap((x, i) => (x.ref ? [] : [i]));
    const ratios = measures.flatMap((x, i) => (x.ref ? [i] : []));
    this.#order = [...plain, ...ratios];
    const n = measures.length;
    this.#raws = new Array<number | null>(n).fill(null);
    this.#points = new Float64Array(n);
    this.#exact = new Float64Array(n);
    this.#use = new Uint8Array(n);
    this.#tenths = new Int32Array(n);
    this.#weightTenths = new Int32Array(n);
    this.#weightShares = new Float64Array(n);
    this.#keyIndex = new Map(measures.map((x, i) => [x.key, i]));
  }

  #computeRaws(input: AccountHealthInput, ctx: ScoringContext): void {
    if (ctx.asOfDay !== this.#asOfDay) {
      this.#windows = this.#windowList.map((d) => measureWindow(ctx.asOfDay, d));
      this.#asOfDay = ctx.asOfDay;
    }
    this.#ctx = ctx;
    const raws = this.#raws;
    for (const i of this.#order) {
      const x = this.#measures[i]!;
      const raw = x.calc(input, this.#windows[x.windowIndex]!, ctx, x.ref ? this.#related : null);
      raws[i] = raw === null || !Number.isFinite(raw) ? null : raw;
    }
  }

  rawValues(input: AccountHealthInput, ctx: ScoringContext): Record<string, number | null> {
    this.#computeRaws(input, ctx);
    const out: Record<string, number | null> = {};
    this.#measures.forEach((x, i) => {
      out[x.key] = this.#raws[i] ?? null;
    });
    return out;
  }

  score(input: AccountHealthInput, ctx: ScoringContext): HealthScore {
    this.#computeRaws(input, ctx);
    const ms = this.#measures;
    const n = ms.length;
    const raws = this.#raws;
    const points = this.#points;
    const exact = this.#exact;
    const use = this.#use;
    const zero = this.model.missingData === 'zero';

    const bench = this.#resolveBenchmarks(ctx);
    let totalWeight = 0;
    let presentWeight = 0;
    for (let i = 0; i < n; i++) {
      const x = ms[i]!;
      const raw = raws[i] ?? null;
      const p = raw === null ? null : x.norm.points(raw, bench.forPoints[i] ?? null);
      const present = p !== null;
      points[i] = present ? Math.min(100, Math.max(0, p as number)) : Number.NaN;
      totalWeight += x.weight;
      if (present) presentWeight += x.weight;
      use[i] = present || zero ? 1 : 0;
    }

    const denominator = zero ? totalWeight : presentWeight;
    let exactScore = 0;
    for (let i = 0; i < n; i++) {
      const p = points[i]!;
      exact[i] = use[i] && denominator > 0 ? (ms[i]!.weight * (Number.isNaN(p) ? 0 : p)) / denominator : 0;
      exactScore += exact[i]!;
    }
    const hasScore = denominator > 0;
    const scoreTenths = hasScore ? Math.round(exactScore * 10) : 0;
    const score = hasScore ? scoreTenths / 10 : null;
    const coverageExact = totalWeight > 0 ? presentWeight / totalWeight : 0;
    const insufficientData = coverageExact < this.model.minCoverage - 1e-12 || !hasScore;
    const tier = score !== null && !insufficientData ? tierFor(score, this.model.tiers) : null;

    apportionTenths(exact, use, scoreTenths, this.#tenths);
    const weightShares = this.#weightShares;
    for (let i = 0; i < n; i++)
      weightShares[i] = use[i] && hasScore ? (ms[i]!.weight / denominator) * 100 : 0;
    apportionTenths(weightShares, use, hasScore ? 1000 : 0, this.#weightTenths);

    const measures: MeasureExplanation[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const x = ms[i]!;
      const p = points[i]!;
      const missing = Number.isNaN(p);
      measures[i] = {
        key: x.key,
        label: x.label,
        kind: x.kind,
        unit: x.unit,
        dimension: x.dimension,
        windowDays: x.windowDays,
        raw: raws[i] ?? null,
        benchmark: bench.shown[i] ?? null,
        benchmarkOf: bench.shownOf[i] ?? null,
        points: missing ? (zero ? 0 : null) : round1(p),
        weight: x.weight,
        effectiveWeight: this.#weightTenths[i]! / 10,
        contribution: this.#tenths[i]! / 10,
        missing,
      };
    }

    return {
      score,
      tier,
      coverage: Math.round(coverageExact * 1e4) / 1e4,
      insufficientData,
      missingData: this.model.missingData,
      dimensions: this.#dimensions(),
      measures,
      improvements: tier === null ? [] : this.#improvements(tier, exactScore, denominator, bench),
    };
  }

  #resolveBenchmarks(ctx: ScoringContext): ResolvedBenchmarks {
    const source = ctx.benchmarks ?? null;
    if (source !== this.#benchmarkSource) {
      this.#benchmarkSource = source;
      this.#benchmarkCache.clear();
    }
    const cacheKey = ctx.segmentId ?? '';
    let resolved = this.#benchmarkCache.get(cacheKey);
    if (!resolved) {
      resolved = this.#measures.reduce<ResolvedBenchmarks>(
        (r, x) => {
          const shown = shownBenchmark(x, this.#measures, ctx);
          r.shown.push(shown.value);
          r.shownOf.push(shown.of);
          r.forPoints.push(
            x.norm.benchmarkOf ? benchmarkFor(x.key, x.norm.benchmarkOf, x.norm.minAccounts, ctx) : null,
          );
          return r;
        },
        { shown: [], shownOf: [], forPoints: [] },
      );
      this.#benchmarkCache.set(cacheKey, resolved);
    }
    return resolved;
  }

  #dimensions(): DimensionScore[] {
    const ms = this.#measures;
    return this.model.dimensions.map((d, di) => {
      let weight = 0;
      let present = 0;
      let counted = 0;
      let weighted = 0;
      let weightTenths = 0;
      let tenths = 0;
      for (let i = 0; i < ms.length; i++) {
        const x = ms[i]!;
        if (x.dimensionIndex !== di) continue;
        const p = this.#points[i]!;
        weight += x.weight;
        if (!Number.isNaN(p)) present += x.weight;
        if (this.#use[i]) {
          counted += x.weight;
          weighted += x.weight * (Number.isNaN(p) ? 0 : p);
        }
        weightTenths += this.#weightTenths[i]!;
        tenths += this.#tenths[i]!;
      }
      return {
        key: d.key,
        label: d.label ?? d.key,
        score: counted > 0 ? round1(weighted / counted) : null,
        effectiveWeight: weightTenths / 10,
        contribution: tenths / 10,
        coverage: weight > 0 ? Math.round((present / weight) * 1e4) / 1e4 : null,
      };
    });
  }

  #improvements(
    tier: string,
    exactScore: number,
    denominator: number,
    bench: ResolvedBenchmarks,
  ): Improvement[] {
    const tiers = this.model.tiers;
    const current = tiers.findIndex((t) => t.key === tier);
    const next = tiers[current - 1];
    if (!next) return [];
    const out: Improvement[] = [];
    const ms = this.#measures;
    for (let i = 0; i < ms.length; i++) {
      const x = ms[i]!;
      if (!this.#use[i] || !(x.weight > 0)) continue;
      const p = this.#points[i]!;
      const from = Number.isNaN(p) ? 0 : p;
      const rest = exactScore - this.#exact[i]!;
      // Smallest points p* with rest + weight·p*/denominator ≥ next.minScore, rounded up to a tenth.
      const wanted = ((next.minScore - rest) * denominator) / x.weight;
      const needed = Math.ceil(wanted * 10 - 1e-9) / 10;
      if (needed > x.norm.maxPoints || needed <= from) continue;
      const to = x.norm.achievable(needed);
      if (to === null) continue;
      const scoreAfter = round1(rest + (x.weight * to) / denominator);
      const reaches = tierFor(scoreAfter, tiers);
      if (tiers.findIndex((t) => t.key === reaches) >= current) continue;
      const b = bench.forPoints[i] ?? null;
      out.push({
        measureKey: x.key,
        label: x.label,
        fromPoints: round1(from),
        toPoints: round1(to),
        pointsNeeded: round1(to - from),
        rawTarget: x.norm.rawFor(to, b),
        direction: x.norm.direction,
        scoreAfter,
        reachesTier: reaches,
      });
    }
    return out.sort((a, b) => a.pointsNeeded - b.pointsNeeded || (a.measureKey < b.measureKey ? -1 : 1));
  }
}
