import { checkWebhookUrl, WEBHOOK_TIMEOUT_MS } from '../../shared/alerts';
import {
  MAX_LINKS_PER_REQUEST,
  type SurveyLinkDto,
  type SurveyLinksWebhookBody,
  type SurveyRunResult,
} from '../../shared/contracts/surveys';
import { describeWebhookFailure, webhookRequestInit } from '../alerts/webhook-job';
import { type Db, getDb } from '../common/db';
import type { Env } from '../common/env';
import { personStandings } from '../contacts/store';
import { createLinks, type LinkTarget } from './links';
import {
  claimRun,
  dueSurveys,
  previousRecipients,
  recordRun,
  type SurveyRow,
  segmentAccounts,
} from './store';

const DAY_MS = 86_400_000;
/** Links per webhook POST. */
const WEBHOOK_CHUNK = 500;

/**
 * The daily survey step of the cron: every active survey whose re-run is due asks again everyone it asked
 * before (and, with a recurrence segment, every account of that segment), skipping contacts still in the
 * quiet period and people deactivated or gone from the account since (counted as skipped); the new links are POSTed to the survey's webhook, if any. One survey's failure is recorded
 * on it (`lastRun.error`) and does not stop the others.
 * @example await runDueSurveys(env, controller.scheduledTime)
 */
export async function runDueSurveys(
  env: Env,
  now: number,
  fetcher: typeof fetch = fetch,
): Promise<{ surveyId: number; result: SurveyRunResult }[]> {
  const db = getDb(env.DB);
  const out: { surveyId: number; result: SurveyRunResult }[] = [];
  for (const survey of await dueSurveys(db, now)) {
    // Claiming moves nextRunAt on first, so an overlapping cron (or a retry) cannot run it twice.
    if (!(await claimRun(db, survey, now + survey.recurrenceDays! * DAY_MS, now))) continue;
    const result = await runSurvey(env, survey, now, fetcher);
    await recordRun(db, survey.id, result);
    out.push({ surveyId: survey.id, result });
  }
  return out;
}

async function runSurvey(
  env: Env,
  survey: SurveyRow,
  now: number,
  fetcher: typeof fetch,
): Promise<SurveyRunResult> {
  const db = getDb(env.DB);
  const at = new Date(now).toISOString();
  try {
    if (!survey.publicOrigin)
      throw new Error('no public origin known yet: create the first links through the API');
    const previous = await previousRecipients(db, survey.id, MAX_LINKS_PER_REQUEST);
    const gone = await departed(db, previous);
    const targets: LinkTarget[] = previous
      .filter((r) => !gone.has(r))
      .map((r) => ({ accountExternalId: r.account.externalId, contact: r.contact }));
    if (survey.recurrenceSegment) {
      const asked = new Set(targets.map((t) => t.accountExternalId));
      for (const a of await segmentAccounts(db, survey.recurrenceSegment, MAX_LINKS_PER_REQUEST)) {
        // An account asked through its contacts before is asked through them again, not at account level.
        if (!asked.has(a.externalId)) targets.push({ accountExternalId: a.externalId, contact: null });
      }
    }
    const { links, skipped } = await createLinks(env, db, survey, targets.slice(0, MAX_LINKS_PER_REQUEST), {
      origin: survey.publicOrigin,
      createdBy: 'cron',
      now,
    });
    const delivery = survey.webhookUrl && links.length > 0 ? await deliver(survey, links, fetcher) : null;
    return { at, links: links.length, skipped: skipped.length + gone.size, delivery, error: null };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(JSON.stringify({ job: 'surveys', surveyId: survey.id, error }));
    return { at, links: 0, skipped: 0, delivery: null, error };
  }
}

type Recipient = Awaited<ReturnType<typeof previousRecipients>>[number];

/**
 * The previous recipients not to ask again: people identified as users who were deactivated or left the
 * account they were asked in (no active user with their email is in it now). A contact no user has the email of
 * (added by hand or by CSV) has nothing that says they left and is asked again.
 */
async function departed(db: Db, recipients: readonly Recipient[]): Promise<Set<Recipient>> {
  const emails = [...new Set(recipients.flatMap((r) => (r.contact ? [r.contact.email.toLowerCase()] : [])))];
  const byEmail = new Map<string, { accountId: number | null; deactivated: boolean }[]>();
  for (const p of await personStandings(db, emails))
    byEmail.set(p.email, [...(byEmail.get(p.email) ?? []), p]);
  const gone = new Set<Recipient>();
  for (const r of recipients) {
    const users = r.contact ? byEmail.get(r.contact.email.toLowerCase()) : undefined;
    if (users && !users.some((u) => u.accountId === r.account.id && !u.deactivated)) gone.add(r);
  }
  return gone;
}

/**
 * POSTs the links in chunks (no redirects, 10 s timeout, like alert webhooks); the first failure stops and
 * is reported (the links stay in the API and CSV).
 */
async function deliver(
  survey: SurveyRow,
  links: SurveyLinkDto[],
  fetcher: typeof fetch,
): Promise<NonNullable<SurveyRunResult['delivery']>> {
  // Checked again at delivery: a URL stored before the webhook URL rules is refused, not fetched.
  const target = checkWebhookUrl(survey.webhookUrl!);
  if (!target.ok) return { status: 'failed', httpStatus: null, error: `refused: ${target.message}` };
  let httpStatus: number | null = null;
  for (let i = 0; i < links.length; i += WEBHOOK_CHUNK) {
    const body: SurveyLinksWebhookBody = {
      event: 'survey.links',
      survey: { id: survey.id, name: survey.name, type: survey.type },
      links: links.slice(i, i + WEBHOOK_CHUNK),
    };
    try {
      const res = await fetcher(target.url, webhookRequestInit(body, WEBHOOK_TIMEOUT_MS));
      await res.body?.cancel();
      httpStatus = res.status;
      if (!res.ok) return { status: 'failed', httpStatus, error: describeWebhookFailure(res) };
    } catch (err) {
      return { status: 'failed', httpStatus: null, error: describeWebhookFailure(err) };
    }
  }
  return { status: 'delivered', httpStatus, error: null };
}
