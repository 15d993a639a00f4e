import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../shared/alerts';
import type {
  SurveyDto,
  SurveyLinksWebhookBody,
  SurveyResponsePage,
  SurveySummaryDto,
} from '../../shared/contracts/surveys';
import { addDays } from '../../shared/time';
import { deliverWebhook } from '../../worker/alerts/webhook-job';
import worker, { CRONS } from '../../worker/index';
import { runDueSurveys } from '../../worker/surveys/job';
import {
  admin,
  createApiToken,
  DAY_MS,
  errorCode,
  getHealth,
  measureOf,
  planSegment,
  rows,
  seedAccount,
  seedSnapshot,
  today,
  uid,
  waitFor,
  waitForRun,
  yesterday,
} from './helpers';
import { hookRequests } from './hook-targets';
import {
  answer,
  createLinks,
  createSurvey,
  publicGet,
  publicPost,
  surveyAccount,
  tokenOf,
} from './surveys-helpers';

interface AlertBody {
  id: number;
  account: string;
  ruleId: string;
  status: string;
  severity: string;
  title: string;
  detail: string;
  playbook: string;
  assignee: string | null;
}

async function alertsOf(externalId: string): Promise<AlertBody[]> {
  const res = await admin(`/api/alerts?account=${encodeURIComponent(externalId)}&limit=50`);
  return (await res.json<{ items: AlertBody[] }>()).items;
}

const playbookOf = (ruleId: string) => DEFAULT_ALERT_RULES.find((r) => r.id === ruleId)!.playbook;

describe('GET /api/surveys/:id/responses, responses.csv and summary', () => {
  async function answered() {
    const { segmentId } = await planSegment(uid('plan'));
    const a = await seedAccount();
    const b = await seedAccount();
    await seedSnapshot(a.id, today(), { score: 70, tier: 'green-yellow', segmentId });
    const survey = await createSurvey();
    await answer(survey.id, a.externalId, 10, { email: 'ana@example.com' });
    await answer(survey.id, a.externalId, 9, { email: 'bo@example.com' });
    await answer(survey.id, b.externalId, 3, { email: 'cy@example.com', comment: '=cmd|" /C calc"!A0' });
    await answer(survey.id, b.externalId, 7, { email: 'dee@example.com' });
    // Sent, never answered.
    await createLinks(survey.id, {
      contacts: [{ email: 'eve@example.com', accountExternalId: b.externalId }],
    });
    return { survey, a, b, segmentId };
  }

  it('lists answers newest first with account, contact, score group and comment, filtered and paged', async () => {
    const { survey, a, b, segmentId } = await answered();
    const all = await (await admin(`/api/surveys/${survey.id}/responses`)).json<SurveyResponsePage>();
    expect(all.items.map((r) => [r.accountExternalId, r.contact?.email, r.score, r.group])).toEqual([
      [b.externalId, 'dee@example.com', 7, 'passive'],
      [b.externalId, 'cy@example.com', 3, 'detractor'],
      [a.externalId, 'bo@example.com', 9, 'promoter'],
      [a.externalId, 'ana@example.com', 10, 'promoter'],
    ]);
    expect(all.items[1]).toMatchObject({
      accountName: `Account ${b.externalId}`,
      comment: '=cmd|" /C calc"!A0',
    });
    expect(all.nextCursor).toBeNull();

    const list = async (query: string) =>
      (
        await (await admin(`/api/surveys/${survey.id}/responses?${query}`)).json<SurveyResponsePage>()
      ).items.map((r) => r.contact?.email);
    expect(await list('group=detractor')).toEqual(['cy@example.com']);
    expect(await list('group=promoter')).toEqual(['bo@example.com', 'ana@example.com']);
    expect(await list('group=passive')).toEqual(['dee@example.com']);
    expect(await list(`segment=${segmentId}`)).toEqual(['bo@example.com', 'ana@example.com']);

    const page1 = await (
      await admin(`/api/surveys/${survey.id}/responses?limit=3`)
    ).json<SurveyResponsePage>();
    expect(page1.items).toHaveLength(3);
    const page2 = await (
      await admin(`/api/surveys/${survey.id}/responses?limit=3&cursor=${page1.nextCursor}`)
    ).json<SurveyResponsePage>();
    expect(page2.items.map((r) => r.contact?.email)).toEqual(['ana@example.com']);

    const wrongGroup = await admin(`/api/surveys/${survey.id}/responses?group=satisfied`);
    expect(wrongGroup.status).toBe(400);
    expect(await errorCode(wrongGroup)).toBe('VALIDATION_FAILED');
    expect((await admin(`/api/surveys/${survey.id}/responses?group=nonsense`)).status).toBe(400);
  });

  it('filters by time: from is inclusive, a day as to runs through its end', async () => {
    const survey = await createSurvey();
    const acct = await seedAccount();
    const old = await answer(survey.id, acct.externalId, 2, { email: 'old@example.com' });
    await answer(survey.id, acct.externalId, 8, { email: 'new@example.com' });
    const oldAt = Date.parse(`${addDays(today(), -40)}T12:00:00Z`);
    const [link] = await rows<{ id: number }>(
      "SELECT id FROM survey_links WHERE survey_id = ? AND contact_key = 'old@example.com'",
      survey.id,
    );
    await rows('UPDATE survey_responses SET responded_at = ? WHERE link_id = ?', oldAt, link!.id);
    expect(old.token).toBeTruthy();
    const emails = async (query: string) =>
      (
        await (await admin(`/api/surveys/${survey.id}/responses?${query}`)).json<SurveyResponsePage>()
      ).items.map((r) => r.contact?.email);
    expect(await emails(`from=${addDays(today(), -10)}`)).toEqual(['new@example.com']);
    expect(await emails(`to=${addDays(today(), -40)}`)).toEqual(['old@example.com']);
    expect(await emails(`to=${addDays(today(), -41)}`)).toEqual([]);
    expect(
      await emails(`from=${new Date(oldAt).toISOString()}&to=${new Date(oldAt + 1).toISOString()}`),
    ).toEqual(['old@example.com']);
    expect((await admin(`/api/surveys/${survey.id}/responses?from=2026-02-30`)).status).toBe(400);
  });

  it('exports the answers as formula-safe CSV with the same filters', async () => {
    const { survey, b } = await answered();
    const res = await admin(`/api/surveys/${survey.id}/responses.csv?group=detractor`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const parsed = Papa.parse<string[]>(await res.text(), { skipEmptyLines: true });
    expect(parsed.data[0]).toEqual([
      'respondedAt',
      'accountExternalId',
      'accountName',
      'email',
      'name',
      'score',
      'group',
      'comment',
      'locale',
    ]);
    expect(parsed.data.slice(1).map((r) => r.slice(1))).toEqual([
      [
        b.externalId,
        `Account ${b.externalId}`,
        'cy@example.com',
        '',
        '3',
        'detractor',
        `'=cmd|" /C calc"!A0`,
        '',
      ],
    ]);
  });

  it('summarises responses, links sent, response rate, NPS, the distribution and a monthly trend', async () => {
    const { survey } = await answered();
    const res = await admin(`/api/surveys/${survey.id}/summary?days=30`);
    expect(res.status).toBe(200);
    const s = await res.json<SurveySummaryDto>();
    expect(s).toMatchObject({
      surveyId: survey.id,
      type: 'nps',
      scale: { min: 0, max: 10 },
      days: 30,
      responses: 4,
      sent: 5,
      responseRate: 0.8,
      nps: 25,
      csat: null,
      ces: null,
    });
    expect(s.distribution).toHaveLength(11);
    expect(s.distribution.filter((d) => d.count > 0).map((d) => d.score)).toEqual([3, 7, 9, 10]);
    expect(s.groups).toEqual([
      { group: 'detractor', count: 1 },
      { group: 'passive', count: 1 },
      { group: 'promoter', count: 2 },
    ]);
    const thisMonth = s.trend.at(-1)!;
    expect(thisMonth).toEqual({ month: new Date().toISOString().slice(0, 7), responses: 4, value: 25 });
    expect(Date.parse(s.to) - Date.parse(s.from)).toBe(30 * DAY_MS);
    expect((await admin(`/api/surveys/${survey.id}/summary?days=0`)).status).toBe(400);
  });

  it('reports CSAT as the share of 4–5 answers and CES as the mean', async () => {
    const acct = await seedAccount();
    const csat = await createSurvey({ type: 'csat' });
    for (const score of [5, 4, 2, 1]) await answer(csat.id, acct.externalId, score);
    expect(await (await admin(`/api/surveys/${csat.id}/summary`)).json()).toMatchObject({
      csat: 0.5,
      nps: null,
    });
    const ces = await createSurvey({ type: 'ces' });
    for (const score of [2, 7]) await answer(ces.id, acct.externalId, score);
    expect(await (await admin(`/api/surveys/${ces.id}/summary`)).json()).toMatchObject({
      ces: 4.5,
      nps: null,
    });
  });
});

describe('account timeline', () => {
  it("shows survey answers on the account's timeline with score, survey and comment", async () => {
    const acct = await seedAccount();
    const survey = await createSurvey({ name: 'Onboarding NPS' });
    await answer(survey.id, acct.externalId, 9, { email: 'ana@example.com', comment: 'Smooth start' });
    const res = await admin(`/api/accounts/${encodeURIComponent(acct.externalId)}/timeline`);
    expect(res.status).toBe(200);
    const { items } = await res.json<{
      items: { kind: string; title: string; detail: string | null; meta: Record<string, unknown> }[];
    }>();
    const entry = items.find((i) => i.kind === 'survey');
    expect(entry).toMatchObject({
      title: 'NPS answer 9 of 10 from ana@example.com',
      detail: 'Smooth start',
      meta: {
        surveyId: survey.id,
        surveyName: 'Onboarding NPS',
        surveyType: 'nps',
        score: 9,
        contactEmail: 'ana@example.com',
      },
    });
  });
});

describe('survey links never leak to viewers', () => {
  it('no page a viewer reads about an answered account carries its survey token', async () => {
    const acct = await surveyAccount();
    const survey = await createSurvey();
    const { token } = await answer(survey.id, acct.externalId, 2, { comment: 'Too slow' });
    const { token: viewer } = await createApiToken('viewer');
    const id = encodeURIComponent(acct.externalId);
    const reads = [
      `/api/accounts/${id}`,
      `/api/accounts/${id}/timeline`,
      `/api/accounts/${id}/insight`,
      `/api/alerts?account=${id}`,
      '/api/surveys',
      `/api/surveys/${survey.id}`,
      `/api/surveys/${survey.id}/responses`,
      `/api/surveys/${survey.id}/responses.csv`,
      `/api/surveys/${survey.id}/summary`,
      `/api/audit?entity=survey&entityId=${survey.id}`,
      '/api/audit',
    ];
    for (const path of reads) {
      const res = await admin(path, { token: viewer });
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).not.toContain(token);
    }
    expect((await admin(`/api/surveys/${survey.id}/links`, { token: viewer })).status).toBe(403);
  });
});

/** Runs `fn` with the passive and promoter rules raising alerts (their default is not to), then restores them. */
async function withGroupAlerts(fn: () => Promise<void>) {
  const rules = DEFAULT_ALERT_RULES.filter((r) => r.id === 'nps-passive' || r.id === 'nps-promoter');
  const put = (raiseAlert: boolean) =>
    Promise.all(
      rules.map(async ({ id, ...body }) => {
        const res = await admin(`/api/alerts/rules/${id}`, {
          method: 'PUT',
          body: { ...body, params: { raiseAlert } },
        });
        expect(res.status).toBe(200);
      }),
    );
  await put(true);
  try {
    await fn();
  } finally {
    await put(false);
  }
}

describe('survey alerts', () => {
  const HOOK = `https://ok.hooks.test/${uid('survey-alerts')}`;
  afterEach(async () => {
    await admin('/api/alerts/webhook', { method: 'PUT', body: { url: null } });
  });

  it('raises a rescue alert for a detractor, assigned to the owner, with the playbook and the comment', async () => {
    const acct = await surveyAccount();
    const survey = await createSurvey({ name: 'Q3 NPS' });
    await answer(survey.id, acct.externalId, 3, {
      email: 'dana@example.com',
      comment: 'Exports keep failing',
    });
    const alerts = await alertsOf(acct.externalId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      ruleId: 'nps-detractor',
      status: 'open',
      severity: 'critical',
      assignee: acct.ownerEmail,
      playbook: playbookOf('nps-detractor'),
      title: 'NPS detractor: dana@example.com answered 3 of 10',
    });
    expect(alerts[0]!.detail).toContain('"Exports keep failing"');
    expect(alerts[0]!.detail).toContain('"Q3 NPS"');
  });

  it('raises no alert for a passive or a promoter by default, while a detractor gets one', async () => {
    const survey = await createSurvey();
    const passive = await surveyAccount();
    const promoter = await surveyAccount();
    const detractor = await surveyAccount();
    await answer(survey.id, passive.externalId, 8);
    await answer(survey.id, promoter.externalId, 10);
    await answer(survey.id, detractor.externalId, 6);
    expect(await alertsOf(passive.externalId)).toEqual([]);
    expect(await alertsOf(promoter.externalId)).toEqual([]);
    expect((await alertsOf(detractor.externalId)).map((a) => [a.ruleId, a.severity])).toEqual([
      ['nps-detractor', 'critical'],
    ]);
  });

  it('with raiseAlert on, asks for feedback from a passive and flags a promoter as a referral or upsell opportunity', async () => {
    await withGroupAlerts(async () => {
      const survey = await createSurvey();
      const passive = await surveyAccount();
      const promoter = await surveyAccount();
      await answer(survey.id, passive.externalId, 8);
      await answer(survey.id, promoter.externalId, 10);
      expect((await alertsOf(passive.externalId)).map((a) => [a.ruleId, a.severity, a.playbook])).toEqual([
        ['nps-passive', 'info', playbookOf('nps-passive')],
      ]);
      expect((await alertsOf(promoter.externalId)).map((a) => [a.ruleId, a.severity, a.playbook])).toEqual([
        ['nps-promoter', 'info', playbookOf('nps-promoter')],
      ]);
    });
  });

  it('keeps one open alert per account and rule, and raises again once it was closed', async () => {
    const survey = await createSurvey();
    const acct = await surveyAccount();
    await answer(survey.id, acct.externalId, 1);
    await answer(survey.id, acct.externalId, 4);
    const [open, ...more] = await alertsOf(acct.externalId);
    expect(more).toEqual([]);
    expect((await admin(`/api/alerts/${open!.id}/close`, { body: { note: 'called them' } })).status).toBe(
      200,
    );
    await answer(survey.id, acct.externalId, 0);
    expect((await alertsOf(acct.externalId)).map((a) => a.status)).toEqual(['open', 'closed']);
  });

  it('raises "help them" for a CES answer at or below the threshold, nothing for a good one or for CSAT', async () => {
    const ces = await createSurvey({ type: 'ces' });
    const hard = await surveyAccount();
    const easy = await surveyAccount();
    await answer(ces.id, hard.externalId, 2);
    await answer(ces.id, easy.externalId, 6);
    expect((await alertsOf(hard.externalId)).map((a) => [a.ruleId, a.severity])).toEqual([
      ['ces-high-effort', 'warning'],
    ]);
    expect(await alertsOf(easy.externalId)).toEqual([]);
    const csat = await createSurvey({ type: 'csat' });
    await answer(csat.id, easy.externalId, 1);
    expect(await alertsOf(easy.externalId)).toEqual([]);
  });

  it('an edit replaces the alert of the earlier answer: one open alert, one webhook per category change', async () => {
    await withGroupAlerts(() => editReplacesAlert());
  });

  async function editReplacesAlert() {
    const hookId = uid('edits');
    expect(
      (
        await admin('/api/alerts/webhook', {
          method: 'PUT',
          body: { url: `https://ok.hooks.test/${hookId}` },
        })
      ).status,
    ).toBe(200);
    const survey = await createSurvey();
    const acct = await surveyAccount();
    const { token } = await answer(survey.id, acct.externalId, 2, { email: 'rae@example.com' });
    for (const [score, comment] of [
      [8, undefined],
      [10, undefined],
      [10, 'Love the new exports'],
    ] as const) {
      expect((await publicPost(token, { score, ...(comment ? { comment } : {}) })).status).toBe(200);
    }
    const alerts = await alertsOf(acct.externalId);
    expect(alerts.filter((a) => a.status === 'open').map((a) => [a.ruleId, a.title])).toEqual([
      ['nps-promoter', 'NPS promoter: rae@example.com answered 10 of 10, ask for a referral'],
    ]);
    // The open alert describes the latest answer, comment included.
    expect(alerts.find((a) => a.status === 'open')!.detail).toContain('"Love the new exports"');
    const closed = await rows<{ rule_id: string; close_note: string }>(
      `SELECT a.rule_id, a.close_note FROM alerts a JOIN accounts acc ON acc.id = a.account_id
       WHERE acc.external_id = ? AND a.status = 'closed' ORDER BY a.id`,
      acct.externalId,
    );
    expect(closed).toEqual([
      {
        rule_id: 'nps-detractor',
        close_note: 'Superseded: rae@example.com changed the answer from 2 to 8 within the edit window.',
      },
      {
        rule_id: 'nps-passive',
        close_note: 'Superseded: rae@example.com changed the answer from 8 to 10 within the edit window.',
      },
    ]);
    // One delivery per category the answer passed through; none for the edit that kept the category.
    const deliveries = await rows<{ rule_id: string }>(
      `SELECT a.rule_id FROM webhook_deliveries d JOIN alerts a ON a.id = d.alert_id
       JOIN accounts acc ON acc.id = a.account_id WHERE acc.external_id = ? ORDER BY d.id`,
      acct.externalId,
    );
    expect(deliveries.map((d) => d.rule_id)).toEqual(['nps-detractor', 'nps-passive', 'nps-promoter']);
    // The promoter alert is posted; a superseded one is posted only if its delivery went out before the
    // edit closed it, else it is cancelled unsent. The target saw exactly the delivered ones.
    const settled = await waitFor(async () => {
      const states = await rows<{ rule_id: string; status: string }>(
        `SELECT a.rule_id, d.status FROM webhook_deliveries d JOIN alerts a ON a.id = d.alert_id
         JOIN accounts acc ON acc.id = a.account_id WHERE acc.external_id = ? ORDER BY d.id`,
        acct.externalId,
      );
      return states.every((d) => d.status !== 'pending') ? states : null;
    });
    expect(settled.at(-1)).toEqual({ rule_id: 'nps-promoter', status: 'delivered' });
    for (const d of settled.slice(0, 2)) expect(['delivered', 'cancelled']).toContain(d.status);
    const posts = await hookRequests(hookId);
    expect(
      posts.map((p) => (JSON.parse(p.body) as { text: string }).text.match(/NPS \w+/)?.[0]).sort(),
    ).toEqual(
      settled
        .filter((d) => d.status === 'delivered')
        .map((d) =>
          d.rule_id === 'nps-detractor'
            ? 'NPS detractor'
            : d.rule_id === 'nps-passive'
              ? 'NPS passive'
              : 'NPS promoter',
        )
        .sort(),
    );
  }

  it('an alert closed before its first delivery attempt is not posted (cancelled)', async () => {
    const hookId = uid('closed');
    await admin('/api/alerts/webhook', { method: 'PUT', body: { url: `https://ok.hooks.test/${hookId}` } });
    const survey = await createSurvey();
    const acct = await surveyAccount();
    await answer(survey.id, acct.externalId, 1);
    const [alert] = await alertsOf(acct.externalId);
    const [delivery] = await rows<{ id: number }>(
      'SELECT id FROM webhook_deliveries WHERE alert_id = ?',
      alert!.id,
    );
    // Whatever the queue did meanwhile, make this delivery unattempted and its alert closed, then deliver.
    await rows("UPDATE webhook_deliveries SET status = 'pending', attempts = 0 WHERE id = ?", delivery!.id);
    await rows("UPDATE alerts SET status = 'closed', close_note = 'handled' WHERE id = ?", alert!.id);
    const before = (await hookRequests(hookId)).length;
    expect(await deliverWebhook(env, delivery!.id)).toBeNull();
    const [after] = await rows<{ status: string; last_error: string }>(
      'SELECT status, last_error FROM webhook_deliveries WHERE id = ?',
      delivery!.id,
    );
    expect(after).toEqual({
      status: 'cancelled',
      last_error: 'not sent: the alert was closed before delivery',
    });
    expect((await hookRequests(hookId)).length).toBe(before);
  });

  it("an edit leaves another respondent's alert of the same account alone", async () => {
    await withGroupAlerts(() => editLeavesOthersAlone());
  });

  async function editLeavesOthersAlone() {
    const survey = await createSurvey();
    const acct = await surveyAccount();
    await answer(survey.id, acct.externalId, 3, { email: 'first@example.com' });
    // Same account and rule while the first is open: no second alert.
    const { token } = await answer(survey.id, acct.externalId, 1, { email: 'second@example.com' });
    expect((await publicPost(token, { score: 9 })).status).toBe(200);
    const alerts = await alertsOf(acct.externalId);
    expect(alerts.map((a) => [a.ruleId, a.status, a.title]).sort()).toEqual([
      ['nps-detractor', 'open', 'NPS detractor: first@example.com answered 3 of 10'],
      ['nps-promoter', 'open', 'NPS promoter: second@example.com answered 9 of 10, ask for a referral'],
    ]);
  }

  it('reads a CES survey asked as difficulty the other way round: 6 of 7 is hard, 2 of 7 is easy', async () => {
    const ces = await createSurvey({ type: 'ces', direction: 'difficulty' });
    expect(ces).toMatchObject({ direction: 'difficulty' });
    expect(ces.questions.en?.highLabel).toBe('Very difficult');
    const hard = await surveyAccount();
    const easy = await surveyAccount();
    await answer(ces.id, hard.externalId, 6);
    await answer(ces.id, easy.externalId, 2);
    expect((await alertsOf(hard.externalId)).map((a) => a.ruleId)).toEqual(['ces-high-effort']);
    expect(await alertsOf(easy.externalId)).toEqual([]);
    const summary = await (await admin(`/api/surveys/${ces.id}/summary`)).json<SurveySummaryDto>();
    expect(summary).toMatchObject({ direction: 'difficulty', ces: 4 });
    expect(summary.groups).toEqual([
      { group: 'difficult', count: 1 },
      { group: 'neutral', count: 0 },
      { group: 'easy', count: 1 },
    ]);
    const page = await (
      await admin(`/api/surveys/${ces.id}/responses?group=difficult`)
    ).json<SurveyResponsePage>();
    expect(page.items.map((r) => r.score)).toEqual([6]);
  });

  it('refuses difficulty for an NPS survey and a direction change after creation', async () => {
    const nps = await admin('/api/surveys', {
      body: { type: 'nps', name: uid('s'), direction: 'difficulty' },
    });
    expect(nps.status).toBe(400);
    expect(await errorCode(nps)).toBe('VALIDATION_FAILED');
    const ces = await createSurvey({ type: 'ces' });
    expect(ces.direction).toBe('ease');
    const patch = await admin(`/api/surveys/${ces.id}`, {
      method: 'PATCH',
      body: { direction: 'difficulty' },
    });
    expect(patch.status).toBe(400);
  });

  it('an edit out of high effort closes the CES alert and raises nothing new', async () => {
    const ces = await createSurvey({ type: 'ces' });
    const acct = await surveyAccount();
    const { token } = await answer(ces.id, acct.externalId, 2);
    expect((await publicPost(token, { score: 6 })).status).toBe(200);
    expect((await alertsOf(acct.externalId)).map((a) => [a.ruleId, a.status])).toEqual([
      ['ces-high-effort', 'closed'],
    ]);
  });

  it('respects a disabled survey rule', async () => {
    const rule = DEFAULT_ALERT_RULES.find((r) => r.id === 'nps-passive')!;
    const { id: _id, ...body } = rule;
    await createSurvey();
    expect(
      (await admin(`/api/alerts/rules/${rule.id}`, { method: 'PUT', body: { ...body, enabled: false } }))
        .status,
    ).toBe(200);
    try {
      const survey = await createSurvey();
      const acct = await surveyAccount();
      await answer(survey.id, acct.externalId, 7);
      expect(await alertsOf(acct.externalId)).toEqual([]);
    } finally {
      await admin(`/api/alerts/rules/${rule.id}`, { method: 'PUT', body });
    }
  });

  it('queues a webhook delivery for each new survey alert when a webhook is configured', async () => {
    expect((await admin('/api/alerts/webhook', { method: 'PUT', body: { url: HOOK } })).status).toBe(200);
    const survey = await createSurvey();
    const acct = await surveyAccount();
    await answer(survey.id, acct.externalId, 2);
    const [alert] = await alertsOf(acct.externalId);
    const deliveries = await rows<{ alert_id: number }>(
      'SELECT alert_id FROM webhook_deliveries WHERE alert_id = ?',
      alert!.id,
    );
    expect(deliveries).toEqual([{ alert_id: alert!.id }]);
  });
});

describe('scoring with survey answers', () => {
  it('a model with an NPS measure scores the account NPS of the window', async () => {
    const plan = uid('nps-plan');
    await planSegment(plan, {
      measures: [
        {
          key: 'accountNps',
          kind: 'nps',
          windowDays: 90,
          weight: 100,
          normalisation: { kind: 'linear', min: -100, max: 100 },
        },
      ],
    });
    const acct = await seedAccount({ plan });
    const silent = await seedAccount({ plan });
    const survey = await createSurvey();
    for (const score of [10, 10, 3]) await answer(survey.id, acct.externalId, score);
    // A detractor from before the 90-day window does not count.
    await answer(survey.id, acct.externalId, 0);
    const [oldest] = await rows<{ id: number }>(
      'SELECT id FROM survey_responses WHERE account_id = ? AND score = 0',
      acct.id,
    );
    await rows(
      'UPDATE survey_responses SET responded_at = ? WHERE id = ?',
      Date.parse(`${addDays(yesterday(), -120)}T12:00:00Z`),
      oldest!.id,
    );
    // Windows end with yesterday (the last complete day): the others answered yesterday.
    await rows(
      'UPDATE survey_responses SET responded_at = ? WHERE account_id = ? AND score <> 0',
      Date.parse(`${yesterday()}T12:00:00Z`),
      acct.id,
    );
    const res = await admin('/api/scoring/run', { method: 'POST' });
    expect(res.status).toBe(202);
    await waitForRun((await res.json<{ runId: string }>()).runId);

    const health = await getHealth(acct.externalId);
    const nps = measureOf(health, 'accountNps');
    expect(nps).toMatchObject({ raw: expect.closeTo(100 / 3, 9), missing: false });
    expect(health?.score).toBeCloseTo(66.7, 1);
    // No answers: the measure is missing and the account has insufficient data.
    expect((await getHealth(silent.externalId))?.insufficientData).toBe(true);
  });
});

describe('scoring with a CES survey asked as difficulty', () => {
  it('the CES measure reads a difficulty answer of 6 of 7 as 2 on the ease scale, and an ease answer as is', async () => {
    const plan = uid('ces-plan');
    await planSegment(plan, {
      measures: [
        {
          key: 'effort',
          kind: 'ces',
          windowDays: 90,
          weight: 100,
          normalisation: { kind: 'linear', min: 1, max: 7 },
        },
      ],
    });
    const hard = await seedAccount({ plan });
    const easy = await seedAccount({ plan });
    const difficulty = await createSurvey({ type: 'ces', direction: 'difficulty' });
    const ease = await createSurvey({ type: 'ces', scale: { min: 1, max: 5 } });
    await answer(difficulty.id, hard.externalId, 6);
    await answer(ease.id, easy.externalId, 5);
    await rows(
      'UPDATE survey_responses SET responded_at = ? WHERE account_id IN (?, ?)',
      Date.parse(`${yesterday()}T12:00:00Z`),
      hard.id,
      easy.id,
    );
    const res = await admin('/api/scoring/run', { method: 'POST' });
    expect(res.status).toBe(202);
    await waitForRun((await res.json<{ runId: string }>()).runId);
    expect(measureOf(await getHealth(hard.externalId), 'effort').raw).toBe(2);
    expect(measureOf(await getHealth(easy.externalId), 'effort').raw).toBe(7);
  });
});

describe('survey re-runs', () => {
  async function dueSurvey(extra: Record<string, unknown> = {}) {
    const survey = await createSurvey({
      quietPeriodDays: 20,
      recurrence: { everyDays: 30, nextRunAt: new Date(Date.now() - 60_000).toISOString() },
      ...extra,
    });
    const recent = await seedAccount();
    const due = await seedAccount();
    await createLinks(survey.id, {
      contacts: [{ email: 'ana@example.com', accountExternalId: recent.externalId }],
    });
    const old = await createLinks(survey.id, { accounts: [due.externalId] });
    await rows(
      'UPDATE survey_links SET created_at = created_at - ? WHERE id = ?',
      25 * DAY_MS,
      old.links[0]!.id,
    );
    return { survey, recent, due };
  }

  it('asks earlier recipients again after the quiet period and posts the new links to the webhook', async () => {
    const { survey, due } = await dueSurvey({ webhookUrl: 'https://hooks.example.test/surveys' });
    const posts: { url: string; body: SurveyLinksWebhookBody }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      posts.push({ url, body: JSON.parse(String(init.body)) });
      return new Response('ok');
    }) as unknown as typeof fetch;
    const now = Date.now();
    const results = await runDueSurveys(env, now, fetcher);
    const mine = results.find((r) => r.surveyId === survey.id);
    expect(mine?.result).toMatchObject({
      links: 1,
      skipped: 1,
      delivery: { status: 'delivered', httpStatus: 200, error: null },
      error: null,
    });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.url).toBe('https://hooks.example.test/surveys');
    expect(posts[0]!.body).toMatchObject({ event: 'survey.links', survey: { id: survey.id, type: 'nps' } });
    expect(posts[0]!.body.links.map((l) => [l.accountExternalId, l.contact])).toEqual([
      [due.externalId, null],
    ]);
    expect((await publicGet(tokenOf(posts[0]!.body.links[0]!))).status).toBe(200);

    const after = await (await admin(`/api/surveys/${survey.id}`)).json<SurveyDto>();
    expect(Date.parse(after.recurrence!.nextRunAt!)).toBe(now + 30 * DAY_MS);
    expect(after.lastRun).toMatchObject({ links: 1, skipped: 1, delivery: { status: 'delivered' } });
    // Not due again until the next run.
    expect(
      (await runDueSurveys(env, Date.now(), fetcher)).find((r) => r.surveyId === survey.id),
    ).toBeUndefined();
  });

  it('reports a failed webhook delivery and keeps the links for the API', async () => {
    const { survey } = await dueSurvey({ webhookUrl: 'https://hooks.example.test/down' });
    const fetcher = (async () => new Response('nope', { status: 503 })) as unknown as typeof fetch;
    const mine = (await runDueSurveys(env, Date.now(), fetcher)).find((r) => r.surveyId === survey.id);
    expect(mine?.result.delivery).toEqual({ status: 'failed', httpStatus: 503, error: 'HTTP 503' });
    const links = await (await admin(`/api/surveys/${survey.id}/links`)).json<{ items: unknown[] }>();
    expect(links.items).toHaveLength(3);
  });

  it('does not follow a redirect of the link webhook, and refuses a stored private URL without fetching it', async () => {
    const redirectId = uid('links-redirect');
    const redirected = await dueSurvey({ webhookUrl: `https://redirect.hooks.test/${redirectId}` });
    const legacyId = uid('links-legacy');
    const legacy = await dueSurvey();
    // As an install from before the URL rules may have it.
    await rows(
      'UPDATE surveys SET webhook_url = ? WHERE id = ?',
      `https://10.0.0.8/${legacyId}`,
      legacy.survey.id,
    );
    const results = await runDueSurveys(env, Date.now());
    expect(results.find((r) => r.surveyId === redirected.survey.id)?.result.delivery).toEqual({
      status: 'failed',
      httpStatus: 302,
      error: 'HTTP 302 (redirects are not followed)',
    });
    const sent = await hookRequests(redirectId);
    expect(sent.map((r) => [r.method, r.url])).toEqual([
      ['POST', `https://redirect.hooks.test/${redirectId}`],
    ]);
    expect(results.find((r) => r.surveyId === legacy.survey.id)?.result.delivery).toMatchObject({
      status: 'failed',
      httpStatus: null,
      error: expect.stringMatching(/^refused: /),
    });
    expect(await hookRequests(legacyId)).toEqual([]);
  });

  it('does not ask again people deactivated or gone from the account since; hand-added contacts are asked', async () => {
    const survey = await createSurvey({
      quietPeriodDays: 20,
      recurrence: { everyDays: 30, nextRunAt: new Date(Date.now() - 60_000).toISOString() },
    });
    const acme = await seedAccount();
    const elsewhere = await seedAccount();
    const email = (name: string) => `${uid(name)}@example.com`;
    const [stays, deactivated, moved, status, handAdded] = [
      email('stays'),
      email('deactivated'),
      email('moved'),
      email('status'),
      email('hand'),
    ];
    const now = Date.now();
    for (const [address, accountId, traits] of [
      [stays, acme.id, '{}'],
      [deactivated, acme.id, '{"deactivated":true}'],
      [moved, elsewhere.id, '{}'],
      [status, acme.id, '{"status":"Deactivated"}'],
    ] as const) {
      await rows(
        'INSERT INTO users (external_id, account_id, email, traits, created_at) VALUES (?, ?, ?, ?, ?)',
        uid('user'),
        accountId,
        address.toUpperCase(),
        traits,
        now,
      );
    }
    const first = await createLinks(survey.id, {
      contacts: [stays, deactivated, moved, status, handAdded].map((e) => ({
        email: e,
        accountExternalId: acme.externalId,
      })),
    });
    expect(first.links).toHaveLength(5);
    await rows(
      'UPDATE survey_links SET created_at = created_at - ? WHERE survey_id = ?',
      25 * DAY_MS,
      survey.id,
    );

    const mine = (await runDueSurveys(env, Date.now())).find((r) => r.surveyId === survey.id);
    expect(mine?.result).toMatchObject({ links: 2, skipped: 3, error: null });
    const asked = await rows<{ contact_email: string }>(
      'SELECT contact_email FROM survey_links WHERE survey_id = ? AND created_by = ? ORDER BY contact_email',
      survey.id,
      'cron',
    );
    expect(asked.map((r) => r.contact_email)).toEqual([handAdded, stays].sort());
  });

  it('adds the accounts of the recurrence segment, and skips inactive surveys', async () => {
    const { segmentId } = await planSegment(uid('plan'));
    const member = await seedAccount();
    await seedSnapshot(member.id, today(), { score: 60, tier: 'green-yellow', segmentId });
    const { survey } = await dueSurvey({
      recurrence: { everyDays: 30, segment: segmentId, nextRunAt: new Date(Date.now() - 1000).toISOString() },
    });
    const inactive = await dueSurvey();
    await admin(`/api/surveys/${inactive.survey.id}`, { method: 'PATCH', body: { active: false } });
    const results = await runDueSurveys(env, Date.now());
    expect(results.find((r) => r.surveyId === inactive.survey.id)).toBeUndefined();
    expect(results.find((r) => r.surveyId === survey.id)?.result).toMatchObject({ links: 2, skipped: 1 });
    const emails = await rows<{ account_id: number }>(
      'SELECT account_id FROM survey_links WHERE survey_id = ? AND account_id = ?',
      survey.id,
      member.id,
    );
    expect(emails).toHaveLength(1);
  });

  it('runs from the daily cron', async () => {
    const { survey, due } = await dueSurvey();
    const scheduledTime = Date.now();
    const ctx = createExecutionContext();
    await (worker as ExportedHandler<Cloudflare.Env>).scheduled!(
      createScheduledController({ cron: CRONS.scoring, scheduledTime }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const [run] = await rows<{ id: string }>(
      "SELECT id FROM scoring_runs WHERE trigger = 'cron' AND started_at = ?",
      scheduledTime,
    );
    await waitForRun(run!.id);
    const created = await rows<{ created_by: string }>(
      'SELECT l.created_by FROM survey_links l JOIN accounts a ON a.id = l.account_id WHERE l.survey_id = ? AND a.external_id = ? ORDER BY l.id',
      survey.id,
      due.externalId,
    );
    expect(created.map((r) => r.created_by)).toEqual(['admin-token', 'cron']);
  });
});
