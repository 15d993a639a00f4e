import { z } from 'zod';
import type { TierConfig } from './model';

/**
 * The tier of a score: the first tier (best first) whose inclusive `minScore` the score reaches.
 * The scorer passes the score rounded to one decimal, so the tier always matches the number shown.
 * @example tierFor(79.9, DEFAULT_TIERS) // 'green-yellow'
 */
export function tierFor(score: number, tiers: readonly TierConfig[]): string {
  for (const t of tiers) if (score >= t.minScore) return t.key;
  return tiers[tiers.length - 1]?.key ?? '';
}

/**
 * The kind of a tier change, as the customer-success literature names them (handbook, "Transitions"): with
 * tiers best first, `win` = from the second-worst tier (yellow) into the best (green); `save` = from the
 * worst tier (red) into a tier between the best and the worst (green-yellow or yellow); `improve` = any other
 * move up (green-yellow → green, yellow → green-yellow, red → green); `decline` = any move down; `none` =
 * same tier, or either side unknown (no previous snapshot, insufficient data, or a tier key the model no
 * longer has). A model of fewer than three tiers has no wins or saves, only improvements.
 * @example tierTransition('yellow', 'green', DEFAULT_TIERS) // 'win'
 */
export type TierTransition = 'win' | 'save' | 'improve' | 'decline' | 'none';

/**
 * Classifies a tier change (tiers are ordered best first).
 * @example tierTransition('red', 'yellow', DEFAULT_TIERS) // 'save'
 * @example tierTransition('green-yellow', 'green', DEFAULT_TIERS) // 'improve'
 */
export function tierTransition(
  from: string | null | undefined,
  to: string | null | undefined,
  tiers: readonly TierConfig[],
): TierTransition {
  if (!from || !to) return 'none';
  const a = tiers.findIndex((t) => t.key === from);
  const b = tiers.findIndex((t) => t.key === to);
  if (a < 0 || b < 0 || a === b) return 'none';
  if (b > a) return 'decline';
  const worst = tiers.length - 1;
  if (worst < 2) return 'improve';
  if (a === worst - 1 && b === 0) return 'win';
  if (a === worst && b > 0) return 'save';
  return 'improve';
}

/**
 * A CSM's manual override of an account's tier (and optionally score), with a reason and an expiry
 * (epoch ms; the override applies while `now < expiresAt`).
 * @example healthOverrideSchema.parse({ tier: 'yellow', reason: 'Champion left', expiresAt: Date.UTC(2026, 6, 1) })
 */
export const healthOverrideSchema = z
  .object({
    tier: z.string().min(1).max(64),
    score: z.number().min(0).max(100).nullable().optional(),
    reason: z.string().trim().min(1).max(2000),
    expiresAt: z.number().int().positive(),
    createdAt: z.number().int().positive().optional(),
    createdBy: z.string().max(320).optional(),
  })
  .strict();

/**
 * A parsed override.
 * @example const o: HealthOverride = { tier: 'red', reason: 'Escalation open', expiresAt: Date.UTC(2026, 5, 1) };
 */
export type HealthOverride = z.infer<typeof healthOverrideSchema>;

/**
 * The score and tier to show and alert on, with the computed ones kept beside them.
 * @example const e: EffectiveHealth = applyOverride({ score: 72, tier: 'green-yellow' }, null, now);
 */
export interface EffectiveHealth {
  score: number | null;
  tier: string | null;
  computedScore: number | null;
  computedTier: string | null;
  /** The override in force, or null (none, or expired). */
  override: HealthOverride | null;
}

/**
 * Applies an override when it is still active (`now < expiresAt`): its tier replaces the computed tier
 * and its score, if it has one, replaces the computed score. The computed values are always kept.
 * @example applyOverride({ score: 72, tier: 'green-yellow' }, { tier: 'yellow', reason: 'Sponsor left', expiresAt: now + 1 }, now).tier // 'yellow'
 */
export function applyOverride(
  computed: { score: number | null; tier: string | null },
  override: HealthOverride | null | undefined,
  now: number,
): EffectiveHealth {
  const active = override && now < override.expiresAt ? override : null;
  return {
    score: active && active.score !== undefined && active.score !== null ? active.score : computed.score,
    tier: active ? active.tier : computed.tier,
    computedScore: computed.score,
    computedTier: computed.tier,
    override: active,
  };
}
