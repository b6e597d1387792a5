// The algorithm's view of a resolved MurphyRun spec.
import type { AlgorithmConfig } from '../algorithm/config.js';
import type { ResolvedSpec } from './resolve.js';

export function algorithmConfigOf(spec: ResolvedSpec): AlgorithmConfig {
  const { turns, maxReward, credit, pruning } = spec.algorithm;
  return { turns, maxReward, credit, pruning };
}
