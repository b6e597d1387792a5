// The JSONL records a step leaves behind: one summary line in metrics.jsonl, and its trees (a
// sample of them, in full: every completion with its score, credit, advantage and whether it was
// kept) in trees.jsonl, for inspection and replay (every group records its sampling seed).
import type { NodeResult } from '../../algorithm/score-trees.js';
import { treeNodes, type ExpandedTree } from '../rollout/expanded-tree.js';
import type { Rollout, StepReport } from './step-report.js';
import { creditStats, lagCounts } from './step-stats.js';

export function stepRecord(report: StepReport, totalSteps: number, time: Date): Record<string, unknown> {
  const { step, policyVersion, counters, train, seconds, rolloutsPerSecond } = report;
  return {
    time: time.toISOString(),
    step,
    totalSteps,
    policyVersion,
    ...rolloutFields(report, report.policyLag),
    rolloutsPerSecond,
    seconds: { ...seconds, generateCalls: counters.generateCallSeconds, executeCalls: counters.executeCallSeconds },
    train: train.metrics,
    checkpoint: report.checkpoint,
  };
}

/**
 * The record of a step whose rollout went to the trainer (at `trainerVersion`) but whose coordinator
 * stopped before it recorded the step (see pending-step.ts): what the rollout decided; the trainer's
 * figures, the export and the checkpoint are not known, and `recovered` says so.
 */
export function recoveredStepRecord(rollout: Rollout, trainerVersion: number, totalSteps: number, time: Date): Record<string, unknown> {
  const { step, counters, seconds } = rollout;
  return {
    time: time.toISOString(),
    step,
    totalSteps,
    policyVersion: trainerVersion + 1,
    ...rolloutFields(rollout, lagCounts(rollout.samples, trainerVersion)),
    seconds: { ...seconds, generateCalls: counters.generateCallSeconds, executeCalls: counters.executeCallSeconds },
    train: {},
    checkpoint: null,
    recovered: 'trained before its coordinator stopped; the training figures and timings after the rollout were not recorded',
  };
}

/** The part of a step's record that its rollout decides. */
function rolloutFields(rollout: Rollout, policyLag: Readonly<Record<string, number>>): Record<string, unknown> {
  const { sampledBy, turns, nodeCounts, counters } = rollout;
  return {
    sampledBy,
    policyLag,
    passRates: turns.map((t) => t.passRate),
    meanRewards: turns.map((t) => t.meanReward),
    completions: turns.map((t) => t.completions),
    nodes: nodeCounts,
    ...creditStats(rollout.nodes),
    samples: rollout.samples.length,
    rollouts: counters.rollouts,
    dropped: counters.dropped,
    executionTimeouts: counters.executionTimeouts,
    staleCompletions: counters.staleCompletions,
    errors: counters.errors,
  };
}

/** The step a tree was grown for, and the trainer's version when the step trained (for each node's lag). */
export interface TreeStep {
  readonly step: number;
  readonly trainerVersion: number;
}

export function treeRecord(tree: ExpandedTree, at: TreeStep, results: ReadonlyMap<string, NodeResult>): Record<string, unknown> {
  const groups: Record<string, { seed: number; prompt: unknown }> = {};
  const nodes = [];
  for (const node of treeNodes(tree)) {
    const parent = node.id.slice(0, node.id.lastIndexOf('.'));
    groups[parent] ??= { seed: node.seed, prompt: node.prompt };
    const result = results.get(node.id);
    nodes.push({
      id: node.id,
      parent: node.turn === 1 ? null : parent,
      turn: node.turn,
      reward: node.score.reward,
      passed: node.score.passed,
      total: node.score.total,
      credited: result?.credited ?? null,
      advantage: result?.advantage ?? null,
      kept: result?.kept ?? false,
      policyVersion: node.completion.policyVersion,
      policyLag: at.trainerVersion - node.completion.policyVersion,
      finishReason: node.completion.finishReason,
      completionTokens: node.completion.tokenIds.length,
      completion: node.completion.text,
      code: node.code,
      feedback: node.score.feedback,
    });
  }
  return { step: at.step, tree: tree.id, problem: tree.problem.id, groups, nodes };
}

/** The first `limit` trees of a step (a rollout and the trainer version that trains it) as records. */
export function treeRecords(trained: Rollout & TreeStep, limit: number): Record<string, unknown>[] {
  const results = new Map(trained.nodes.map((n) => [n.id, n]));
  return trained.trees.slice(0, limit).map((tree) => treeRecord(tree, trained, results));
}
