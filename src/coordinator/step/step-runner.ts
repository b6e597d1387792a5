// The work of one step, as operations the step pipeline (step-pipeline.ts) puts in order: grow
// every tree and score them with the algorithm module (prune, credit, advantages), train on the
// kept nodes, export the new weights, stage them in inference while it generates, publish them
// and load them into every inference replica, save a checkpoint. Completions of any other version than the rollout's are refused and generated
// again (TreeExpander), so every tree is sampled by the one policy the rollout started with.
import type { AlgorithmConfig } from '../../algorithm/config.js';
import { scoreTrees, type NodeResult } from '../../algorithm/score-trees.js';
import { trainingSamples } from '../../algorithm/training-samples.js';
import type { Problem } from '../../datasets/problem.js';
import type { ReplicaLoads, ServiceClients, TrainResult, TrainSample, WeightsDirectory } from '../clients/service-clients.js';
import type { CoordinatorMetrics, Phase } from './coordinator-metrics.js';
import { toTreeInput, treeNodes, type ExpandedNode, type ExpandedTree } from '../rollout/expanded-tree.js';
import { GenerationWatch } from '../rollout/generation-watch.js';
import { StepAccounting } from './step-accounting.js';
import type { Rollout, StepCounters } from './step-report.js';
import { nodeCounts, turnStats } from './step-stats.js';
import type { PublishedPolicy } from '../persistence/published-policy.js';
import type { ExpanderDeps, StepPolicy, TreeExpander } from '../rollout/tree-expander.js';

/** A step fails instead of training when more than this fraction of its samples was dropped. */
export const MAX_DROPPED_FRACTION = 0.5;

export interface RolloutInFlight {
  /** Resolves when the rollout will call Generate no more (see GenerationWatch). */
  readonly generated: Promise<void>;
  /** Rejects with a StepError when too many samples were dropped, or with the signal's reason. */
  readonly result: Promise<Rollout>;
}

export interface RolloutStart {
  readonly step: number;
  readonly problems: readonly Problem[];
  /** The version inference serves now: every completion of the rollout must come from it. */
  readonly policyVersion: number;
  /** Where that version's weights were exported, when they were (not for the model's own weights). */
  readonly weights?: WeightsDirectory;
  /** Aborting stops the rollout from starting new calls; its result then rejects. */
  readonly signal?: AbortSignal;
}

export class StepError extends Error {}

export interface StepRunnerDeps {
  readonly clients: ServiceClients;
  readonly makeExpander: (rollout: Pick<ExpanderDeps, 'events' | 'policy' | 'watch' | 'signal'>) => TreeExpander;
  readonly metrics: CoordinatorMetrics;
  /** Where the weights inference should serve are announced to replicas that start later. */
  readonly published?: PublishedPolicy;
  readonly algorithm: AlgorithmConfig;
  readonly now: () => number;
  readonly onRollout?: (node: ExpandedNode) => void;
}

function samplesOf(trees: readonly ExpandedTree[], nodes: readonly NodeResult[]): TrainSample[] {
  const byId = new Map<string, ExpandedNode>();
  for (const tree of trees) for (const node of treeNodes(tree)) byId.set(node.id, node);
  const nodeOf = (id: string): ExpandedNode => byId.get(id) as ExpandedNode;
  return trainingSamples(nodes, (id) => ({ prompt: nodeOf(id).prompt, completion: nodeOf(id).completion.text })).map((sample) => ({
    ...sample,
    promptTokenIds: nodeOf(sample.id).completion.promptTokenIds,
    completionTokenIds: nodeOf(sample.id).completion.tokenIds,
    completionLogprobs: nodeOf(sample.id).completion.logprobs,
    policyVersion: nodeOf(sample.id).completion.policyVersion,
  }));
}

function checkDropped(counters: StepCounters, step: number): void {
  const dropped = counters.dropped.generate + counters.dropped.execute + counters.dropped.stale;
  const attempted = dropped + counters.rollouts;
  if (attempted === 0 || dropped / attempted > MAX_DROPPED_FRACTION) {
    const detail = counters.errors.length > 0 ? `: ${counters.errors.slice(0, 3).join('; ')}` : '';
    throw new StepError(
      `step ${step}: ${dropped} of ${attempted} samples could not be generated or executed${detail}; check that the inference and executor services are healthy`,
    );
  }
}

export class StepRunner {
  constructor(private readonly deps: StepRunnerDeps) {}

  startRollout(start: RolloutStart): RolloutInFlight {
    const watch = new GenerationWatch();
    const accounting = new StepAccounting(this.deps.metrics, this.deps.onRollout);
    const policy = this.rolloutPolicy(start);
    const expander = this.deps.makeExpander({ events: accounting, policy, watch, ...(start.signal ? { signal: start.signal } : {}) });
    const began = this.deps.now();
    const growing = Promise.all(start.problems.map((problem, i) => expander.expand(`s${start.step}.p${i}`, problem)));
    watch.seal();
    const result = growing.then((trees) => {
      start.signal?.throwIfAborted();
      return this.scored(start, trees, accounting.counters(), began);
    });
    // `generated` settles even when the rollout fails, so whoever waits on it is never stuck.
    return { generated: Promise.race([watch.done, result.then(() => undefined, () => undefined)]), result };
  }

  private scored(start: RolloutStart, trees: ExpandedTree[], counters: StepCounters, began: number): Rollout {
    const { now, metrics, algorithm } = this.deps;
    checkDropped(counters, start.step);
    const grown = now();
    const { nodes } = scoreTrees(trees.map(toTreeInput), algorithm);
    const samples = samplesOf(trees, nodes);
    const score = (now() - grown) / 1000;
    metrics.phaseSeconds.observe({ phase: 'score' }, score);
    const stats = { turns: turnStats(trees, algorithm.turns), nodeCounts: nodeCounts(nodes) };
    return { step: start.step, sampledBy: start.policyVersion, trees, nodes, samples, ...stats, counters, seconds: { rollout: (grown - began) / 1000, score } };
  }

  /** Trains on the rollout's samples; `totalSteps`: the run's length, for the learning-rate schedule. */
  train(rollout: Rollout, trainerVersion: number, totalSteps: number): Promise<TrainResult> {
    return this.timed('train', () => this.deps.clients.trainer.train({ step: rollout.step, samples: rollout.samples, policyVersion: trainerVersion, totalSteps }));
  }

  /** Writes the trainer's current weights where inference can load them (counted as sync). */
  exportWeights(): Promise<WeightsDirectory> {
    return this.counted('sync', () => this.deps.clients.trainer.exportWeights());
  }

  /** Publishes `weights` and makes every inference replica serve them (a failure counted as sync). */
  async loadWeights(weights: WeightsDirectory): Promise<void> {
    await this.counted('sync', async () => {
      await this.deps.published?.publish(weights);
      await this.loadEverywhere(weights);
    });
  }

  /** Has inference read `weights` beside the served ones while it keeps generating (failures counted as stage errors). */
  async stageWeights(weights: WeightsDirectory): Promise<void> {
    const failures = await this.deps.clients.inference.stageWeights(weights);
    if (failures.length > 0) this.deps.metrics.errors.inc({ kind: 'stage' }, failures.length);
  }

  checkpoint(): Promise<WeightsDirectory> {
    return this.timed('checkpoint', () => this.deps.clients.trainer.saveCheckpoint());
  }

  /** Makes every inference replica serve the trainer's current weights, and publishes them for replicas that start later. */
  async sync(): Promise<WeightsDirectory> {
    const weights = await this.deps.clients.trainer.exportWeights();
    await this.deps.published?.publish(weights);
    await this.loadEverywhere(weights);
    return weights;
  }

  private async loadEverywhere(weights: WeightsDirectory): Promise<ReplicaLoads> {
    const loads = await this.deps.clients.inference.loadWeights(weights);
    const { weightLoads, errors } = this.deps.metrics;
    weightLoads.inc({ result: 'loaded' }, loads.loaded);
    weightLoads.inc({ result: 'current' }, loads.replicas - loads.loaded - loads.failures.length);
    weightLoads.inc({ result: 'failed' }, loads.failures.length);
    if (loads.failures.length > 0) errors.inc({ kind: 'load_weights' }, loads.failures.length);
    return loads;
  }

  /**
   * The rollout's version, and a resync that loads its weights into the replicas that serve another
   * (one round at a time). Without an export of that version (the model's own weights), only an
   * export of the trainer at that very version can stand in: anything newer would mix policies.
   */
  private rolloutPolicy(start: RolloutStart): StepPolicy {
    let round: Promise<void> | null = null;
    const resync = async () => {
      try {
        if (start.weights?.version === start.policyVersion) return void (await this.loadEverywhere(start.weights));
        const weights = await this.deps.clients.trainer.exportWeights();
        if (weights.version !== start.policyVersion) throw new Error(`the trainer is at version ${weights.version}, the rollout's is ${start.policyVersion}`);
        await this.deps.published?.publish(weights);
        await this.loadEverywhere(weights);
      } catch {
        // No replica could load: the refused groups are tried again, and dropped (counted) if still stale.
        this.deps.metrics.errors.inc({ kind: 'sync' });
      }
    };
    return {
      version: start.policyVersion,
      resync: () => (round ??= resync().finally(() => (round = null))),
    };
  }

  /** Runs a task and counts its failure as an error of `phase`. */
  private async counted<T>(phase: Phase, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      this.deps.metrics.errors.inc({ kind: phase });
      throw error;
    }
  }

  private async timed<T>(phase: Phase, task: () => Promise<T>): Promise<T> {
    const start = this.deps.now();
    try {
      return await this.counted(phase, task);
    } finally {
      this.deps.metrics.phaseSeconds.observe({ phase }, (this.deps.now() - start) / 1000);
    }
  }
}
