import type { Role } from '../../shared/contracts/auth';

// A copy of `ROLES`/`hasRole` from shared/contracts/auth.ts: importing that module would evaluate its zod schemas
// and put zod (~50 KB) into the initial bundle. test/web/roles.test.ts checks the two agree.

/** Roles weakest first, as `ROLES` in shared/contracts/auth.ts. */
export const ROLE_ORDER: readonly Role[] = ['viewer', 'csm', 'admin'];

/**
 * True when `role` is at least `needed` (admin > csm > viewer).
 * @example roleAtLeast('csm', 'viewer') // true
 */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(needed);
}
