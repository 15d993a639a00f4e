import { sql } from 'drizzle-orm';
import type { TierDisplay } from '../../shared/contracts/settings';
import type { HealthModel } from '../../shared/health';

/** The configs of the published models of the segments in use: whose tiers the dashboard shows. */
export const publishedConfigsSql = sql`SELECT config FROM model_versions
  WHERE status = 'published' AND model_id IN (SELECT model_id FROM segments)`;

/** Colour of a tier key no published model declares any more. */
export const UNKNOWN_TIER_COLOR = '#9ca3af';

/**
 * The tiers of the published models, best first (by lower bound), one entry per key, with the names and
 * colours an admin set (worker/settings/store.ts) over the models' own: the dashboard shows one set of tiers
 * even when segments score with different models.
 * @example tierDefinitions([JSON.stringify(DEFAULT_MODEL)], []).map((t) => t.key) // ['green', 'green-yellow', 'yellow', 'red']
 */
export function tierDefinitions(
  configs: string[],
  display: readonly TierDisplay[],
): { key: string; name: string; color: string; min: number }[] {
  const names = new Map(display.map((t) => [t.key, t]));
  const byKey = new Map<string, { key: string; name: string; color: string; min: number }>();
  for (const text of configs) {
    let tiers: HealthModel['tiers'] = [];
    try {
      tiers = (JSON.parse(text) as HealthModel).tiers ?? [];
    } catch {}
    for (const t of tiers) {
      if (byKey.has(t.key)) continue;
      const color = names.get(t.key)?.color ?? t.color ?? UNKNOWN_TIER_COLOR;
      byKey.set(t.key, {
        key: t.key,
        name: names.get(t.key)?.name ?? t.label ?? t.key,
        color,
        min: t.minScore,
      });
    }
  }
  return [...byKey.values()].sort((a, b) => b.min - a.min);
}
