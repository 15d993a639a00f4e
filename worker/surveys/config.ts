import type { z } from 'zod';
import type { createSurveyInput, updateSurveyInput } from '../../shared/contracts/surveys';
import {
  DEFAULT_SCALES,
  defaultQuestions,
  isValidScale,
  mergeQuestions,
  type SurveyText,
} from '../../shared/surveys';
import { acceptWebhookUrl } from '../alerts/webhook-job';
import { ApiError } from '../common/errors';
import type { NewSurvey, SurveyRow } from './store';

const DAY_MS = 86_400_000;

type Issue = { path: string[]; message: string };

function invalid(issues: Issue[]): never {
  throw new ApiError({
    code: 'VALIDATION_FAILED',
    message: 'the survey is invalid',
    issues: issues.map((i) => ({ ...i, code: 'custom' })),
  });
}

type RecurrenceInput = z.infer<typeof createSurveyInput>['recurrence'];

/** Recurrence columns: off (null), or every N days from `nextRunAt` (default: N days from now). */
function recurrenceColumns(r: RecurrenceInput, now: number) {
  if (r === undefined) return {};
  if (r === null) return { recurrenceDays: null, recurrenceSegment: null, nextRunAt: null };
  return {
    recurrenceDays: r.everyDays,
    recurrenceSegment: r.segment ?? null,
    nextRunAt: r.nextRunAt !== undefined ? Date.parse(r.nextRunAt) : now + r.everyDays * DAY_MS,
  };
}

/** A link webhook URL as stored: normalised once it passed the webhook URL rules (WEBHOOK_URL_REFUSED). */
const webhookColumn = (url: string | null | undefined) =>
  url === undefined ? {} : { webhookUrl: url === null ? null : acceptWebhookUrl(url, 'webhookUrl') };

/**
 * The row of a new survey: the type's scale unless a valid CES scale is given, the default texts merged
 * with the given ones. Throws VALIDATION_FAILED with issues, or WEBHOOK_URL_REFUSED.
 */
export function newSurveyValues(
  input: z.infer<typeof createSurveyInput>,
  origin: string,
  now: number,
): NewSurvey {
  const scale = input.scale ?? DEFAULT_SCALES[input.type];
  const issues: Issue[] = [];
  if (!isValidScale(input.type, scale)) {
    issues.push({
      path: ['scale'],
      message:
        input.type === 'ces'
          ? 'a CES scale runs from 0 or 1 to 3..10, with at least three points'
          : `the ${input.type.toUpperCase()} scale is fixed at ${DEFAULT_SCALES[input.type].min}–${DEFAULT_SCALES[input.type].max}`,
    });
  }
  const defaults = defaultQuestions(input.type, input.direction);
  const merged = mergeQuestions(defaults, input.questions ?? {}, input.defaultLocale, defaults);
  if (!merged.ok) issues.push(...merged.issues);
  if (issues.length > 0 || !merged.ok) invalid(issues);
  return {
    type: input.type,
    name: input.name,
    scaleMin: scale.min,
    scaleMax: scale.max,
    direction: input.direction,
    followUp: input.followUp,
    questions: JSON.stringify(merged.questions),
    defaultLocale: input.defaultLocale,
    active: input.active,
    quietPeriodDays: input.quietPeriodDays,
    linkExpiryDays: input.linkExpiryDays,
    ...recurrenceColumns(input.recurrence, now),
    webhookUrl: null,
    ...webhookColumn(input.webhookUrl),
    publicOrigin: origin,
    createdAt: now,
    updatedAt: now,
  };
}

/** The columns a PATCH changes. Texts merge over the stored ones; the default locale must keep its texts. */
export function surveyPatch(
  row: SurveyRow,
  input: z.infer<typeof updateSurveyInput>,
  now: number,
): Partial<NewSurvey> {
  const { questions, recurrence, webhookUrl, ...rest } = input;
  const patch: Partial<NewSurvey> = {
    ...rest,
    ...recurrenceColumns(recurrence, now),
    ...webhookColumn(webhookUrl),
  };
  if (questions !== undefined || input.defaultLocale !== undefined) {
    const stored = JSON.parse(row.questions) as Record<string, SurveyText>;
    const merged = mergeQuestions(
      stored,
      questions ?? {},
      input.defaultLocale ?? row.defaultLocale,
      defaultQuestions(row.type, row.direction),
    );
    if (!merged.ok) invalid(merged.issues);
    patch.questions = JSON.stringify(merged.questions);
  }
  return patch;
}
