// Values, validation and request bodies of the survey settings form (create and edit). Pure: values in; either the
// JSON body the API expects or per-field message keys (under `surveys.form.errors.*`). Limits mirror
// shared/contracts/surveys.ts, which is not imported here: its zod schemas would join the chunk.

import {
  CES_SCALE_LIMITS,
  DEFAULT_QUESTIONS,
  type SurveyText,
  type SurveyType,
} from '../../../../shared/surveys/types';
import type { ContactRole } from '../../api/contacts';
import type { CreateSurveyPayload, SurveyDto, UpdateSurveyPayload } from '../../api/surveys';

/** Survey kinds, in the order the form offers them. */
export const SURVEY_TYPE_OPTIONS: readonly SurveyType[] = ['nps', 'csat', 'ces'];

/** The locales whose texts the form edits (the API keeps any other locale a survey has). */
export const FORM_LOCALES = ['en', 'zh-CN'] as const;

/** One of {@link FORM_LOCALES}. */
export type FormLocale = (typeof FORM_LOCALES)[number];

/** The four texts of a locale, in form order. */
export const TEXT_FIELDS = ['question', 'followUp', 'lowLabel', 'highLabel'] as const;

const TEXT_MAX: Record<(typeof TEXT_FIELDS)[number], number> = {
  question: 500,
  followUp: 500,
  lowLabel: 100,
  highLabel: 100,
};
export const NAME_MAX = 120;
/** A first check only: the API applies the full webhook URL rules (checkWebhookUrl) and names the problem. */
const WEBHOOK_URL = /^https:\/\//i;

/** What the form holds. Number inputs hold a number, or '' while empty. */
export interface SurveyFormValues {
  type: SurveyType;
  name: string;
  /** CES only (NPS is 0–10 and CSAT 1–5). */
  scaleMin: number;
  scaleMax: number;
  followUp: boolean;
  texts: Record<FormLocale, SurveyText>;
  defaultLocale: FormLocale;
  active: boolean;
  quietPeriodDays: number | string;
  linkExpiryDays: number | string;
  recurrenceOn: boolean;
  everyDays: number | string;
  /** '' = only earlier recipients. */
  recurrenceSegment: string;
  webhookUrl: string;
}

/** Message keys per field; text fields are keyed `texts.<locale>.<field>`. */
export type SurveyFormErrors = Partial<Record<string, string>>;

function defaultTexts(type: SurveyType): Record<FormLocale, SurveyText> {
  const texts = {} as Record<FormLocale, SurveyText>;
  for (const locale of FORM_LOCALES) texts[locale] = { ...DEFAULT_QUESTIONS[type][locale]! };
  return texts;
}

/**
 * A new survey's starting values: the type's default texts in English and Simplified Chinese, a 90-day quiet
 * period and 30-day links, as the API defaults.
 * @example newSurveyValues('nps').texts.en.question // 'How likely are you to recommend us to a friend or colleague?'
 */
export function newSurveyValues(type: SurveyType = 'nps'): SurveyFormValues {
  return {
    type,
    name: '',
    scaleMin: 1,
    scaleMax: 7,
    followUp: true,
    texts: defaultTexts(type),
    defaultLocale: 'en',
    active: true,
    quietPeriodDays: 90,
    linkExpiryDays: 30,
    recurrenceOn: false,
    everyDays: 90,
    recurrenceSegment: '',
    webhookUrl: '',
  };
}

/**
 * Switches a new survey's type, replacing the texts only while they are still the old type's defaults (so an
 * edited question is never lost).
 * @example withType(newSurveyValues('nps'), 'csat').texts.en.question // the CSAT question
 */
export function withType(values: SurveyFormValues, type: SurveyType): SurveyFormValues {
  const untouched = JSON.stringify(values.texts) === JSON.stringify(defaultTexts(values.type));
  return { ...values, type, texts: untouched ? defaultTexts(type) : values.texts };
}

/** The form's values for an existing survey (locales it lacks start from the type's defaults). */
export function surveyValues(survey: SurveyDto): SurveyFormValues {
  const texts = defaultTexts(survey.type);
  for (const locale of FORM_LOCALES) {
    const own = survey.questions[locale];
    if (own) texts[locale] = { ...own };
  }
  return {
    type: survey.type,
    name: survey.name,
    scaleMin: survey.scale.min,
    scaleMax: survey.scale.max,
    followUp: survey.followUp,
    texts,
    defaultLocale: (FORM_LOCALES as readonly string[]).includes(survey.defaultLocale)
      ? (survey.defaultLocale as FormLocale)
      : 'en',
    active: survey.active,
    quietPeriodDays: survey.quietPeriodDays,
    linkExpiryDays: survey.linkExpiryDays,
    recurrenceOn: survey.recurrence !== null,
    everyDays: survey.recurrence?.everyDays ?? 90,
    recurrenceSegment: survey.recurrence?.segment ?? '',
    webhookUrl: survey.webhookUrl ?? '',
  };
}

/** An integer within [min, max] from a number input, else null. */
function intIn(value: number | string, min: number, max: number): number | null {
  const n = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

interface Checked {
  name: string;
  texts: Record<FormLocale, SurveyText>;
  quietPeriodDays: number;
  linkExpiryDays: number;
  recurrence: { everyDays: number; segment: string | null } | null;
  webhookUrl: string | null;
}

function check(values: SurveyFormValues, creating: boolean): { errors: SurveyFormErrors; checked: Checked } {
  const errors: SurveyFormErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = 'nameRequired';
  else if (name.length > NAME_MAX) errors.name = 'nameTooLong';
  if (creating && values.type === 'ces') {
    const { scaleMin: min, scaleMax: max } = values;
    const ok =
      min >= CES_SCALE_LIMITS.minMin &&
      min <= CES_SCALE_LIMITS.maxMin &&
      max >= CES_SCALE_LIMITS.minMax &&
      max <= CES_SCALE_LIMITS.maxMax &&
      max - min >= 2;
    if (!ok) errors.scale = 'scaleInvalid';
  }
  const texts = {} as Record<FormLocale, SurveyText>;
  for (const locale of FORM_LOCALES) {
    const trimmed = {} as SurveyText;
    for (const field of TEXT_FIELDS) {
      const text = values.texts[locale][field].trim();
      trimmed[field] = text;
      const key = `texts.${locale}.${field}`;
      if (!text) errors[key] = 'textRequired';
      else if (text.length > TEXT_MAX[field])
        errors[key] = field.endsWith('Label') ? 'labelTooLong' : 'textTooLong';
    }
    texts[locale] = trimmed;
  }
  const quietPeriodDays = intIn(values.quietPeriodDays, 0, 730);
  if (quietPeriodDays === null) errors.quietPeriodDays = 'quietRange';
  const linkExpiryDays = intIn(values.linkExpiryDays, 1, 365);
  if (linkExpiryDays === null) errors.linkExpiryDays = 'expiryRange';
  const everyDays = values.recurrenceOn ? intIn(values.everyDays, 7, 730) : null;
  if (values.recurrenceOn && everyDays === null) errors.everyDays = 'everyRange';
  const webhookUrl = values.webhookUrl.trim();
  if (webhookUrl && (webhookUrl.length > 2000 || !WEBHOOK_URL.test(webhookUrl)))
    errors.webhookUrl = 'webhookInvalid';
  return {
    errors,
    checked: {
      name,
      texts,
      quietPeriodDays: quietPeriodDays ?? 0,
      linkExpiryDays: linkExpiryDays ?? 0,
      recurrence:
        values.recurrenceOn && everyDays !== null
          ? { everyDays, segment: values.recurrenceSegment || null }
          : null,
      webhookUrl: webhookUrl || null,
    },
  };
}

/** A valid request body, or the fields that failed with a message key each. */
export type SurveyFormResult<T> = { ok: true; payload: T } | { ok: false; errors: SurveyFormErrors };

/**
 * The `POST /api/surveys` body for the form's values: texts trimmed (both locales sent in full), the CES scale
 * only for CES, recurrence and webhook only when set.
 * @example validateCreate({ ...newSurveyValues('nps'), name: 'Q4 NPS' }).ok // true
 */
export function validateCreate(values: SurveyFormValues): SurveyFormResult<CreateSurveyPayload> {
  const { errors, checked } = check(values, true);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    payload: {
      type: values.type,
      name: checked.name,
      ...(values.type === 'ces' ? { scale: { min: values.scaleMin, max: values.scaleMax } } : {}),
      followUp: values.followUp,
      questions: checked.texts,
      defaultLocale: values.defaultLocale,
      quietPeriodDays: checked.quietPeriodDays,
      linkExpiryDays: checked.linkExpiryDays,
      ...(checked.recurrence
        ? {
            recurrence: {
              everyDays: checked.recurrence.everyDays,
              ...(checked.recurrence.segment ? { segment: checked.recurrence.segment } : {}),
            },
          }
        : {}),
      ...(checked.webhookUrl ? { webhookUrl: checked.webhookUrl } : {}),
    },
  };
}

/**
 * The `PATCH /api/surveys/:id` body: only the fields that differ from `survey` (so an unchanged recurrence keeps its
 * next run date). An empty body means nothing changed.
 * @example validateUpdate(survey, { ...surveyValues(survey), active: false }) // { ok: true, payload: { active: false } }
 */
export function validateUpdate(
  survey: SurveyDto,
  values: SurveyFormValues,
): SurveyFormResult<UpdateSurveyPayload> {
  const { errors, checked } = check(values, false);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const before = surveyValues(survey);
  const payload: UpdateSurveyPayload = {};
  if (checked.name !== survey.name) payload.name = checked.name;
  if (values.followUp !== survey.followUp) payload.followUp = values.followUp;
  if (values.active !== survey.active) payload.active = values.active;
  if (values.defaultLocale !== before.defaultLocale) payload.defaultLocale = values.defaultLocale;
  if (checked.quietPeriodDays !== survey.quietPeriodDays) payload.quietPeriodDays = checked.quietPeriodDays;
  if (checked.linkExpiryDays !== survey.linkExpiryDays) payload.linkExpiryDays = checked.linkExpiryDays;
  const questions: Record<string, SurveyText> = {};
  for (const locale of FORM_LOCALES) {
    const own = survey.questions[locale];
    if (!own || JSON.stringify(own) !== JSON.stringify(checked.texts[locale]))
      questions[locale] = checked.texts[locale];
  }
  if (Object.keys(questions).length > 0) payload.questions = questions;
  const recurrenceBefore = survey.recurrence
    ? { everyDays: survey.recurrence.everyDays, segment: survey.recurrence.segment }
    : null;
  if (JSON.stringify(recurrenceBefore) !== JSON.stringify(checked.recurrence))
    payload.recurrence = checked.recurrence;
  // Viewers never edit; for admins the API returns the URL, so a difference is a real change.
  if (checked.webhookUrl !== (survey.webhookUrl ?? null)) payload.webhookUrl = checked.webhookUrl;
  return { ok: true, payload };
}

/** How the links form picks whom to ask: account-level links, a segment's accounts, CSV contacts or people. */
export type LinksMode = 'accounts' | 'segment' | 'csv' | 'people';

/** Which accounts' people the `people` mode asks: the chosen accounts, a segment's, or every account. */
export type PeopleScope = 'accounts' | 'segment' | 'all';

/** What the links form holds. */
export interface LinksValues {
  mode: LinksMode;
  /** Account external ids. */
  accounts: string[];
  segment: string;
  csv: string;
  /** `people` mode: whose people, and the roles they must hold (none = everyone; required for every account). */
  peopleScope?: PeopleScope;
  roles?: ContactRole[];
  /** `people` of chosen accounts: the contact ids picked (none = everyone of those accounts, by role). */
  people?: string[];
  /** '' = the survey's default validity. */
  expiresInDays: number | string;
}

// Header spellings the API accepts for the two required columns (worker/surveys/csv.ts).
const CSV_EMAIL = ['email', 'emailaddress'];
const CSV_ACCOUNT = ['accountexternalid', 'account', 'accountid', 'externalid'];

/**
 * The header columns of a CSV text (first non-empty line), compared as the API does: lower-cased, without quotes,
 * spaces, `_` or `-`.
 * @example csvColumns('Email,account_external_id\na@x.com,acme') // ['email', 'accountexternalid']
 */
export function csvColumns(csv: string): string[] {
  const header =
    csv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .find((line) => line.trim() !== '') ?? '';
  return header.split(',').map((c) =>
    c
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase()
      .replace(/[\s_-]/g, ''),
  );
}

/** Data rows of a CSV text (non-empty lines after the header). */
export function csvRowCount(csv: string): number {
  return Math.max(0, csv.split(/\r?\n/).filter((line) => line.trim() !== '').length - 1);
}

/** The `people` of a links request: the chosen scope, narrowed to the roles when any are ticked. */
function peopleTarget(values: LinksValues, errors: SurveyFormErrors): { people: PeoplePayload } | null {
  const roles = values.roles?.length ? { roles: [...values.roles] } : {};
  const scope = values.peopleScope ?? 'accounts';
  // Picked people are asked by id: the API takes ids alone, so the roles do not narrow them.
  if (scope === 'accounts' && values.people?.length) return { people: { ids: [...values.people] } };
  if (scope === 'accounts') {
    if (values.accounts.length === 0) errors.accounts = 'accountsRequired';
    else return { people: { accounts: [...values.accounts], ...roles } };
  } else if (scope === 'segment') {
    if (!values.segment) errors.segment = 'segmentRequired';
    else return { people: { segment: values.segment, ...roles } };
  } else if (!values.roles?.length) errors.roles = 'rolesRequired';
  else return { people: { roles: [...values.roles] } };
  return null;
}

type PeoplePayload = { ids?: string[]; accounts?: string[]; segment?: string; roles?: ContactRole[] };

/**
 * The `POST /api/surveys/:id/links` body for the chosen mode: accounts (at least one), a segment, CSV text with an
 * email and an account column in its header row and at least one row, or people (of chosen accounts, a segment or
 * every account — then by role — or the people picked among the chosen accounts'); an optional validity of 1–365
 * days.
 * @example validateLinks({ mode: 'accounts', accounts: ['acme'], segment: '', csv: '', expiresInDays: '' }) // { ok: true, payload: { accounts: ['acme'] } }
 * @example validateLinks({ mode: 'people', peopleScope: 'segment', segment: 'smb', roles: ['champion'], accounts: [], csv: '', expiresInDays: '' }) // { ok: true, payload: { people: { segment: 'smb', roles: ['champion'] } } }
 */
export function validateLinks(values: LinksValues): SurveyFormResult<{
  accounts?: string[];
  segment?: string;
  csv?: string;
  people?: PeoplePayload;
  expiresInDays?: number;
}> {
  const errors: SurveyFormErrors = {};
  const expiresRaw =
    typeof values.expiresInDays === 'string' ? values.expiresInDays.trim() : values.expiresInDays;
  const expiresInDays = expiresRaw === '' ? null : intIn(expiresRaw, 1, 365);
  if (expiresRaw !== '' && expiresInDays === null) errors.expiresInDays = 'expiryRange';
  let target:
    | { accounts: string[] }
    | { segment: string }
    | { csv: string }
    | { people: PeoplePayload }
    | null = null;
  if (values.mode === 'people') target = peopleTarget(values, errors);
  else if (values.mode === 'accounts') {
    if (values.accounts.length === 0) errors.accounts = 'accountsRequired';
    else target = { accounts: [...values.accounts] };
  } else if (values.mode === 'segment') {
    if (!values.segment) errors.segment = 'segmentRequired';
    else target = { segment: values.segment };
  } else {
    const columns = csvColumns(values.csv);
    if (!values.csv.trim()) errors.csv = 'csvRequired';
    else if (!CSV_EMAIL.some((c) => columns.includes(c)) || !CSV_ACCOUNT.some((c) => columns.includes(c)))
      errors.csv = 'csvHeader';
    else if (csvRowCount(values.csv) === 0) errors.csv = 'csvEmpty';
    else target = { csv: values.csv };
  }
  if (Object.keys(errors).length > 0 || !target) return { ok: false, errors };
  return { ok: true, payload: { ...target, ...(expiresInDays !== null ? { expiresInDays } : {}) } };
}
