// What one evaluation does: which datasets, how many Reflexion iterations, how many runs, and how
// the model samples. Defaults follow the paper's protocol (iterations {1, 3}, 3 runs, temperature
// 0.6, top-p 0.95; two visible tests drawn when a set has none of its own).
import type { DatasetSpec } from '../datasets/load-dataset.js';

export interface SamplingSettings {
  readonly temperature: number;
  readonly topP: number;
  readonly maxNewTokens: number;
}

export interface EvalDataset {
  /** The name in tables and records: "builtin:mini" or the file name without extensions. */
  readonly name: string;
  readonly spec: DatasetSpec;
}

export interface EvalSettings {
  readonly datasets: readonly EvalDataset[];
  /** Sorted, distinct, each >= 1: pass@1 is reported after each of these iteration counts. */
  readonly iterations: readonly number[];
  readonly runs: number;
  readonly sampling: SamplingSettings;
  /** Base of every sampling seed (and of the visible-test draw, through each dataset's spec.seed). */
  readonly seed: number;
  /** Wall-clock limit per test, in seconds. */
  readonly timeoutSeconds: number;
  /** Problems worked on at once (each holds at most one inference or executor call at a time). */
  readonly concurrency: number;
}

export const EVAL_DEFAULTS = {
  iterations: [1, 3],
  runs: 3,
  sampling: { temperature: 0.6, topP: 0.95, maxNewTokens: 2048 },
  seed: 0,
  visibleTests: 2,
  timeoutSeconds: 10,
  concurrency: 8,
} as const;

/** The largest iteration count: the Reflexion loop runs up to it once and is read at every count. */
export function maxIterations(settings: Pick<EvalSettings, 'iterations'>): number {
  return Math.max(...settings.iterations);
}

/** A dataset's display name: builtin names as they are, files by their base name without extensions. */
export function datasetName(source: string): string {
  if (source.startsWith('builtin:')) return source;
  const base = source.split(/[\\/]/).pop() ?? source;
  return base.replace(/\.gz$/, '').replace(/\.jsonl?$/, '') || base;
}
