import { generatePortfolio, portfolioBatches } from '../../shared/testing';
import { addDays, utcDay } from '../../shared/time';
import { type DevServer, waitFor } from '../support/dev-server.mjs';
import { runScoringAndWait } from './browser';

// A portfolio that fills every screen the way a real team's does, for the layout screenshots: a dozen accounts of
// every usage shape with contracts, owners and renewals, a week of scored history, an NPS survey with a spread of
// answers, alerts, tasks for the admin, a touchpoint and a success-plan goal.

/** The first admin, who signs in to look at every screen. */
export const LAYOUT_ADMIN = {
  name: 'Ada Admin',
  email: 'ada@example.com',
  password: 'correct horse battery',
};
const CSM = { name: 'Cy Csm', email: 'csm1@example.com', password: 'staple paper clip' };
const TODAY = utcDay(Date.now());
const HISTORY_DAYS = 7;

/** Twelve accounts, two of each usage shape, with 84 days of usage ending yesterday. */
export const layoutPortfolio = generatePortfolio({
  seed: 15,
  startDay: addDays(TODAY, -85),
  days: 84,
  accountsPerArchetype: 2,
  idPrefix: 'ly',
});
const trackEvents = layoutPortfolio.usage.reduce((n, u) => n + u.events, 0);

/** An account whose page carries the most: the first declining one (alerts, low dimensions). */
export const LAYOUT_ACCOUNT = layoutPortfolio.accounts.find((a) => a.archetype === 'declining')!.record;

async function api<T>(server: DevServer, path: string, body?: unknown): Promise<T> {
  const res = await server.admin(
    path,
    body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
  );
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function ingest(server: DevServer): Promise<void> {
  const { writeKey } = await api<{ writeKey: string }>(server, '/api/sources', { name: 'Product app' });
  for (const body of portfolioBatches(layoutPortfolio, { maxMessages: 1000 })) {
    const res = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { Authorization: `Basic ${btoa(`${writeKey}:`)}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`/v1/batch: ${res.status} ${await res.text()}`);
  }
  await waitFor(
    async () =>
      (await api<{ rolledUpEvents: number }>(server, '/api/ingest/stats')).rolledUpEvents === trackEvents,
    { timeoutMs: 90_000, message: 'the portfolio was not all rolled up' },
  );
}

/** Last year's term of every account, renewed or churned, and the current one up to the renewal for those that renewed. */
async function contracts(server: DevServer): Promise<void> {
  await api(
    server,
    '/api/contracts',
    layoutPortfolio.accounts.flatMap((a) => {
      const id = a.record.externalId;
      const amountMinor = a.record.arrCents ?? 100_000;
      const past = {
        accountExternalId: id,
        externalId: `${id}-2025`,
        periodStart: addDays(TODAY, -400),
        periodEnd: addDays(TODAY, -36),
        amountMinor,
        currency: 'USD',
        interval: 'year',
        outcome: a.outcome === 'churn' ? 'churned' : 'renewed',
      };
      if (a.outcome === 'churn') return [past];
      const current = {
        accountExternalId: id,
        externalId: `${id}-2026`,
        periodStart: addDays(a.record.renewalDate ?? TODAY, -365),
        periodEnd: addDays(a.record.renewalDate ?? TODAY, -1),
        amountMinor: Math.round(amountMinor * 1.1),
        currency: 'USD',
        interval: 'year',
      };
      return [past, current];
    }),
  );
}

/** A week of history (the tier-history chart), then today's run. */
async function score(server: DevServer): Promise<void> {
  const { backfillId } = await api<{ backfillId: string }>(server, '/api/scoring/backfill', {
    days: HISTORY_DAYS,
  });
  await waitFor(
    async () => {
      const b = await api<{ status: string }>(server, `/api/scoring/backfills/${backfillId}`);
      if (b.status === 'failed') throw new Error('the backfill failed');
      return b.status === 'done';
    },
    { timeoutMs: 120_000, intervalMs: 500, message: 'the backfill did not finish' },
  );
  await runScoringAndWait(server);
}

/** An NPS survey answered by six contacts: detractors, passives and promoters. */
async function survey(server: DevServer): Promise<void> {
  const { id } = await api<{ id: number }>(server, '/api/surveys', { type: 'nps', name: 'Quarterly NPS' });
  const scores = [2, 5, 7, 8, 9, 10];
  const contacts = scores.map((_, i) => ({
    email: `contact${i + 1}@example.com`,
    accountExternalId: layoutPortfolio.accounts[i]!.record.externalId,
  }));
  const { links } = await api<{ links: { url: string }[] }>(server, `/api/surveys/${id}/links`, { contacts });
  for (const [i, link] of links.entries()) {
    const token = link.url.slice(link.url.lastIndexOf('/s/') + 3);
    const res = await fetch(`${server.url}/api/public/surveys/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        score: scores[i],
        comment: i === 0 ? 'Exports keep timing out on large reports.' : undefined,
      }),
    });
    if (res.status !== 201) throw new Error(`survey answer: ${res.status} ${await res.text()}`);
  }
}

/** A CSM member (so alerts are assigned), tasks for the admin, a touchpoint and a goal on the layout account. */
async function work(server: DevServer): Promise<void> {
  const { token } = await api<{ token: string }>(server, '/api/members/invites', {
    email: CSM.email,
    role: 'csm',
  });
  const accepted = await fetch(`${server.url}/api/auth/invites/${token}/accept`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: CSM.name, password: CSM.password }),
  });
  if (accepted.status !== 201) throw new Error(`invite: ${accepted.status}`);
  const id = LAYOUT_ACCOUNT.externalId;
  const tasks = [
    {
      title: 'Call the new VP of Operations about the renewal',
      dueDate: addDays(TODAY, -2),
      priority: 'high',
    },
    { title: 'Send the quarterly usage report', dueDate: TODAY, priority: 'normal' },
    {
      title: 'Plan the onboarding workshop for the analytics team',
      dueDate: addDays(TODAY, 4),
      priority: 'low',
    },
  ];
  for (const task of tasks) {
    await api(server, '/api/tasks', { ...task, accountExternalId: id, ownerEmail: LAYOUT_ADMIN.email });
  }
  await api(server, `/api/accounts/${id}/touchpoints`, {
    kind: 'qbr',
    occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    summary: 'Quarterly business review with the operations team',
    body: 'Adoption of reporting dropped after the reorganisation; agreed on a training plan.',
  });
  await api(server, `/api/accounts/${id}/goals`, {
    title: 'Annual data report delivered to the executive sponsor',
    targetDate: addDays(TODAY, 60),
    status: 'at_risk',
  });
}

/**
 * Seeds a fresh server: the first admin (by API), the portfolio, contracts, history, a survey and the team's work.
 * @example await seedLayoutData(server)
 */
export async function seedLayoutData(server: DevServer): Promise<void> {
  await api(server, '/api/auth/setup', LAYOUT_ADMIN);
  await ingest(server);
  await contracts(server);
  await score(server);
  await survey(server);
  await work(server);
}
