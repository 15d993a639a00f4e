import { HISTOGRAM_BUCKETS, type ModelPreview } from '../contracts/studio';
import type { HealthScore } from '../health';

/** One account scored by the published model (null before the first publish) and by the draft. */
export interface PreviewRow {
  accountExternalId: string;
  name: string;
  published: Pick<HealthScore, 'score' | 'tier' | 'measures'> | null;
  draft: Pick<HealthScore, 'score' | 'tier' | 'measures'>;
}

/** Tier key of a side; an account without enough data counts as `insufficient`. */
const tierKey = (s: Pick<HealthScore, 'tier'>) => s.tier ?? 'insufficient';

function side(scores: readonly Pick<HealthScore, 'score' | 'tier'>[]) {
  const tiers: Record<string, number> = {};
  const histogram = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  for (const s of scores) {
    tiers[tierKey(s)] = (tiers[tierKey(s)] ?? 0) + 1;
    if (s.score !== null && s.tier !== null)
      histogram[Math.min(HISTOGRAM_BUCKETS - 1, Math.floor(s.score / (100 / HISTOGRAM_BUCKETS)))]! += 1;
  }
  return { tiers, histogram, scored: scores.length };
}

/**
 * The measure whose contribution to the score changed most between the two (a measure only one model has
 * contributes 0 in the other); null when none changed.
 */
function movingMeasure(a: PreviewRow['draft'], b: PreviewRow['draft']): string | null {
  const before = new Map(a.measures.map((m) => [m.key, m]));
  const after = new Map(b.measures.map((m) => [m.key, m]));
  let best: string | null = null;
  let bestDelta = 0;
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const delta = Math.abs((after.get(key)?.contribution ?? 0) - (before.get(key)?.contribution ?? 0));
    if (delta > bestDelta) {
      bestDelta = delta;
      best = after.get(key)?.label ?? before.get(key)?.label ?? key;
    }
  }
  return best;
}

/**
 * Tier counts and score histograms of both models, and the accounts whose tier the draft changes — biggest
 * score move first (then by name), at most `limit` — each with the measure that moved it most. Histogram
 * buckets are ten points wide (`[90, 100]` the last); accounts without a tier are left out of it.
 * @example comparePreview(rows, 200).movers[0] // { accountExternalId: 'acme', from: 'green', to: 'yellow', scoreFrom: 81, scoreTo: 58, measure: 'Logins', … }
 */
export function comparePreview(
  rows: readonly PreviewRow[],
  limit: number,
): Pick<ModelPreview, 'published' | 'draft' | 'movers' | 'moversTotal'> {
  const hasPublished = rows.length === 0 || rows.some((r) => r.published !== null);
  const movers = rows
    .filter((r) => r.published && tierKey(r.published) !== tierKey(r.draft))
    .map((r) => ({
      accountExternalId: r.accountExternalId,
      name: r.name,
      from: r.published!.tier,
      to: r.draft.tier,
      scoreFrom: r.published!.score,
      scoreTo: r.draft.score,
      measure: movingMeasure(r.published!, r.draft),
    }))
    .sort(
      (a, b) =>
        Math.abs((b.scoreTo ?? 0) - (b.scoreFrom ?? 0)) - Math.abs((a.scoreTo ?? 0) - (a.scoreFrom ?? 0)) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
  return {
    published: hasPublished ? side(rows.flatMap((r) => (r.published ? [r.published] : []))) : null,
    draft: side(rows.map((r) => r.draft)),
    movers: movers.slice(0, limit),
    moversTotal: movers.length,
  };
}
