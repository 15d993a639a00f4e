import { describe, expect, it } from 'vitest';
import {
  type AlertRule,
  alertRuleSchema,
  DEFAULT_ALERT_RULES,
  evaluateSurveyAnswer,
  type SurveyAnswerAlertInput,
  surveyFollowUps,
} from '../../../shared/alerts';
import { DEFAULT_SCALES } from '../../../shared/surveys';

const answer = (over: Partial<SurveyAnswerAlertInput> = {}): SurveyAnswerAlertInput => ({
  account: { name: 'Acme' },
  survey: { name: 'Q2 NPS', type: 'nps', scale: DEFAULT_SCALES.nps },
  score: 9,
  comment: null,
  contact: { email: 'dana@acme.com', name: 'Dana' },
  ...over,
});

const ruleIds = (a: SurveyAnswerAlertInput, rules: readonly AlertRule[] = DEFAULT_ALERT_RULES) =>
  evaluateSurveyAnswer(rules, a).map((x) => x.ruleId);

describe('evaluateSurveyAnswer', () => {
  it('by default raises an alert for a detractor (0–6) only, as seed 000 and the NPS groups say', () => {
    expect([0, 6].map((score) => ruleIds(answer({ score })))).toEqual([['nps-detractor'], ['nps-detractor']]);
    expect([7, 8, 9, 10].map((score) => ruleIds(answer({ score })))).toEqual([[], [], [], []]);
  });

  it('raises a passive or promoter alert when its rule says raiseAlert, and none for a detractor that says not', () => {
    const rules = DEFAULT_ALERT_RULES.map((r) =>
      r.kind === 'nps_passive' || r.kind === 'nps_promoter' || r.kind === 'nps_detractor'
        ? alertRuleSchema.parse({ ...r, params: { raiseAlert: r.kind !== 'nps_detractor' } })
        : r,
    );
    expect([3, 7, 8, 9, 10].map((score) => ruleIds(answer({ score }), rules))).toEqual([
      [],
      ['nps-passive'],
      ['nps-passive'],
      ['nps-promoter'],
      ['nps-promoter'],
    ]);
    const [promoter] = evaluateSurveyAnswer(rules, answer({ score: 10 }));
    expect(promoter).toMatchObject({
      severity: 'info',
      title: 'NPS promoter: Dana answered 10 of 10, ask for a referral',
    });
  });

  it('gives every score group its follow-up playbook, whether or not it raises an alert', () => {
    const follow = (score: number) =>
      surveyFollowUps(DEFAULT_ALERT_RULES, answer({ score })).map((f) => [f.ruleId, f.raiseAlert]);
    expect(follow(5)).toEqual([['nps-detractor', true]]);
    expect(follow(8)).toEqual([['nps-passive', false]]);
    expect(follow(9)).toEqual([['nps-promoter', false]]);
    const passive = DEFAULT_ALERT_RULES.find((r) => r.id === 'nps-passive')!;
    expect(surveyFollowUps(DEFAULT_ALERT_RULES, answer({ score: 7 }))[0]?.playbook).toBe(passive.playbook);
  });

  it('reads a CES answer by the survey direction: 6 of 7 is hard on a difficulty scale and easy on an ease scale', () => {
    const ces = (score: number, direction: 'ease' | 'difficulty', scale = DEFAULT_SCALES.ces) =>
      ruleIds(answer({ score, survey: { name: 'Support CES', type: 'ces', scale, direction } }));
    expect(ces(6, 'difficulty')).toEqual(['ces-high-effort']);
    expect(ces(6, 'ease')).toEqual([]);
    expect(ces(2, 'ease')).toEqual(['ces-high-effort']);
    expect(ces(2, 'difficulty')).toEqual([]);
    // 5 of 1–7 difficulty is 3 of 1–7 ease (≤ 3); 4 is the midpoint either way.
    expect(ces(5, 'difficulty')).toEqual(['ces-high-effort']);
    expect(ces(4, 'difficulty')).toEqual([]);
    // 4 of 1–5 difficulty is 2 of 1–5 ease, 2.5 of 1–7.
    expect(ces(4, 'difficulty', { min: 1, max: 5 })).toEqual(['ces-high-effort']);
    const [a] = evaluateSurveyAnswer(
      DEFAULT_ALERT_RULES,
      answer({
        score: 6,
        survey: { name: 'Support CES', type: 'ces', scale: DEFAULT_SCALES.ces, direction: 'difficulty' },
      }),
    );
    expect(a?.detail).toContain('answered 6 on the 1–7 difficulty scale');
  });

  it('carries the rule playbook, severity and a title naming the contact and score', () => {
    const [a] = evaluateSurveyAnswer(
      DEFAULT_ALERT_RULES,
      answer({ score: 2, comment: 'Exports keep failing' }),
    );
    const rule = DEFAULT_ALERT_RULES.find((r) => r.id === 'nps-detractor')!;
    expect(a).toMatchObject({ kind: 'nps_detractor', severity: 'critical', playbook: rule.playbook });
    expect(a?.title).toBe('NPS detractor: Dana answered 2 of 10');
    expect(a?.detail).toContain('Dana <dana@acme.com> of Acme answered 2');
    expect(a?.detail).toContain('"Exports keep failing"');
  });

  it('raises the CES rule at or below its threshold on 1–7, mapping other scales', () => {
    const ces = (score: number, scale = DEFAULT_SCALES.ces) =>
      ruleIds(answer({ score, survey: { name: 'Support CES', type: 'ces', scale } }));
    expect(ces(3)).toEqual(['ces-high-effort']);
    expect(ces(1)).toEqual(['ces-high-effort']);
    expect(ces(4)).toEqual([]);
    // 2 of 1–5 is 2.5 on 1–7 (≤ 3); 3 of 1–5 is 4.
    expect(ces(2, { min: 1, max: 5 })).toEqual(['ces-high-effort']);
    expect(ces(3, { min: 1, max: 5 })).toEqual([]);
  });

  it('raises nothing for CSAT, for disabled rules or for snapshot rules', () => {
    expect(
      ruleIds(answer({ score: 1, survey: { name: 'CSAT', type: 'csat', scale: DEFAULT_SCALES.csat } })),
    ).toEqual([]);
    const disabled = DEFAULT_ALERT_RULES.map((r) => ({ ...r, enabled: false }));
    expect(ruleIds(answer({ score: 0 }), disabled)).toEqual([]);
  });

  it('uses a custom CES threshold', () => {
    const strict = alertRuleSchema.parse({
      id: 'ces-strict',
      kind: 'ces_poor',
      name: 'CES below 6',
      severity: 'warning',
      playbook: 'Call them.',
      params: { atOrBelow: 5 },
    });
    expect(
      ruleIds(answer({ score: 5, survey: { name: 'CES', type: 'ces', scale: DEFAULT_SCALES.ces } }), [
        strict,
      ]),
    ).toEqual(['ces-strict']);
  });

  it('quotes long comments shortened and works without a contact', () => {
    const [a] = evaluateSurveyAnswer(
      DEFAULT_ALERT_RULES,
      answer({ score: 1, comment: 'x'.repeat(3000), contact: null }),
    );
    expect(a?.title).toBe('NPS detractor: a contact answered 1 of 10');
    expect(a!.detail.length).toBeLessThan(1200);
  });
});
