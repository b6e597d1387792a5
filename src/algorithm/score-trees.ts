// The MURPHY pass over finished rollout trees: for s = S..1, prune the groups at turn s, then
// credit the nodes at turn s−1 from their kept children; finally normalise every kept group.
import { assignAdvantages } from './advantages.js';
import type { AlgorithmConfig } from './config.js';
import { creditNode } from './credit.js';
import { pruneTurn } from './pruning.js';
import { buildTree, type RolloutTree, type TreeInput } from './rollout-tree.js';

export interface NodeResult {
  readonly id: string;
  readonly treeId: string;
  /** The group the node was sampled in: its parent's id, or the tree's id for the root group. */
  readonly groupId: string;
  readonly turn: number;
  readonly reward: number;
  /** Null when the node was pruned. */
  readonly credited: number | null;
  readonly advantage: number | null;
  readonly kept: boolean;
}

export interface ScoredTrees {
  /** Kept nodes: the number of training samples (gradient updates) of the batch. */
  readonly updates: number;
  readonly nodes: NodeResult[];
}

/** Runs pruning, credit and advantages on one tree in place. */
export function scoreTree(tree: RolloutTree, config: AlgorithmConfig): void {
  if (tree.levels.length > config.turns) {
    throw new RangeError(`tree ${tree.id} has ${tree.levels.length} turns but the configuration allows ${config.turns}`);
  }
  for (let turn = config.turns; turn >= 1; turn--) {
    pruneTurn(tree, turn, config);
    for (const node of tree.levels[turn - 2] ?? []) {
      if (node.kept) creditNode(node, config);
    }
  }
  assignAdvantages(tree);
}

/** Appends one result per node of the tree, in generation order, to `out`. */
export function nodeResults(tree: RolloutTree, out: NodeResult[] = []): NodeResult[] {
  for (const level of tree.levels) {
    for (const node of level) {
      out.push({
        id: node.id,
        treeId: tree.id,
        groupId: node.parent ? node.parent.id : tree.id,
        turn: node.turn,
        reward: node.reward,
        credited: node.kept ? node.credited : null,
        advantage: node.kept ? node.advantage : null,
        kept: node.kept,
      });
    }
  }
  return out;
}

export function scoreTrees(inputs: readonly TreeInput[], config: AlgorithmConfig): ScoredTrees {
  const nodes: NodeResult[] = [];
  for (const input of inputs) {
    const tree = buildTree(input);
    scoreTree(tree, config);
    nodeResults(tree, nodes);
  }
  let updates = 0;
  for (const node of nodes) if (node.kept) updates++;
  return { updates, nodes };
}
