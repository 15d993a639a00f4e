import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import {
  endOfLocalDay,
  parseLocalDateTime,
  parseLocalDay,
  validateOverride,
  validateRating,
  validateSnooze,
  validateTouchpoint,
} from '../../web/src/components/account/forms';
import OverrideForm from '../../web/src/components/account/OverrideForm.vue';
import RatingForm from '../../web/src/components/account/RatingForm.vue';
import TouchpointForm from '../../web/src/components/account/TouchpointForm.vue';
import { i18n } from '../../web/src/i18n';
import { errorBody, fakeApi } from './fetch';

const NOW = new Date(2026, 10, 25, 12, 0).getTime();

describe('form validation', () => {
  it('reads local date-time and date inputs, rejecting impossible ones', () => {
    expect(parseLocalDateTime('2026-11-25T14:30')).toBe(new Date(2026, 10, 25, 14, 30).getTime());
    expect(parseLocalDateTime('2026-02-30T10:00')).toBeNull();
    expect(parseLocalDateTime('')).toBeNull();
    expect(parseLocalDay('2026-12-31')).toBe(new Date(2026, 11, 31).getTime());
    expect(parseLocalDay('2026-13-01')).toBeNull();
    expect(new Date(endOfLocalDay(new Date(2026, 2, 28).getTime())).getDate()).toBe(29);
  });

  it('touchpoint: kind, a time at most a day ahead, and a 1–200 character summary', () => {
    const ok = validateTouchpoint(
      { kind: 'meeting', occurredAt: '2026-11-25T09:15', summary: '  QBR prep  ', body: ' ' },
      NOW,
    );
    expect(ok).toEqual({
      ok: true,
      payload: {
        kind: 'meeting',
        occurredAt: new Date(2026, 10, 25, 9, 15).toISOString(),
        summary: 'QBR prep',
      },
    });
    const bad = validateTouchpoint(
      { kind: null, occurredAt: '2026-11-27T12:00', summary: 'x'.repeat(201), body: 'y'.repeat(5001) },
      NOW,
    );
    expect(bad).toEqual({
      ok: false,
      errors: {
        kind: 'kindRequired',
        occurredAt: 'dateTooFarAhead',
        summary: 'summaryTooLong',
        body: 'bodyTooLong',
      },
    });
    expect(
      validateTouchpoint({ kind: 'call', occurredAt: '2026-11-26T11:59', summary: 'ok', body: '' }, NOW).ok,
    ).toBe(true);
  });

  it('rating: 1–5 whole stars', () => {
    expect(validateRating({ stars: 4, comment: ' great ' })).toEqual({
      ok: true,
      payload: { stars: 4, comment: 'great' },
    });
    expect(validateRating({ stars: null, comment: '' })).toEqual({
      ok: false,
      errors: { stars: 'starsRequired' },
    });
    expect(validateRating({ stars: 6, comment: '' }).ok).toBe(false);
  });

  it('override: a known tier, an optional 0–100 score, a reason, and an expiry day not over yet', () => {
    const ok = validateOverride(
      { tier: 'yellow', score: '55.5', reason: ' Sponsor left ', expiresOn: '2026-11-25' },
      ['green', 'yellow'],
      NOW,
    );
    expect(ok).toEqual({
      ok: true,
      payload: {
        tier: 'yellow',
        score: 55.5,
        reason: 'Sponsor left',
        // Through the whole chosen day: the next local midnight.
        expiresAt: new Date(2026, 10, 26).toISOString(),
      },
    });
    // A number input bound with v-model hands over a number, not text.
    const typed = validateOverride(
      { tier: 'green', score: 40, reason: 'r', expiresOn: '2026-12-01' },
      ['green'],
      NOW,
    );
    expect(typed.ok && typed.payload.score).toBe(40);
    const noScore = validateOverride(
      { tier: 'green', score: '', reason: 'r', expiresOn: '2026-12-01' },
      ['green'],
      NOW,
    );
    expect(noScore.ok && 'score' in noScore.payload).toBe(false);
    expect(
      validateOverride({ tier: 'purple', score: '101', reason: '', expiresOn: '2026-11-24' }, ['green'], NOW),
    ).toEqual({
      ok: false,
      errors: {
        tier: 'tierRequired',
        score: 'scoreRange',
        reason: 'reasonRequired',
        expiresOn: 'expiryInPast',
      },
    });
  });

  it('snooze: a time in the future', () => {
    expect(validateSnooze({ until: '2026-11-25T11:00' }, NOW)).toEqual({
      ok: false,
      errors: { until: 'snoozeInPast' },
    });
    expect(validateSnooze({ until: '2026-11-26T09:00' }, NOW)).toEqual({
      ok: true,
      payload: { until: new Date(2026, 10, 26, 9).toISOString() },
    });
  });
});

function serve(routes: Parameters<typeof fakeApi>[0]) {
  const server = fakeApi(routes);
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

describe('TouchpointForm', () => {
  it('labels every control', () => {
    serve({});
    const wrapper = mount(TouchpointForm, { props: { externalId: 'acme' }, global: { plugins: [i18n] } });
    for (const control of wrapper.findAll('input, select, textarea')) {
      const id = control.attributes('id');
      expect(id, control.html()).toBeTruthy();
      expect(wrapper.find(`label[for="${id}"]`).exists()).toBe(true);
    }
    wrapper.unmount();
  });

  it('shows what is wrong and sends nothing', async () => {
    const server = serve({});
    const wrapper = mount(TouchpointForm, { props: { externalId: 'acme' }, global: { plugins: [i18n] } });
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Enter a summary.');
    expect(wrapper.find('input[name="summary"]').attributes('aria-invalid')).toBe('true');
    expect(server.requests).toHaveLength(0);
    expect(wrapper.emitted('saved')).toBeUndefined();
    wrapper.unmount();
  });

  it('posts the touchpoint, clears the form and tells the page to refresh', async () => {
    const server = serve({
      'POST /api/accounts/acme%2Fus/touchpoints': () => ({ status: 201, body: { id: 1 } }),
    });
    const wrapper = mount(TouchpointForm, { props: { externalId: 'acme/us' }, global: { plugins: [i18n] } });
    await wrapper.find('select[name="kind"]').setValue('qbr');
    await wrapper.find('input[name="occurredAt"]').setValue('2026-11-20T15:45');
    await wrapper.find('input[name="summary"]').setValue('Quarterly review with the sponsor');
    await wrapper.find('textarea[name="body"]').setValue('Renewal looks likely.');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.method).toBe('POST');
    expect(server.requests[0]!.body).toEqual({
      kind: 'qbr',
      occurredAt: new Date(2026, 10, 20, 15, 45).toISOString(),
      summary: 'Quarterly review with the sponsor',
      body: 'Renewal looks likely.',
    });
    expect(wrapper.emitted('saved')).toHaveLength(1);
    expect(wrapper.text()).toContain('Touchpoint logged.');
    expect((wrapper.find('input[name="summary"]').element as HTMLInputElement).value).toBe('');
    wrapper.unmount();
  });

  it('shows the API refusal with its request ID and keeps the input', async () => {
    serve({
      'POST /api/accounts/acme/touchpoints': () => ({
        status: 403,
        body: errorBody('FORBIDDEN', 'your role cannot do this', 'req-tp-9'),
      }),
    });
    const wrapper = mount(TouchpointForm, { props: { externalId: 'acme' }, global: { plugins: [i18n] } });
    await wrapper.find('input[name="summary"]').setValue('Call');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('your role cannot do this');
    expect(wrapper.find('[data-testid="request-id"]').text()).toBe('req-tp-9');
    expect((wrapper.find('input[name="summary"]').element as HTMLInputElement).value).toBe('Call');
    expect(wrapper.emitted('saved')).toBeUndefined();
    wrapper.unmount();
  });
});

describe('RatingForm', () => {
  it('requires stars, then posts them with the comment', async () => {
    const server = serve({ 'POST /api/accounts/acme/rating': () => ({ status: 201, body: {} }) });
    const wrapper = mount(RatingForm, {
      props: { externalId: 'acme', current: null },
      global: { plugins: [i18n] },
    });
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Choose 1 to 5 stars.');
    expect(server.requests).toHaveLength(0);
    await wrapper.findAll('input[type="radio"]')[3]!.setValue(true);
    await wrapper.find('textarea').setValue('Engaged sponsor');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(server.requests[0]!.body).toEqual({ stars: 4, comment: 'Engaged sponsor' });
    expect(wrapper.emitted('saved')).toHaveLength(1);
    wrapper.unmount();
  });
});

// useTiers reads the tier names once (GET /api/settings/tiers); only the writes matter here.
const writes = (server: ReturnType<typeof fakeApi>) => server.requests.filter((r) => r.method !== 'GET');

describe('OverrideForm', () => {
  const tiers = [
    { key: 'green', name: 'Green', color: '#16a34a', min: 80 },
    { key: 'red', name: 'Red', color: '#dc2626', min: 0 },
  ];

  it('offers only the model’s tiers and posts tier, score, reason and the end of the chosen day', async () => {
    const server = serve({ 'POST /api/accounts/acme/override': () => ({ status: 201, body: {} }) });
    const wrapper = mount(OverrideForm, {
      props: { externalId: 'acme', tiers, current: null },
      global: { plugins: [i18n] },
    });
    const options = wrapper.findAll('select[name="tier"] option').map((o) => o.attributes('value'));
    expect(options.filter(Boolean)).toEqual(['green', 'red']);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Choose a tier.');
    expect(wrapper.text()).toContain('Say why.');
    expect(writes(server)).toHaveLength(0);

    await wrapper.find('select[name="tier"]').setValue('red');
    await wrapper.find('input[name="score"]').setValue('35');
    await wrapper.find('textarea[name="reason"]').setValue('Champion left');
    const expires = new Date(Date.now() + 10 * 86_400_000);
    const day = `${expires.getFullYear()}-${String(expires.getMonth() + 1).padStart(2, '0')}-${String(expires.getDate()).padStart(2, '0')}`;
    await wrapper.find('input[name="expiresOn"]').setValue(day);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(writes(server)[0]!.body).toEqual({
      tier: 'red',
      score: 35,
      reason: 'Champion left',
      expiresAt: new Date(expires.getFullYear(), expires.getMonth(), expires.getDate() + 1).toISOString(),
    });
    expect(wrapper.emitted('saved')).toHaveLength(1);
    wrapper.unmount();
  });

  it('removes the override in force with DELETE', async () => {
    const server = serve({ 'DELETE /api/accounts/acme/override': () => ({ status: 204 }) });
    const current = {
      tier: 'red',
      score: null,
      reason: 'x',
      createdBy: 'ana@example.com',
      createdAt: '2026-11-01T00:00:00Z',
      expiresAt: '2026-12-01T00:00:00Z',
    };
    const wrapper = mount(OverrideForm, {
      props: { externalId: 'acme', tiers, current },
      global: { plugins: [i18n] },
    });
    await wrapper.find('[data-testid="override-remove"]').trigger('click');
    await flushPromises();
    expect(writes(server).map((r) => `${r.method} ${r.url}`)).toEqual(['DELETE /api/accounts/acme/override']);
    expect(wrapper.emitted('saved')).toHaveLength(1);
    wrapper.unmount();
  });
});
