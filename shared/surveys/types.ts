/**
 * The survey kinds: Net Promoter Score (0–10), customer satisfaction (1–5) and customer effort (1–7 by
 * default, higher = easier).
 * @example SURVEY_TYPES.includes('nps') // true
 */
export const SURVEY_TYPES = ['nps', 'csat', 'ces'] as const;

/**
 * One of {@link SURVEY_TYPES}.
 * @example const t: SurveyType = 'csat';
 */
export type SurveyType = (typeof SURVEY_TYPES)[number];

/**
 * Which way a CES survey's scale runs: `ease` (higher = easier, "how easy was it…", the default) or
 * `difficulty` (higher = harder, "how difficult was it…", where seed 000 acts on answers above 3). NPS and
 * CSAT are always `ease` (higher = better).
 * @example SURVEY_DIRECTIONS.includes('difficulty') // true
 */
export const SURVEY_DIRECTIONS = ['ease', 'difficulty'] as const;

/**
 * One of {@link SURVEY_DIRECTIONS}.
 * @example const d: SurveyDirection = 'difficulty';
 */
export type SurveyDirection = (typeof SURVEY_DIRECTIONS)[number];

/**
 * An answer scale: integers from `min` to `max`, both inclusive.
 * @example const s: SurveyScale = { min: 1, max: 7 };
 */
export interface SurveyScale {
  min: number;
  max: number;
}

/**
 * The scale of each type. Only CES may use another scale (see {@link CES_SCALE_LIMITS}); NPS and CSAT are
 * fixed so their scores compare across surveys and with the health model's NPS and CSAT measures.
 * @example DEFAULT_SCALES.ces // { min: 1, max: 7 }
 */
export const DEFAULT_SCALES: Readonly<Record<SurveyType, Readonly<SurveyScale>>> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

/**
 * Bounds of a configurable CES scale: `min` 0 or 1, `max` 3..10, and at least three points.
 * @example CES_SCALE_LIMITS.maxMax // 10
 */
export const CES_SCALE_LIMITS = { minMin: 0, maxMin: 1, minMax: 3, maxMax: 10 } as const;

/**
 * Whether `scale` is allowed for `type`: NPS and CSAT only their fixed scale, CES any integer scale within
 * {@link CES_SCALE_LIMITS} with at least three points.
 * @example isValidScale('ces', { min: 1, max: 5 }) // true
 * @example isValidScale('nps', { min: 1, max: 10 }) // false
 */
export function isValidScale(type: SurveyType, scale: SurveyScale): boolean {
  const { min, max } = scale;
  if (!Number.isInteger(min) || !Number.isInteger(max)) return false;
  if (type !== 'ces') return min === DEFAULT_SCALES[type].min && max === DEFAULT_SCALES[type].max;
  return (
    min >= CES_SCALE_LIMITS.minMin &&
    min <= CES_SCALE_LIMITS.maxMin &&
    max >= CES_SCALE_LIMITS.minMax &&
    max <= CES_SCALE_LIMITS.maxMax &&
    max - min >= 2
  );
}

/**
 * The texts of a survey in one locale: the question, the optional open follow-up, and the labels of the
 * scale's two ends.
 * @example const t: SurveyText = { question: 'How likely are you to recommend us?', followUp: 'What is the main reason for your score?', lowLabel: 'Not at all likely', highLabel: 'Extremely likely' };
 */
export interface SurveyText {
  question: string;
  followUp: string;
  lowLabel: string;
  highLabel: string;
}

/**
 * Survey texts by locale (BCP 47 tag such as `en` or `zh-CN`).
 * @example const q: SurveyQuestions = DEFAULT_QUESTIONS.nps;
 */
export type SurveyQuestions = Readonly<Record<string, SurveyText>>;

/**
 * Default texts of a CES survey asked as difficulty (higher = harder), in English and Simplified Chinese.
 * @example DEFAULT_CES_DIFFICULTY_QUESTIONS.en!.highLabel // 'Very difficult'
 */
export const DEFAULT_CES_DIFFICULTY_QUESTIONS: SurveyQuestions = {
  en: {
    question: 'How difficult was it to get what you needed from us?',
    followUp: 'What is the main reason for your score?',
    lowLabel: 'Very easy',
    highLabel: 'Very difficult',
  },
  'zh-CN': {
    question: '从我们这里获得您所需的帮助有多困难？',
    followUp: '您给出这个分数的主要原因是什么？',
    lowLabel: '非常容易',
    highLabel: '非常困难',
  },
};

const FOLLOW_UP = {
  en: 'What is the main reason for your score?',
  'zh-CN': '您给出这个分数的主要原因是什么？',
} as const;

/**
 * Default texts per type in English and Simplified Chinese; admins may change them and add locales.
 * @example DEFAULT_QUESTIONS.nps.en!.question // 'How likely are you to recommend us to a friend or colleague?'
 */
export const DEFAULT_QUESTIONS: Readonly<Record<SurveyType, SurveyQuestions>> = {
  nps: {
    en: {
      question: 'How likely are you to recommend us to a friend or colleague?',
      followUp: FOLLOW_UP.en,
      lowLabel: 'Not at all likely',
      highLabel: 'Extremely likely',
    },
    'zh-CN': {
      question: '您向朋友或同事推荐我们的可能性有多大？',
      followUp: FOLLOW_UP['zh-CN'],
      lowLabel: '完全不可能',
      highLabel: '极有可能',
    },
  },
  csat: {
    en: {
      question: 'How satisfied are you with our product and service?',
      followUp: FOLLOW_UP.en,
      lowLabel: 'Very dissatisfied',
      highLabel: 'Very satisfied',
    },
    'zh-CN': {
      question: '您对我们的产品和服务的满意度如何？',
      followUp: FOLLOW_UP['zh-CN'],
      lowLabel: '非常不满意',
      highLabel: '非常满意',
    },
  },
  ces: {
    en: {
      question: 'How easy was it to get what you needed from us?',
      followUp: FOLLOW_UP.en,
      lowLabel: 'Very difficult',
      highLabel: 'Very easy',
    },
    'zh-CN': {
      question: '从我们这里获得您所需的帮助有多容易？',
      followUp: FOLLOW_UP['zh-CN'],
      lowLabel: '非常困难',
      highLabel: '非常容易',
    },
  },
};

/**
 * The default texts of a survey of `type` asked in `direction` (a difficulty CES survey asks how difficult).
 * @example defaultQuestions('ces', 'difficulty').en!.question // 'How difficult was it to get what you needed from us?'
 */
export function defaultQuestions(type: SurveyType, direction: SurveyDirection = 'ease'): SurveyQuestions {
  return type === 'ces' && direction === 'difficulty'
    ? DEFAULT_CES_DIFFICULTY_QUESTIONS
    : DEFAULT_QUESTIONS[type];
}

/**
 * A locale tag as surveys store it: a language (2–3 letters) and optional subtags, e.g. `en`, `zh-CN`,
 * `pt-BR`, `zh-Hant-TW`.
 * @example LOCALE_PATTERN.test('zh-CN') // true
 */
export const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/;

/**
 * The locale to show: the first preference the survey has (exact tag first, then the same language),
 * else `fallback`. Preferences come first-best (a contact's locale, then Accept-Language).
 * @example pickLocale(['en', 'zh-CN'], ['zh-cn', 'en'], 'en') // 'zh-CN'
 * @example pickLocale(['en', 'zh-CN'], ['zh-TW'], 'en') // 'zh-CN'
 */
export function pickLocale(
  available: readonly string[],
  preferred: readonly string[],
  fallback: string,
): string {
  const lower = available.map((l) => l.toLowerCase());
  for (const p of preferred) {
    const i = lower.indexOf(p.trim().toLowerCase());
    if (i >= 0) return available[i]!;
  }
  for (const p of preferred) {
    const lang = p.trim().toLowerCase().split('-')[0];
    const i = lower.findIndex((l) => l.split('-')[0] === lang);
    if (lang && i >= 0) return available[i]!;
  }
  return available.includes(fallback) ? fallback : (available[0] ?? fallback);
}

/**
 * The language tags of an `Accept-Language` header, best first (q=0 dropped, ties keep their order).
 * @example acceptLanguages('zh-CN,zh;q=0.9,en;q=0.8') // ['zh-CN', 'zh', 'en']
 */
export function acceptLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag !== '' && x.tag !== '*' && x.q > 0 && Number.isFinite(x.q))
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.tag);
}

/**
 * Changes to a survey's texts: per locale, fields to set (merged over what the locale has) or null to
 * remove the locale.
 * @example const p: SurveyQuestionsPatch = { 'zh-CN': null, de: { question: 'Wie wahrscheinlich …?', followUp: 'Warum?', lowLabel: 'Gar nicht', highLabel: 'Sehr' } };
 */
export type SurveyQuestionsPatch = Readonly<Record<string, Partial<SurveyText> | null>>;

/**
 * Applies a {@link SurveyQuestionsPatch} to a survey's texts. A locale the survey does not have yet must
 * give all four texts (a locale of the type's defaults starts from those, so a partial patch suffices);
 * at least one locale must remain, and `defaultLocale` must be one of them.
 * @example mergeQuestions(DEFAULT_QUESTIONS.nps, { en: { question: 'Would you recommend Acme?' } }, 'en').ok // true
 */
export function mergeQuestions(
  base: SurveyQuestions,
  patch: SurveyQuestionsPatch,
  defaultLocale: string,
  defaults: SurveyQuestions = {},
):
  | { ok: true; questions: Record<string, SurveyText> }
  | { ok: false; issues: { path: string[]; message: string }[] } {
  const out: Record<string, SurveyText> = { ...base };
  const issues: { path: string[]; message: string }[] = [];
  for (const [locale, texts] of Object.entries(patch)) {
    if (texts === null) {
      delete out[locale];
      continue;
    }
    const start: Partial<SurveyText> = out[locale] ?? defaults[locale] ?? {};
    const merged = { ...start, ...stripUndefined(texts) };
    const missing = (['question', 'followUp', 'lowLabel', 'highLabel'] as const).filter((k) => !merged[k]);
    if (missing.length > 0) {
      issues.push({ path: ['questions', locale], message: `a new locale needs ${missing.join(', ')}` });
      continue;
    }
    out[locale] = merged as SurveyText;
  }
  if (issues.length === 0 && Object.keys(out).length === 0)
    issues.push({ path: ['questions'], message: 'at least one locale must remain' });
  else if (issues.length === 0 && !out[defaultLocale])
    issues.push({ path: ['defaultLocale'], message: `the default locale "${defaultLocale}" has no texts` });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, questions: out };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
