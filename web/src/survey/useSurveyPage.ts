import { computed, ref, shallowRef } from 'vue';
import { LOCALE_PATTERN, type SurveyText } from '../../../shared/surveys/types';
import {
  type PublicAnswerDto,
  type PublicSurveyDto,
  readSurvey,
  SurveyRequestError,
  submitSurvey,
} from './api';
import { CHROME_LOCALES, chromeLocale } from './messages';

/** Longest comment the API stores, characters (MAX_COMMENT_LENGTH in shared/surveys/scores.ts). */
export const COMMENT_MAX = 2000;

/**
 * What the page shows: `loading` (skeleton, until the one GET returns), `form` (choose a score, comment,
 * send), `thanks` (answered; changeable while the edit window lasts), `answered` (answered earlier, no longer
 * changeable), `error` (see {@link SurveyProblem}).
 */
export type SurveyPhase = 'loading' | 'form' | 'thanks' | 'answered' | 'error';

/**
 * Why the page cannot show the survey: a bad link (`invalid`), an expired link or inactive survey (`expired`),
 * an answer that can no longer change (`already`), too many requests (`rateLimited`) or anything else (`failed`:
 * network, server).
 */
export type SurveyProblem = 'invalid' | 'expired' | 'already' | 'rateLimited' | 'failed';

/** A problem with what the page may offer: a retry hint and the request id to quote. */
export interface SurveyPageError {
  problem: SurveyProblem;
  retryAfterSeconds: number | null;
  requestId: string | null;
  /** The API's message for a rejected answer (400), shown as the reason. */
  message: string | null;
}

/**
 * The problem an error stands for: 404 TOKEN_INVALID/NOT_FOUND → invalid, 410 TOKEN_EXPIRED → expired,
 * 409 ALREADY_ANSWERED → already, 429 → rateLimited, else failed.
 * @example problemOf(new SurveyRequestError({ status: 410, code: 'TOKEN_EXPIRED', message: '' })) // 'expired'
 */
export function problemOf(err: unknown): SurveyProblem {
  if (!(err instanceof SurveyRequestError)) return 'failed';
  if (err.code === 'TOKEN_INVALID' || err.code === 'NOT_FOUND') return 'invalid';
  if (err.code === 'TOKEN_EXPIRED') return 'expired';
  if (err.code === 'ALREADY_ANSWERED') return 'already';
  if (err.code === 'RATE_LIMITED' || err.status === 429) return 'rateLimited';
  return 'failed';
}

function pageError(err: unknown): SurveyPageError {
  const known = err instanceof SurveyRequestError ? err : null;
  return {
    problem: problemOf(err),
    retryAfterSeconds: known?.retryAfterSeconds ?? null,
    requestId: known?.requestId ?? null,
    message: known && known.status === 400 ? known.message : null,
  };
}

const languageOf = (tag: string) => tag.toLowerCase().split('-')[0];

/**
 * The link token of a `/s/<token>` path (empty when there is none).
 * @example tokenFromPath('/s/abc.def') // 'abc.def'
 */
export function tokenFromPath(pathname: string): string {
  const rest = pathname.startsWith('/s/') ? pathname.slice(3) : '';
  const segment = rest.split('/')[0] ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The language to start with before the survey is loaded: the link's `?lang=` if it is a locale tag, else the
 * browser's first language, else English.
 * @example initialLocale('?lang=zh-CN', ['en-US']) // 'zh-CN'
 */
export function initialLocale(search: string, browser: readonly string[]): string {
  const lang = new URLSearchParams(search).get('lang');
  if (lang && LOCALE_PATTERN.test(lang)) return lang;
  const first = browser.find((tag) => LOCALE_PATTERN.test(tag));
  return first ? chromeLocale(first) : 'en';
}

/**
 * The texts to show in `locale`: that locale's, else the same language's, else the survey's default.
 * @example textsFor(survey, 'zh-TW').question // the zh-CN question
 */
export function textsFor(survey: PublicSurveyDto, locale: string): SurveyText | null {
  const { questions } = survey;
  const exact = questions[locale];
  if (exact) return exact;
  const same = Object.keys(questions).find((tag) => languageOf(tag) === languageOf(locale));
  return (same && questions[same]) || questions[survey.defaultLocale] || Object.values(questions)[0] || null;
}

/**
 * The languages the switch offers: the survey's own plus the page's chrome languages (English, Simplified
 * Chinese), the survey's order first.
 * @example switchLocales({ questions: { en: …, de: … } }) // ['en', 'de', 'zh-CN']
 */
export function switchLocales(survey: Pick<PublicSurveyDto, 'questions'>): string[] {
  const tags = Object.keys(survey.questions);
  const languages = new Set(tags.map(languageOf));
  return [...tags, ...CHROME_LOCALES.filter((tag) => !languages.has(languageOf(tag)))];
}

/** Whether an answer may still be changed at `nowMs`. */
export function isEditable(answer: PublicAnswerDto | null, nowMs: number): boolean {
  return !!answer?.editableUntil && Date.parse(answer.editableUntil) > nowMs;
}

export interface UseSurveyPageOptions {
  token: string;
  /** The starting language (see {@link initialLocale}); `fromLink` when it came from `?lang=`. */
  locale: string;
  fromLink: boolean;
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  now?: () => number;
}

/**
 * The public survey page's state: reads the token once (`load()`), then the chosen score and comment, the
 * submit, the thank-you state with "change my answer" while the edit window lasts, and every error the link
 * can meet. Makes no request besides the GET and the POST.
 * @example const page = useSurveyPage({ token, locale: 'en', fromLink: false }); await page.load()
 */
export function useSurveyPage(options: UseSurveyPageOptions) {
  const now = options.now ?? Date.now;
  const phase = ref<SurveyPhase>('loading');
  const survey = shallowRef<PublicSurveyDto | null>(null);
  const answer = shallowRef<PublicAnswerDto | null>(null);
  const locale = ref(options.locale);
  const score = ref<number | null>(null);
  const comment = ref('');
  /** Set when the page itself cannot continue (phase `error`). */
  const error = shallowRef<SurveyPageError | null>(null);
  /** A failed submit the respondent can retry from the form (rate limit, network, a rejected comment). */
  const submitError = shallowRef<SurveyPageError | null>(null);
  const submitting = ref(false);

  const texts = computed(() => (survey.value ? textsFor(survey.value, locale.value) : null));

  function fail(err: unknown): void {
    error.value = pageError(err);
    phase.value = 'error';
  }

  function showAnswer(): void {
    phase.value = isEditable(answer.value, now()) ? 'thanks' : 'answered';
  }

  /** The one read of the token; also the retry after a failed read. */
  async function load(): Promise<void> {
    error.value = null;
    if (!options.token) {
      fail(new SurveyRequestError({ status: 404, code: 'TOKEN_INVALID', message: 'no token' }));
      return;
    }
    phase.value = 'loading';
    try {
      const loaded = await readSurvey(options.token, options.fromLink ? options.locale : null, options.fetch);
      survey.value = loaded;
      locale.value = loaded.locale;
      answer.value = loaded.answer;
      if (loaded.state === 'answered' && loaded.answer) showAnswer();
      else phase.value = 'form';
    } catch (err) {
      fail(err);
    }
  }

  /** Sends the answer; an error that ends the page (bad, expired or closed link) replaces the form. */
  async function submit(): Promise<boolean> {
    if (submitting.value || score.value === null) return false;
    submitting.value = true;
    submitError.value = null;
    try {
      const trimmed = comment.value.trim();
      const result = await submitSurvey(
        options.token,
        {
          score: score.value,
          comment: survey.value?.followUp && trimmed ? trimmed : null,
          locale: locale.value,
        },
        options.fetch,
      );
      answer.value = result.answer;
      phase.value = 'thanks';
      return true;
    } catch (err) {
      const problem = problemOf(err);
      if (problem === 'invalid' || problem === 'expired' || problem === 'already') fail(err);
      else submitError.value = pageError(err);
      return false;
    } finally {
      submitting.value = false;
    }
  }

  /** Back to the form with the current answer chosen, while it may still change; otherwise "already answered". */
  function change(): void {
    if (!isEditable(answer.value, now())) {
      phase.value = 'answered';
      return;
    }
    score.value = answer.value?.score ?? null;
    comment.value = answer.value?.comment ?? '';
    submitError.value = null;
    phase.value = 'form';
  }

  /** Leaves the form opened by `change()` without sending. */
  function keep(): void {
    showAnswer();
  }

  return {
    phase,
    survey,
    answer,
    texts,
    locale,
    score,
    comment,
    error,
    submitError,
    submitting,
    load,
    submit,
    change,
    keep,
    /** Whether the answer shown may still change (for "Change my answer"). */
    editable: () => isEditable(answer.value, now()),
  };
}
