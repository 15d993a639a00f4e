import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import TimelineList from '../../web/src/components/account/TimelineList.vue';
import { resetTiersForTests } from '../../web/src/composables/useTiers';
import { useTimeline } from '../../web/src/composables/useTimeline';
import { createAppI18n } from '../../web/src/i18n';
import { fakeApi } from './fetch';
import { withSetup } from './with-setup';

const entry = (kind: string, meta: Record<string, unknown>, title = 'English title from the API') => ({
  id: `${kind}-${JSON.stringify(meta)}`,
  at: '2026-11-01T00:00:00Z',
  kind,
  title,
  detail: kind === 'survey' ? '<img src=x onerror=alert(1)>' : null,
  actor: null,
  meta,
});

const ITEMS = [
  entry('tier_change', { fromTier: 'yellow', toTier: 'green', transition: 'win' }),
  entry('rating', { stars: 4 }),
  entry('survey', { surveyType: 'nps', score: 3, scaleMax: 10, contactEmail: 'ann@acme.test' }),
  entry('override', { tier: 'red', event: 'cleared' }),
  entry('alert', { title: 'Usage dropped', event: 'closed' }),
];

async function render(locale: 'en' | 'zh', items: unknown[] = ITEMS) {
  resetTiersForTests();
  const server = fakeApi({
    'GET /api/accounts/acme/timeline': () => ({ body: { items, nextBefore: null } }),
    'GET /api/settings/tiers': () => ({
      body: {
        tiers: [
          { key: 'green', name: 'Thriving', color: '#16a34a' },
          { key: 'yellow', name: 'Watch', color: '#eab308' },
          { key: 'red', name: 'At risk', color: '#dc2626' },
        ],
      },
    }),
  });
  vi.stubGlobal('fetch', server.fetch);
  const { result: timeline } = withSetup(() => useTimeline(ref('acme')));
  const wrapper = mount(TimelineList, { props: { timeline }, global: { plugins: [createAppI18n(locale)] } });
  await flushPromises();
  return wrapper;
}

afterEach(() => {
  vi.unstubAllGlobals();
  resetTiersForTests();
});

describe('TimelineList', () => {
  it('titles entries from their data in English, with the workspace tier names', async () => {
    const wrapper = await render('en');
    const titles = wrapper.findAll('strong').map((s) => s.text());
    expect(titles).toEqual([
      'Tier Watch → Thriving (win)',
      'Rated 4/5',
      'NPS answer 3 of 10 from ann@acme.test',
      'Override to At risk cleared',
      'Alert closed: Usage dropped',
    ]);
    // Customer text is shown as text, never as markup.
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.text()).toContain('<img src=x onerror=alert(1)>');
    wrapper.unmount();
  });

  it('titles the same entries in Simplified Chinese', async () => {
    const wrapper = await render('zh');
    const titles = wrapper.findAll('strong').map((s) => s.text());
    expect(titles[0]).toBe('等级 Watch → Thriving (赢回)');
    expect(titles[1]).toBe('评为 4/5');
    expect(titles[2]).toBe('NPS 回答：3（满分 10），来自 ann@acme.test');
    expect(titles.join(' ')).not.toContain('English title from the API');
    wrapper.unmount();
  });

  it("shows a survey answer's follow-up rule and playbook as text, in either language", async () => {
    const followUps = [
      {
        ruleId: 'nps-detractor',
        name: 'Rescue',
        playbook: '<img src=x onerror=alert(1)> call',
        raiseAlert: true,
      },
    ];
    const survey = entry('survey', { surveyType: 'nps', score: 3, scaleMax: 10, followUps });
    for (const [locale, rule] of [
      ['en', 'Follow-up: Rescue'],
      ['zh', '跟进：Rescue'],
    ] as const) {
      const wrapper = await render(locale, [survey, entry('rating', { stars: 4, followUps })]);
      const shown = wrapper.findAll('[data-testid="survey-follow-up"]');
      // Only survey answers have follow-ups.
      expect(shown).toHaveLength(1);
      expect(shown[0]!.text()).toContain(rule);
      expect(shown[0]!.find('.follow-up-playbook').text()).toBe('<img src=x onerror=alert(1)> call');
      expect(wrapper.find('img').exists()).toBe(false);
      wrapper.unmount();
    }
  });
});
