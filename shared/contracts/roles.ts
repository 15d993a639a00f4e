// Roles without zod, so the SPA's first load can use them without pulling in the schema library.

/** Roles of members and API tokens, weakest first: viewer reads, csm also works accounts and alerts, admin configures. */
export const ROLES = ['viewer', 'csm', 'admin'] as const;

/** `'admin' | 'csm' | 'viewer'` */
export type Role = (typeof ROLES)[number];

/**
 * True when `role` is at least `needed` (admin > csm > viewer).
 * @example hasRole('csm', 'viewer') // true
 */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
