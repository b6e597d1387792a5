// The JSONL records a step leaves behind: one summary line in metrics.jsonl, and its trees (a
// sample of them, in full: every completion with its score, credit, advantage and whether it was
// kept) in trees.jsonl, for inspection and replay (every group records its sampling seed).
import type { NodeResult } from '../algorithm/score-trees.js';
import { treeNodes, type ExpandedTree } from './expanded-tree.js';
import type { StepReport } from './step-runner.js';

export function stepRecord(report: StepReport, totalSteps: number, time: Date): Record<string, unknown> {
  const { step, policyVersion, sampledBy, policyLag, turns, nodeCounts, counters, train, seconds, rolloutsPerSecond } = report;
  return {
    time: time.toISOString(),
    step,
    totalSteps,
    policyVersion,
    sampledBy,
    policyLag,
    passRates: turns.map((t) => t.passRate),
    meanRewards: turns.map((t) => t.meanReward),
    completions: turns.map((t) => t.completions),
    nodes: nodeCounts,
    samples: report.samples.length,
    rollouts: counters.rollouts,
    rolloutsPerSecond,
    dropped: counters.dropped,
    executionTimeouts: counters.executionTimeouts,
    staleCompletions: counters.staleCompletions,
    errors: counters.errors,
    seconds: { ...seconds, generateCalls: counters.generateCallSeconds, executeCalls: counters.executeCallSeconds },
    train: train.metrics,
    checkpoint: report.checkpoint,
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

/** The first `limit` trees of a step as records. */
export function treeRecords(report: StepReport, limit: number): Record<string, unknown>[] {
  const results = new Map(report.nodes.map((n) => [n.id, n]));
  return report.trees.slice(0, limit).map((tree) => treeRecord(tree, report, results));
}
