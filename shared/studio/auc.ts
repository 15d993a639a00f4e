/**
 * ROC AUC of a score against a yes/no outcome, as the Mann–Whitney statistic: the probability that a random
 * positive (e.g. a renewal) scores higher than a random negative (a churn), a tie counting ½. 1 = the score
 * ranks every positive above every negative, 0.5 = no better than chance, 0 = perfectly reversed. Scores are
 * any finite numbers (only their order matters); `positives[i]` is the outcome of `scores[i]`. Null when
 * either class is empty. O(n log n): mid-ranks of the sorted scores, not a loop over all pairs.
 * @example auc([80, 70, 70, 60], [true, true, false, false]) // 0.875 (3 wins + 1 tie of 4 pairs)
 */
export function auc(scores: readonly number[], positives: readonly boolean[]): number | null {
  const n = scores.length;
  if (positives.length !== n) {
    throw new RangeError(`auc: ${n} scores but ${positives.length} outcomes`);
  }
  let nPos = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(scores[i]))
      throw new RangeError(`auc: score ${i} is ${scores[i]}, not a finite number`);
    if (positives[i]) nPos++;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  // Sum of the (1-based, mid-ranked for ties) ranks of the positives.
  let rankSum = 0;
  for (let start = 0; start < n; ) {
    const value = scores[order[start]!]!;
    let end = start + 1;
    while (end < n && scores[order[end]!]! === value) end++;
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (positives[order[k]!]) rankSum += midRank;
    start = end;
  }
  const wins = rankSum - (nPos * (nPos + 1)) / 2;
  return wins / (nPos * nNeg);
}
