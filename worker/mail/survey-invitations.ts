import {
  type SurveyInvitationsResult,
  surveyInvitationsInput,
  surveyInvitationsResultSchema,
} from '../../shared/contracts/mail';
import { surveyIdParam } from '../../shared/contracts/surveys';
import { mailLocale, renderSurveyInvitation } from '../../shared/mail';
import { signSurveyToken } from '../../shared/surveys';
import { auditInsert } from '../audit/store';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { statementOf } from '../common/raw-sql';
import { signingKey, surveyUrl } from '../surveys/links';
import { getSurvey } from '../surveys/store';
import { sendSoon } from './sender';
import { enqueueMail, mailLinks, suppressedOf } from './store';
import { signUnsubscribeToken, unsubscribeUrl } from './unsubscribe-token';

const invitationsRoute = defineRoute({
  method: 'post',
  path: '/{id}/invitations',
  tags: ['Mail'],
  summary: 'Email survey invitations',
  description:
    "Emails each link's personal survey URL to its contact, with a one-click unsubscribe link (RFC 8058 `List-Unsubscribe` headers). Links without an email, answered, expired or to an unsubscribed address are skipped and reported. 409 for an inactive survey; 503 without the SURVEY_SIGNING_KEY secret. Recorded in the audit log (`invitations` on `survey`, with the counts).",
  request: { params: surveyIdParam, body: jsonBody(surveyInvitationsInput) },
  errors: ['NOT_FOUND', 'CONFLICT', 'SERVICE_UNAVAILABLE'],
  responses: {
    202: jsonResponse(surveyInvitationsResultSchema, 'The messages queued and the links skipped'),
  },
});

/** Survey invitations by email, around the links of worker/surveys/links.ts (CSMs send them, as links). */
export const surveyInvitationRoutes = createRouter().openapi(invitationsRoute, async (c) => {
  const db = getDb(c.env.DB);
  const { id } = c.req.valid('param');
  const survey = await getSurvey(db, id);
  if (!survey) throw new ApiError({ code: 'NOT_FOUND', message: `no survey ${id}` });
  if (!survey.active) throw new ApiError({ code: 'CONFLICT', message: 'the survey is inactive' });
  const key = signingKey(c.env);
  const ids = [...new Set(c.req.valid('json').linkIds)];
  const now = Date.now();
  const links = new Map((await mailLinks(db, ids)).filter((l) => l.surveyId === id).map((l) => [l.id, l]));
  const suppressed = await suppressedOf(
    db,
    [...links.values()].flatMap((l) => (l.contactEmail ? [l.contactEmail] : [])),
  );
  const result: SurveyInvitationsResult = { queued: [], skipped: [] };
  const origin = new URL(c.req.url).origin;
  const questions = JSON.parse(survey.questions) as Record<string, { question: string }>;
  const actor = c.get('actor').email;
  const statements: D1PreparedStatement[] = [];
  for (const linkId of ids) {
    const link = links.get(linkId);
    const reason = !link
      ? 'unknown_link'
      : !link.contactEmail
        ? 'no_email'
        : suppressed.has(link.contactEmail.toLowerCase())
          ? 'unsubscribed'
          : link.answered
            ? 'answered'
            : link.expiresAt <= now
              ? 'expired'
              : null;
    if (reason || !link?.contactEmail) {
      result.skipped.push({ linkId, reason: reason ?? 'no_email' });
      continue;
    }
    const token = await signSurveyToken(
      { surveyId: id, accountId: link.accountId, linkId, expiresAt: link.expiresAt },
      key,
    );
    const unsubscribe = unsubscribeUrl(origin, await signUnsubscribeToken(linkId, key));
    const locale = mailLocale(link.contactLocale ?? survey.defaultLocale);
    const texts = questions[link.contactLocale ?? ''] ?? questions[locale] ?? questions[survey.defaultLocale];
    const rendered = renderSurveyInvitation({
      locale,
      contactName: link.contactName,
      question: texts?.question ?? '',
      url: surveyUrl(origin, token),
      unsubscribeUrl: unsubscribe,
    });
    result.queued.push({ linkId, mailId: 0, email: link.contactEmail });
    statements.push(
      enqueueMail(
        db,
        {
          kind: 'survey_invitation',
          to: link.contactEmail,
          ...rendered,
          headers: {
            'List-Unsubscribe': `<${unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          },
          memberEmail: actor,
          surveyLinkId: linkId,
        },
        now,
      ),
    );
  }
  const results = await db.$client.batch([
    statementOf(
      db,
      auditInsert(
        db,
        {
          actor,
          action: 'invitations',
          entity: 'survey',
          entityId: String(id),
          details: { queued: result.queued.length, skipped: result.skipped.length },
        },
        now,
      ),
    ),
    ...statements,
  ]);
  results.slice(1).forEach((rows, i) => {
    result.queued[i]!.mailId = (rows.results as { id: number }[])[0]!.id;
  });
  if (result.queued.length > 0) sendSoon(c.env, c.executionCtx);
  return c.json(result, 202);
});
