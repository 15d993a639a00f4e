import type { SurveyResponse } from '../health/input';
import { csatOf, meanOf, npsOf, responseScores } from '../health/measures';
import { DEFAULT_SCALES, type SurveyDirection, type SurveyScale, type SurveyType } from './types';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * How long after the first answer a respondent may change it (resubmitting the same link).
 * @example EDIT_WINDOW_MS // 1_800_000 (30 minutes)
 */
export const EDIT_WINDOW_MS = 30 * MINUTE_MS;

/**
 * Longest stored follow-up comment, characters (after trimming).
 * @example MAX_COMMENT_LENGTH // 2000
 */
export const MAX_COMMENT_LENGTH = 2000;

/**
 * The groups an answer falls into, per type. NPS: detractor 0–6, passive 7–8, promoter 9–10. CSAT (1–5):
 * dissatisfied 1–2, neutral 3, satisfied 4–5. CES on an ease scale (higher = easier): below the scale's
 * midpoint difficult, on it neutral, above it easy (1–7: 1–3, 4, 5–7); on a difficulty scale the other way round.
 * @example SCORE_GROUPS.nps // ['detractor', 'passive', 'promoter']
 */
export const SCORE_GROUPS = {
  nps: ['detractor', 'passive', 'promoter'],
  csat: ['dissatisfied', 'neutral', 'satisfied'],
  ces: ['difficult', 'neutral', 'easy'],
} as const satisfies Record<SurveyType, readonly string[]>;

/**
 * Any group of {@link SCORE_GROUPS}.
 * @example const g: ScoreGroup = 'promoter';
 */
export type ScoreGroup = (typeof SCORE_GROUPS)[SurveyType][number];

/**
 * Every group name (for query validation).
 * @example ALL_SCORE_GROUPS.length // 8
 */
export const ALL_SCORE_GROUPS = [...new Set(Object.values(SCORE_GROUPS).flat())] as ScoreGroup[];

/**
 * Checks an answer: an integer within the survey's scale. Returns the score or an English reason.
 * @example checkScore(7, { min: 0, max: 10 }) // { ok: true, score: 7 }
 * @example checkScore(7.5, { min: 0, max: 10 }) // { ok: false, message: 'score must be an integer from 0 to 10' }
 */
export function checkScore(
  score: unknown,
  scale: SurveyScale,
): { ok: true; score: number } | { ok: false; message: string } {
  if (typeof score === 'number' && Number.isInteger(score) && score >= scale.min && score <= scale.max)
    return { ok: true, score };
  return { ok: false, message: `score must be an integer from ${scale.min} to ${scale.max}` };
}

/**
 * The group of one answer (see {@link SCORE_GROUPS}); `scale` and `direction` only matter for CES.
 * @example scoreGroup('nps', 8) // 'passive'
 * @example scoreGroup('ces', 4, { min: 1, max: 7 }) // 'neutral'
 * @example scoreGroup('ces', 6, { min: 1, max: 7 }, 'difficulty') // 'difficult'
 */
export function scoreGroup(
  type: SurveyType,
  score: number,
  scale: SurveyScale = { min: 1, max: 7 },
  direction: SurveyDirection = 'ease',
): ScoreGroup {
  if (type === 'nps') return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
  if (type === 'csat') return score >= 4 ? 'satisfied' : score === 3 ? 'neutral' : 'dissatisfied';
  const mid = (scale.min + scale.max) / 2;
  const ease = direction === 'difficulty' ? scale.min + scale.max - score : score;
  return ease > mid ? 'easy' : ease === mid ? 'neutral' : 'difficult';
}

/**
 * A CES answer on the 1–7 ease scale (7 = easiest) the health model and the CES rule read: a difficulty
 * answer is turned round on its own scale, then the scale is mapped linearly onto 1–7.
 * @example cesEase(6, { min: 1, max: 7 }, 'difficulty') // 2
 * @example cesEase(5, { min: 1, max: 5 }, 'ease') // 7
 */
export function cesEase(score: number, scale: SurveyScale, direction: SurveyDirection): number {
  const ease = direction === 'difficulty' ? scale.min + scale.max - score : score;
  return rescale(ease, scale, DEFAULT_SCALES.ces);
}

/**
 * A time window `[startMs, endMs)` in epoch ms.
 * @example const w: TimeWindow = { startMs: Date.UTC(2026, 0, 1), endMs: Date.UTC(2026, 3, 1) };
 */
export interface TimeWindow {
  startMs: number;
  endMs: number;
}

const ALL_TIME: TimeWindow = { startMs: Number.NEGATIVE_INFINITY, endMs: Number.POSITIVE_INFINITY };

/**
 * NPS over a window with its counts, or null with no answers. Dismissed and unanswered responses are not
 * responses; a contact who answered twice counts once, with their latest answer.
 * @example npsOver([{ score: 10, respondedAt: 1 }, { score: 3, respondedAt: 2 }, { score: 8, respondedAt: 3 }]) // { nps: 0, responses: 3, promoters: 1, passives: 1, detractors: 1 }
 */
export function npsOver(
  responses: readonly SurveyResponse[],
  window: TimeWindow = ALL_TIME,
): { nps: number; responses: number; promoters: number; passives: number; detractors: number } | null {
  const scores = responseScores(responses, window.startMs, window.endMs);
  if (scores.length === 0) return null;
  let promoters = 0;
  let detractors = 0;
  for (const s of scores) {
    if (s >= 9) promoters++;
    else if (s <= 6) detractors++;
  }
  return {
    nps: npsOf(scores),
    responses: scores.length,
    promoters,
    passives: scores.length - promoters - detractors,
    detractors,
  };
}

/**
 * The most recent real answer (not dismissed, with a score), or null.
 * @example latestAnswer([{ score: 9, respondedAt: 5 }, { score: null, respondedAt: 9 }])?.score // 9
 */
export function latestAnswer(responses: readonly SurveyResponse[]): SurveyResponse | null {
  let latest: SurveyResponse | null = null;
  for (const r of responses) {
    if (r.dismissed || r.score === null || !Number.isFinite(r.score)) continue;
    if (!latest || r.respondedAt >= latest.respondedAt) latest = r;
  }
  return latest;
}

/**
 * CSAT over a window as a rate 0..1 (share of answers ≥ `satisfiedMin`), or null with no answers.
 * @example csatOver([{ score: 5, respondedAt: 1 }, { score: 2, respondedAt: 2 }]) // { csat: 0.5, responses: 2 }
 */
export function csatOver(
  responses: readonly SurveyResponse[],
  window: TimeWindow = ALL_TIME,
  satisfiedMin = 4,
): { csat: number; responses: number } | null {
  const scores = responseScores(responses, window.startMs, window.endMs);
  return scores.length === 0 ? null : { csat: csatOf(scores, satisfiedMin), responses: scores.length };
}

/**
 * Mean CES over a window on the survey's own scale, or null with no answers.
 * @example cesOver([{ score: 2, respondedAt: 1 }, { score: 6, respondedAt: 2 }]) // { ces: 4, responses: 2 }
 */
export function cesOver(
  responses: readonly SurveyResponse[],
  window: TimeWindow = ALL_TIME,
): { ces: number; responses: number } | null {
  const scores = responseScores(responses, window.startMs, window.endMs);
  return scores.length === 0 ? null : { ces: meanOf(scores), responses: scores.length };
}

/**
 * Answered links ÷ links sent, a rate 0..1; null when nothing was sent.
 * @example responseRate(12, 40) // 0.3
 */
export function responseRate(answered: number, sent: number): number | null {
  if (!(sent > 0)) return null;
  return Math.min(1, Math.max(0, answered) / sent);
}

/**
 * Maps an answer from one scale onto another, linearly (a 1–5 CES answer of 5 is 7 on 1–7). The health
 * model's CES measure reads answers on 1–7, so other CES scales are mapped before scoring.
 * @example rescale(3, { min: 1, max: 5 }, { min: 1, max: 7 }) // 4
 */
export function rescale(score: number, from: SurveyScale, to: SurveyScale): number {
  if (from.max === from.min) return to.min;
  return to.min + ((score - from.min) * (to.max - to.min)) / (from.max - from.min);
}

/**
 * A follow-up comment as stored: plain text, trimmed, control characters other than newlines and tabs
 * removed, line endings normalised; null when empty. Length is checked by the caller (≤ 2,000 after this).
 * @example cleanComment('  Great\r\nsupport\u0000 ') // 'Great\nsupport'
 */
export function cleanComment(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  const cleaned = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
  const trimmed = cleaned.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Whether a contact last asked at `lastAskedAt` (epoch ms, null = never) may not be asked again yet.
 * @example isWithinQuietPeriod(now - 10 * 86_400_000, 90, now) // true
 */
export function isWithinQuietPeriod(
  lastAskedAt: number | null,
  quietPeriodDays: number,
  now: number,
): boolean {
  if (lastAskedAt === null || !(quietPeriodDays > 0)) return false;
  return now - lastAskedAt < quietPeriodDays * DAY_MS;
}

/**
 * Whether an answer given at `respondedAt` may still be changed at `now`, and until when (epoch ms).
 * @example answerEditable(now - 60_000, now) // { editable: true, until: now - 60_000 + EDIT_WINDOW_MS }
 */
export function answerEditable(respondedAt: number, now: number): { editable: boolean; until: number } {
  const until = respondedAt + EDIT_WINDOW_MS;
  return { editable: now < until, until };
}

/**
 * One stored answer as the summary reads it.
 * @example const a: SummaryAnswer = { score: 9, respondedAt: Date.UTC(2026, 3, 2), contactId: 'ana@acme.com' };
 */
export interface SummaryAnswer {
  score: number;
  respondedAt: number;
  /** Contact key (lower-cased email), or null for an account-level link. */
  contactId: string | null;
}

/**
 * A survey's results over a window: counts, response rate, the type's headline number (NPS −100..100,
 * CSAT rate 0..1, CES mean on the survey's scale; null without answers; the other two are null), the
 * distribution of answers per score, and a trend per calendar month (UTC).
 * @example const s: SurveySummary = summarizeSurvey({ type: 'nps', scale: { min: 0, max: 10 }, answers: [], sent: 0, answeredSent: 0, window });
 */
export interface SurveySummary {
  responses: number;
  sent: number;
  responseRate: number | null;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  /** Answers per group of the type (NPS: detractor, passive, promoter). */
  groups: { group: ScoreGroup; count: number }[];
  /** One entry per scale point, lowest first, zero counts included. */
  distribution: { score: number; count: number }[];
  /** One entry per month (`YYYY-MM`) from the window's first month to its last, oldest first. */
  trend: { month: string; responses: number; value: number | null }[];
}

/**
 * Summarises a survey's answers in `window`. `answers` may include answers outside the window (they are
 * ignored); `sent` = links created in the window, `answeredSent` = how many of those have an answer.
 * The headline number and the monthly values count each contact's latest answer once (as the health
 * model does); the distribution and groups count every answer in the window.
 * @example summarizeSurvey({ type: 'csat', scale: { min: 1, max: 5 }, answers: [{ score: 5, respondedAt: t, contactId: null }], sent: 2, answeredSent: 1, window }).csat // 1
 */
export function summarizeSurvey(input: {
  type: SurveyType;
  scale: SurveyScale;
  /** CES only: a difficulty survey's groups are turned round (its mean stays on its own scale). */
  direction?: SurveyDirection;
  answers: readonly SummaryAnswer[];
  sent: number;
  answeredSent: number;
  window: TimeWindow;
}): SurveySummary {
  const { type, scale, window } = input;
  const inWindow = input.answers.filter(
    (a) => a.respondedAt >= window.startMs && a.respondedAt < window.endMs,
  );
  const headline = headlineOf(type, inWindow);
  const distribution: { score: number; count: number }[] = [];
  for (let s = scale.min; s <= scale.max; s++) distribution.push({ score: s, count: 0 });
  const groupCounts = new Map<ScoreGroup, number>(SCORE_GROUPS[type].map((g) => [g, 0]));
  for (const a of inWindow) {
    const d = distribution[a.score - scale.min];
    if (d) d.count++;
    const g = scoreGroup(type, a.score, scale, input.direction);
    groupCounts.set(g, (groupCounts.get(g) ?? 0) + 1);
  }
  return {
    responses: inWindow.length,
    sent: input.sent,
    responseRate: responseRate(input.answeredSent, input.sent),
    nps: type === 'nps' ? headline : null,
    csat: type === 'csat' ? headline : null,
    ces: type === 'ces' ? headline : null,
    groups: [...groupCounts].map(([group, count]) => ({ group, count })),
    distribution,
    trend: monthlyTrend(type, inWindow, window),
  };
}

function headlineOf(type: SurveyType, answers: readonly SummaryAnswer[]): number | null {
  const responses = answers.map((a) => ({
    score: a.score,
    respondedAt: a.respondedAt,
    contactId: a.contactId,
  }));
  if (type === 'nps') return npsOver(responses)?.nps ?? null;
  if (type === 'csat') return csatOver(responses)?.csat ?? null;
  return cesOver(responses)?.ces ?? null;
}

function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

function monthlyTrend(
  type: SurveyType,
  answers: readonly SummaryAnswer[],
  window: TimeWindow,
): SurveySummary['trend'] {
  const byMonth = new Map<string, SummaryAnswer[]>();
  if (Number.isFinite(window.startMs) && Number.isFinite(window.endMs) && window.endMs > window.startMs) {
    const first = new Date(window.startMs);
    const last = monthOf(window.endMs - 1);
    // Months are walked by calendar, not by a fixed step, so every month of the window is present once.
    for (let y = first.getUTCFullYear(), m = first.getUTCMonth(); ; m++) {
      const key = monthOf(Date.UTC(y, m, 1));
      byMonth.set(key, []);
      if (key >= last || byMonth.size > 1200) break;
    }
  }
  for (const a of answers) {
    const key = monthOf(a.respondedAt);
    const list = byMonth.get(key);
    if (list) list.push(a);
    else byMonth.set(key, [a]);
  }
  return [...byMonth]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([month, list]) => ({ month, responses: list.length, value: headlineOf(type, list) }));
}
