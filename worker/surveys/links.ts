import {
  type CreateLinksResult,
  MAX_LINKS_PER_REQUEST,
  type SkippedLink,
  type SurveyContactDto,
  type SurveyLinkDto,
} from '../../shared/contracts/surveys';
import { isWithinQuietPeriod, signSurveyToken } from '../../shared/surveys';
import type { Db } from '../common/db';
import type { Env } from '../common/env';
import { ApiError } from '../common/errors';
import {
  accountsByExternalId,
  insertLinks,
  type LinkRow,
  lastAsked,
  type NewLink,
  type SurveyRow,
  suppressionTimes,
  toLinkDto,
  updateSurvey,
} from './store';

const DAY_MS = 86_400_000;

/** Who to ask: an account (contact null = an account-level link) or one of its contacts. */
export interface LinkTarget {
  accountExternalId: string;
  contact: { email: string; name?: string | null; locale?: string | null } | null;
  /** The contact (`u<n>` / `c<n>`) a `people` target came from, named back in `skipped`. */
  person?: { id: string; name: string | null };
}

/**
 * The signing key, or 503 when it is missing or too short: links signed with no key would be forgeable.
 * @example const key = signingKey(c.env);
 */
export function signingKey(env: Pick<Env, 'SURVEY_SIGNING_KEY'>): string {
  const key = env.SURVEY_SIGNING_KEY;
  if (!key || key.length < 16) {
    throw new ApiError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'surveys need the SURVEY_SIGNING_KEY secret (at least 16 characters)',
    });
  }
  return key;
}

/** The public page of a token. */
export const surveyUrl = (origin: string, token: string) => `${origin.replace(/\/+$/, '')}/s/${token}`;

/** Signs each link's token and builds its DTO. */
export async function signLinks(
  key: string,
  surveyId: number,
  origin: string,
  links: LinkRow[],
): Promise<SurveyLinkDto[]> {
  return Promise.all(
    links.map(async (l) =>
      toLinkDto(
        l,
        surveyUrl(
          origin,
          await signSurveyToken(
            { surveyId, accountId: l.accountId, linkId: l.id, expiresAt: l.expiresAt },
            key,
          ),
        ),
      ),
    ),
  );
}

/**
 * Targets of a request: every contact, plus an account-level link for each listed account none of the
 * contacts belongs to.
 * @example linkTargets(['acme', 'globex'], [{ email: 'ana@acme.com', accountExternalId: 'acme' }]) // ana@acme, globex (account)
 */
export function linkTargets(
  accounts: readonly string[],
  contacts: readonly { email: string; name?: string; locale?: string; accountExternalId: string }[],
): LinkTarget[] {
  const withContacts = new Set(contacts.map((c) => c.accountExternalId));
  return [
    ...contacts.map((c) => ({
      accountExternalId: c.accountExternalId,
      contact: { email: c.email, name: c.name ?? null, locale: c.locale ?? null },
    })),
    ...[...new Set(accounts)]
      .filter((a) => !withContacts.has(a))
      .map((a) => ({ accountExternalId: a, contact: null })),
  ];
}

/**
 * Creates the links of a survey for `targets`: unknown accounts and contacts asked within the survey's
 * quiet period are skipped (and reported after `opts.skipped`, what the caller already left out), duplicates
 * collapse to one link, and the rest are stored and returned with signed URLs under `origin`. Nothing is
 * written when the key is missing or the targets exceed {@link MAX_LINKS_PER_REQUEST}.
 */
export async function createLinks(
  env: Env,
  db: Db,
  survey: SurveyRow,
  targets: readonly LinkTarget[],
  opts: {
    origin: string;
    expiresInDays?: number;
    createdBy: string;
    now: number;
    skipped?: readonly SkippedLink[];
  },
): Promise<CreateLinksResult> {
  const key = signingKey(env);
  if (targets.length > MAX_LINKS_PER_REQUEST) {
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message: `${targets.length} targets; at most ${MAX_LINKS_PER_REQUEST} links per request`,
    });
  }
  const accounts = await accountsByExternalId(db, [...new Set(targets.map((t) => t.accountExternalId))]);
  const skipped: SkippedLink[] = [...(opts.skipped ?? [])];
  const wanted = new Map<string, { target: LinkTarget; accountId: number; contactKey: string }>();
  for (const t of targets) {
    const account = accounts.get(t.accountExternalId);
    if (!account) {
      skipped.push({
        accountExternalId: t.accountExternalId,
        contact: dto(t.contact),
        ...personOf(t),
        reason: 'unknown_account',
        lastAskedAt: null,
      });
      continue;
    }
    const contactKey = t.contact ? t.contact.email.toLowerCase() : '';
    const k = `${account.id}:${contactKey}`;
    if (!wanted.has(k)) wanted.set(k, { target: t, accountId: account.id, contactKey });
  }
  const asked = await lastAsked(db, survey.id, [...wanted.values()]);
  const fresh: NewLink[] = [];
  const expiresAt = opts.now + (opts.expiresInDays ?? survey.linkExpiryDays) * DAY_MS;
  for (const [k, w] of wanted) {
    const last = asked.get(k) ?? null;
    if (isWithinQuietPeriod(last, survey.quietPeriodDays, opts.now)) {
      skipped.push({
        accountExternalId: w.target.accountExternalId,
        contact: dto(w.target.contact),
        ...personOf(w.target),
        reason: 'quiet_period',
        lastAskedAt: new Date(last!).toISOString(),
      });
      continue;
    }
    fresh.push({
      accountId: w.accountId,
      contactKey: w.contactKey,
      contactEmail: w.target.contact?.email.toLowerCase() ?? null,
      contactName: w.target.contact?.name ?? null,
      contactLocale: w.target.contact?.locale ?? null,
      expiresAt,
    });
  }
  const ids = await insertLinks(db, survey.id, fresh, opts.createdBy, opts.now);
  if (survey.publicOrigin !== opts.origin)
    await updateSurvey(db, survey.id, { publicOrigin: opts.origin }, opts.now);
  const suppressed = await suppressionTimes(db, [
    ...new Set(fresh.flatMap((l) => (l.contactEmail ? [l.contactEmail] : []))),
  ]);
  const rows: LinkRow[] = fresh.map((l) => ({
    id: ids.get(`${l.accountId}:${l.contactKey}`)!,
    accountId: l.accountId,
    accountExternalId: wanted.get(`${l.accountId}:${l.contactKey}`)!.target.accountExternalId,
    contact: dto(
      l.contactEmail ? { email: l.contactEmail, name: l.contactName, locale: l.contactLocale } : null,
    ),
    expiresAt: l.expiresAt,
    createdAt: opts.now,
    answeredAt: null,
    suppressedAt: (l.contactEmail && suppressed.get(l.contactEmail)) || null,
  }));
  return { links: await signLinks(key, survey.id, opts.origin, rows), skipped };
}

function dto(contact: LinkTarget['contact']): SurveyContactDto | null {
  return contact
    ? { email: contact.email.toLowerCase(), name: contact.name ?? null, locale: contact.locale ?? null }
    : null;
}

/** A people target's contact, for its skipped entry (absent for other targets, as before). */
const personOf = (t: LinkTarget) => (t.person ? { person: t.person } : {});
