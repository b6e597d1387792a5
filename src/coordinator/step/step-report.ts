// What a step produces: its scored rollout and, once trained, its report. These types are shared by
// the step's runner, its pipeline, its records and the coordinator's metrics, so they sit in a file
// of their own that imports none of them.
import type { NodeResult } from '../../algorithm/score-trees.js';
import type { TrainResult, TrainSample, WeightsDirectory } from '../clients/service-clients.js';
import type { ExpandedTree } from '../rollout/expanded-tree.js';
import type { DropReason } from '../rollout/tree-expander.js';
import type { NodeCounts, TurnStats } from './step-stats.js';

export interface StepCounters {
  readonly generateCallSeconds: number;
  readonly executeCallSeconds: number;
  readonly rollouts: number;
  readonly dropped: Readonly<Record<DropReason, number>>;
  readonly executionTimeouts: number;
  /** Completions refused because they came from another policy version (their groups were generated again). */
  readonly staleCompletions: number;
  /** The first error message per drop reason, for the step report. */
  readonly errors: readonly string[];
}

/** A step's trees, scored, and the samples to train on. */
export interface Rollout {
  readonly step: number;
  /** The weights version inference served while the trees grew (one version for every tree). */
  readonly sampledBy: number;
  readonly trees: readonly ExpandedTree[];
  readonly nodes: readonly NodeResult[];
  readonly samples: readonly TrainSample[];
  readonly turns: readonly TurnStats[];
  readonly nodeCounts: NodeCounts;
  readonly counters: StepCounters;
  /** Rollout: generation and execution overlapped; score: the algorithm module. */
  readonly seconds: { readonly rollout: number; readonly score: number };
}

export interface StepReport extends Rollout {
  /** The policy version after the step. */
  readonly policyVersion: number;
  /** The trainer's policy version before the step. */
  readonly trainerVersion: number;
  /** Trained samples per policy lag (trainerVersion − the version that sampled the sample). */
  readonly policyLag: Readonly<Record<string, number>>;
  readonly train: TrainResult;
  readonly weights: WeightsDirectory;
  /** Set when a checkpoint was saved after this step. */
  readonly checkpoint: WeightsDirectory | null;
  readonly seconds: StepSeconds;
  readonly rolloutsPerSecond: number;
}

export interface StepSeconds {
  readonly rollout: number;
  readonly score: number;
  readonly train: number;
  /** Exporting this step's weights plus the weight loads since the previous step (with maxPolicyLag 0: loading these weights). */
  readonly sync: number;
  readonly checkpoint: number;
  /** Wall time since the previous step finished (the first step of a process: since its rollout began). */
  readonly step: number;
  /** Time each service waited for the other during this step (inference: between its rollouts, less weight loads). */
  readonly idle: { readonly inference: number; readonly trainer: number };
}
