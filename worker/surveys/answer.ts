import { evaluateSurveyAnswer, isSurveyAlertKind } from '../../shared/alerts';
import {
  type PublicAnswerDto,
  type PublicSubmitResult,
  type PublicSurveyDto,
  submitAnswerInput,
} from '../../shared/contracts/surveys';
import {
  answerEditable,
  checkScore,
  cleanComment,
  EDIT_WINDOW_MS,
  MAX_COMMENT_LENGTH,
  pickLocale,
  type SurveyText,
  verifySurveyToken,
} from '../../shared/surveys';
import { utcDay } from '../../shared/time';
import { getWebhookUrl, listAlertRules } from '../db/alerts';
import type { Db } from '../db/client';
import { insertSurveyAlerts, loadLink, saveAnswer } from '../db/surveys';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { queueWebhooks } from '../jobs/scoring';
import { signingKey } from './links';

type Loaded = NonNullable<Awaited<ReturnType<typeof loadLink>>>;

const INVALID = 'this survey link is not valid; check that it was copied completely';

/**
 * The link a token names, or TOKEN_INVALID (tampered, foreign, unknown link) / TOKEN_EXPIRED (past its
 * expiry, or the survey was closed). Reads only.
 */
export async function resolveToken(env: Env, db: Db, token: string, now: number): Promise<Loaded> {
  const verified = await verifySurveyToken(token, signingKey(env), now);
  if (!verified.ok) {
    if (verified.reason === 'expired')
      throw new ApiError({ code: 'TOKEN_EXPIRED', message: 'this survey link has expired' });
    throw new ApiError({ code: 'TOKEN_INVALID', message: INVALID });
  }
  const p = verified.payload;
  const loaded = await loadLink(db, p.linkId);
  // The token was signed for exactly this link; anything else (say a restored backup) is not it.
  if (
    !loaded ||
    loaded.link.surveyId !== p.surveyId ||
    loaded.link.accountId !== p.accountId ||
    Math.floor(loaded.link.expiresAt / 1000) * 1000 !== p.expiresAt
  )
    throw new ApiError({ code: 'TOKEN_INVALID', message: INVALID });
  if (!loaded.survey.active)
    throw new ApiError({
      code: 'TOKEN_EXPIRED',
      message: 'this survey is closed and no longer takes answers',
    });
  return loaded;
}

function answerDto(
  a: { score: number; comment: string | null; locale: string | null; respondedAt: number },
  now: number,
): PublicAnswerDto {
  const edit = answerEditable(a.respondedAt, now);
  return {
    score: a.score,
    comment: a.comment,
    locale: a.locale,
    respondedAt: new Date(a.respondedAt).toISOString(),
    editableUntil: edit.editable ? new Date(edit.until).toISOString() : null,
  };
}

/**
 * What the public page gets: the survey's texts and scale and the respondent's own answer, nothing about
 * the account or anyone else. `preferred` locales come first-best (query, then Accept-Language).
 */
export function publicView(loaded: Loaded, preferred: string[], now: number): PublicSurveyDto {
  const { survey, link, answer } = loaded;
  const questions = JSON.parse(survey.questions) as Record<string, SurveyText>;
  const prefs = [...preferred, ...(link.contact?.locale ? [link.contact.locale] : [])];
  return {
    state: answer ? 'answered' : 'open',
    type: survey.type,
    scale: { min: survey.scaleMin, max: survey.scaleMax },
    followUp: survey.followUp,
    locale: pickLocale(Object.keys(questions), prefs, survey.defaultLocale),
    defaultLocale: survey.defaultLocale,
    questions,
    answer: answer ? answerDto(answer, now) : null,
  };
}

function invalidBody(path: string, message: string): never {
  throw new ApiError({
    code: 'VALIDATION_FAILED',
    message,
    issues: [{ path: [path], code: 'custom', message }],
  });
}

/**
 * Stores an answer for a token (the token is checked before the body, so a bad token writes nothing
 * whatever it carries), then raises the survey alert rules it triggers. A second submit within
 * {@link EDIT_WINDOW_MS} of the first changes the answer; later ones get 409 ALREADY_ANSWERED.
 */
export async function submitAnswer(
  env: Env,
  db: Db,
  token: string,
  body: unknown,
  now: number,
): Promise<{ result: PublicSubmitResult; first: boolean }> {
  const loaded = await resolveToken(env, db, token, now);
  if (body === undefined) throw new ApiError({ code: 'INVALID_JSON', message: 'the body must be JSON' });
  const parsed = submitAnswerInput.safeParse(body);
  if (!parsed.success) {
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message: 'invalid answer',
      issues: parsed.error.issues.map((i) => ({
        path: i.path.map(String),
        code: i.code,
        message: i.message,
      })),
    });
  }
  const { survey, link } = loaded;
  const score = checkScore(parsed.data.score, { min: survey.scaleMin, max: survey.scaleMax });
  if (!score.ok) invalidBody('score', score.message);
  const comment = cleanComment(parsed.data.comment);
  if (comment && comment.length > MAX_COMMENT_LENGTH)
    invalidBody('comment', `comment must be at most ${MAX_COMMENT_LENGTH} characters`);
  if (comment && !survey.followUp) invalidBody('comment', 'this survey asks no follow-up question');
  const locale = parsed.data.locale ?? null;
  const saved = await saveAnswer(
    db,
    {
      linkId: link.id,
      surveyId: survey.id,
      accountId: link.accountId,
      contactKey: link.contactKey,
      score: score.score,
      comment,
      locale,
    },
    now,
    EDIT_WINDOW_MS,
  );
  if (!saved) {
    throw new ApiError({
      code: 'ALREADY_ANSWERED',
      message: 'this survey was already answered; an answer can only be changed in the first 30 minutes',
    });
  }
  await raiseAlerts(env, db, loaded, score.score, comment, now);
  return {
    result: {
      state: 'answered',
      answer: answerDto({ score: score.score, comment, locale, respondedAt: saved.respondedAt }, now),
    },
    first: saved.first,
  };
}

/**
 * Raises the survey rules an answer triggers (deduplicated per account and rule while open, assigned to
 * the account owner) and queues their webhook deliveries. The answer is already stored: a failure here is
 * logged, not shown to the respondent.
 */
async function raiseAlerts(
  env: Env,
  db: Db,
  loaded: Loaded,
  score: number,
  comment: string | null,
  now: number,
) {
  try {
    const rules = (await listAlertRules(db)).filter((r) => isSurveyAlertKind(r.kind));
    const alerts = evaluateSurveyAnswer(rules, {
      account: { name: loaded.account.name },
      survey: {
        name: loaded.survey.name,
        type: loaded.survey.type,
        scale: { min: loaded.survey.scaleMin, max: loaded.survey.scaleMax },
      },
      score,
      comment,
      contact: loaded.link.contact,
    });
    const ids = await insertSurveyAlerts(db, loaded.account.id, alerts, utcDay(now), now);
    if (ids.length > 0 && (await getWebhookUrl(db))) await queueWebhooks(env, db, ids, now);
  } catch (err) {
    console.error(
      JSON.stringify({
        msg: 'survey alerts failed',
        surveyId: loaded.survey.id,
        linkId: loaded.link.id,
        error: err instanceof Error ? err.message : String(err),
      }),
    );
  }
}
