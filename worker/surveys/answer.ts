import type { z } from 'zod';
import { evaluateSurveyAnswer, isSurveyAlertKind } from '../../shared/alerts';
import type {
  PublicAnswerDto,
  PublicSubmitResult,
  PublicSurveyDto,
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
import { getWebhookUrl, listAlertRules } from '../alerts/store';
import type { Db } from '../common/db';
import type { Env } from '../common/env';
import { ApiError } from '../common/errors';
import { queueWebhooks } from '../scoring/job';
import { requestRescore } from '../scoring/rescore';
import { signingKey } from './links';
import { loadLink, saveAnswer, saveSurveyAlerts } from './store';

/** A survey link with its survey, account and answer, as a valid token names it. */
export type LoadedLink = NonNullable<Awaited<ReturnType<typeof loadLink>>>;

const INVALID = 'this survey link is not valid; check that it was copied completely';

/**
 * The link a token names, or TOKEN_INVALID (tampered, foreign, unknown link) / TOKEN_EXPIRED (past its
 * expiry, or the survey was closed). Reads only.
 */
export async function resolveToken(env: Env, db: Db, token: string, now: number): Promise<LoadedLink> {
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
export function publicView(loaded: LoadedLink, preferred: string[], now: number): PublicSurveyDto {
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
 * Stores an answer to a resolved link (see {@link resolveToken}: the route checks the token before the
 * body, so a bad token writes nothing whatever it carries), then raises the survey alert rules it
 * triggers and asks the scoring queue to rescore the account. A second submit within {@link EDIT_WINDOW_MS} of the first changes the answer; later ones
 * get 409 ALREADY_ANSWERED.
 */
export async function submitAnswer(
  env: Env,
  db: Db,
  loaded: LoadedLink,
  input: z.infer<typeof submitAnswerInput>,
  now: number,
): Promise<{ result: PublicSubmitResult; first: boolean }> {
  const { survey, link } = loaded;
  const score = checkScore(input.score, { min: survey.scaleMin, max: survey.scaleMax });
  if (!score.ok) invalidBody('score', score.message);
  const comment = cleanComment(input.comment);
  if (comment && comment.length > MAX_COMMENT_LENGTH)
    invalidBody('comment', `comment must be at most ${MAX_COMMENT_LENGTH} characters`);
  if (comment && !survey.followUp) invalidBody('comment', 'this survey asks no follow-up question');
  const locale = input.locale ?? null;
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
  // An edit replaces what the earlier answer raised; a first answer has nothing to replace.
  const earlier = saved.first ? null : loaded.answer;
  await raiseAlerts(env, db, loaded, { score: score.score, comment }, earlier, now);
  // The answer counts at once: the account is rescored through the scoring queue (its request row was
  // stored with the answer), so the respondent does not wait for scoring.
  await requestRescore(env, link.accountId, now, { stored: true });
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
 * the account owner) and queues their webhook deliveries. For an edit, the alerts of the `earlier` answer
 * are replaced: closed as superseded when its category changed (only the new category's alert is raised
 * and sent), rewritten in place when it did not (nothing new is sent). The answer is already stored: a
 * failure here is logged, not shown to the respondent.
 */
async function raiseAlerts(
  env: Env,
  db: Db,
  loaded: LoadedLink,
  answer: { score: number; comment: string | null },
  earlier: { score: number; comment: string | null } | null,
  now: number,
) {
  try {
    const rules = (await listAlertRules(db)).filter((r) => isSurveyAlertKind(r.kind));
    const evaluate = (a: { score: number; comment: string | null }) =>
      evaluateSurveyAnswer(rules, {
        account: { name: loaded.account.name },
        survey: {
          name: loaded.survey.name,
          type: loaded.survey.type,
          scale: { min: loaded.survey.scaleMin, max: loaded.survey.scaleMax },
          direction: loaded.survey.direction,
        },
        score: a.score,
        comment: a.comment,
        contact: loaded.link.contact,
      });
    const who = loaded.link.contact?.name?.trim() || loaded.link.contact?.email || 'The contact';
    const ids = await saveSurveyAlerts(
      db,
      loaded.account.id,
      {
        raised: evaluate(answer),
        previous: earlier ? evaluate(earlier) : [],
        supersededNote: `Superseded: ${who} changed the answer from ${earlier?.score} to ${answer.score} within the edit window.`,
      },
      utcDay(now),
      now,
    );
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
