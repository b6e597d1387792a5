// Small numeric helpers over reward lists. Population statistics rank groups (pruning);
// the sample standard deviation normalises advantages, as TRL does.

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? 0 : sum / values.length;
}

export function populationVariance(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const m = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - m) * (v - m);
  return sum / values.length;
}

export function populationStd(values: readonly number[]): number {
  return Math.sqrt(populationVariance(values));
}

export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  return Math.sqrt((populationVariance(values) * values.length) / (values.length - 1));
}
