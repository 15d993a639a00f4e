import { env } from 'cloudflare:workers';
import type {
  CreateLinksResult,
  PublicSubmitResult,
  SurveyDto,
  SurveyLinkDto,
} from '../../shared/contracts/surveys';
import { admin, call, seedAccount, uid } from './helpers';

/** The SURVEY_SIGNING_KEY of test/integration/vitest.config.ts. */
export const SURVEY_KEY = 'test-survey-signing-key-0123456789';

/** `POST /api/surveys`; throws unless 201. */
export async function createSurvey(body: Record<string, unknown> = {}): Promise<SurveyDto> {
  const res = await admin('/api/surveys', { body: { type: 'nps', name: uid('survey'), ...body } });
  if (res.status !== 201) throw new Error(`create survey: ${res.status} ${await res.text()}`);
  return res.json<SurveyDto>();
}

/** `POST /api/surveys/:id/links`; throws unless 201. */
export async function createLinks(
  surveyId: number,
  body: Record<string, unknown>,
): Promise<CreateLinksResult> {
  const res = await admin(`/api/surveys/${surveyId}/links`, { body });
  if (res.status !== 201) throw new Error(`create links: ${res.status} ${await res.text()}`);
  return res.json<CreateLinksResult>();
}

/** The token of a link URL (`…/s/<token>`). */
export const tokenOf = (link: Pick<SurveyLinkDto, 'url'>) => link.url.slice(link.url.lastIndexOf('/s/') + 3);

/** `GET /api/public/surveys/:token`, without credentials. */
export function publicGet(token: string, headers: Record<string, string> = {}) {
  return call(`/api/public/surveys/${token}${headers.query ?? ''}`, {
    headers: Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'query')),
  });
}

/** `POST /api/public/surveys/:token` with a JSON body, without credentials. */
export function publicPost(token: string, body: unknown) {
  return call(`/api/public/surveys/${token}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** An account with an owner (the CSM survey alerts are assigned to). */
export async function surveyAccount(opts: Parameters<typeof seedAccount>[0] = {}) {
  const account = await seedAccount(opts);
  const ownerEmail = `${uid('csm')}@example.com`;
  await env.DB.prepare('UPDATE accounts SET owner_email = ? WHERE id = ?').bind(ownerEmail, account.id).run();
  return { ...account, ownerEmail };
}

/** One contact link for the account and its answer; returns the token and the submit result. */
export async function answer(
  surveyId: number,
  accountExternalId: string,
  score: number,
  opts: { email?: string; comment?: string } = {},
): Promise<{ token: string; result: PublicSubmitResult }> {
  const { links } = await createLinks(surveyId, {
    contacts: [{ email: opts.email ?? `${uid('contact')}@example.com`, accountExternalId }],
  });
  const token = tokenOf(links[0]!);
  const res = await publicPost(token, { score, ...(opts.comment ? { comment: opts.comment } : {}) });
  if (res.status !== 201) throw new Error(`answer: ${res.status} ${await res.text()}`);
  return { token, result: await res.json<PublicSubmitResult>() };
}
