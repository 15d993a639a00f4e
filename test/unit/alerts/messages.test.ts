import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALERT_RULES,
  defaultRuleTexts,
  evaluateAlerts,
  evaluateSurveyAnswer,
  parseAlertMessages,
} from '../../../shared/alerts';
import { DEFAULT_TIERS } from '../../../shared/health';

const account = {
  id: 1,
  externalId: 'acme',
  name: 'Acme',
  renewalDate: null,
  lastSeenAt: null,
  ownerEmail: null,
};
const ctx = { asOfDay: '2026-04-30', now: Date.UTC(2026, 4, 1), tiers: DEFAULT_TIERS };

describe('alert messages', () => {
  it('a tier drop carries its title key with tier keys and scores as parameters, beside the English text', () => {
    const [alert] = evaluateAlerts(
      DEFAULT_ALERT_RULES.filter((r) => r.kind === 'tier_drop'),
      {
        account,
        current: { period: '2026-04-30', score: 55, tier: 'yellow', measures: [] },
        previous: { period: '2026-04-29', score: 82, tier: 'green' },
        history: [],
        deactivatedKeyContacts: [],
      },
      ctx,
    );
    expect(alert!.title).toBe('Tier dropped from Green to Yellow (82.0 → 55.0)');
    expect(alert!.messages!.title).toEqual({
      key: 'alerts.msg.tierDrop.title',
      params: {
        from: { tier: 'green', label: 'Green' },
        to: { tier: 'yellow', label: 'Yellow' },
        before: '82.0',
        after: '55.0',
      },
    });
    // The playbook: the rule's text with its Chinese, then the yellow tier's guidance with its Chinese.
    const [rule, guidance] = alert!.messages!.playbook;
    expect(rule!.params!.text).toEqual({
      text: { en: DEFAULT_ALERT_RULES[0]!.playbook, zh: DEFAULT_ALERT_RULES[0]!.texts!.zh!.playbook },
    });
    expect(guidance!.key).toBe('alerts.msg.tierGuidance');
    expect(guidance!.params!.guidance).toEqual({
      text: { en: DEFAULT_TIERS[2]!.guidance, zh: expect.any(String) },
    });
  });

  it('stale data counts days as the plural parameter n', () => {
    const [alert] = evaluateAlerts(
      DEFAULT_ALERT_RULES.filter((r) => r.kind === 'stale_data'),
      {
        account: { ...account, lastSeenAt: Date.UTC(2026, 3, 10) },
        current: { period: '2026-04-30', score: 70, tier: 'green-yellow', measures: [] },
        previous: null,
        history: [],
        deactivatedKeyContacts: [],
      },
      ctx,
    );
    expect(alert!.messages!.title).toEqual({
      key: 'alerts.msg.staleData.title',
      params: { n: 20, last: '2026-04-10' },
    });
  });

  it('a detractor answer names the contact and the score, and its playbook carries the rule’s Chinese', () => {
    const [alert] = evaluateSurveyAnswer(DEFAULT_ALERT_RULES, {
      account: { name: 'Acme' },
      survey: { name: 'Q2 NPS', type: 'nps', scale: { min: 0, max: 10 } },
      score: 2,
      comment: null,
      contact: { email: 'dana@acme.com', name: 'Dana' },
    });
    expect(alert!.messages!.title).toEqual({
      key: 'alerts.msg.survey.detractor',
      params: { who: 'Dana', score: 2, max: 10 },
    });
    expect(alert!.messages!.detail[0]!.key).toBe('alerts.msg.survey.detailNoComment');
    expect(JSON.stringify(alert!.messages!.playbook)).toContain('贬损者');
    // What the database stores reads back the same.
    expect(parseAlertMessages(JSON.stringify(alert!.messages))).toEqual(alert!.messages);
    expect(parseAlertMessages('not json')).toBeNull();
  });

  it('a stored default rule gets the default Chinese texts only while its English is unchanged', () => {
    const { texts: _texts, ...stale } = DEFAULT_ALERT_RULES.find((r) => r.id === 'stale-data')!;
    expect(defaultRuleTexts(stale).texts?.zh?.name).toBe('14 天无数据');
    const renamed = defaultRuleTexts({ ...stale, name: 'No beacons' });
    expect(renamed.texts?.zh).toEqual({ playbook: expect.any(String) });
    expect(defaultRuleTexts({ ...stale, name: 'x', playbook: 'y' }).texts).toBeUndefined();
  });
});
