// Words for the fields a model diff names, and its values as text. Pure.

/** i18n keys naming the fields of measures, tiers and settings that a diff reports. */
const FIELD_KEYS: Record<string, string> = {
  weight: 'studioModel.measures.weight',
  windowDays: 'studioModel.measures.window',
  normalisation: 'studioModel.normalisation.title',
  label: 'studioModel.measures.label',
  kind: 'studioModel.measures.kind',
  params: 'studioModel.measures.params',
  dimension: 'studioModel.measures.dimension',
  minScore: 'studioModel.tiers.cutoff',
  color: 'studioModel.tiers.color',
  guidance: 'studioModel.tiers.guidance',
  missingData: 'studioModel.settings.missingData',
  minCoverage: 'studioModel.settings.minCoverage',
  dimensions: 'studioModel.diff.dimensions',
  tier: 'studioModel.diff.tier',
};

/**
 * The i18n key naming a diff field, or null for a field without words (shown as it is).
 * @example fieldKey('minScore') // 'studioModel.tiers.cutoff'
 */
export function fieldKey(field: string): string | null {
  return FIELD_KEYS[field] ?? null;
}

/**
 * A diff value as text: null/undefined as `absent`, numbers and strings as they are, objects as compact JSON.
 * `minCoverage` is a rate, shown as a percentage.
 * @example diffValue('minCoverage', 0.25, '—') // '25 %'
 */
export function diffValue(field: string, value: unknown, absent: string): string {
  if (value === null || value === undefined) return absent;
  if (field === 'minCoverage' && typeof value === 'number') return `${Math.round(value * 10_000) / 100} %`;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}
