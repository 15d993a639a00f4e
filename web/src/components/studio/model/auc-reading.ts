/** Words for an AUC (`studioModel.backtest.aucReading.<key>`). */
export type AucReading = 'none' | 'inverted' | 'coin' | 'weak' | 'fair' | 'good' | 'strong';

/**
 * How to read an AUC in plain words: 0.5 is a coin flip, below it the score points the wrong way.
 * @example aucReading(0.52) // 'coin'
 */
export function aucReading(auc: number | null): AucReading {
  if (auc === null || !Number.isFinite(auc)) return 'none';
  if (auc < 0.45) return 'inverted';
  if (auc < 0.55) return 'coin';
  if (auc < 0.65) return 'weak';
  if (auc < 0.75) return 'fair';
  if (auc < 0.85) return 'good';
  return 'strong';
}

/** An AUC with two decimals, `—` when unknown. */
export function formatAuc(auc: number | null): string {
  return auc === null || !Number.isFinite(auc) ? '—' : auc.toFixed(2);
}
