import { tierTextsZh } from '../health/default-texts';
import type { MeasureUnit } from '../health/kinds';
import type { TierConfig } from '../health/model';
import { tierTransition } from '../health/tiers';
import { addDays, toDay, utcDay } from '../time';
import { type AlertMessage, type AlertMessageParam, type AlertMessages, msg, textMessage } from './messages';
import {
  consecutiveFrom,
  type DayValue,
  type PeriodValue,
  periodName,
  periodOf,
  periodValues,
} from './periods';
import {
  type AlertComparison,
  type AlertPeriodLength,
  type AlertRule,
  type AlertRuleKind,
  type AlertRuleOf,
  type AlertSeverity,
  lookbackDays,
} from './rules';

const DAY_MS = 86_400_000;
// Scores are stored to one decimal; differences like 80.3 − 70.3 must not miss a threshold by 1e-15.
const EPSILON = 1e-9;

/**
 * The account an alert is about. `renewalDate` is a `YYYY-MM-DD` day; `lastSeenAt` the epoch ms of its
 * latest event (null when none ever arrived).
 * @example const a: AlertAccount = { id: 7, externalId: 'acme', name: 'Acme', renewalDate: '2027-01-15', lastSeenAt: Date.UTC(2026, 3, 29), ownerEmail: 'csm@example.com' };
 */
export interface AlertAccount {
  id: number;
  externalId: string;
  name: string;
  renewalDate: string | null;
  lastSeenAt: number | null;
  ownerEmail: string | null;
}

/**
 * One measure of the current snapshot, as in the score explanation (`MeasureExplanation` fits):
 * `raw` in the measure's unit, `points` 0..100, `benchmark` the segment (else all-accounts) mean of raw.
 * `label` and `unit` are optional and only make the alert text nicer.
 * @example const m: AlertMeasure = { key: 'loginRate', label: 'Login rate', unit: 'rate', raw: 0.31, points: 30, benchmark: 0.52 };
 */
export interface AlertMeasure {
  key: string;
  raw: number | null;
  points: number | null;
  benchmark: number | null;
  label?: string;
  unit?: MeasureUnit;
}

/**
 * A snapshot's score and tier for one scoring period (a `YYYY-MM-DD` day). A null score or tier means
 * insufficient data. Pass the effective values (after a CSM override), as shown to users.
 * @example const s: AlertSnapshot = { period: '2026-04-29', score: 82, tier: 'green' };
 */
export interface AlertSnapshot {
  period: string;
  score: number | null;
  tier: string | null;
}

/**
 * The snapshot being evaluated, with its measures.
 * @example const c: AlertCurrentSnapshot = { period: '2026-04-30', score: 63.5, tier: 'green-yellow', measures: [] };
 */
export interface AlertCurrentSnapshot extends AlertSnapshot {
  measures: readonly AlertMeasure[];
}

/**
 * An earlier snapshot, for look-back rules. `measures` (raw value and benchmark by measure key) is only
 * read by the average rules (`below_segment_average`, `above_average`, `below_own_average`). Entries may come in any order; those at or after the current period
 * are ignored.
 * @example const h: AlertHistoryEntry = { period: '2026-04-23', score: 80.5, measures: { engagedRate: { raw: 0.1, benchmark: 0.3 } } };
 */
export interface AlertHistoryEntry {
  period: string;
  score: number | null;
  measures?: Readonly<Record<string, { raw: number | null; benchmark: number | null } | undefined>>;
}

/**
 * A key contact (champion, sponsor, admin) whose user was deactivated at `deactivatedAt` (epoch ms).
 * @example const c: DeactivatedKeyContact = { userId: 'u_42', name: 'Dana Reyes', email: 'dana@acme.com', deactivatedAt: Date.UTC(2026, 3, 28) };
 */
export interface DeactivatedKeyContact {
  userId: string;
  name: string | null;
  email: string | null;
  deactivatedAt: number;
  /** Left by moving to another account (a `group` change) rather than by being deactivated. */
  moved?: boolean;
}

/**
 * A key person of the account who is still active (keyContact trait, or a key role a CSM set), with their last
 * activity (epoch ms; null: never seen).
 * @example const p: KeyPerson = { userId: 'u_42', name: 'Dana Reyes', email: 'dana@acme.com', lastSeenAt: Date.UTC(2026, 3, 1) };
 */
export interface KeyPerson {
  userId: string;
  name: string | null;
  email: string | null;
  lastSeenAt: number | null;
}

/**
 * Everything the rules read about one account. `previous` is the snapshot of the period before the
 * current one (for tier drops); `history` the earlier snapshots the look-back rules need (the worker
 * loads the days {@link alertHistoryNeeds} gives);
 * `deactivatedKeyContacts` the key contacts deactivated recently (any older ones are ignored by `withinDays`).
 * @example const input: AlertInput = { account, current, previous: { period: '2026-04-29', score: 82, tier: 'green' }, history: [], deactivatedKeyContacts: [] };
 */
export interface AlertInput {
  account: AlertAccount;
  current: AlertCurrentSnapshot;
  previous: AlertSnapshot | null;
  history: readonly AlertHistoryEntry[];
  deactivatedKeyContacts: readonly DeactivatedKeyContact[];
  /** Key people still active (for `champion_quiet`; absent: none known). */
  keyPeople?: readonly KeyPerson[];
}

/**
 * The evaluation context: `asOfDay` the scored day, `now` epoch ms of the run, `tiers` the account's
 * model tiers best first (their order defines a decline, their `guidance` joins the playbook).
 * `periodDays`, when given, is the scoring cadence: two neighbouring snapshots further apart than this
 * are not consecutive (a missed run breaks a streak of day periods). `platform` the platform's daily
 * statistics of the measures the `platform` comparisons name (absent: those rules cannot fire).
 * @example const ctx: AlertContext = { asOfDay: '2026-04-30', now: Date.UTC(2026, 4, 1, 2), tiers: DEFAULT_TIERS };
 */
export interface AlertContext {
  asOfDay: string;
  now: number;
  tiers: readonly TierConfig[];
  periodDays?: number;
  platform?: PlatformMeasureStats;
}

/**
 * The platform's statistics of one measure on one day, over every account scored that day: `mean` the mean
 * of their raw values, `pooled` Σ raw × paid seats ÷ Σ paid seats over accounts with seats, i.e. Σ numerator ÷
 * Σ seats for a per-seat rate (seed 002's platform learners ÷ platform paid seats); null when unknown.
 * @example const s: PlatformMeasureStat = { mean: 0.42, pooled: 0.35 };
 */
export interface PlatformMeasureStat {
  mean: number | null;
  pooled: number | null;
}

/**
 * Platform statistics by day (`YYYY-MM-DD`) and measure key. A day without statistics (today's, while its
 * run is still going) takes those of the latest earlier day.
 * @example const p: PlatformMeasureStats = { '2026-04-29': { activeSeats: { mean: 0.42, pooled: 0.35 } } };
 */
export type PlatformMeasureStats = Readonly<
  Record<string, Readonly<Record<string, PlatformMeasureStat | undefined>> | undefined>
>;

/**
 * What the enabled rules need loaded: `days` of snapshot history before the current period, the measure
 * keys whose history they read, and the measure keys they compare with the platform (their daily platform
 * statistics over the same days).
 * @example alertHistoryNeeds(DEFAULT_ALERT_RULES) // { days: 93, measureKeys: ['stickiness', 'activeSeats'], platformKeys: ['activeSeats'] }
 */
export function alertHistoryNeeds(rules: readonly AlertRule[]): {
  days: number;
  measureKeys: string[];
  platformKeys: string[];
} {
  let days = 1;
  const measureKeys = new Set<string>();
  const platformKeys = new Set<string>();
  for (const r of rules) {
    if (!r.enabled) continue;
    if (r.kind === 'score_drop') days = Math.max(days, r.params.days);
    if (r.kind === 'below_segment_average' || r.kind === 'above_average') {
      days = Math.max(days, lookbackDays(r.params.periods, r.params.periodLength));
      measureKeys.add(r.params.measureKey);
      if (r.params.compareWith !== 'segment') platformKeys.add(r.params.measureKey);
    }
    if (r.kind === 'below_own_average') {
      days = Math.max(days, lookbackDays(r.params.periods + r.params.baselinePeriods, r.params.periodLength));
      measureKeys.add(r.params.measureKey);
    }
  }
  return { days, measureKeys: [...measureKeys], platformKeys: [...platformKeys] };
}

/**
 * A rule that holds for the account now. Title and detail are English sentences for the alert list and
 * the webhook; `playbook` is the rule's playbook followed by the current tier's guidance, if any.
 * The database keeps one open alert per account and rule, so raising a held rule again is harmless.
 * @example const a: RaisedAlert = { ruleId: 'score-drop-15-in-30', kind: 'score_drop', severity: 'warning', title: 'Score dropped 18.5 points in 14 days (82.0 → 63.5)', detail: '…', playbook: '…' };
 */
export interface RaisedAlert {
  ruleId: string;
  kind: AlertRuleKind;
  severity: AlertSeverity;
  title: string;
  detail: string;
  playbook: string;
  /** The same texts as message keys and parameters, for readers in another language (absent: English only). */
  messages?: AlertMessages;
}

interface Finding {
  title: string;
  detail: string;
  /** The title and the detail's sentences as messages (see `messages.ts`). */
  m: { title: AlertMessage; detail: (AlertMessage | null)[] };
}

/** Per-account facts computed once for all rules. */
interface Prepared {
  input: AlertInput;
  ctx: AlertContext;
  /** The current period as a day (falls back to `asOfDay`). */
  day: string;
  /** Earlier snapshots with a day period, newest first, one per period. */
  earlier: { day: string; entry: AlertHistoryEntry }[];
}

type Evaluator<K extends AlertRuleKind> = (rule: AlertRuleOf<K>, p: Prepared) => Finding | null;

const EVALUATORS: { [K in AlertRuleKind]: Evaluator<K> } = {
  tier_drop: tierDrop,
  score_drop: scoreDrop,
  measure_below: measureBelow,
  below_segment_average: belowSegmentAverage,
  above_average: aboveAverage,
  below_own_average: belowOwnAverage,
  renewal_due: renewalDue,
  key_contact_deactivated: keyContactDeactivated,
  champion_quiet: championQuiet,
  stale_data: staleData,
  // Survey rules fire when an answer arrives (evaluateSurveyAnswer in survey.ts), never in a scoring run.
  nps_detractor: () => null,
  nps_passive: () => null,
  nps_promoter: () => null,
  ces_poor: () => null,
};

/**
 * Which enabled rules hold for one account now, in rule order. Pure and deterministic: the same
 * arguments give the same alerts, whatever the order of `history`. Rules must be parsed with
 * `alertRuleSchema` (defaults filled in). Score and tier rules never fire on insufficient data (a null
 * score); measure rules skip measures without data.
 * @example evaluateAlerts(DEFAULT_ALERT_RULES, input, { asOfDay: '2026-04-30', now, tiers: DEFAULT_TIERS }).map((a) => a.title)
 * // ['Renewal on 2026-06-10 (in 41 days) while Yellow']
 */
export function evaluateAlerts(
  rules: readonly AlertRule[],
  input: AlertInput,
  ctx: AlertContext,
): RaisedAlert[] {
  const p = prepare(input, ctx);
  const out: RaisedAlert[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const found = evaluateRule(rule, p);
    if (!found) continue;
    out.push({
      ruleId: rule.id,
      kind: rule.kind,
      severity: rule.severity,
      title: found.title,
      detail: found.detail,
      playbook: alertPlaybook(rule, input.current.tier, ctx.tiers),
      messages: {
        title: found.m.title,
        detail: found.m.detail.filter((x): x is AlertMessage => x !== null),
        playbook: alertPlaybookMessages(rule, input.current.tier, ctx.tiers),
      },
    });
  }
  return out;
}

function evaluateRule<K extends AlertRuleKind>(rule: AlertRuleOf<K>, p: Prepared): Finding | null {
  return (EVALUATORS[rule.kind as K] as Evaluator<K>)(rule, p);
}

/**
 * A raised alert's playbook: the rule's playbook, then the guidance of the account's current tier
 * (from the model's tiers, e.g. DEFAULT_TIERS) when it has one.
 * @example alertPlaybook(rule, 'red', DEFAULT_TIERS) // 'Book a value review…\n\nRed tier: Critical: escalate, meet the sponsor, run the rescue playbook.'
 */
export function alertPlaybook(
  rule: Pick<AlertRule, 'playbook'>,
  tierKey: string | null,
  tiers: readonly TierConfig[],
): string {
  const tier = tierKey ? tiers.find((t) => t.key === tierKey) : undefined;
  const guidance = tier?.guidance?.trim();
  return guidance ? `${rule.playbook}\n\n${tierName(tier!)} tier: ${guidance}` : rule.playbook;
}

/**
 * {@link alertPlaybook} as messages: the rule's playbook with its translations, then the tier's guidance.
 * @example alertPlaybookMessages(rule, 'red', DEFAULT_TIERS).map((m) => m.key) // ['alerts.msg.text', 'alerts.msg.tierGuidance']
 */
export function alertPlaybookMessages(
  rule: Pick<AlertRule, 'playbook' | 'texts'>,
  tierKey: string | null,
  tiers: readonly TierConfig[],
): AlertMessage[] {
  const out = [textMessage({ en: rule.playbook, zh: rule.texts?.zh?.playbook })];
  const tier = tierKey ? tiers.find((t) => t.key === tierKey) : undefined;
  const guidance = tier?.guidance?.trim();
  if (tier && guidance) {
    out.push(
      msg('tierGuidance', {
        tier: tierParam(tier.key, tiers),
        guidance: { text: { en: guidance, zh: tierTextsZh(tier).guidance } },
      }),
    );
  }
  return out;
}

function prepare(input: AlertInput, ctx: AlertContext): Prepared {
  const day = toDay(input.current.period) ?? ctx.asOfDay;
  const byDay = new Map<string, AlertHistoryEntry>();
  for (const entry of input.history) {
    const d = toDay(entry.period);
    // Two entries for one period are settled by content, never by input order.
    if (d === null || d >= day) continue;
    const seen = byDay.get(d);
    if (!seen || compareEntries(entry, seen) < 0) byDay.set(d, entry);
  }
  const earlier = [...byDay].map(([d, entry]) => ({ day: d, entry }));
  earlier.sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
  return { input, ctx, day, earlier };
}

/** A total order on same-period entries: higher score first, then by JSON of the measures. */
function compareEntries(a: AlertHistoryEntry, b: AlertHistoryEntry): number {
  const sa = a.score ?? Number.NEGATIVE_INFINITY;
  const sb = b.score ?? Number.NEGATIVE_INFINITY;
  if (sa !== sb) return sb - sa;
  const ja = JSON.stringify(a.measures ?? {});
  const jb = JSON.stringify(b.measures ?? {});
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------
// Rules

function tierDrop(rule: AlertRuleOf<'tier_drop'>, p: Prepared): Finding | null {
  const { current, previous } = p.input;
  if (!previous || current.score === null || previous.score === null) return null;
  if (tierTransition(previous.tier, current.tier, p.ctx.tiers) !== 'decline') return null;
  const to = current.tier!;
  if (rule.params.toTiers && !rule.params.toTiers.includes(to)) return null;
  const fromName = nameOf(previous.tier!, p.ctx.tiers);
  const toName = nameOf(to, p.ctx.tiers);
  return {
    title: `Tier dropped from ${fromName} to ${toName} (${score1(previous.score)} → ${score1(current.score)})`,
    detail: joinSentences([
      `${p.input.account.name} fell from ${fromName} (score ${score1(previous.score)} on ${previous.period}) to ${toName} (score ${score1(current.score)} on ${current.period}).`,
      weakestMeasures(current.measures),
    ]),
    m: {
      title: msg('tierDrop.title', {
        from: tierParam(previous.tier!, p.ctx.tiers),
        to: tierParam(to, p.ctx.tiers),
        before: score1(previous.score),
        after: score1(current.score),
      }),
      detail: [
        msg('tierDrop.detail', {
          account: p.input.account.name,
          from: tierParam(previous.tier!, p.ctx.tiers),
          before: score1(previous.score),
          beforeDay: previous.period,
          to: tierParam(to, p.ctx.tiers),
          after: score1(current.score),
          afterDay: current.period,
        }),
        weakestMessage(current.measures),
      ],
    },
  };
}

function scoreDrop(rule: AlertRuleOf<'score_drop'>, p: Prepared): Finding | null {
  const { current, previous } = p.input;
  if (current.score === null || !Number.isFinite(current.score)) return null;
  const from = addDays(p.day, -rule.params.days);
  const candidates: { day: string; score: number }[] = [];
  for (const { day, entry } of p.earlier) {
    if (day < from) break;
    if (entry.score !== null && Number.isFinite(entry.score)) candidates.push({ day, score: entry.score });
  }
  const prevDay = previous ? toDay(previous.period) : null;
  if (previous && prevDay && prevDay >= from && prevDay < p.day && previous.score !== null) {
    candidates.push({ day: prevDay, score: previous.score });
  }
  // The highest score in the window; among equal highs the latest, which gives the steepest fall.
  let peak: { day: string; score: number } | null = null;
  for (const c of candidates) {
    if (!peak || c.score > peak.score || (c.score === peak.score && c.day > peak.day)) peak = c;
  }
  if (!peak) return null;
  const drop = peak.score - current.score;
  if (drop + EPSILON < rule.params.points) return null;
  const elapsed = daysBetween(peak.day, p.day);
  const tier = current.tier ? ` The account is now ${nameOf(current.tier, p.ctx.tiers)}.` : '';
  return {
    title: `Score dropped ${score1(drop)} points in ${plural(elapsed, 'day')} (${score1(peak.score)} → ${score1(current.score)})`,
    detail: joinSentences([
      `Health score fell from ${score1(peak.score)} on ${peak.day} (its highest in the ${plural(rule.params.days, 'day')} before ${p.day}) to ${score1(current.score)}; the rule fires at a drop of ${num(rule.params.points)} points or more.${tier}`,
      weakestMeasures(current.measures),
    ]),
    m: {
      title: msg('scoreDrop.title', {
        drop: score1(drop),
        n: elapsed,
        peak: score1(peak.score),
        now: score1(current.score),
      }),
      detail: [
        msg('scoreDrop.detail', {
          peak: score1(peak.score),
          peakDay: peak.day,
          n: rule.params.days,
          day: p.day,
          now: score1(current.score),
          points: num(rule.params.points),
        }),
        current.tier ? msg('scoreDrop.nowTier', { tier: tierParam(current.tier, p.ctx.tiers) }) : null,
        weakestMessage(current.measures),
      ],
    },
  };
}

function measureBelow(rule: AlertRuleOf<'measure_below'>, p: Prepared): Finding | null {
  const m = p.input.current.measures.find((x) => x.key === rule.params.measureKey);
  if (!m) return null;
  const { threshold, on } = rule.params;
  const value = on === 'points' ? m.points : m.raw;
  if (value === null || !Number.isFinite(value) || !(value < threshold)) return null;
  const label = m.label ?? m.key;
  const benchmark = m.benchmark !== null ? ` The segment average is ${formatRaw(m.benchmark, m.unit)}.` : '';
  const measure = measureParam(m);
  const benchmarkMsg =
    m.benchmark !== null ? msg('measureBelow.benchmark', { value: rawParam(m.benchmark, m.unit) }) : null;
  if (on === 'points') {
    const raw = m.raw !== null ? ` (raw value ${formatRaw(m.raw, m.unit)})` : '';
    return {
      title: `${label} at ${score1(value)} points, below ${num(threshold)}`,
      detail: `${label} scores ${score1(value)} of 100 points${raw} on ${p.day}, below the threshold of ${num(threshold)} points.${benchmark}`,
      m: {
        title: msg('measureBelow.titlePoints', { measure, value: score1(value), threshold: num(threshold) }),
        detail: [
          msg(m.raw !== null ? 'measureBelow.detailPointsRaw' : 'measureBelow.detailPoints', {
            measure,
            value: score1(value),
            raw: m.raw !== null ? rawParam(m.raw, m.unit) : undefined,
            day: p.day,
            threshold: num(threshold),
          }),
          benchmarkMsg,
        ],
      },
    };
  }
  const points = m.points !== null ? ` (${score1(m.points)} points)` : '';
  return {
    title: `${label} at ${formatRaw(value, m.unit)}, below ${formatRaw(threshold, m.unit)}`,
    detail: `${label} is ${formatRaw(value, m.unit)}${points} on ${p.day}, below the threshold of ${formatRaw(threshold, m.unit)}.${benchmark}`,
    m: {
      title: msg('measureBelow.titleRaw', {
        measure,
        value: rawParam(value, m.unit),
        threshold: rawParam(threshold, m.unit),
      }),
      detail: [
        msg(m.points !== null ? 'measureBelow.detailRawPoints' : 'measureBelow.detailRaw', {
          measure,
          value: rawParam(value, m.unit),
          points: m.points !== null ? score1(m.points) : undefined,
          day: p.day,
          threshold: rawParam(threshold, m.unit),
        }),
        benchmarkMsg,
      ],
    },
  };
}

function belowSegmentAverage(rule: AlertRuleOf<'below_segment_average'>, p: Prepared): Finding | null {
  const { measureKey, periods, ratio, periodLength, compareWith } = rule.params;
  const m = p.input.current.measures.find((x) => x.key === measureKey);
  if (!m) return null;
  const run = streak(p, measureKey, compareWith, periodLength, periods);
  if (!run?.every((v) => v.comparison !== null && v.value < ratio * v.comparison)) return null;
  const label = m.label ?? m.key;
  const line =
    ratio === 1 ? COMPARISON_NAMES[compareWith] : `${percent(ratio, 0)} of ${COMPARISON_NAMES[compareWith]}`;
  const now = run[0]!;
  return {
    title: `${label} below ${line} for ${plural(periods, periodWord(periodLength))} (${formatRaw(now.value, m.unit)} vs ${formatRaw(now.comparison!, m.unit)})`,
    detail: joinSentences([
      `${label} has been below ${line} in each of the last ${plural(periods, periodLength === 'day' ? 'scoring period' : periodLength)}: ${listPeriods(run, periodLength, m.unit)}.`,
      meansNote(periodLength, compareWith),
    ]),
    m: {
      title: msg('belowAverage.title', {
        measure: measureParam(m),
        line: comparisonLine(compareWith, ratio === 1 ? null : ratio),
        periods: periodsParam(periods, periodLength),
        value: rawParam(now.value, m.unit),
        comparison: rawParam(now.comparison!, m.unit),
      }),
      detail: [
        msg('belowAverage.detail', {
          measure: measureParam(m),
          line: comparisonLine(compareWith, ratio === 1 ? null : ratio),
          periods: periodsParam(periods, periodLength),
          list: periodListParam(run, periodLength, m.unit),
        }),
        ...meansNoteMessages(periodLength, compareWith),
      ],
    },
  };
}

function aboveAverage(rule: AlertRuleOf<'above_average'>, p: Prepared): Finding | null {
  const { measureKey, periods, periodLength, compareWith, by, ratio, difference } = rule.params;
  const m = p.input.current.measures.find((x) => x.key === measureKey);
  if (!m) return null;
  const run = streak(p, measureKey, compareWith, periodLength, periods);
  const holds = (v: PeriodValue) =>
    v.comparison !== null &&
    (by === 'ratio'
      ? v.comparison > 0 && v.value + EPSILON >= ratio * v.comparison
      : v.value + EPSILON >= v.comparison + (difference ?? Number.POSITIVE_INFINITY));
  if (!run?.every(holds)) return null;
  const label = m.label ?? m.key;
  const base = COMPARISON_NAMES[compareWith];
  const line =
    by === 'ratio'
      ? `${num(ratio)}× ${base} or more`
      : `${formatRaw(difference!, m.unit)} or more above ${base}`;
  const now = run[0]!;
  const baseMsg = { msg: msg(comparisonKey(compareWith)) };
  const lineMsg: AlertMessageParam = {
    msg:
      by === 'ratio'
        ? msg('aboveAverage.byRatio', { ratio: num(ratio), comparison: baseMsg })
        : msg('aboveAverage.byDifference', {
            difference: rawParam(difference!, m.unit),
            comparison: baseMsg,
          }),
  };
  return {
    title: `${label} at ${line} for ${plural(periods, periodWord(periodLength))} (${formatRaw(now.value, m.unit)} vs ${formatRaw(now.comparison!, m.unit)})`,
    detail: joinSentences([
      `${p.input.account.name} has been at ${line} in each of the last ${plural(periods, periodLength === 'day' ? 'scoring period' : periodLength)}: ${listPeriods(run, periodLength, m.unit)}.`,
      meansNote(periodLength, compareWith),
      'A candidate benchmark customer: a case study, a reference or a referral.',
    ]),
    m: {
      title: msg('aboveAverage.title', {
        measure: measureParam(m),
        line: lineMsg,
        periods: periodsParam(periods, periodLength),
        value: rawParam(now.value, m.unit),
        comparison: rawParam(now.comparison!, m.unit),
      }),
      detail: [
        msg('aboveAverage.detail', {
          account: p.input.account.name,
          line: lineMsg,
          periods: periodsParam(periods, periodLength),
          list: periodListParam(run, periodLength, m.unit),
        }),
        ...meansNoteMessages(periodLength, compareWith),
        msg('aboveAverage.candidate'),
      ],
    },
  };
}

function belowOwnAverage(rule: AlertRuleOf<'below_own_average'>, p: Prepared): Finding | null {
  const { measureKey, periods, baselinePeriods, ratio, periodLength } = rule.params;
  const m = p.input.current.measures.find((x) => x.key === measureKey);
  if (!m) return null;
  const values = periodValues(dailyValues(p, measureKey, null), periodLength, false);
  const gap = periodLength === 'day' ? p.ctx.periodDays : undefined;
  const run = consecutiveFrom(
    values,
    periodOf(p.day, periodLength),
    periodLength,
    periods + baselinePeriods,
    gap,
  );
  // Days before the account's first data are missing, never zeros: without a full baseline there is no alert.
  if (run.length < periods + baselinePeriods) return null;
  const recent = run.slice(0, periods);
  const before = run.slice(periods);
  const baseline = before.reduce((sum, v) => sum + v.value, 0) / before.length;
  if (!(baseline > 0) || !recent.every((v) => v.value < ratio * baseline)) return null;
  const label = m.label ?? m.key;
  const word = periodWord(periodLength);
  const oldest = before[before.length - 1]!;
  const now = recent[0]!;
  return {
    title: `${label} below ${percent(ratio, 0)} of its own average for ${plural(periods, word)} (${formatRaw(now.value, m.unit)} vs ${formatRaw(baseline, m.unit)})`,
    detail: joinSentences([
      `${label} was ${recent.map((v) => `${formatRaw(v.value, m.unit)} in ${periodName(v.key, periodLength)}`).join(', ')}, against its own average of ${formatRaw(baseline, m.unit)} over the ${plural(baselinePeriods, word)} from ${periodName(oldest.key, periodLength)}; the rule fires below ${percent(ratio, 0)} of that average.`,
      periodLength === 'day' ? '' : `Each ${periodLength}'s value is the mean of its daily values.`,
    ]),
    m: {
      title: msg('belowOwnAverage.title', {
        measure: measureParam(m),
        ratio: percent(ratio, 0),
        periods: periodsParam(periods, periodLength),
        value: rawParam(now.value, m.unit),
        baseline: rawParam(baseline, m.unit),
      }),
      detail: [
        msg('belowOwnAverage.detail', {
          measure: measureParam(m),
          list: {
            list: recent.map((v) =>
              msg('periodValue', {
                period: periodName(v.key, periodLength),
                value: rawParam(v.value, m.unit),
              }),
            ),
          },
          baseline: rawParam(baseline, m.unit),
          baselinePeriods: periodsParam(baselinePeriods, periodLength),
          from: periodName(oldest.key, periodLength),
          ratio: percent(ratio, 0),
        }),
        periodLength === 'day' ? null : msg(`meanOf.${periodLength}`),
      ],
    },
  };
}

const COMPARISON_NAMES: Record<AlertComparison, string> = {
  segment: 'the segment average',
  platform: 'the platform average',
  'platform-pooled': 'the pooled platform rate',
};

function periodWord(length: AlertPeriodLength): string {
  return length === 'day' ? 'period' : length;
}

function listPeriods(
  run: readonly PeriodValue[],
  length: AlertPeriodLength,
  unit: MeasureUnit | undefined,
): string {
  return run
    .map(
      (r) =>
        `${periodName(r.key, length)} ${formatRaw(r.value, unit)} vs ${formatRaw(r.comparison ?? Number.NaN, unit)}`,
    )
    .join('; ');
}

function meansNote(length: AlertPeriodLength, compareWith: AlertComparison): string {
  const means = length === 'day' ? '' : `Each ${length} compares the means of the days scored in it.`;
  const pooled =
    compareWith === 'platform-pooled'
      ? 'The pooled platform rate is the platform-wide total of the measure over its total paid seats.'
      : '';
  return joinSentences([means, pooled]);
}

/**
 * The newest `periods` consecutive periods of a measure with its comparison, the current period first, or
 * null when there are fewer (a period without data breaks the run).
 */
function streak(
  p: Prepared,
  key: string,
  compareWith: AlertComparison,
  length: AlertPeriodLength,
  periods: number,
): PeriodValue[] | null {
  const values = periodValues(dailyValues(p, key, compareWith), length, true);
  const gap = length === 'day' ? p.ctx.periodDays : undefined;
  const run = consecutiveFrom(values, periodOf(p.day, length), length, periods, gap);
  return run.length < periods ? null : run;
}

/** The measure's value per day, the current day first, with the comparison of that day (null: none asked). */
function dailyValues(p: Prepared, key: string, compareWith: AlertComparison | null): DayValue[] {
  const m = p.input.current.measures.find((x) => x.key === key);
  const out: DayValue[] = [];
  const value = (x: number | null | undefined) => (x === null || x === undefined ? Number.NaN : x);
  const comparison = (day: string, benchmark: number | null | undefined): number | null => {
    if (compareWith === null) return null;
    if (compareWith === 'segment') return benchmark ?? null;
    const stat = platformOn(p.ctx.platform, key, day);
    return (compareWith === 'platform' ? stat?.mean : stat?.pooled) ?? null;
  };
  if (m) out.push({ day: p.day, raw: value(m.raw), comparison: comparison(p.day, m.benchmark) });
  for (const { day, entry } of p.earlier) {
    const v = entry.measures?.[key];
    out.push({ day, raw: value(v?.raw), comparison: comparison(day, v?.benchmark) });
  }
  return out;
}

// One index per statistics object: every account of a run shares it.
const platformIndex = new WeakMap<
  PlatformMeasureStats,
  Map<string, { days: string[]; stats: PlatformMeasureStat[] }>
>();

/** The platform statistic of `key` on `day`, else of the latest earlier day that has one. */
function platformOn(
  platform: PlatformMeasureStats | undefined,
  key: string,
  day: string,
): PlatformMeasureStat | undefined {
  if (!platform) return undefined;
  let byKey = platformIndex.get(platform);
  if (!byKey) {
    byKey = new Map();
    platformIndex.set(platform, byKey);
  }
  let series = byKey.get(key);
  if (!series) {
    const days = Object.keys(platform)
      .filter((d) => platform[d]?.[key] !== undefined)
      .sort();
    series = { days, stats: days.map((d) => platform[d]![key]!) };
    byKey.set(key, series);
  }
  // The last index with days[i] <= day.
  let lo = 0;
  let hi = series.days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (series.days[mid]! <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 ? series.stats[found] : undefined;
}

function renewalDue(rule: AlertRuleOf<'renewal_due'>, p: Prepared): Finding | null {
  const { account, current } = p.input;
  if (current.score === null || current.tier === null || !rule.params.tiers.includes(current.tier))
    return null;
  const renewal = account.renewalDate ? toDay(account.renewalDate) : null;
  if (!renewal) return null;
  const days = daysBetween(p.ctx.asOfDay, renewal);
  // A past renewal date is stale contract data, not an upcoming renewal.
  if (days < 0 || days > rule.params.withinDays) return null;
  const when = days === 0 ? 'today' : `in ${plural(days, 'day')}`;
  const tierName = nameOf(current.tier, p.ctx.tiers);
  const owner = account.ownerEmail ? ` Account owner: ${account.ownerEmail}.` : '';
  return {
    title: `Renewal on ${renewal} (${when}) while ${tierName}`,
    detail: `${account.name} renews on ${renewal}, ${when}, and is ${tierName} with a health score of ${score1(current.score)}.${owner}`,
    m: {
      title: msg('renewalDue.title', { day: renewal, n: days, tier: tierParam(current.tier, p.ctx.tiers) }),
      detail: [
        msg('renewalDue.detail', {
          account: account.name,
          day: renewal,
          n: days,
          tier: tierParam(current.tier, p.ctx.tiers),
          score: score1(current.score),
        }),
        account.ownerEmail ? msg('renewalDue.owner', { owner: account.ownerEmail }) : null,
      ],
    },
  };
}

function keyContactDeactivated(rule: AlertRuleOf<'key_contact_deactivated'>, p: Prepared): Finding | null {
  const { now } = p.ctx;
  const oldest = now - rule.params.withinDays * DAY_MS;
  const recent = p.input.deactivatedKeyContacts
    .filter((c) => Number.isFinite(c.deactivatedAt) && c.deactivatedAt <= now && c.deactivatedAt >= oldest)
    .sort(
      (a, b) => b.deactivatedAt - a.deactivatedAt || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
    );
  const first = recent[0];
  if (!first) return null;
  const names = recent.map(contactName);
  const title =
    recent.length === 1
      ? `Key contact deactivated: ${names[0]}`
      : `${recent.length} key contacts deactivated: ${names.slice(0, 2).join(', ')}${recent.length > 2 ? ` and ${recent.length - 2} more` : ''}`;
  const lines = recent.map(
    (c) =>
      `${contactName(c)}${c.email && c.name ? ` <${c.email}>` : ''}${c.moved ? ' moved to another account' : ''} on ${utcDay(c.deactivatedAt)}`,
  );
  return {
    title,
    detail: `Deactivated in ${p.input.account.name}: ${lines.join('; ')}.`,
    m: {
      title:
        recent.length === 1
          ? msg('keyContact.titleOne', { name: names[0]! })
          : msg('keyContact.titleMany', { n: recent.length, names: namesParam(names) }),
      detail: [
        msg('keyContact.detail', {
          account: p.input.account.name,
          list: {
            list: recent.map((c) =>
              msg(c.moved ? 'keyContact.movedOn' : 'keyContact.deactivatedOn', {
                name: `${contactName(c)}${c.email && c.name ? ` <${c.email}>` : ''}`,
                day: utcDay(c.deactivatedAt),
              }),
            ),
          },
        }),
      ],
    },
  };
}

function championQuiet(rule: AlertRuleOf<'champion_quiet'>, p: Prepared): Finding | null {
  const { now } = p.ctx;
  // Someone never seen is not quiet (an executive sponsor may never log in); only a fall silent counts.
  const quiet = (p.input.keyPeople ?? [])
    .filter(
      (c) =>
        c.lastSeenAt !== null &&
        Number.isFinite(c.lastSeenAt) &&
        c.lastSeenAt <= now - rule.params.days * DAY_MS,
    )
    .sort(
      (a, b) =>
        (a.lastSeenAt ?? 0) - (b.lastSeenAt ?? 0) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
    );
  const first = quiet[0];
  if (!first) return null;
  const days = (c: KeyPerson) => Math.floor((now - (c.lastSeenAt ?? now)) / DAY_MS);
  const names = quiet.map(contactName);
  return {
    title:
      quiet.length === 1
        ? `Champion quiet for ${days(first)} days: ${names[0]}`
        : `${quiet.length} key people quiet for ${rule.params.days}+ days: ${names.slice(0, 2).join(', ')}${quiet.length > 2 ? ` and ${quiet.length - 2} more` : ''}`,
    detail: `No activity in ${p.input.account.name} from ${quiet
      .map(
        (c) =>
          `${contactName(c)}${c.email && c.name ? ` <${c.email}>` : ''} since ${utcDay(c.lastSeenAt ?? now)}`,
      )
      .join('; ')}.`,
    m: {
      title:
        quiet.length === 1
          ? msg('championQuiet.titleOne', { n: days(first), name: names[0]! })
          : msg('championQuiet.titleMany', {
              count: quiet.length,
              n: rule.params.days,
              names: namesParam(names),
            }),
      detail: [
        msg('championQuiet.detail', {
          account: p.input.account.name,
          list: {
            list: quiet.map((c) =>
              msg('championQuiet.since', {
                name: `${contactName(c)}${c.email && c.name ? ` <${c.email}>` : ''}`,
                day: utcDay(c.lastSeenAt ?? now),
              }),
            ),
          },
        }),
      ],
    },
  };
}

function staleData(rule: AlertRuleOf<'stale_data'>, p: Prepared): Finding | null {
  const { lastSeenAt, name } = p.input.account;
  // An account that never sent data has no integration to go stale; the score shows insufficient data.
  if (lastSeenAt === null || !Number.isFinite(lastSeenAt)) return null;
  const last = utcDay(lastSeenAt);
  const days = daysBetween(last, p.ctx.asOfDay);
  if (days < rule.params.days) return null;
  return {
    title: `No data for ${plural(days, 'day')} (last event on ${last})`,
    detail: `No events have arrived from ${name} since ${last}, ${plural(days, 'day')} before ${p.ctx.asOfDay} (the rule fires after ${plural(rule.params.days, 'day')}). Usage-based measures are out of date until data returns.`,
    m: {
      title: msg('staleData.title', { n: days, last }),
      detail: [
        msg('staleData.detail', {
          account: name,
          last,
          days: { msg: msg('days', { n: days }) },
          day: p.ctx.asOfDay,
          after: { msg: msg('days', { n: rule.params.days }) },
        }),
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Formatting

function daysBetween(fromDay: string, toDayStr: string): number {
  return Math.round((Date.parse(`${toDayStr}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / DAY_MS);
}

function tierName(t: TierConfig): string {
  return t.label ?? t.key;
}

function nameOf(key: string, tiers: readonly TierConfig[]): string {
  const t = tiers.find((x) => x.key === key);
  return t ? tierName(t) : key;
}

function contactName(c: Pick<DeactivatedKeyContact, 'name' | 'email' | 'userId'>): string {
  return c.name?.trim() || c.email?.trim() || c.userId;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Scores and points, always one decimal: 82.0. */
function score1(x: number): string {
  return (Math.round(x * 10) / 10).toFixed(1);
}

/** A plain number without float noise: 0.5, 15, 12.35. */
function num(x: number): string {
  return String(Number(x.toFixed(4)));
}

function percent(rate: number, digits: number): string {
  return `${(rate * 100).toFixed(digits)}%`;
}

function formatRaw(x: number, unit: MeasureUnit | undefined): string {
  if (unit === 'rate') return percent(x, 1);
  if (unit === 'changeRate') return `${x > 0 ? '+' : ''}${percent(x, 1)}`;
  if (unit === 'minutes') return `${num(Number(x.toFixed(1)))} min`;
  if (unit === 'days') return plural(Number(x.toFixed(1)), 'day');
  return num(Number(x.toPrecision(6)));
}

function weakest(measures: readonly AlertMeasure[]): (AlertMeasure & { points: number })[] {
  return measures
    .filter((m): m is AlertMeasure & { points: number } => m.points !== null && Number.isFinite(m.points))
    .sort((a, b) => a.points - b.points || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, 3);
}

function weakestMeasures(measures: readonly AlertMeasure[]): string {
  const scored = weakest(measures);
  if (scored.length === 0) return '';
  return `Weakest measures: ${scored.map((m) => `${m.label ?? m.key} ${score1(m.points)} points`).join(', ')}.`;
}

// ---------------------------------------------------------------------------------------------------
// Message parameters: keys the reader's client names in its language, values formatted as in the English text

function tierParam(key: string, tiers: readonly TierConfig[]): AlertMessageParam {
  return { tier: key, label: nameOf(key, tiers) };
}

function measureParam(m: AlertMeasure): AlertMessageParam {
  return { measure: m.key, label: m.label ?? m.key };
}

/** A raw value in its unit; days and minutes are words, so they are sub-messages. */
function rawParam(x: number, unit: MeasureUnit | undefined): AlertMessageParam {
  if (unit === 'minutes') return { msg: msg('minutes', { n: num(Number(x.toFixed(1))) }) };
  if (unit === 'days') return { msg: msg('days', { n: Number(x.toFixed(1)) }) };
  return formatRaw(x, unit);
}

function comparisonKey(c: AlertComparison): string {
  return c === 'platform-pooled' ? 'comparison.platformPooled' : `comparison.${c}`;
}

function periodsParam(n: number, length: AlertPeriodLength): AlertMessageParam {
  return { msg: msg(`periods.${length}`, { n }) };
}

function comparisonLine(compareWith: AlertComparison, ratio: number | null): AlertMessageParam {
  const comparison = { msg: msg(comparisonKey(compareWith)) };
  return ratio === null ? comparison : { msg: msg('shareOf', { share: percent(ratio, 0), comparison }) };
}

function periodListParam(
  run: readonly PeriodValue[],
  length: AlertPeriodLength,
  unit: MeasureUnit | undefined,
): AlertMessageParam {
  return {
    list: run.map((r) =>
      msg('periodVersus', {
        period: periodName(r.key, length),
        value: rawParam(r.value, unit),
        comparison: rawParam(r.comparison ?? Number.NaN, unit),
      }),
    ),
  };
}

function meansNoteMessages(length: AlertPeriodLength, compareWith: AlertComparison): AlertMessage[] {
  const out: AlertMessage[] = [];
  if (length !== 'day') out.push(msg(`meansNote.${length}`));
  if (compareWith === 'platform-pooled') out.push(msg('pooledNote'));
  return out;
}

function namesParam(names: readonly string[]): AlertMessageParam {
  const shown = names.slice(0, 2).map((name) => msg('name', { name }));
  if (names.length > 2) shown.push(msg('andMore', { n: names.length - 2 }));
  return { list: shown };
}

function weakestMessage(measures: readonly AlertMeasure[]): AlertMessage | null {
  const scored = weakest(measures);
  if (scored.length === 0) return null;
  return msg('weakest', {
    list: {
      list: scored.map((m) => msg('measurePoints', { measure: measureParam(m), points: score1(m.points) })),
    },
  });
}

function joinSentences(parts: string[]): string {
  return parts.filter((s) => s !== '').join(' ');
}
