import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { DEFAULT_ALERT_RULES, evaluateAlerts, evaluateSurveyAnswer } from '../../shared/alerts';
import { DEFAULT_TIERS } from '../../shared/health';
import AlertCard from '../../web/src/components/alerts/AlertCard.vue';
import { createAppI18n } from '../../web/src/i18n';
import { alertItem } from './alert-fixtures';
import { fakeApi } from './fetch';

const Page = { render: () => null };
const router = createRouter({
  history: createMemoryHistory(),
  routes: [
    { path: '/', component: Page },
    { path: '/accounts/:externalId', name: 'account', component: Page },
  ],
});

afterEach(() => vi.unstubAllGlobals());

const tierDrop = evaluateAlerts(
  DEFAULT_ALERT_RULES.filter((r) => r.kind === 'tier_drop'),
  {
    account: {
      id: 1,
      externalId: 'acme',
      name: 'Acme',
      renewalDate: null,
      lastSeenAt: null,
      ownerEmail: null,
    },
    current: {
      period: '2026-04-30',
      score: 55,
      tier: 'yellow',
      measures: [
        {
          key: 'activeSeats',
          label: 'Active users ÷ purchased seats (30 days)',
          raw: 0.2,
          points: 10,
          benchmark: null,
        },
      ],
    },
    previous: { period: '2026-04-29', score: 82, tier: 'green' },
    history: [],
    deactivatedKeyContacts: [],
  },
  { asOfDay: '2026-04-30', now: Date.UTC(2026, 4, 1), tiers: DEFAULT_TIERS },
)[0]!;
const detractor = evaluateSurveyAnswer(DEFAULT_ALERT_RULES, {
  account: { name: 'Acme' },
  survey: { name: 'Q2 NPS', type: 'nps', scale: { min: 0, max: 10 } },
  score: 2,
  comment: 'Too slow',
  contact: { email: 'dana@acme.com', name: 'Dana' },
})[0]!;

function mountCard(locale: 'en' | 'zh', raised: typeof tierDrop) {
  vi.stubGlobal('fetch', fakeApi({}).fetch);
  const { title, detail, playbook, messages } = raised;
  return mount(AlertCard, {
    props: { alert: alertItem(5, { title, detail, playbook, messages: messages ?? null }) },
    global: { plugins: [createAppI18n(locale), router] },
  });
}

describe('alerts in the reader’s language', () => {
  it('renders a tier drop in Chinese from its keys: tier names, measure names and playbook translated', async () => {
    const card = mountCard('zh', tierDrop);
    await flushPromises();
    const text = card.text();
    expect(text).toContain('健康档位从绿色降至黄色（82.0 → 55.0）');
    expect(text).toContain('活跃用户 ÷ 购买席位（30 天） 10.0 分');
    expect(text).toContain('黄色档指引');
    for (const english of [
      tierDrop.title,
      'Green',
      'Yellow',
      'Weakest measures',
      'Within 2 business days',
      'At risk:',
    ])
      expect(text).not.toContain(english);
  });

  it('renders a detractor alert in Chinese, keeping the respondent’s own words', async () => {
    const text = mountCard('zh', detractor).text();
    expect(text).toContain('NPS 贬损者：Dana 打了 2 分（满分 10）');
    expect(text).toContain('Too slow');
    expect(text).toContain('贬损者可能流失');
    expect(text).not.toContain(detractor.title);
    expect(text).not.toContain('A detractor may churn');
  });

  it('shows the stored English text to English readers and when an alert has no messages', () => {
    expect(mountCard('en', tierDrop).text()).toContain(tierDrop.title);
    const old = mountCard('zh', { ...tierDrop, messages: undefined });
    expect(old.text()).toContain(tierDrop.title);
  });
});
