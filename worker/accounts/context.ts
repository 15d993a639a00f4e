import type { Context } from 'hono';
import { hasRole } from '../../shared/contracts/auth';
import { accountableMemberId } from '../auth/authenticate';
import { getMember } from '../auth/members-store';
import type { Db } from '../common/db';
import type { AppEnv } from '../common/env';
import { ApiError } from '../common/errors';
import { accountIdOf, accountOwnerOf } from './health-store';

// What the account routes share: the lookup that 404s, `owner=me`, and "the caller's own account".

/**
 * The internal id of an account, or a 404 NOT_FOUND envelope for an unknown external id.
 * @example const id = await requireAccount(db, 'acme')
 */
export async function requireAccount(db: Db, externalId: string): Promise<number> {
  const id = await accountIdOf(db, externalId);
  if (id === null) throw new ApiError({ code: 'NOT_FOUND', message: `no account "${externalId}"` });
  return id;
}

/**
 * An owner filter with `me` resolved to the acting member's email.
 * @example resolveOwner(c, 'me') // 'csm@example.com'
 */
export function resolveOwner(c: Context<AppEnv>, owner: string | undefined): string | undefined {
  return owner === 'me' ? c.get('actor').email : owner;
}

/**
 * The internal id of an account the caller may work as its owner: any account for an admin; for a CSM only
 * one whose owner email is theirs (an API token's: the member who created it), else 403 FORBIDDEN. 404 for
 * an unknown account, whoever asks.
 * @example const id = await requireOwnAccount(c, db, 'acme')
 */
export async function requireOwnAccount(c: Context<AppEnv>, db: Db, externalId: string): Promise<number> {
  const account = await accountOwnerOf(db, externalId);
  if (!account) throw new ApiError({ code: 'NOT_FOUND', message: `no account "${externalId}"` });
  const actor = c.get('actor');
  if (hasRole(actor.role, 'admin')) return account.id;
  const memberId = accountableMemberId(c);
  const email =
    actor.memberId !== null ? actor.email : memberId !== null ? (await getMember(db, memberId))?.email : null;
  if (!email || account.ownerEmail?.toLowerCase() !== email.toLowerCase()) {
    throw new ApiError({
      code: 'FORBIDDEN',
      message: `a csm may do this only for the accounts they own; "${externalId}" is owned by ${account.ownerEmail ?? 'nobody'}`,
    });
  }
  return account.id;
}
