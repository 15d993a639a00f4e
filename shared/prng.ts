/**
 * A seeded pseudo-random source (mulberry32): the same seed gives the same sequence on every platform,
 * so a generated portfolio (or the studio's cross-validation split) is reproducible from its seed alone.
 * Not for anything security-related.
 * @example const rng = createRng(42); rng.next() // 0.6011037519201636 (always, for seed 42)
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability `p` (0..1). */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** An index drawn with probability proportional to `weights` (non-negative, not all zero). */
  weighted(weights: readonly number[]): number;
}

/**
 * Creates a {@link Rng} from a 32-bit integer seed (other numbers are truncated to 32 bits).
 * @example createRng(7).int(1, 6) // a die roll, the same one every time for seed 7
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (weights) => {
      let total = 0;
      for (const w of weights) total += w;
      let r = next() * total;
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i]!;
        if (r < 0) return i;
      }
      return weights.length - 1;
    },
  };
}

/**
 * A seed derived from a parent seed and a label, so each account draws from its own stream and adding
 * an account (or an archetype) does not reshuffle the others (FNV-1a over the label, mixed with the seed).
 * @example deriveSeed(42, 'steady-3') === deriveSeed(42, 'steady-3') // true
 */
export function deriveSeed(seed: number, label: string): number {
  let h = (2_166_136_261 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 16_777_619) >>> 0;
  }
  return h;
}
