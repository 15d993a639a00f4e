import type { BandsNormalisation, LinearNormalisation, Normalisation } from './model';

/**
 * A normalisation compiled once per model: raw value → points 0..100, and the inverse the
 * "what would move this account up a tier" explanation needs.
 * @example compileNormalisation({ kind: 'linear', min: 0, max: 1, direction: 'higher' }).points(0.25, null) // 25
 */
export interface CompiledNormalisation {
  /** `'higher'` when a larger raw value is better. */
  direction: 'higher' | 'lower';
  /** Which benchmark the points depend on, if any. */
  benchmarkOf: 'segment' | 'all' | null;
  /** Fewest accounts a benchmark must cover to be used. */
  minAccounts: number;
  /** The most points the normalisation can give. */
  maxPoints: number;
  /** Points 0..100; null when the raw value is not finite or the benchmark it needs is missing. */
  points(raw: number, benchmark: number | null): number | null;
  /** The fewest points at least `points` that some raw value earns (bands jump), or null if none. */
  achievable(points: number): number | null;
  /** The raw value at which `points` are first earned (≥ it for `higher`, ≤ it for `lower`), or null. */
  rawFor(points: number, benchmark: number | null): number | null;
}

type Scale = Omit<CompiledNormalisation, 'benchmarkOf' | 'minAccounts'>;

/**
 * Compiles a normalisation config.
 * @example compileNormalisation({ kind: 'bands', direction: 'higher', bands: [{ bound: 0.8, points: 100 }, { bound: 0.5, points: 60 }], otherwisePoints: 0 }).points(0.6, null) // 60
 */
export function compileNormalisation(n: Normalisation): CompiledNormalisation {
  if (n.kind === 'benchmark') {
    const scale = compileScale(n.scale);
    return {
      direction: scale.direction,
      benchmarkOf: n.of,
      minAccounts: n.minAccounts,
      maxPoints: scale.maxPoints,
      points: (raw, benchmark) =>
        benchmark === null || !(benchmark > 0) ? null : scale.points(raw / benchmark, null),
      achievable: scale.achievable,
      rawFor: (points, benchmark) => {
        if (benchmark === null || !(benchmark > 0)) return null;
        const ratio = scale.rawFor(points, null);
        return ratio === null ? null : ratio * benchmark;
      },
    };
  }
  return { ...compileScale(n), benchmarkOf: null, minAccounts: 1 };
}

/**
 * Points for one raw value (compiles on each call; use {@link compileNormalisation} in loops).
 * @example normalize(0.45, { kind: 'linear', min: 0.1, max: 0.8, direction: 'higher' }) // 50
 */
export function normalize(raw: number, n: Normalisation, benchmark: number | null = null): number | null {
  return compileNormalisation(n).points(raw, benchmark);
}

function compileScale(n: LinearNormalisation | BandsNormalisation): Scale {
  return n.kind === 'linear' ? compileLinear(n) : compileBands(n);
}

function compileLinear(n: LinearNormalisation): Scale {
  const { min, max } = n;
  const span = max - min;
  const higher = n.direction === 'higher';
  return {
    direction: n.direction,
    maxPoints: 100,
    points: (raw) => {
      if (!Number.isFinite(raw)) return null;
      const t = raw <= min ? 0 : raw >= max ? 1 : (raw - min) / span;
      return (higher ? t : 1 - t) * 100;
    },
    achievable: (points) => (points <= 100 ? Math.max(0, points) : null),
    rawFor: (points) => {
      if (points > 100) return null;
      const t = Math.max(0, points) / 100;
      return higher ? min + t * span : max - t * span;
    },
  };
}

function compileBands(n: BandsNormalisation): Scale {
  const bounds = n.bands.map((b) => b.bound);
  const points = n.bands.map((b) => b.points);
  const otherwise = n.otherwisePoints;
  const higher = n.direction === 'higher';
  const count = bounds.length;
  return {
    direction: n.direction,
    maxPoints: Math.max(points[0] ?? 0, otherwise),
    points: (raw) => {
      if (!Number.isFinite(raw)) return null;
      for (let i = 0; i < count; i++) {
        if (higher ? raw >= bounds[i]! : raw <= bounds[i]!) return points[i]!;
      }
      return otherwise;
    },
    achievable: (wanted) => {
      if (otherwise >= wanted) return otherwise;
      // Points never rise down the list, so the last band with enough points gives the fewest.
      for (let i = count - 1; i >= 0; i--) if (points[i]! >= wanted) return points[i]!;
      return null;
    },
    rawFor: (wanted) => {
      if (otherwise >= wanted) return null;
      for (let i = count - 1; i >= 0; i--) if (points[i]! >= wanted) return bounds[i]!;
      return null;
    },
  };
}
