import type { ModelDiff } from '../contracts/studio';
import type { HealthModel } from '../health';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Fields of `a` and `b` (objects) whose values differ, in a stable order, `undefined` as null. */
function fieldChanges(a: Record<string, unknown>, b: Record<string, unknown>, skip: readonly string[] = []) {
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => !skip.includes(f)).sort();
  return fields
    .filter((f) => !same(a[f], b[f]))
    .map((field) => ({ field, from: a[field] ?? null, to: b[field] ?? null }));
}

/**
 * What changed from version `fromVersion` (config `a`) to `toVersion` (config `b`): measures added and removed
 * (by key), measures changed field by field (weight, window, normalisation…), tiers changed by key (cut-off,
 * label, guidance; a tier only in one is changed from or to null), and the model settings (missing-data policy,
 * minimum coverage, dimensions).
 * @example modelDiff(1, a, 2, b).measuresChanged // [{ key: 'logins', label: 'Logins', changes: [{ field: 'weight', from: 30, to: 40 }] }]
 */
export function modelDiff(fromVersion: number, a: HealthModel, toVersion: number, b: HealthModel): ModelDiff {
  const before = new Map(a.measures.map((m) => [m.key, m]));
  const after = new Map(b.measures.map((m) => [m.key, m]));
  const labelOf = (m: HealthModel['measures'][number]) => m.label ?? m.key;
  const tiersA = new Map(a.tiers.map((t) => [t.key, t as Record<string, unknown>]));
  const tiersB = new Map(b.tiers.map((t) => [t.key, t as Record<string, unknown>]));
  const tierKeys = [...new Set([...tiersA.keys(), ...tiersB.keys()])];
  return {
    from: fromVersion,
    to: toVersion,
    measuresAdded: b.measures
      .filter((m) => !before.has(m.key))
      .map((m) => ({ key: m.key, label: labelOf(m), weight: m.weight })),
    measuresRemoved: a.measures
      .filter((m) => !after.has(m.key))
      .map((m) => ({ key: m.key, label: labelOf(m), weight: m.weight })),
    measuresChanged: b.measures.flatMap((m) => {
      const old = before.get(m.key);
      if (!old) return [];
      const changes = fieldChanges(old as Record<string, unknown>, m as Record<string, unknown>, ['key']);
      return changes.length > 0 ? [{ key: m.key, label: labelOf(m), changes }] : [];
    }),
    tiersChanged: tierKeys.flatMap((key) => {
      const ta = tiersA.get(key);
      const tb = tiersB.get(key);
      if (!ta || !tb) return [{ key, field: 'tier', from: ta ? key : null, to: tb ? key : null }];
      return fieldChanges(ta, tb, ['key']).map((c) => ({ key, ...c }));
    }),
    settingsChanged: fieldChanges(
      { missingData: a.missingData, minCoverage: a.minCoverage, dimensions: a.dimensions },
      { missingData: b.missingData, minCoverage: b.minCoverage, dimensions: b.dimensions },
    ),
  };
}
