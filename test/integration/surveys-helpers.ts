import { env } from 'cloudflare:workers';
import type {
  CreateLinksResult,
  PublicSubmitResult,
  SurveyDto,
  SurveyLinkDto,
} from '../../shared/contracts/surveys';
import { admin, call, createMember, seedAccount, uid } from './helpers';

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

/**
 * The client address a test respondent of `token` calls from: one per token (an IPv6 documentation address
 * derived from it), so the per-IP limit of one test's calls never spills into another's.
 */
export function respondentIp(token: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193) >>> 0;
  return `2001:db8:${(hash >>> 16).toString(16)}:${(hash & 0xffff).toString(16)}::1`;
}

/** `GET /api/public/surveys/:token`, without credentials, from the token's own client IP unless given. */
export function publicGet(token: string, headers: Record<string, string> = {}) {
  return call(`/api/public/surveys/${token}${headers.query ?? ''}`, {
    headers: {
      'CF-Connecting-IP': respondentIp(token),
      ...Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'query')),
    },
  });
}

/** `POST /api/public/surveys/:token` with a JSON body, without credentials, from the token's own client IP unless given. */
export function publicPost(token: string, body: unknown, headers: Record<string, string> = {}) {
  return call(`/api/public/surveys/${token}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': respondentIp(token), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** An account with an owner who is a member (the CSM survey alerts are assigned to). */
export async function surveyAccount(opts: Parameters<typeof seedAccount>[0] = {}) {
  const account = await seedAccount(opts);
  const { email: ownerEmail } = await createMember({ role: 'csm', email: `${uid('csm')}@example.com` });
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
