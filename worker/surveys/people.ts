import type { z } from 'zod';
import {
  MAX_LINKS_PER_REQUEST,
  type SkippedLink,
  type surveyPeopleInput,
} from '../../shared/contracts/surveys';
import { LOCALE_PATTERN } from '../../shared/surveys/types';
import type { Db } from '../common/db';
import { ApiError } from '../common/errors';
import { surveyPeople } from '../contacts/store';
import type { LinkTarget } from './links';
import { accountsByExternalId, segmentAccounts, segmentExists } from './store';

/**
 * The personal links a `people` request asks for: one target per active person with an email, keyed by
 * their lower-cased email as every contact link is (so the quiet period and the health model's per-person
 * NPS see one person, however they were asked). Unknown ids and accounts, deactivated people and people
 * without an email come back as skipped. 400 when the selection holds more than one request's links, or
 * names a segment that does not exist.
 * @example const { targets, skipped } = await peopleTargets(db, { roles: ['champion'], segment: 'smb' })
 */
export async function peopleTargets(
  db: Db,
  people: z.infer<typeof surveyPeopleInput>,
): Promise<{ targets: LinkTarget[]; skipped: SkippedLink[] }> {
  const skipped: SkippedLink[] = [];
  let accountIds: number[] | null = null;
  if (people.accounts || people.segment) {
    const known = await accountsByExternalId(db, [...new Set(people.accounts ?? [])]);
    for (const a of new Set(people.accounts ?? []))
      if (!known.has(a))
        skipped.push({ accountExternalId: a, contact: null, reason: 'unknown_account', lastAskedAt: null });
    accountIds = [...known.values()].map((a) => a.id);
    if (people.segment) {
      if (!(await segmentExists(db, people.segment)))
        throw new ApiError({
          code: 'VALIDATION_FAILED',
          message: `no segment "${people.segment}"`,
          issues: [{ path: ['people', 'segment'], code: 'custom', message: 'no such segment' }],
        });
      accountIds.push(...(await segmentAccounts(db, people.segment, 100_000)).map((a) => a.id));
    }
  }
  const ids = people.ids ? [...new Set(people.ids)] : null;
  const rows = await surveyPeople(
    db,
    ids ? { ids } : { accountIds, roles: people.roles ?? null },
    MAX_LINKS_PER_REQUEST + 1,
  );
  if (rows.length > MAX_LINKS_PER_REQUEST)
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message: `more than ${MAX_LINKS_PER_REQUEST} people; narrow the selection by roles or accounts`,
    });
  const found = new Set(rows.map((r) => r.id));
  for (const id of ids ?? [])
    if (!found.has(id))
      skipped.push({
        accountExternalId: '',
        contact: null,
        person: { id, name: null },
        reason: 'unknown_contact',
        lastAskedAt: null,
      });
  const targets: LinkTarget[] = [];
  for (const r of rows) {
    const person = { id: r.id, name: r.name };
    const email = r.email?.toLowerCase() ?? null;
    const locale = typeof r.locale === 'string' && LOCALE_PATTERN.test(r.locale) ? r.locale : null;
    const contact = email ? { email, name: r.name, locale } : null;
    if (!contact || r.deactivated) {
      skipped.push({
        accountExternalId: r.accountExternalId,
        contact,
        person,
        reason: contact ? 'deactivated' : 'no_email',
        lastAskedAt: null,
      });
    } else targets.push({ accountExternalId: r.accountExternalId, contact, person });
  }
  return { targets, skipped };
}
