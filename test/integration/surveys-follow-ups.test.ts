import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../shared/alerts';
import type { TimelinePage } from '../../shared/contracts/accounts';
import type { SurveyFollowUpDto, SurveyResponsePage } from '../../shared/contracts/surveys';
import { admin } from './helpers';
import { answer, createSurvey, surveyAccount } from './surveys-helpers';

const ruleOf = (id: string) => DEFAULT_ALERT_RULES.find((r) => r.id === id)!;

/** The follow-up a default rule gives, as the API shows it. */
function followUp(id: string): SurveyFollowUpDto {
  const rule = ruleOf(id);
  const raiseAlert = 'raiseAlert' in rule.params ? rule.params.raiseAlert : true;
  return { ruleId: id, name: rule.name, playbook: rule.playbook, raiseAlert, texts: rule.texts };
}

async function responses(surveyId: number) {
  const res = await admin(`/api/surveys/${surveyId}/responses`);
  expect(res.status).toBe(200);
  return (await res.json<SurveyResponsePage>()).items;
}

/** Stores a default rule with `playbook`, runs `fn`, then puts the default back. */
async function withPlaybook(ruleId: string, playbook: string, fn: () => Promise<void>) {
  const { id, ...body } = ruleOf(ruleId);
  const put = async (text: string) =>
    expect(
      (await admin(`/api/alerts/rules/${id}`, { method: 'PUT', body: { ...body, playbook: text } })).status,
    ).toBe(200);
  await put(playbook);
  try {
    await fn();
  } finally {
    await put(body.playbook);
  }
}

describe('survey answers carry the follow-up of their score group', () => {
  it('GET /api/surveys/:id/responses gives a detractor, passive and promoter their own rule and playbook', async () => {
    const survey = await createSurvey();
    const acct = await surveyAccount();
    for (const score of [3, 7, 10]) await answer(survey.id, acct.externalId, score);
    const items = await responses(survey.id);
    expect(items.map((r) => [r.score, r.followUps])).toEqual([
      [10, [followUp('nps-promoter')]],
      [7, [followUp('nps-passive')]],
      [3, [followUp('nps-detractor')]],
    ]);
    expect(items.at(-1)!.followUps[0]!.raiseAlert).toBe(true);
    expect(items[0]!.followUps[0]!.raiseAlert).toBe(false);
  });

  it('shows a playbook edited through PUT /api/alerts/rules/:ruleId on the next read', async () => {
    const survey = await createSurvey();
    const acct = await surveyAccount();
    await answer(survey.id, acct.externalId, 8);
    const edited = 'Call within two days and ask what would make it a 10.';
    await withPlaybook('nps-passive', edited, async () => {
      const [passive] = await responses(survey.id);
      expect(passive!.followUps).toEqual([{ ...followUp('nps-passive'), playbook: edited }]);
    });
    expect((await responses(survey.id))[0]!.followUps).toEqual([followUp('nps-passive')]);
  });

  it('gives a hard CES answer the high-effort follow-up, on either direction, and an easy one none', async () => {
    const acct = await surveyAccount();
    const ease = await createSurvey({ type: 'ces' });
    await answer(ease.id, acct.externalId, 2);
    await answer(ease.id, acct.externalId, 6);
    expect((await responses(ease.id)).map((r) => [r.score, r.followUps])).toEqual([
      [6, []],
      [2, [followUp('ces-high-effort')]],
    ]);
    const difficulty = await createSurvey({ type: 'ces', direction: 'difficulty' });
    await answer(difficulty.id, acct.externalId, 6);
    expect((await responses(difficulty.id))[0]!.followUps).toEqual([followUp('ces-high-effort')]);
  });

  it("puts the same follow-ups on the answers of the account's timeline", async () => {
    const acct = await surveyAccount();
    const survey = await createSurvey();
    await answer(survey.id, acct.externalId, 4);
    const res = await admin(`/api/accounts/${encodeURIComponent(acct.externalId)}/timeline`);
    expect(res.status).toBe(200);
    const entry = (await res.json<TimelinePage>()).items.find((i) => i.kind === 'survey');
    expect(entry?.meta.followUps).toEqual([followUp('nps-detractor')]);
    expect(entry?.meta.surveyDirection).toBe('ease');
  });
});
