import type { Context } from 'hono';
import { z } from 'zod';
import type { Db } from '../db/client';
import { accountIdOf } from '../db/health';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

// What the account routes share: the `:externalId` param, the lookup that 404s, and `owner=me`.

/** The `:externalId` path parameter of the account routes. */
export const accountParam = z.object({ externalId: z.string().min(1).max(256) });

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
