import { isSurveyAlertKind, type SurveyAnswerScore, surveyFollowUps } from '../../shared/alerts';
import type { SurveyFollowUpDto } from '../../shared/contracts/surveys';
import { listAlertRules } from '../alerts/store';
import type { Db } from '../common/db';

/** Gives the follow-ups of one answer from rules loaded beforehand. */
export type FollowUpsOf = (answer: SurveyAnswerScore) => SurveyFollowUpDto[];

/**
 * Loads the survey alert rules once and returns what {@link surveyFollowUps} says for each answer of a
 * list, so a page of answers costs one rules query, not one per row.
 * @example const followUpsOf = await loadFollowUps(db); followUpsOf({ survey: { type: 'nps', scale: { min: 0, max: 10 } }, score: 3 }) // [{ ruleId: 'nps-detractor', … }]
 */
export async function loadFollowUps(db: Db): Promise<FollowUpsOf> {
  const rules = (await listAlertRules(db)).filter((r) => isSurveyAlertKind(r.kind));
  return (answer) => surveyFollowUps(rules, answer);
}
