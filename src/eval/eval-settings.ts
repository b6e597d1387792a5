// What one evaluation does: which datasets, how many Reflexion iterations, how many runs, and how
// the model samples. Defaults follow the paper's protocol (iterations {1, 3}, 3 runs, temperature
// 0.6, top-p 0.95, completions up to the model's maximum generation length; two visible tests drawn
// when a set has none of its own).
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
  /** Reflexion's self-reflection step after each failed attempt that gets another iteration. */
  readonly selfReflection: boolean;
}

/** Settings before the model is known: without maxNewTokens, the model's maximum generation length. */
export type RequestedEvalSettings = Omit<EvalSettings, 'sampling'> & {
  readonly sampling: Omit<SamplingSettings, 'maxNewTokens'> & { readonly maxNewTokens?: number };
};

export const EVAL_DEFAULTS = {
  iterations: [1, 3],
  runs: 3,
  sampling: { temperature: 0.6, topP: 0.95 },
  seed: 0,
  visibleTests: 2,
  timeoutSeconds: 10,
  concurrency: 8,
  selfReflection: false,
} as const;

/**
 * The settings with the completion cap filled in: the one asked for, else the model's maximum
 * generation length as the paper evaluates (App. D.3), which is its whole context as the inference
 * service reports it (Health's max_context_tokens); the service cuts each request to the room its
 * prompt leaves.
 */
export function withModelLimit(requested: RequestedEvalSettings, maxContextTokens: number): EvalSettings {
  const { sampling } = requested;
  return { ...requested, sampling: { ...sampling, maxNewTokens: sampling.maxNewTokens ?? maxContextTokens } };
}

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
