import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { PublicAnswerDto, PublicSurveyDto } from '../../shared/contracts/surveys';
import { MAX_COMMENT_LENGTH } from '../../shared/surveys/scores';
import { DEFAULT_QUESTIONS } from '../../shared/surveys/types';
import { SurveyRequestError } from '../../web/src/survey/api';
import { chromeLocale, languageName, translate } from '../../web/src/survey/messages';
import SurveyPage from '../../web/src/survey/SurveyPage.vue';
import {
  COMMENT_MAX,
  initialLocale,
  problemOf,
  switchLocales,
  textsFor,
  tokenFromPath,
} from '../../web/src/survey/useSurveyPage';
import { errorBody, fakeApi } from './fetch';

const TOKEN = 'tok.en-1';
const PATH = `/api/public/surveys/${encodeURIComponent(TOKEN)}`;
const XSS = '<img src=x onerror="window.__pwned = true">';

function survey(overrides: Partial<PublicSurveyDto> = {}): PublicSurveyDto {
  return {
    state: 'open',
    type: 'nps',
    scale: { min: 0, max: 10 },
    followUp: true,
    locale: 'en',
    defaultLocale: 'en',
    questions: { ...DEFAULT_QUESTIONS.nps },
    answer: null,
    ...overrides,
  };
}

function answer(overrides: Partial<PublicAnswerDto> = {}): PublicAnswerDto {
  return {
    score: 9,
    comment: null,
    locale: 'en',
    respondedAt: new Date(Date.now() - 60_000).toISOString(),
    editableUntil: new Date(Date.now() + 29 * 60_000).toISOString(),
    ...overrides,
  };
}

async function mountPage(
  routes: Parameters<typeof fakeApi>[0],
  props: { locale?: string; fromLink?: boolean; token?: string } = {},
) {
  const server = fakeApi(routes);
  vi.stubGlobal('fetch', server.fetch);
  const wrapper = mount(SurveyPage, {
    props: { token: props.token ?? TOKEN, locale: props.locale ?? 'en', fromLink: props.fromLink ?? false },
    attachTo: document.body,
  });
  await flushPromises();
  return { wrapper, requests: server.requests };
}

describe('survey page helpers', () => {
  it('reads the token from /s/<token> and the language from ?lang= or the browser', () => {
    expect(tokenFromPath('/s/abc.def')).toBe('abc.def');
    expect(tokenFromPath('/s/abc%2Edef/extra')).toBe('abc.def');
    expect(tokenFromPath('/accounts')).toBe('');
    expect(initialLocale('?lang=zh-CN', ['en-US'])).toBe('zh-CN');
    expect(initialLocale('?lang=<script>', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLocale('', ['de-DE'])).toBe('en');
    expect(initialLocale('', [])).toBe('en');
  });

  it('picks texts by exact locale, then language, then the default; offers en and zh-CN besides the survey’s own', () => {
    const s = survey({
      questions: { en: DEFAULT_QUESTIONS.nps.en!, 'zh-CN': DEFAULT_QUESTIONS.nps['zh-CN']! },
    });
    expect(textsFor(s, 'zh-TW')?.question).toBe(DEFAULT_QUESTIONS.nps['zh-CN']!.question);
    expect(textsFor(s, 'de')?.question).toBe(DEFAULT_QUESTIONS.nps.en!.question);
    expect(
      switchLocales({ questions: { 'en-GB': DEFAULT_QUESTIONS.nps.en!, de: DEFAULT_QUESTIONS.nps.en! } }),
    ).toEqual(['en-GB', 'de', 'zh-CN']);
    expect(languageName('zh-CN')).toBe('简体中文');
  });

  it('maps API errors to what the page says', () => {
    const err = (status: number, code: string) => new SurveyRequestError({ status, code, message: code });
    expect(problemOf(err(404, 'TOKEN_INVALID'))).toBe('invalid');
    expect(problemOf(err(410, 'TOKEN_EXPIRED'))).toBe('expired');
    expect(problemOf(err(409, 'ALREADY_ANSWERED'))).toBe('already');
    expect(problemOf(err(429, 'RATE_LIMITED'))).toBe('rateLimited');
    expect(problemOf(err(500, 'INTERNAL'))).toBe('failed');
    expect(problemOf(new Error('boom'))).toBe('failed');
  });

  it('has its chrome in English and Simplified Chinese and keeps the API’s comment limit', () => {
    expect(translate('en', 'scoreOf', { score: 9, max: 10 })).toBe('9 out of 10');
    expect(translate('zh-HK', 'scoreOf', { score: 9, max: 10 })).toBe('9 分（满分 10 分）');
    expect(chromeLocale('pt-BR')).toBe('en');
    expect(COMMENT_MAX).toBe(MAX_COMMENT_LENGTH);
  });
});

describe('SurveyPage', () => {
  it('shows a skeleton until the one GET returns, then the question and a labelled group of score buttons', async () => {
    const server = fakeApi({ [`GET ${PATH}`]: () => ({ body: survey() }) });
    vi.stubGlobal('fetch', server.fetch);
    const wrapper = mount(SurveyPage, {
      props: { token: TOKEN, locale: 'en', fromLink: false },
      attachTo: document.body,
    });
    expect(wrapper.find('[data-testid="survey-page"]').attributes('aria-busy')).toBe('true');
    expect(wrapper.find('.survey-skeleton').exists()).toBe(true);
    await flushPromises();

    const question = wrapper.find('[data-testid="survey-question"]');
    expect(question.text()).toBe('How likely are you to recommend us to a friend or colleague?');
    const group = wrapper.find('[role="radiogroup"]');
    expect(group.attributes('aria-labelledby')).toBe(question.attributes('id'));
    const buttons = group.findAll('button[role="radio"]');
    expect(buttons).toHaveLength(11);
    expect(wrapper.find('[data-testid="score-0"]').attributes('aria-label')).toBe(
      '0 out of 10 — Not at all likely',
    );
    expect(wrapper.find('[data-testid="score-9"]').attributes('aria-label')).toBe('9 out of 10');
    expect(wrapper.find('[data-testid="score-10"]').attributes('aria-label')).toBe(
      '10 out of 10 — Extremely likely',
    );
    // Visible anchors, and no comment box or submit before a score is chosen.
    expect(wrapper.text()).toContain('Not at all likely');
    expect(wrapper.find('[data-testid="survey-comment"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="survey-submit"]').exists()).toBe(false);
    // One tab stop for the group.
    expect(buttons.filter((b) => b.attributes('tabindex') === '0')).toHaveLength(1);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${PATH}`]);
    expect(server.requests[0]!.credentials).toBe('omit');
    wrapper.unmount();
  });

  it('moves the choice with arrow keys, like native radio buttons', async () => {
    const { wrapper } = await mountPage({ [`GET ${PATH}`]: () => ({ body: survey() }) });
    await wrapper.find('[data-testid="score-5"]').trigger('click');
    await wrapper.find('[data-testid="score-5"]').trigger('keydown', { key: 'ArrowRight' });
    expect(wrapper.find('[data-testid="score-6"]').attributes('aria-checked')).toBe('true');
    expect(document.activeElement).toBe(wrapper.find('[data-testid="score-6"]').element);
    await wrapper.find('[data-testid="score-6"]').trigger('keydown', { key: 'End' });
    expect(wrapper.find('[data-testid="score-10"]').attributes('aria-checked')).toBe('true');
    await wrapper.find('[data-testid="score-10"]').trigger('keydown', { key: 'ArrowRight' });
    expect(wrapper.find('[data-testid="score-0"]').attributes('aria-checked')).toBe('true');
    expect(wrapper.find('[data-testid="score-0"]').attributes('tabindex')).toBe('0');
    expect(wrapper.find('[data-testid="score-10"]').attributes('tabindex')).toBe('-1');
    wrapper.unmount();
  });

  it('sends score, comment and language, then thanks and offers to change the answer', async () => {
    let posted: unknown;
    const { wrapper, requests } = await mountPage({
      [`GET ${PATH}`]: () => ({ body: survey() }),
      [`POST ${PATH}`]: (req) => {
        posted = req.body;
        return {
          status: 201,
          body: { state: 'answered', answer: answer({ score: 3, comment: 'Exports are slow' }) },
        };
      },
    });
    await wrapper.find('[data-testid="score-3"]').trigger('click');
    const comment = wrapper.find('[data-testid="survey-comment"]');
    expect(wrapper.find(`label[for="${comment.attributes('id')}"]`).text()).toContain(
      'What is the main reason for your score?',
    );
    await comment.setValue('  Exports are slow  ');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(posted).toEqual({ score: 3, comment: 'Exports are slow', locale: 'en' });
    const thanks = wrapper.find('[data-testid="survey-thanks"]');
    expect(thanks.text()).toContain('Thank you!');
    expect(thanks.text()).toContain('Your answer: 3 out of 10');
    expect(thanks.attributes('data-state')).toBe('thanks');
    expect(document.activeElement).toBe(thanks.find('h1').element);

    // Change my answer: back to the form with the answer chosen, and the resubmit sends the new one.
    await wrapper.find('[data-testid="survey-change"]').trigger('click');
    expect(wrapper.find('[data-testid="score-3"]').attributes('aria-checked')).toBe('true');
    expect((wrapper.find('[data-testid="survey-comment"]').element as HTMLTextAreaElement).value).toBe(
      'Exports are slow',
    );
    await wrapper.find('[data-testid="score-4"]').trigger('click');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(posted).toEqual({ score: 4, comment: 'Exports are slow', locale: 'en' });
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    wrapper.unmount();
  });

  it('sends no comment when the survey has no follow-up question', async () => {
    let posted: unknown;
    const { wrapper } = await mountPage({
      [`GET ${PATH}`]: () => ({ body: survey({ followUp: false }) }),
      [`POST ${PATH}`]: (req) => {
        posted = req.body;
        return { status: 201, body: { state: 'answered', answer: answer({ score: 10 }) } };
      },
    });
    await wrapper.find('[data-testid="score-10"]').trigger('click');
    expect(wrapper.find('[data-testid="survey-comment"]').exists()).toBe(false);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(posted).toEqual({ score: 10, comment: null, locale: 'en' });
    wrapper.unmount();
  });

  it('renders a comment as text, never as HTML', async () => {
    const { wrapper } = await mountPage({
      [`GET ${PATH}`]: () => ({ body: survey({ state: 'answered', answer: answer({ comment: XSS }) }) }),
    });
    const shown = wrapper.find('[data-testid="survey-answer-comment"]');
    expect(shown.text()).toBe(XSS);
    expect(wrapper.find('[data-testid="survey-thanks"] img').exists()).toBe(false);
    expect((window as { __pwned?: boolean }).__pwned).toBeUndefined();
    wrapper.unmount();
  });

  it('shows an earlier answer past the edit window as already answered, without a change button', async () => {
    const { wrapper } = await mountPage({
      [`GET ${PATH}`]: () => ({
        body: survey({
          state: 'answered',
          answer: answer({ respondedAt: '2026-01-05T10:00:00.000Z', editableUntil: null }),
        }),
      }),
    });
    const done = wrapper.find('[data-testid="survey-thanks"]');
    expect(done.attributes('data-state')).toBe('answered');
    expect(done.text()).toContain('You have already answered this survey');
    expect(done.text()).toContain('January 5, 2026');
    expect(wrapper.find('[data-testid="survey-change"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it.each([
    [404, 'TOKEN_INVALID', 'invalid', 'This survey link is not valid'],
    [410, 'TOKEN_EXPIRED', 'expired', 'This survey link has expired'],
  ])('shows a %i %s link as %s, with no form', async (status, code, problem, title) => {
    const { wrapper, requests } = await mountPage({
      [`GET ${PATH}`]: () => ({ status, body: errorBody(code, 'nope', 'req-42') }),
    });
    const error = wrapper.find('[data-testid="survey-error"]');
    expect(error.attributes('data-problem')).toBe(problem);
    expect(error.attributes('role')).toBe('alert');
    expect(error.text()).toContain(title);
    expect(error.text()).toContain('req-42');
    expect(wrapper.find('[data-testid="survey-question"]').exists()).toBe(false);
    expect(wrapper.find('button').exists()).toBe(false);
    expect(requests).toHaveLength(1);
    wrapper.unmount();
  });

  it('treats a page without a token as invalid without asking the API', async () => {
    const { wrapper, requests } = await mountPage({}, { token: '' });
    expect(wrapper.find('[data-testid="survey-error"]').attributes('data-problem')).toBe('invalid');
    expect(requests).toHaveLength(0);
    wrapper.unmount();
  });

  it('reports 409 ALREADY_ANSWERED on submit and replaces the form', async () => {
    const { wrapper } = await mountPage({
      [`GET ${PATH}`]: () => ({ body: survey() }),
      [`POST ${PATH}`]: () => ({ status: 409, body: errorBody('ALREADY_ANSWERED', 'already answered') }),
    });
    await wrapper.find('[data-testid="score-8"]').trigger('click');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const error = wrapper.find('[data-testid="survey-error"]');
    expect(error.attributes('data-problem')).toBe('already');
    expect(error.text()).toContain('This survey has already been answered');
    expect(wrapper.find('form').exists()).toBe(false);
    wrapper.unmount();
  });

  it('says how long to wait when rate limited, keeping the answer to send again', async () => {
    let attempts = 0;
    const { wrapper } = await mountPage({
      [`GET ${PATH}`]: () => ({ body: survey() }),
      [`POST ${PATH}`]: () =>
        ++attempts === 1
          ? { status: 429, body: errorBody('RATE_LIMITED', 'too many'), headers: { 'Retry-After': '42' } }
          : { status: 201, body: { state: 'answered', answer: answer({ score: 2 }) } },
    });
    await wrapper.find('[data-testid="score-2"]').trigger('click');
    await wrapper.find('[data-testid="survey-comment"]').setValue('Slow');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const error = wrapper.find('[data-testid="survey-error"]');
    expect(error.attributes('data-problem')).toBe('rateLimited');
    expect(error.text()).toContain('Please wait 42 seconds, then try again.');
    expect((wrapper.find('[data-testid="survey-comment"]').element as HTMLTextAreaElement).value).toBe(
      'Slow',
    );
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="survey-thanks"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('offers a retry when reading the link is rate limited', async () => {
    let attempts = 0;
    const { wrapper, requests } = await mountPage({
      [`GET ${PATH}`]: () =>
        ++attempts === 1
          ? { status: 429, body: errorBody('RATE_LIMITED', 'too many'), headers: { 'Retry-After': '30' } }
          : { body: survey() },
    });
    const error = wrapper.find('[data-testid="survey-error"]');
    expect(error.text()).toContain('Too many attempts');
    expect(error.text()).toContain('30 seconds');
    await error.find('button').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="survey-question"]').exists()).toBe(true);
    expect(requests).toHaveLength(2);
    wrapper.unmount();
  });

  it('switches to Simplified Chinese on the page without another request, and sends that language', async () => {
    let posted: unknown;
    const { wrapper, requests } = await mountPage({
      [`GET ${PATH}`]: () => ({ body: survey() }),
      [`POST ${PATH}`]: (req) => {
        posted = req.body;
        return { status: 201, body: { state: 'answered', answer: answer({ score: 3, locale: 'zh-CN' }) } };
      },
    });
    expect(document.documentElement.lang).toBe('en');
    const select = wrapper.find('[data-testid="survey-locale"]');
    expect(select.findAll('option').map((o) => o.text())).toEqual(['English', '简体中文']);
    await select.setValue('zh-CN');
    expect(wrapper.find('[data-testid="survey-question"]').text()).toBe(
      '您向朋友或同事推荐我们的可能性有多大？',
    );
    expect(wrapper.find('[data-testid="score-10"]').attributes('aria-label')).toBe(
      '10 分（满分 10 分）— 极有可能',
    );
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(new URL(window.location.href).searchParams.get('lang')).toBe('zh-CN');
    await wrapper.find('[data-testid="score-3"]').trigger('click');
    expect(wrapper.find('[data-testid="survey-submit"]').text()).toBe('提交我的回答');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(posted).toMatchObject({ locale: 'zh-CN' });
    expect(wrapper.find('[data-testid="survey-thanks"]').text()).toContain('谢谢您');
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    wrapper.unmount();
  });

  it('asks for the link’s ?lang= first and shows the language the API picked', async () => {
    const { wrapper, requests } = await mountPage(
      { [`GET ${PATH}`]: () => ({ body: survey({ locale: 'zh-CN' }) }) },
      { locale: 'zh-CN', fromLink: true },
    );
    expect(new URL(requests[0]!.url, 'http://x').searchParams.get('locale')).toBe('zh-CN');
    expect(wrapper.find('[data-testid="survey-question"]').text()).toBe(
      '您向朋友或同事推荐我们的可能性有多大？',
    );
    wrapper.unmount();
  });
});
