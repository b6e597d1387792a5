// pass@1 per dataset and iteration count: the share of problems whose final program passes the
// scored tests, per run, then mean ± sample standard deviation over the runs (as the paper reports).
import { mean, sampleStd } from '../algorithm/statistics.js';
import { passedAt, type ProblemRecord } from './problem-record.js';

export interface PassAt1 {
  readonly dataset: string;
  readonly iterations: number;
  /** Problems per run. */
  readonly problems: number;
  /** One pass@1 (0..1) per run, in run order. */
  readonly runs: readonly number[];
  readonly mean: number;
  readonly std: number;
}

function passRate(records: readonly ProblemRecord[], iterations: number): number {
  return records.length === 0 ? 0 : records.filter((r) => passedAt(r, iterations)).length / records.length;
}

/** Records of one dataset grouped by run, in run order. */
function byRun(records: readonly ProblemRecord[], runs: number): ProblemRecord[][] {
  const groups = Array.from({ length: runs }, (): ProblemRecord[] => []);
  for (const record of records) groups[record.run]?.push(record);
  return groups;
}

export function passAt1(dataset: string, records: readonly ProblemRecord[], iterations: number, runs: number): PassAt1 {
  const groups = byRun(records.filter((r) => r.dataset === dataset), runs);
  const rates = groups.map((group) => passRate(group, iterations));
  return { dataset, iterations, problems: groups[0]?.length ?? 0, runs: rates, mean: mean(rates), std: sampleStd(rates) };
}

/** Every (dataset, iteration count) pair, datasets in the given order, iterations ascending. */
export function passAt1Table(datasets: readonly string[], iterations: readonly number[], records: readonly ProblemRecord[], runs: number): PassAt1[] {
  return datasets.flatMap((dataset) => iterations.map((k) => passAt1(dataset, records, k, runs)));
}
