/**
 * Why the studio declines to backtest or calibrate: too few renewals with a known outcome, or only one
 * outcome among them (nothing to contrast). The API answers 422 with {@link refusalMessage}.
 * @example STUDIO_REFUSALS.TOO_FEW_OUTCOMES // 'TOO_FEW_OUTCOMES'
 */
export const STUDIO_REFUSALS = {
  /** Fewer decided renewals than `minOutcomes`. */
  TOO_FEW_OUTCOMES: 'TOO_FEW_OUTCOMES',
  /** All renewed or all churned: no contrast to measure or fit. */
  SINGLE_OUTCOME: 'SINGLE_OUTCOME',
  /** Calibration only: no measure has data that rises with renewal, so every fitted weight is 0. */
  NO_SIGNAL: 'NO_SIGNAL',
} as const;

/**
 * One of {@link STUDIO_REFUSALS}.
 * @example const reason: StudioRefusalReason = 'SINGLE_OUTCOME';
 */
export type StudioRefusalReason = keyof typeof STUDIO_REFUSALS;

/**
 * A refusal: `renewals` decided renewals were given, `renewed` of them renewed, `minOutcomes` were required.
 * @example const r: StudioRefusal = { ok: false, reason: 'TOO_FEW_OUTCOMES', renewals: 12, renewed: 9, minOutcomes: 30 };
 */
export interface StudioRefusal {
  ok: false;
  reason: StudioRefusalReason;
  /** Decided renewals given (rows), ≥ 0. */
  renewals: number;
  /** Of `renewals`, how many renewed. */
  renewed: number;
  /** The minimum number of decided renewals required, ≥ 1. */
  minOutcomes: number;
}

/** Default minimum of decided renewals before the studio answers. */
export const DEFAULT_MIN_OUTCOMES = 30;

/**
 * The refusal for a set of outcomes, or null when there are at least `minOutcomes` of them and both
 * renewals and churns among them. `minOutcomes` is an integer ≥ 1 (else RangeError).
 * @example checkOutcomes([true, true, false], 30) // { ok: false, reason: 'TOO_FEW_OUTCOMES', renewals: 3, renewed: 2, minOutcomes: 30 }
 */
export function checkOutcomes(
  renewed: readonly boolean[],
  minOutcomes: number = DEFAULT_MIN_OUTCOMES,
): StudioRefusal | null {
  if (!Number.isInteger(minOutcomes) || minOutcomes < 1) {
    throw new RangeError(`minOutcomes must be an integer ≥ 1, got ${minOutcomes}`);
  }
  const renewals = renewed.length;
  let yes = 0;
  for (const r of renewed) if (r) yes++;
  const refusal = (reason: StudioRefusalReason): StudioRefusal => ({
    ok: false,
    reason,
    renewals,
    renewed: yes,
    minOutcomes,
  });
  if (renewals < minOutcomes) return refusal('TOO_FEW_OUTCOMES');
  if (yes === 0 || yes === renewals) return refusal('SINGLE_OUTCOME');
  return null;
}

/**
 * A sentence for the 422 answer and the studio page, in English (the SPA may translate by `reason`).
 * @example refusalMessage({ ok: false, reason: 'TOO_FEW_OUTCOMES', renewals: 12, renewed: 9, minOutcomes: 30 }) // 'Only 12 renewals with a known outcome; at least 30 are needed.'
 */
export function refusalMessage(r: StudioRefusal): string {
  switch (r.reason) {
    case 'TOO_FEW_OUTCOMES':
      return `Only ${r.renewals} renewals with a known outcome; at least ${r.minOutcomes} are needed.`;
    case 'SINGLE_OUTCOME':
      return r.renewed === 0
        ? `All ${r.renewals} renewals churned: both renewals and churns are needed to compare.`
        : `All ${r.renewals} renewals renewed: both renewals and churns are needed to compare.`;
    case 'NO_SIGNAL':
      return 'No measure rises with renewal on these outcomes, so no weights can be proposed.';
  }
}
