// Expansion candidates (seed 001 "扩展 MRR"; seed 002: active accounts buy more seats): healthy accounts
// that use nearly every seat they bought, or use modules they have not bought.

/** Tiers healthy enough to be offered more by default. */
export const DEFAULT_HEALTHY_TIERS: readonly string[] = ['green', 'green-yellow'];
/** Seat utilisation (0..1, inclusive) from which an account is out of room by default. */
export const DEFAULT_SEAT_THRESHOLD = 0.9;

/** What `expansionCandidates` reads of an account. */
export interface ExpansionAccount {
  accountId: number;
  externalId: string;
  name: string;
  /** Current tier key, or null when not scored (never a candidate). */
  tier: string | null;
  /** Current ARR, minor units. */
  arrMinor: number;
  /** Seats bought; null when unknown (no seats reason). */
  seats: number | null;
  /** Users active recently. */
  activeUsers: number;
  /** Module keys the account's users use. */
  usedModules: readonly string[];
  /** Module keys it bought; null when unknown (no modules reason). */
  boughtModules: readonly string[] | null;
}

/** One candidate, as `GET /api/metrics/expansion-candidates` lists it. */
export interface ExpansionCandidate {
  accountExternalId: string;
  name: string;
  tier: string;
  /** Minor units, rounded. */
  arrMinor: number;
  seats: number | null;
  activeUsers: number;
  /** `activeUsers / seats` (may exceed 1); null when seats are unknown or 0. */
  seatUtilization: number | null;
  /** Used but not bought, sorted, each once. */
  unboughtModules: string[];
  reasons: ('seats' | 'modules')[];
}

/** How `expansionCandidates` judges an account; every field optional. */
export interface ExpansionOptions {
  /** Tier keys that may be candidates; default {@link DEFAULT_HEALTHY_TIERS}. */
  healthyTiers?: readonly string[];
  /** Seat utilisation 0..1 from which `seats` is a reason; default {@link DEFAULT_SEAT_THRESHOLD}. */
  seatThreshold?: number;
}

/**
 * Healthy accounts with room to buy more, largest ARR first (ties by name, then external id). Reasons:
 * `seats` when seat utilisation ≥ the threshold (seats known and > 0), `modules` when a used module was
 * not bought (unknown bought modules give no modules reason). An account with no reason is not listed.
 * @example expansionCandidates([{ accountId: 1, externalId: 'acme', name: 'Acme', tier: 'green', arrMinor: 1_200_000, seats: 10, activeUsers: 9, usedModules: ['reports'], boughtModules: ['reports'] }])[0].reasons // ['seats']
 */
export function expansionCandidates(
  accounts: readonly ExpansionAccount[],
  options: ExpansionOptions = {},
): ExpansionCandidate[] {
  const healthy = new Set(options.healthyTiers ?? DEFAULT_HEALTHY_TIERS);
  const threshold = options.seatThreshold ?? DEFAULT_SEAT_THRESHOLD;
  const out: ExpansionCandidate[] = [];
  for (const a of accounts) {
    if (a.tier === null || !healthy.has(a.tier)) continue;
    const seatUtilization = a.seats !== null && a.seats > 0 ? a.activeUsers / a.seats : null;
    const bought = a.boughtModules === null ? null : new Set(a.boughtModules);
    const unboughtModules = bought ? [...new Set(a.usedModules.filter((m) => !bought.has(m)))].sort() : [];
    const reasons: ExpansionCandidate['reasons'] = [];
    if (seatUtilization !== null && seatUtilization >= threshold) reasons.push('seats');
    if (unboughtModules.length > 0) reasons.push('modules');
    if (reasons.length === 0) continue;
    out.push({
      accountExternalId: a.externalId,
      name: a.name,
      tier: a.tier,
      arrMinor: Math.round(a.arrMinor),
      seats: a.seats,
      activeUsers: a.activeUsers,
      seatUtilization,
      unboughtModules,
      reasons,
    });
  }
  return out.sort(
    (x, y) =>
      y.arrMinor - x.arrMinor ||
      (x.name < y.name ? -1 : x.name > y.name ? 1 : 0) ||
      (x.accountExternalId < y.accountExternalId ? -1 : x.accountExternalId > y.accountExternalId ? 1 : 0),
  );
}
