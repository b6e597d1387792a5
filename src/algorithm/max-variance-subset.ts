// IntraP keeps the members of a group whose rewards have the largest population variance.
// The max-variance subset of size b is always the i largest plus the b−i smallest values for some
// i (Xu et al., arXiv 2504.13818), so trying every i finds it in O(n log n) instead of C(n, b).

/**
 * Indices (into `rewards`) of a size-`budget` subset with maximal population variance.
 * Ties are broken by position: among equal rewards the earlier one ranks first, and among equally
 * good splits the one with fewer "largest" members wins.
 */
export function maxVarianceSubset(rewards: readonly number[], budget: number): number[] {
  const n = rewards.length;
  if (budget >= n) return rewards.map((_, i) => i);
  if (budget <= 0) return [];
  const byRewardDesc = rewards.map((_, i) => i).sort((a, b) => (rewards[b] as number) - (rewards[a] as number) || a - b);
  const sorted = byRewardDesc.map((i) => rewards[i] as number);
  // Prefix sums of values and squares make each candidate's variance O(1).
  const sum = [0];
  const squares = [0];
  sorted.forEach((v, k) => {
    sum.push((sum[k] as number) + v);
    squares.push((squares[k] as number) + v * v);
  });
  const rangeTotals = (from: number, to: number) => [(sum[to] as number) - (sum[from] as number), (squares[to] as number) - (squares[from] as number)] as const;
  let bestLargest = 0;
  let bestVariance = -Infinity;
  for (let largest = 0; largest <= budget; largest++) {
    const [topSum, topSquares] = rangeTotals(0, largest);
    const [bottomSum, bottomSquares] = rangeTotals(n - (budget - largest), n);
    const m = (topSum + bottomSum) / budget;
    const variance = (topSquares + bottomSquares) / budget - m * m;
    if (variance > bestVariance + 1e-12) {
      bestVariance = variance;
      bestLargest = largest;
    }
  }
  // Equal rewards are interchangeable for the variance: pick the earliest generated ones.
  const chosen = new Set(byRewardDesc.slice(0, bestLargest));
  const byRewardAsc = rewards.map((_, i) => i).sort((a, b) => (rewards[a] as number) - (rewards[b] as number) || a - b);
  for (const i of byRewardAsc) {
    if (chosen.size === budget) break;
    chosen.add(i);
  }
  return [...chosen].sort((a, b) => a - b);
}
