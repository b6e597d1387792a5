// One on-policy step: grow every tree, score them with the algorithm module (prune, credit,
// advantages), train on the kept nodes, then export the new weights, publish them and load them
// into every inference replica. The next step starts only after that, and completions of any other
// version are refused and generated again (TreeExpander), so every sample is on-policy.
import type { AlgorithmConfig } from '../algorithm/config.js';
import { scoreTrees, type NodeResult } from '../algorithm/score-trees.js';
import { trainingSamples } from '../algorithm/training-samples.js';
import type { Problem } from '../datasets/problem.js';
import type { ReplicaLoads, ServiceClients, TrainResult, TrainSample, WeightsDirectory } from './clients.js';
import type { CoordinatorMetrics, Phase } from './coordinator-metrics.js';
import { toTreeInput, treeNodes, type ExpandedNode, type ExpandedTree } from './expanded-tree.js';
import { StepAccounting, type StepCounters } from './step-accounting.js';
import { nodeCounts, turnStats, type NodeCounts, type TurnStats } from './step-stats.js';
import type { PublishedPolicy } from './published-policy.js';
import type { ExpanderDeps, StepPolicy, TreeExpander } from './tree-expander.js';

/** A step fails instead of training when more than this fraction of its samples was dropped. */
export const MAX_DROPPED_FRACTION = 0.5;

export interface StepReport {
  readonly step: number;
  readonly policyVersion: number;
  readonly trees: readonly ExpandedTree[];
  readonly nodes: readonly NodeResult[];
  readonly samples: readonly TrainSample[];
  readonly turns: readonly TurnStats[];
  readonly nodeCounts: NodeCounts;
  readonly counters: StepCounters;
  readonly train: TrainResult;
  readonly weights: WeightsDirectory;
  /** Set when a checkpoint was saved after this step. */
  readonly checkpoint: WeightsDirectory | null;
  /** Wall time per phase of the step; rollout = generate and execute overlapped. */
  readonly seconds: StepSeconds;
  readonly rolloutsPerSecond: number;
}

export interface StepSeconds {
  readonly rollout: number;
  readonly score: number;
  readonly train: number;
  readonly sync: number;
  readonly checkpoint: number;
  readonly step: number;
}

/** What a step starts from. */
export interface StepStart {
  readonly step: number;
  readonly problems: readonly Problem[];
  /** The trainer's policy version before the step. */
  readonly policyVersion: number;
  /** Where that version's weights were exported, when they were (not before the first step). */
  readonly weights?: WeightsDirectory;
  /** Save a trainer checkpoint after the step. */
  readonly checkpoint: boolean;
}

export class StepError extends Error {}

export interface StepRunnerDeps {
  readonly clients: ServiceClients;
  readonly makeExpander: (events: ExpanderDeps['events'], policy: StepPolicy) => TreeExpander;
  readonly metrics: CoordinatorMetrics;
  /** Where new weights are announced to inference replicas that start later. */
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

/** Phase durations from the time marks: start, rollout, score, train, sync, checkpoint. */
function secondsOf(marks: readonly number[]): StepSeconds {
  const span = (i: number) => ((marks[i + 1] as number) - (marks[i] as number)) / 1000;
  const last = marks.length - 1;
  return { rollout: span(0), score: span(1), train: span(2), sync: span(3), checkpoint: span(4), step: ((marks[last] as number) - (marks[0] as number)) / 1000 };
}

export class StepRunner {
  constructor(private readonly deps: StepRunnerDeps) {}

  async run(start: StepStart): Promise<StepReport> {
    const { now, metrics } = this.deps;
    const { step } = start;
    const marks = [now()];
    const accounting = new StepAccounting(metrics, this.deps.onRollout);
    const expander = this.deps.makeExpander(accounting, this.stepPolicy(start));
    const trees = await Promise.all(start.problems.map((problem, i) => expander.expand(`s${step}.p${i}`, problem)));
    const counters = accounting.counters();
    checkDropped(counters, step);
    marks.push(now());
    const { nodes } = scoreTrees(trees.map(toTreeInput), this.deps.algorithm);
    const samples = samplesOf(trees, nodes);
    marks.push(now());
    metrics.phaseSeconds.observe({ phase: 'score' }, (marks[2]! - marks[1]!) / 1000);
    const train = await this.timed('train', () => this.deps.clients.trainer.train({ step, samples, policyVersion: start.policyVersion }));
    marks.push(now());
    const weights = await this.timed('sync', () => this.sync());
    marks.push(now());
    const checkpoint = start.checkpoint ? await this.timed('checkpoint', () => this.deps.clients.trainer.saveCheckpoint()) : null;
    marks.push(now());
    const stats = { turns: turnStats(trees, this.deps.algorithm.turns), nodeCounts: nodeCounts(nodes) };
    const seconds = secondsOf(marks);
    const rolloutsPerSecond = counters.rollouts / Math.max(seconds.step, 1e-9);
    return { step, policyVersion: weights.version, trees, nodes, samples, ...stats, counters, train, weights, checkpoint, seconds, rolloutsPerSecond };
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

  /** The step's version, and a resync that loads its weights into the replicas that serve another (one round at a time). */
  private stepPolicy(start: StepStart): StepPolicy {
    let round: Promise<void> | null = null;
    const resync = async () => {
      try {
        if (start.weights?.version === start.policyVersion) await this.loadEverywhere(start.weights);
        else await this.sync();
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

  private async timed<T>(phase: Phase, task: () => Promise<T>): Promise<T> {
    const start = this.deps.now();
    try {
      return await task();
    } catch (error) {
      this.deps.metrics.errors.inc({ kind: phase });
      throw error;
    } finally {
      this.deps.metrics.phaseSeconds.observe({ phase }, (this.deps.now() - start) / 1000);
    }
  }
}
