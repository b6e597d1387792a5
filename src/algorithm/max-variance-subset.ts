// IntraP keeps the members of a group whose rewards have the largest population variance.
// The max-variance subset of size b is always the i largest plus the b−i smallest values for some
// i (Xu et al., arXiv 2504.13818), so trying every i finds it in O(n log n) instead of C(n, b).

/**
 * Indices sorted by reward, descending, earlier index first among equals.
 * Insertion sort: groups are small (G is 8 in the paper), and this runs once per group.
 */
function rankedIndices(rewards: readonly number[]): number[] {
  const order: number[] = [];
  for (let i = 0; i < rewards.length; i++) {
    const value = rewards[i] as number;
    let j = order.length;
    while (j > 0 && value > (rewards[order[j - 1] as number] as number)) j--;
    order.splice(j, 0, i);
  }
  return order;
}

/** How many of the b members come from the top of `sorted` (descending) in the best subset. */
function bestSplit(sorted: readonly number[], budget: number): number {
  const n = sorted.length;
  // Running sums: top = sorted[0..i), bottom = sorted[n-(b-i)..n); moving i up moves one value
  // from the bottom window out and one into the top.
  let topSum = 0, topSquares = 0, bottomSum = 0, bottomSquares = 0;
  for (let k = n - budget; k < n; k++) {
    const v = sorted[k] as number;
    bottomSum += v;
    bottomSquares += v * v;
  }
  let best = 0;
  let bestVariance = -Infinity;
  for (let largest = 0; largest <= budget; largest++) {
    const m = (topSum + bottomSum) / budget;
    const variance = (topSquares + bottomSquares) / budget - m * m;
    if (variance > bestVariance + 1e-12) {
      bestVariance = variance;
      best = largest;
    }
    const into = sorted[largest] as number;
    const out = sorted[n - budget + largest] as number;
    topSum += into; topSquares += into * into;
    bottomSum -= out; bottomSquares -= out * out;
  }
  return best;
}

/**
 * Indices (into `rewards`) of a size-`budget` subset with maximal population variance, ascending.
 * Ties are broken by generation order: among equal rewards the earlier one is kept, and among
 * equally good splits the one with fewer "largest" members wins.
 */
export function maxVarianceSubset(rewards: readonly number[], budget: number): number[] {
  const n = rewards.length;
  if (budget >= n) return rewards.map((_, i) => i);
  if (budget <= 0) return [];
  const order = rankedIndices(rewards);
  const largest = bestSplit(order.map((i) => rewards[i] as number), budget);
  return chooseEarliest(order, rewards, largest, budget - largest);
}

/**
 * The `largest` first entries of `order` plus the `smallest` smallest rewards, where equal rewards
 * are interchangeable for the variance, so the earliest generated ones are taken. In `order`
 * (descending, earlier index first among equals) those are at the front of the run of equal values
 * at the bottom boundary, after whatever the top already took from that run.
 */
function chooseEarliest(order: readonly number[], rewards: readonly number[], largest: number, smallest: number): number[] {
  const n = order.length;
  const chosen = new Array<boolean>(n).fill(false);
  for (let k = 0; k < largest; k++) chosen[order[k] as number] = true;
  if (smallest > 0) {
    const boundary = rewards[order[n - smallest] as number] as number;
    let runStart = n - smallest;
    while (runStart > 0 && rewards[order[runStart - 1] as number] === boundary) runStart--;
    let runEnd = n - smallest;
    while (runEnd < n && rewards[order[runEnd] as number] === boundary) runEnd++;
    const fromRun = smallest - (n - runEnd);
    const first = Math.max(runStart, largest);
    for (let k = first; k < first + fromRun; k++) chosen[order[k] as number] = true;
    for (let k = runEnd; k < n; k++) chosen[order[k] as number] = true;
  }
  const result: number[] = [];
  for (let i = 0; i < n; i++) if (chosen[i]) result.push(i);
  return result;
}
