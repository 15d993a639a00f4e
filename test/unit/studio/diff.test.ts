import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type HealthModel, healthModelSchema } from '../../../shared/health';
import { modelDiff } from '../../../shared/studio';

const base = healthModelSchema.parse(DEFAULT_MODEL) as HealthModel;

describe('modelDiff', () => {
  it('finds nothing between a version and itself', () => {
    expect(modelDiff(1, base, 2, base)).toEqual({
      from: 1,
      to: 2,
      measuresAdded: [],
      measuresRemoved: [],
      measuresChanged: [],
      tiersChanged: [],
      settingsChanged: [],
    });
  });

  it('lists measures added, removed and reweighted, tier cut-offs and settings changed', () => {
    const [first, second, ...rest] = base.measures;
    const next: HealthModel = {
      ...base,
      measures: [
        { ...first!, weight: first!.weight + second!.weight },
        ...rest,
        {
          key: 'openTickets',
          kind: 'openTickets',
          weight: 0,
          normalisation: { kind: 'linear', min: 0, max: 5, direction: 'lower' },
        } as HealthModel['measures'][number],
      ],
      tiers: base.tiers.map((t) => (t.key === 'green' ? { ...t, minScore: 75 } : t)),
      minCoverage: 0.5,
    };
    const diff = modelDiff(2, base, 3, next);
    expect(diff.measuresAdded).toEqual([{ key: 'openTickets', label: 'openTickets', weight: 0 }]);
    expect(diff.measuresRemoved.map((m) => m.key)).toEqual([second!.key]);
    expect(diff.measuresChanged).toEqual([
      {
        key: first!.key,
        label: first!.label ?? first!.key,
        changes: [{ field: 'weight', from: first!.weight, to: first!.weight + second!.weight }],
      },
    ]);
    expect(diff.tiersChanged).toEqual([{ key: 'green', field: 'minScore', from: 80, to: 75 }]);
    expect(diff.settingsChanged).toEqual([{ field: 'minCoverage', from: base.minCoverage, to: 0.5 }]);
  });
});
