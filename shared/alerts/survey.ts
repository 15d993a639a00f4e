import { cesEase } from '../surveys/scores';
import type { SurveyDirection, SurveyScale, SurveyType } from '../surveys/types';
import type { RaisedAlert } from './evaluate';
import { type AlertMessage, type AlertMessageParam, msg, textMessage } from './messages';
import type { AlertRule } from './rules';

/**
 * One survey answer as the survey rules read it. `score` is on the survey's `scale`, which for CES runs in
 * the survey's `direction` (default `ease`); `contact` is null for an account-level link.
 * @example const a: SurveyAnswerAlertInput = { account: { name: 'Acme' }, survey: { name: 'Q2 NPS', type: 'nps', scale: { min: 0, max: 10 } }, score: 3, comment: 'Too slow', contact: { email: 'dana@acme.com', name: 'Dana' } };
 */
export interface SurveyAnswerAlertInput {
  account: { name: string };
  survey: { name: string; type: SurveyType; scale: SurveyScale; direction?: SurveyDirection };
  score: number;
  comment: string | null;
  contact: { email: string | null; name: string | null } | null;
}

/**
 * What decides an answer's follow-up: its survey's type, scale and direction, and the score. No name,
 * comment or contact, so a list of answers can be matched without loading them.
 * @example const a: SurveyAnswerScore = { survey: { type: 'nps', scale: { min: 0, max: 10 } }, score: 8 };
 */
export interface SurveyAnswerScore {
  survey: Pick<SurveyAnswerAlertInput['survey'], 'type' | 'scale' | 'direction'>;
  score: number;
}

// Slack shows at most 3,000 characters per section; the comment is quoted inside the detail.
const MAX_QUOTED_COMMENT = 1000;

/**
 * The follow-up of an answer: each enabled survey rule of its score group, in rule order, with its playbook
 * (seed 000: rescue a detractor, ask a passive for feedback, ask a promoter for a referral or an upgrade, help
 * a customer who found it hard) and whether it raises an alert. An NPS answer of 0–6 matches `nps_detractor`,
 * 7–8 `nps_passive`, 9–10 `nps_promoter`; a CES answer at or below the rule's `atOrBelow` on the 1–7 ease
 * scale (other scales mapped linearly, difficulty scales turned round) matches `ces_poor`.
 * @example surveyFollowUps(DEFAULT_ALERT_RULES, { survey: { type: 'nps', scale: { min: 0, max: 10 } }, score: 8 }) // [{ ruleId: 'nps-passive', raiseAlert: false, playbook: '…' }]
 */
export function surveyFollowUps(
  rules: readonly AlertRule[],
  input: SurveyAnswerScore,
): { ruleId: string; name: string; playbook: string; raiseAlert: boolean; texts?: AlertRule['texts'] }[] {
  return rules
    .filter((rule) => rule.enabled && fires(rule, input))
    .map((rule) => ({
      ruleId: rule.id,
      name: rule.name,
      playbook: rule.playbook,
      raiseAlert: raisesAlert(rule),
      ...(rule.texts ? { texts: rule.texts } : {}),
    }));
}

function raisesAlert(rule: AlertRule): boolean {
  if (rule.kind === 'nps_detractor' || rule.kind === 'nps_passive' || rule.kind === 'nps_promoter')
    return rule.params.raiseAlert;
  return true;
}

/**
 * Which enabled survey rules an answer raises as alerts, in rule order: those of {@link surveyFollowUps} that
 * raise one (by default an NPS detractor and a hard CES answer; passives and promoters only when their
 * rule's `raiseAlert` is on). Other rule kinds are ignored. Pure; the worker stores them deduplicated per
 * account and rule while open.
 * @example evaluateSurveyAnswer(DEFAULT_ALERT_RULES, { account: { name: 'Acme' }, survey: { name: 'NPS', type: 'nps', scale: { min: 0, max: 10 } }, score: 2, comment: null, contact: null }).map((a) => a.ruleId) // ['nps-detractor']
 */
export function evaluateSurveyAnswer(
  rules: readonly AlertRule[],
  input: SurveyAnswerAlertInput,
): RaisedAlert[] {
  const out: RaisedAlert[] = [];
  for (const rule of rules) {
    if (!rule.enabled || !fires(rule, input) || !raisesAlert(rule)) continue;
    out.push({
      ruleId: rule.id,
      kind: rule.kind,
      severity: rule.severity,
      title: titleOf(rule.kind, input),
      detail: detailOf(input),
      playbook: rule.playbook,
      messages: {
        title: titleMessage(rule.kind, input),
        detail: [detailMessage(input)],
        playbook: [textMessage({ en: rule.playbook, zh: rule.texts?.zh?.playbook })],
      },
    });
  }
  return out;
}

function fires(rule: AlertRule, a: SurveyAnswerScore): boolean {
  const { type } = a.survey;
  switch (rule.kind) {
    case 'nps_detractor':
      return type === 'nps' && a.score <= 6;
    case 'nps_passive':
      return type === 'nps' && a.score >= 7 && a.score <= 8;
    case 'nps_promoter':
      return type === 'nps' && a.score >= 9;
    case 'ces_poor':
      return (
        type === 'ces' &&
        cesEase(a.score, a.survey.scale, a.survey.direction ?? 'ease') <= rule.params.atOrBelow + 1e-9
      );
    default:
      return false;
  }
}

function titleOf(kind: AlertRule['kind'], a: SurveyAnswerAlertInput): string {
  const of = `${a.score} of ${a.survey.scale.max}`;
  if (kind === 'nps_detractor') return `NPS detractor: ${who(a)} answered ${of}`;
  if (kind === 'nps_passive') return `NPS passive: ${who(a)} answered ${of}, ask what would make it a 10`;
  if (kind === 'nps_promoter') return `NPS promoter: ${who(a)} answered ${of}, ask for a referral`;
  return `High effort: ${who(a)} rated customer effort ${of}`;
}

function who(a: SurveyAnswerAlertInput): string {
  return a.contact?.name?.trim() || a.contact?.email?.trim() || 'a contact';
}

function detailOf(a: SurveyAnswerAlertInput): string {
  const contact = a.contact
    ? `${a.contact.name?.trim() || a.contact.email}${a.contact.name && a.contact.email ? ` <${a.contact.email}>` : ''}`
    : 'A contact';
  const direction =
    a.survey.type === 'ces' ? ((a.survey.direction ?? 'ease') === 'ease' ? ' ease' : ' difficulty') : '';
  const scale = `${a.survey.scale.min}–${a.survey.scale.max}${direction}`;
  const comment = a.comment
    ? ` Their comment: "${a.comment.length > MAX_QUOTED_COMMENT ? `${a.comment.slice(0, MAX_QUOTED_COMMENT)}…` : a.comment}"`
    : ' They left no comment.';
  return `${contact} of ${a.account.name} answered ${a.score} on the ${scale} scale of the survey "${a.survey.name}".${comment}`;
}

const TITLE_KEYS: Partial<Record<AlertRule['kind'], string>> = {
  nps_detractor: 'survey.detractor',
  nps_passive: 'survey.passive',
  nps_promoter: 'survey.promoter',
};

function whoParam(a: SurveyAnswerAlertInput): AlertMessageParam {
  const name = a.contact?.name?.trim() || a.contact?.email?.trim();
  return name ?? { msg: msg('survey.aContact') };
}

function titleMessage(kind: AlertRule['kind'], a: SurveyAnswerAlertInput): AlertMessage {
  return msg(TITLE_KEYS[kind] ?? 'survey.highEffort', {
    who: whoParam(a),
    score: a.score,
    max: a.survey.scale.max,
  });
}

function detailMessage(a: SurveyAnswerAlertInput): AlertMessage {
  const contact = a.contact
    ? `${a.contact.name?.trim() || a.contact.email}${a.contact.name && a.contact.email ? ` <${a.contact.email}>` : ''}`
    : { msg: msg('survey.aContact') };
  const scale =
    a.survey.type === 'ces'
      ? {
          msg: msg(`survey.scale.${a.survey.direction ?? 'ease'}`, {
            min: a.survey.scale.min,
            max: a.survey.scale.max,
          }),
        }
      : `${a.survey.scale.min}–${a.survey.scale.max}`;
  const comment = a.comment
    ? a.comment.length > MAX_QUOTED_COMMENT
      ? `${a.comment.slice(0, MAX_QUOTED_COMMENT)}…`
      : a.comment
    : undefined;
  return msg(comment === undefined ? 'survey.detailNoComment' : 'survey.detail', {
    contact,
    account: a.account.name,
    score: a.score,
    scale,
    survey: a.survey.name,
    comment,
  });
}
