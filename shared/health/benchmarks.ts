import type { BenchmarkStat, Benchmarks } from './input';

/**
 * Means of each measure's raw values over all accounts and per segment, for the benchmark
 * normalisation, `benchmarkRatio` measures and the "vs segment average" column. Call once per run
 * over every account's `scorer.rawValues(...)` (or over the raw values stored with the previous
 * run's snapshots). Null and non-finite values are skipped; an account with no segment
 * (`segmentOf` returns null/undefined) counts only towards `all`. Benchmarks are keyed by measure key,
 * so keep a key's meaning the same across models.
 * @example computeBenchmarks(new Map([[1, { loginRate: 0.5 }], [2, { loginRate: 0.7 }]]), () => 'smb').segments.smb?.loginRate // { mean: 0.6, count: 2 }
 */
export function computeBenchmarks<K>(
  rawValuesByAccount: ReadonlyMap<K, Readonly<Record<string, number | null | undefined>>>,
  segmentOf: (accountId: K) => string | null | undefined,
): Benchmarks {
  const all = new Map<string, { sum: number; count: number }>();
  const bySegment = new Map<string, Map<string, { sum: number; count: number }>>();
  for (const [accountId, raws] of rawValuesByAccount) {
    const segmentId = segmentOf(accountId);
    let seg: Map<string, { sum: number; count: number }> | undefined;
    if (segmentId != null) {
      seg = bySegment.get(segmentId);
      if (!seg) {
        seg = new Map();
        bySegment.set(segmentId, seg);
      }
    }
    for (const key of Object.keys(raws)) {
      const v = raws[key];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      add(all, key, v);
      if (seg) add(seg, key, v);
    }
  }
  // Null-prototype records: segment ids are free text and must not reach Object.prototype.
  const segments: Record<string, Record<string, BenchmarkStat>> = Object.create(null);
  for (const [id, stats] of bySegment) segments[id] = finish(stats);
  return { all: finish(all), segments };
}

function add(stats: Map<string, { sum: number; count: number }>, key: string, v: number): void {
  const s = stats.get(key);
  if (s) {
    s.sum += v;
    s.count++;
  } else stats.set(key, { sum: v, count: 1 });
}

function finish(stats: Map<string, { sum: number; count: number }>): Record<string, BenchmarkStat> {
  const out: Record<string, BenchmarkStat> = Object.create(null);
  for (const [key, s] of stats) out[key] = { mean: s.sum / s.count, count: s.count };
  return out;
}
