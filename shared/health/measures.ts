import { addDays } from '../time';
import type {
  AccountDay,
  AccountHealthInput,
  FeatureCatalog,
  ScoringContext,
  SurveyResponse,
  WindowUsage,
} from './input';
import type { TrendMetric } from './kinds';
import type { MeasureConfig, MeasureConfigOf } from './model';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The days a measure looks at. Windows are whole UTC days ending on and including `asOfDay`:
 * a 30-day window on `2026-04-30` is `2026-04-01`..`2026-04-30`, the previous window
 * `2026-03-02`..`2026-03-31`. Timestamped inputs (surveys, tickets) count when
 * `startMs <= t < endMs` (`endMs` = midnight after `asOfDay`); survey answers also up to `ctx.now`.
 * @example measureWindow('2026-04-30', 30).startDay // '2026-04-01'
 */
export interface MeasureWindow {
  windowDays: number;
  startDay: string;
  endDay: string;
  prevStartDay: string;
  prevEndDay: string;
  startMs: number;
  endMs: number;
}

/**
 * Builds the {@link MeasureWindow} of `windowDays` days ending on `asOfDay` (inclusive).
 * @example measureWindow('2026-04-30', 7) // { startDay: '2026-04-24', endDay: '2026-04-30', prevStartDay: '2026-04-17', prevEndDay: '2026-04-23', … }
 */
export function measureWindow(asOfDay: string, windowDays: number): MeasureWindow {
  const endDayMs = Date.parse(`${asOfDay}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOfDay) || Number.isNaN(endDayMs)) {
    throw new RangeError(`asOfDay must be a YYYY-MM-DD day, got ${JSON.stringify(asOfDay)}`);
  }
  const startDay = addDays(asOfDay, -(windowDays - 1));
  return {
    windowDays,
    startDay,
    endDay: asOfDay,
    prevStartDay: addDays(asOfDay, -(2 * windowDays - 1)),
    prevEndDay: addDays(asOfDay, -windowDays),
    startMs: endDayMs - (windowDays - 1) * DAY_MS,
    endMs: endDayMs + DAY_MS,
  };
}

/**
 * Looks up another measure's raw value and benchmark (for `benchmarkRatio`).
 * @example const lookup: RelatedMeasureLookup = (key, of) => ({ raw: 0.4, benchmark: 0.5 });
 */
export type RelatedMeasureLookup = (
  measureKey: string,
  of: 'segment' | 'all',
) => { raw: number | null; benchmark: number | null };

/**
 * A compiled calculator: the raw value of one measure for one account, or `null` when the data needed
 * is missing (unknown seats, empty catalog, no survey answers, …). "No activity" is not missing: an
 * account nobody used scores 0, not null, so inactivity is never renormalised away.
 * @example const raw = measureCalculator(config)(input, measureWindow('2026-04-30', 30), ctx, null);
 */
export type MeasureCalculator = (
  input: AccountHealthInput,
  window: MeasureWindow,
  ctx: ScoringContext,
  related: RelatedMeasureLookup | null,
) => number | null;

/**
 * Compiles the calculator of one measure config (parameters bound once, e.g. key sets built).
 * @example measureCalculator({ kind: 'seatActivationRate', ... })(input, window, ctx, null) // 0.8 for 40 activated of 50 seats
 */
export function measureCalculator(config: MeasureConfig): MeasureCalculator {
  switch (config.kind) {
    case 'seatActivationRate':
      return (input) => seatActivationRate(input);
    case 'loginRate':
      return loginRateCalculator(config);
    case 'engagedRate':
      return engagedRateCalculator(config);
    case 'featureCoverage':
      return featureCoverageCalculator(config);
    case 'coreFeatureUsage':
      return coreFeatureUsageCalculator(config);
    case 'depth':
      return depthCalculator(config);
    case 'activeDays':
      return (input, w) => countActiveDays(input.days, w.startDay, w.endDay);
    case 'apiIntegration':
      return apiIntegrationCalculator(config);
    case 'stickiness':
      return stickinessCalculator();
    case 'trend':
      return trendCalculator(config);
    case 'baselineRatio':
      return baselineRatioCalculator(config);
    case 'daysSinceActivity':
      return daysSinceActivityCalculator();
    case 'benchmarkRatio':
      return benchmarkRatioCalculator(config);
    case 'csmRating':
      return csmRatingCalculator(config);
    case 'customMetric':
      return customMetricCalculator(config);
    case 'nps':
      return surveyCalculator('nps', config.params.minResponses, npsOf);
    case 'csat': {
      const satisfiedMin = config.params.satisfiedMin;
      return surveyCalculator('csat', config.params.minResponses, (scores) => csatOf(scores, satisfiedMin));
    }
    case 'ces':
      return surveyCalculator('ces', config.params.minResponses, meanOf);
    case 'firstContactResolutionRate':
      return fcrCalculator(config);
    case 'openTickets':
      return (input, w) => openTickets(input, w);
    case 'firstResponseTime':
      return firstResponseCalculator(config);
  }
}

/**
 * One-off convenience for previews and tests: compiles and runs one measure (no `benchmarkRatio`
 * lookups; the scorer resolves those).
 * @example calculateMeasure(input, loginRateConfig, { asOfDay: '2026-04-30', now, catalog }) // 0.75
 */
export function calculateMeasure(
  input: AccountHealthInput,
  config: MeasureConfig,
  ctx: ScoringContext,
): number | null {
  return measureCalculator(config)(input, measureWindow(ctx.asOfDay, config.windowDays), ctx, null);
}

/**
 * Feature coverage (rate 0..1) of every catalog module: distinct features used (≥ `minEvents` events)
 * ÷ the module's catalog features. For per-module alerts and the account page; modules with no
 * catalog features are left out.
 * @example featureCoverageByModule(input.windows[30]!, { featureCount: 10, coreFeatureCount: 0, moduleFeatureCounts: { reports: 4, api: 2 } }) // { reports: 0.25, api: 0 }
 */
export function featureCoverageByModule(
  usage: WindowUsage,
  catalog: FeatureCatalog,
  minEvents = 1,
): Record<string, number> {
  const used = new Map<string, number>();
  for (const f of usage.features) {
    if (f.module !== null && f.events >= minEvents) used.set(f.module, (used.get(f.module) ?? 0) + 1);
  }
  const out: Record<string, number> = Object.create(null);
  for (const [module, total] of Object.entries(catalog.moduleFeatureCounts)) {
    if (total !== undefined && total > 0) out[module] = Math.min(1, (used.get(module) ?? 0) / total);
  }
  return out;
}

function usage(input: AccountHealthInput, w: MeasureWindow): WindowUsage | undefined {
  return input.windows[w.windowDays];
}

/** Activated users ÷ purchased seats; may exceed 1 (more users than seats). Null without seats. */
function seatActivationRate(input: AccountHealthInput): number | null {
  const seats = input.account.seats;
  if (seats === null || !(seats > 0)) return null;
  return Math.max(0, input.users.activated) / seats;
}

function activeUserCount(u: WindowUsage): number {
  let n = 0;
  for (const user of u.users) if (user.activeDays > 0) n++;
  return n;
}

/** Users active in the window ÷ activated users (capped at 1), or ÷ purchased seats. */
function loginRateCalculator(config: MeasureConfigOf<'loginRate'>): MeasureCalculator {
  const bySeats = config.params.denominator === 'seats';
  return (input, w) => {
    const u = usage(input, w);
    if (!u) return null;
    const denominator = bySeats ? input.account.seats : input.users.activated;
    if (denominator === null || !(denominator > 0)) return null;
    const rate = activeUserCount(u) / denominator;
    return bySeats ? rate : Math.min(1, rate);
  };
}

/** Users with at least `minMinutes` of active time in the window ÷ purchased seats. */
function engagedRateCalculator(config: MeasureConfigOf<'engagedRate'>): MeasureCalculator {
  const minMs = config.params.minMinutes * MINUTE_MS;
  return (input, w) => {
    const u = usage(input, w);
    const seats = input.account.seats;
    if (!u || seats === null || !(seats > 0)) return null;
    let engaged = 0;
    for (const user of u.users) if (user.activeMs >= minMs) engaged++;
    return engaged / seats;
  };
}

/** Distinct catalog features used (≥ `minEvents` events) ÷ catalog features, overall or in one module. */
function featureCoverageCalculator(config: MeasureConfigOf<'featureCoverage'>): MeasureCalculator {
  const { module, minEvents } = config.params;
  return (input, w, ctx) => {
    const u = usage(input, w);
    const total = module === undefined ? ctx.catalog.featureCount : ctx.catalog.moduleFeatureCounts[module];
    if (!u || total === undefined || !(total > 0)) return null;
    let used = 0;
    for (const f of u.features) {
      if (f.events >= minEvents && (module === undefined || f.module === module)) used++;
    }
    return Math.min(1, used / total);
  };
}

/** Core features used (≥ `minEvents` events) ÷ core features in the catalog. */
function coreFeatureUsageCalculator(config: MeasureConfigOf<'coreFeatureUsage'>): MeasureCalculator {
  const minEvents = config.params.minEvents;
  return (input, w, ctx) => {
    const u = usage(input, w);
    const total = ctx.catalog.coreFeatureCount;
    if (!u || !(total > 0)) return null;
    let used = 0;
    for (const f of u.features) if (f.isCore && f.events >= minEvents) used++;
    return Math.min(1, used / total);
  };
}

/** Events (from daily rollups) or active minutes (from user aggregates) per user active in the window. */
function depthCalculator(config: MeasureConfigOf<'depth'>): MeasureCalculator {
  const ofEvents = config.params.of === 'events';
  return (input, w) => {
    const u = usage(input, w);
    if (!u) return null;
    let active = 0;
    let activeMs = 0;
    for (const user of u.users) {
      if (user.activeDays > 0) {
        active++;
        activeMs += user.activeMs;
      }
    }
    if (active === 0) return 0;
    if (!ofEvents) return activeMs / MINUTE_MS / active;
    let events = 0;
    for (const d of input.days) if (d.day >= w.startDay && d.day <= w.endDay) events += d.events;
    return events / active;
  };
}

function countActiveDays(days: readonly AccountDay[], from: string, to: string): number {
  let n = 0;
  for (const d of days) if (d.day >= from && d.day <= to && d.events > 0) n++;
  return n;
}

/**
 * 1 when any feature used in the window (≥ `minEvents` events) is an API feature, else 0: its key is in
 * `params.featureKeys`, its module is in `params.modules` (default `['api']`) or its catalog kind is `'api'`.
 */
function apiIntegrationCalculator(config: MeasureConfigOf<'apiIntegration'>): MeasureCalculator {
  const keys = new Set(config.params.featureKeys);
  const modules = new Set(config.params.modules);
  const minEvents = config.params.minEvents;
  return (input, w) => {
    const u = usage(input, w);
    if (!u) return null;
    for (const f of u.features) {
      if (f.events < minEvents) continue;
      if (f.kind === 'api' || keys.has(f.featureKey) || (f.module !== null && modules.has(f.module)))
        return 1;
    }
    return 0;
  };
}

/**
 * DAU/MAU over the window: mean daily active users ÷ distinct active users, computed from the per-user
 * aggregates as Σ activeDays ÷ windowDays ÷ active users. 0 when nobody was active.
 */
const STICKINESS_MIN_DAYS = 7;

/**
 * Mean daily active users ÷ users active in the window, over the days the account has data: when its
 * first event falls inside the window and nothing happened in the week before it, the days before that
 * event are missing, not days nobody came back (a 10-day-old account used daily is 1, not 0.33). With
 * under {@link STICKINESS_MIN_DAYS} days of data it is missing.
 */
function stickinessCalculator(): MeasureCalculator {
  const daysBefore = daysBeforeCache(7);
  const daysAgo = daysAgoCache();
  return (input, w) => {
    const u = usage(input, w);
    if (!u) return null;
    const weekBefore = daysBefore(w)[6]!;
    let first: string | null = null;
    let before = false;
    for (const d of input.days) {
      if (d.events <= 0 || d.day > w.endDay) continue;
      if (d.day < w.startDay) {
        if (d.day >= weekBefore) before = true;
      } else if (first === null || d.day < first) first = d.day;
    }
    const ago = first === null ? undefined : daysAgo(w).get(first);
    const days = before || ago === undefined ? w.windowDays : ago + 1;
    // Under a week of data says nothing about coming back: missing, not a rate of one or two days.
    if (days < STICKINESS_MIN_DAYS) return null;
    let active = 0;
    let userDays = 0;
    for (const user of u.users) {
      if (user.activeDays > 0) {
        active++;
        userDays += Math.min(user.activeDays, days);
      }
    }
    return active === 0 ? 0 : userDays / days / active;
  };
}

/**
 * (current − previous) ÷ previous of a daily-rollup total over each window: events, active minutes,
 * active days, or user-days (Σ daily active users, whose change equals the change of average DAU).
 * Null when the previous total is 0 or below `minBaseline` (same unit), so a new account's first weeks
 * do not read as infinite growth.
 */
function trendCalculator(config: MeasureConfigOf<'trend'>): MeasureCalculator {
  const minBaseline = config.params.minBaseline;
  const quantity = dailyQuantity(config.params.of);
  return (input, w) => {
    const { prevStartDay, startDay, endDay } = w;
    let cur = 0;
    let prev = 0;
    let first: string | null = null;
    for (const d of input.days) {
      const day = d.day;
      if (day < prevStartDay || day > endDay) continue;
      if (d.events > 0 && (first === null || day < first)) first = day;
      // The two windows are contiguous (prevStartDay..prevEndDay, startDay..endDay).
      if (day >= startDay) cur += quantity(d);
      else prev += quantity(d);
    }
    // Data that began inside the previous window is no baseline (the days before it are not zeros).
    if (first === null || first > addDays(prevStartDay, FIRST_WEEK_SLACK)) return null;
    if (!(prev > 0) || prev < minBaseline) return null;
    return (cur - prev) / prev;
  };
}

// A window whose first active day is within its first week still counts as covered: accounts are often
// quiet at weekends, so an old account's first active day in any window can fall a few days in.
const FIRST_WEEK_SLACK = 6;

function dailyQuantity(of: TrendMetric): (d: AccountDay) => number {
  return of === 'events'
    ? (d) => d.events
    : of === 'activeTime'
      ? (d) => d.activeMs / MINUTE_MS
      : of === 'activeDays'
        ? (d) => (d.events > 0 ? 1 : 0)
        : (d) => d.activeUsers;
}

/**
 * The daily average of the window ÷ the daily average of the account's own baseline: the `baselineDays`
 * before the window, counted from the account's first active day in it and used in whole weeks (adjacent
 * to the window) so a weekly rhythm cancels out. Days before the account's data began are missing, not
 * zeros: with less than `minBaselineDays` of baseline the measure is missing (null). An account that was
 * activated but shows no activity in the whole span scores 0 (dormant), one never active is missing.
 */
function baselineRatioCalculator(config: MeasureConfigOf<'baselineRatio'>): MeasureCalculator {
  const { baselineDays, minBaselineDays } = config.params;
  const quantity = dailyQuantity(config.params.of);
  const before = daysBeforeCache(baselineDays);
  return (input, w) => {
    // before[i] is the (i+1)th day before the window: string comparisons only, no date maths per account.
    const baseline = before(w);
    const spanStart = baseline[baselineDays - 1]!;
    let first: string | null = null;
    for (const d of input.days) {
      if (d.events > 0 && d.day >= spanStart && d.day <= w.endDay && (first === null || d.day < first))
        first = d.day;
    }
    if (first === null) return input.users.activated > 0 ? 0 : null;
    let available = 0;
    while (available < baselineDays && baseline[available]! >= first) available++;
    if (available < minBaselineDays) return null;
    const used = available >= 7 ? available - (available % 7) : available;
    const baseStart = baseline[used - 1]!;
    let recent = 0;
    let base = 0;
    for (const d of input.days) {
      if (d.day >= w.startDay) {
        if (d.day <= w.endDay) recent += quantity(d);
      } else if (d.day >= baseStart) base += quantity(d);
    }
    if (!(base > 0)) return null;
    return recent / w.windowDays / (base / used);
  };
}

/**
 * The `count` days before a window, nearest first, for the last window asked about: a run scores every
 * account on the same window, so the days are built once per run, not once per account.
 */
function daysBeforeCache(count: number): (w: MeasureWindow) => readonly string[] {
  let key = '';
  let days: string[] = [];
  return (w) => {
    if (w.startDay !== key) {
      days = Array.from({ length: count }, (_, i) => addDays(w.startDay, -(i + 1)));
      key = w.startDay;
    }
    return days;
  };
}

/**
 * Each day of a window → days from it to the window's end (0 on `asOfDay`), for the last window asked
 * about: built once per run, not per account (see {@link daysBeforeCache}).
 */
function daysAgoCache(): (w: MeasureWindow) => ReadonlyMap<string, number> {
  let key = '';
  let ago = new Map<string, number>();
  return (w) => {
    if (w.endDay !== key || ago.size !== w.windowDays) {
      ago = new Map(Array.from({ length: w.windowDays }, (_, i) => [addDays(w.endDay, -i), i]));
      key = w.endDay;
    }
    return ago;
  };
}

/**
 * Days from the last day with any event to `asOfDay` (0 = active that day), looking back over the window;
 * the window length when nothing happened in it. Missing for an account never active at all.
 */
function daysSinceActivityCalculator(): MeasureCalculator {
  const daysAgo = daysAgoCache();
  return (input, w) => {
    let last: string | null = null;
    for (const d of input.days) {
      if (d.events > 0 && d.day >= w.startDay && d.day <= w.endDay && (last === null || d.day > last))
        last = d.day;
    }
    if (last !== null) return daysAgo(w).get(last) ?? null;
    return input.users.activated > 0 ? w.windowDays : null;
  };
}

/** Another measure's raw value ÷ its benchmark (segment or all-accounts mean); null when either is missing or the benchmark ≤ 0. */
function benchmarkRatioCalculator(config: MeasureConfigOf<'benchmarkRatio'>): MeasureCalculator {
  const { measureKey, of } = config.params;
  return (_input, _w, _ctx, related) => {
    if (!related) return null;
    const { raw, benchmark } = related(measureKey, of);
    if (raw === null || benchmark === null || !(benchmark > 0)) return null;
    return raw / benchmark;
  };
}

/** The latest rating's stars; null when there is none, it expired (`now >= expiresAt`) or it is older than `maxAgeDays`. */
function csmRatingCalculator(config: MeasureConfigOf<'csmRating'>): MeasureCalculator {
  const maxAgeMs =
    config.params.maxAgeDays === undefined ? Number.POSITIVE_INFINITY : config.params.maxAgeDays * DAY_MS;
  return (input, _w, ctx) => {
    const r = input.csmRating;
    if (!r || !Number.isFinite(r.stars)) return null;
    if (r.expiresAt !== null && ctx.now >= r.expiresAt) return null;
    if (ctx.now - r.ratedAt > maxAgeMs) return null;
    return r.stars;
  };
}

/** The metric's latest value; null when absent, not finite, or older than `maxAgeDays`. */
function customMetricCalculator(config: MeasureConfigOf<'customMetric'>): MeasureCalculator {
  const { metricKey } = config.params;
  const maxAgeMs =
    config.params.maxAgeDays === undefined ? Number.POSITIVE_INFINITY : config.params.maxAgeDays * DAY_MS;
  return (input, _w, ctx) => {
    const m = input.metrics?.[metricKey];
    if (!m || !Number.isFinite(m.value)) return null;
    if (ctx.now - m.recordedAt > maxAgeMs) return null;
    return m.value;
  };
}

/**
 * The answered scores in the window: dismissed and unanswered responses are not responses, and when a
 * contact answered more than once only their latest answer counts.
 * @example responseScores([{ score: 9, respondedAt: t, contactId: 'a' }, { score: 3, respondedAt: t + 1, contactId: 'a' }], 0, Infinity) // [3]
 */
export function responseScores(
  responses: readonly SurveyResponse[],
  startMs: number,
  endMs: number,
): number[] {
  const scores: number[] = [];
  let latest: Map<string, SurveyResponse> | null = null;
  for (const r of responses) {
    if (r.dismissed || r.score === null || !Number.isFinite(r.score)) continue;
    if (r.respondedAt < startMs || r.respondedAt >= endMs) continue;
    if (r.contactId) {
      latest ??= new Map();
      const seen = latest.get(r.contactId);
      if (!seen || r.respondedAt >= seen.respondedAt) latest.set(r.contactId, r);
    } else scores.push(r.score);
  }
  if (latest) for (const r of latest.values()) scores.push(r.score as number);
  return scores;
}

function surveyCalculator(
  survey: 'nps' | 'csat' | 'ces',
  minResponses: number,
  aggregate: (scores: number[]) => number,
): MeasureCalculator {
  return (input, w, ctx) => {
    const responses = input.surveys?.[survey];
    if (!responses) return null;
    // Answers received after the window's last day but before the run (today's, for a run started today)
    // count: an answer is a fact as soon as it arrives, unlike a day of usage, which is partial until it ends.
    const scores = responseScores(responses, w.startMs, Math.max(w.endMs, ctx.now + 1));
    return scores.length >= minResponses && scores.length > 0 ? aggregate(scores) : null;
  };
}

/**
 * Net Promoter Score of 0–10 answers: % promoters (9–10) − % detractors (0–6), −100..100.
 * @example npsOf([10, 9, 8, 3]) // 25
 */
export function npsOf(scores: readonly number[]): number {
  let promoters = 0;
  let detractors = 0;
  for (const s of scores) {
    if (s >= 9) promoters++;
    else if (s <= 6) detractors++;
  }
  return ((promoters - detractors) / scores.length) * 100;
}

/**
 * CSAT as a rate 0..1: share of answers at or above `satisfiedMin` (4 on a 1–5 scale).
 * @example csatOf([5, 4, 3, 1], 4) // 0.5
 */
export function csatOf(scores: readonly number[], satisfiedMin = 4): number {
  let satisfied = 0;
  for (const s of scores) if (s >= satisfiedMin) satisfied++;
  return satisfied / scores.length;
}

/**
 * Arithmetic mean (CES is the mean answer on its scale, e.g. 1–7).
 * @example meanOf([2, 3, 7]) // 4
 */
export function meanOf(scores: readonly number[]): number {
  let sum = 0;
  for (const s of scores) sum += s;
  return sum / scores.length;
}

/** Tickets resolved in the window at first contact ÷ tickets resolved in the window (with the flag set). */
function fcrCalculator(config: MeasureConfigOf<'firstContactResolutionRate'>): MeasureCalculator {
  const minTickets = config.params.minTickets;
  return (input, w) => {
    const tickets = input.tickets;
    if (!tickets) return null;
    let resolved = 0;
    let first = 0;
    for (const t of tickets) {
      if (t.resolvedAt === null || t.resolvedAt < w.startMs || t.resolvedAt >= w.endMs) continue;
      if (t.resolvedOnFirstContact === null) continue;
      resolved++;
      if (t.resolvedOnFirstContact) first++;
    }
    return resolved >= minTickets ? first / resolved : null;
  };
}

/** Tickets open at the end of `asOfDay` (opened before `endMs`, not resolved before it). Null without ticket data. */
function openTickets(input: AccountHealthInput, w: MeasureWindow): number | null {
  const tickets = input.tickets;
  if (!tickets) return null;
  let open = 0;
  for (const t of tickets) {
    if (t.openedAt < w.endMs && (t.resolvedAt === null || t.resolvedAt >= w.endMs)) open++;
  }
  return open;
}

/** Median (or mean) minutes from opening to first response, over tickets opened in the window that got one. */
function firstResponseCalculator(config: MeasureConfigOf<'firstResponseTime'>): MeasureCalculator {
  const median = config.params.stat === 'median';
  return (input, w) => {
    const tickets = input.tickets;
    if (!tickets) return null;
    const minutes: number[] = [];
    for (const t of tickets) {
      if (t.openedAt < w.startMs || t.openedAt >= w.endMs || t.firstResponseAt === null) continue;
      minutes.push(Math.max(0, t.firstResponseAt - t.openedAt) / MINUTE_MS);
    }
    if (minutes.length === 0) return null;
    if (!median) return meanOf(minutes);
    minutes.sort((a, b) => a - b);
    const mid = minutes.length >> 1;
    return minutes.length % 2 === 1 ? minutes[mid]! : (minutes[mid - 1]! + minutes[mid]!) / 2;
  };
}
