// What one step produced, per turn and over the trees: the figures behind the metrics, the
// metrics JSONL, the progress display and the MurphyRun status.
import type { NodeResult } from '../../algorithm/score-trees.js';
import { mean, populationStd } from '../../algorithm/statistics.js';
import { treeNodes, type ExpandedTree } from '../rollout/expanded-tree.js';

export interface TurnStats {
  readonly turn: number;
  readonly completions: number;
  /** Completions that passed every test. */
  readonly passed: number;
  readonly passRate: number;
  readonly meanReward: number;
}

export interface NodeCounts {
  readonly generated: number;
  readonly kept: number;
  readonly pruned: number;
}

export function turnStats(trees: readonly ExpandedTree[], turns: number): TurnStats[] {
  const counts = Array.from({ length: turns }, () => ({ completions: 0, passed: 0, rewardSum: 0 }));
  for (const tree of trees) {
    for (const node of treeNodes(tree)) {
      const entry = counts[node.turn - 1];
      if (entry === undefined) continue;
      entry.completions++;
      entry.rewardSum += node.score.reward;
      if (node.score.passed === node.score.total && node.score.total > 0) entry.passed++;
    }
  }
  return counts.map((c, i) => ({
    turn: i + 1,
    completions: c.completions,
    passed: c.passed,
    passRate: c.completions === 0 ? 0 : c.passed / c.completions,
    meanReward: c.completions === 0 ? 0 : c.rewardSum / c.completions,
  }));
}

export function nodeCounts(nodes: readonly NodeResult[]): NodeCounts {
  const kept = nodes.filter((n) => n.kept).length;
  return { generated: nodes.length, kept, pruned: nodes.length - kept };
}

/** Trained samples per policy lag: the trainer's version before the step minus the sampling version. */
export function lagCounts(samples: readonly { readonly policyVersion: number }[], trainerVersion: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sample of samples) {
    const lag = String(trainerVersion - sample.policyVersion);
    counts[lag] = (counts[lag] ?? 0) + 1;
  }
  return counts;
}

export interface Spread {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { mean: 0, std: 0, min: 0, max: 0 };
  return { mean: mean(values), std: populationStd(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Credit and advantage over the kept nodes (the samples trained on); pruned nodes have neither. */
export function creditStats(nodes: readonly NodeResult[]): { credit: Spread; advantage: Spread } {
  const kept = nodes.filter((n) => n.kept && n.credited !== null && n.advantage !== null);
  return { credit: spread(kept.map((n) => n.credited as number)), advantage: spread(kept.map((n) => n.advantage as number)) };
}
