import type { Context } from 'hono';
import type { Db } from '../common/db';
import type { AppEnv } from '../common/env';
import { ApiError } from '../common/errors';
import { accountIdOf } from './health-store';

// What the account routes share: the lookup that 404s, and `owner=me`.

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
