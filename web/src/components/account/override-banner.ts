import type { AccountInsight } from '../../api/account';

/**
 * What the account header says about an override. The tier badge shows the latest snapshot's tier, so the
 * banner is read against that snapshot and never contradicts it:
 * - `active`: the snapshot shows the override in force (the badge is its tier; the banner names the
 *   computed tier beside it);
 * - `pending`: an override is in force but the score shown was computed without it (today's snapshot was
 *   written by another model version, or rescoring failed): it applies from the next scoring run;
 * - `ended`: the snapshot shows an override that is no longer in force (expired since it was scored): the
 *   computed tier shows from the next scoring run;
 * - `none`.
 */
export type OverrideBanner =
  | { kind: 'none' }
  | { kind: 'active' | 'pending'; override: NonNullable<AccountInsight['override']> }
  | { kind: 'ended' };

/**
 * The banner for an account's insight (undefined while loading: none).
 * @example overrideBanner({ snapshot: { tier: 'red', overridden: true, … }, override: { tier: 'red', … }, … }).kind // 'active'
 */
export function overrideBanner(
  insight: Pick<AccountInsight, 'snapshot' | 'override'> | undefined,
): OverrideBanner {
  const snapshot = insight?.snapshot ?? null;
  const override = insight?.override ?? null;
  if (override) {
    const shown = snapshot?.overridden === true && snapshot.tier === override.tier;
    return { kind: shown ? 'active' : 'pending', override };
  }
  return snapshot?.overridden ? { kind: 'ended' } : { kind: 'none' };
}
