import { expect } from 'vitest';
import { type DevServer, waitFor } from '../support/dev-server.mjs';

// The seed of the issue-15 flows (tasks.test.ts, chinese-flow.test.ts): the first admin, an account owned by a
// CSM who accepted their invite, and one NPS detractor answer, which raises an alert assigned to that CSM.

/** The first admin (setup works only while the install has no member). */
export const FIRST_ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' };

/** What one flow's story is made of. */
export interface DetractorStory {
  /** The write-key source's name. */
  source: string;
  csm: { name: string; email: string; password: string };
  account: { id: string; name: string };
  /** The person who answers 2 of 10. */
  contact: string;
  surveyName: string;
  comment?: string;
}

/**
 * An admin API call as the ADMIN_TOKEN: GET without a body, POST with one.
 * @example await adminApi(server)('/api/sources', { name: 'e2e' })
 */
export function adminApi(server: DevServer) {
  return (path: string, body?: unknown): Promise<Response> =>
    server.admin(path, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
}

/**
 * Sets up the first admin, then seeds `story`: the account (owned by the CSM, through a `group` call), the CSM
 * as a member (invited, accepted), an NPS survey, the contact's personal link and their answer of 2.
 * @example await seedDetractorStory(server, { source: 'e2e tasks', csm, account, contact, surveyName: 'NPS' })
 */
export async function seedDetractorStory(server: DevServer, story: DetractorStory): Promise<void> {
  const api = adminApi(server);
  expect((await api('/api/auth/setup', FIRST_ADMIN)).status).toBe(201);
  const source = await api('/api/sources', { name: story.source });
  const { writeKey } = (await source.json()) as { writeKey: string };
  const ingest = await fetch(`${server.url}/v1/batch`, {
    method: 'POST',
    headers: { Authorization: `Basic ${btoa(`${writeKey}:`)}` },
    body: JSON.stringify({
      batch: [
        {
          type: 'group',
          messageId: `g-${story.account.id}`,
          userId: `${story.account.id}-u1`,
          groupId: story.account.id,
          traits: { name: story.account.name, plan: 'growth', seats: 10, csm: story.csm.email },
        },
      ],
    }),
  });
  expect(ingest.status).toBe(200);
  await waitFor(async () => (await api(`/api/accounts/${story.account.id}`)).status === 200, {
    timeoutMs: 60_000,
    message: 'the seeded account did not appear',
  });

  const invite = await api('/api/members/invites', { email: story.csm.email, role: 'csm' });
  expect(invite.status).toBe(201);
  const { token } = (await invite.json()) as { token: string };
  const accepted = await fetch(`${server.url}/api/auth/invites/${token}/accept`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: story.csm.name, password: story.csm.password }),
  });
  expect(accepted.status).toBe(201);

  const survey = await api('/api/surveys', { type: 'nps', name: story.surveyName });
  expect(survey.status).toBe(201);
  const { id: surveyId } = (await survey.json()) as { id: number };
  const links = await api(`/api/surveys/${surveyId}/links`, {
    contacts: [{ email: story.contact, accountExternalId: story.account.id }],
  });
  expect(links.status).toBe(201);
  const { links: made } = (await links.json()) as { links: { url: string }[] };
  const url = made[0]!.url;
  const answer = await fetch(`${server.url}/api/public/surveys/${url.slice(url.lastIndexOf('/s/') + 3)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ score: 2, ...(story.comment ? { comment: story.comment } : {}) }),
  });
  expect(answer.status).toBe(201);
}
