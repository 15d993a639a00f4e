import type { SurveyResponse } from '../health/input';
import { csatOf, meanOf, npsOf, responseScores } from '../health/measures';
import { SCORE_GROUPS, type ScoreGroup, scoreGroup } from './scores';
import type { SurveyDirection, SurveyScale, SurveyType } from './types';

/**
 * One stored answer with its account, as the per-account results read it.
 * @example const a: AccountAnswer = { accountId: 3, score: 9, respondedAt: Date.UTC(2026, 3, 2), contactId: 'ana@acme.com' };
 */
export interface AccountAnswer {
  accountId: number;
  score: number;
  respondedAt: number;
  /** The person (lower-cased email) of a personal link; null for an account-level link. */
  contactId: string | null;
}

/**
 * One account's result: its respondents (each person once, with their latest answer), the type's headline
 * over them and how many fall in each group.
 * @example const r: AccountResult = { accountId: 3, respondents: 2, value: 0, groups: [], lastAnsweredAt: 0 };
 */
export interface AccountResult {
  accountId: number;
  respondents: number;
  /** NPS −100..100, CSAT share 0..1 or CES mean on the survey's scale. */
  value: number;
  groups: { group: ScoreGroup; count: number }[];
  lastAnsweredAt: number;
}

/**
 * A survey's results per account, the articles' way: NPS = % promoters − % detractors over the account's
 * respondents, where a person who answered several personal links counts once with the latest answer, and each
 * account-level link's answer (nobody to tell apart) counts on its own — what the health model's NPS measure
 * counts. CSAT is the share of 4–5 answers, CES the mean. Ordered least satisfied first (lowest NPS or CSAT;
 * lowest ease for CES, i.e. the highest mean on a difficulty scale), then by more respondents.
 * @example resultsByAccount({ type: 'nps', scale: { min: 0, max: 10 }, answers: [{ accountId: 1, score: 3, respondedAt: 1, contactId: 'a' }, { accountId: 1, score: 10, respondedAt: 2, contactId: 'a' }, { accountId: 1, score: 6, respondedAt: 1, contactId: 'b' }] })[0]?.value // 0
 */
export function resultsByAccount(input: {
  type: SurveyType;
  scale: SurveyScale;
  direction?: SurveyDirection;
  answers: readonly AccountAnswer[];
}): AccountResult[] {
  const { type, scale, direction = 'ease' } = input;
  const byAccount = new Map<number, SurveyResponse[]>();
  const last = new Map<number, number>();
  for (const a of input.answers) {
    const list = byAccount.get(a.accountId) ?? [];
    byAccount.set(a.accountId, list);
    list.push({ score: a.score, respondedAt: a.respondedAt, contactId: a.contactId });
    last.set(a.accountId, Math.max(last.get(a.accountId) ?? a.respondedAt, a.respondedAt));
  }
  const out: AccountResult[] = [];
  for (const [accountId, answers] of byAccount) {
    const scores = responseScores(answers, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    const counts = new Map<ScoreGroup, number>(SCORE_GROUPS[type].map((g) => [g, 0]));
    for (const s of scores) {
      const g = scoreGroup(type, s, scale, direction);
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    const value = type === 'nps' ? npsOf(scores) : type === 'csat' ? csatOf(scores) : meanOf(scores);
    out.push({
      accountId,
      respondents: scores.length,
      value,
      groups: [...counts].map(([group, count]) => ({ group, count })),
      lastAnsweredAt: last.get(accountId)!,
    });
  }
  // Worse first: a difficulty CES runs the other way round.
  const sign = type === 'ces' && direction === 'difficulty' ? -1 : 1;
  return out.sort(
    (a, b) => sign * (a.value - b.value) || b.respondents - a.respondents || a.accountId - b.accountId,
  );
}
