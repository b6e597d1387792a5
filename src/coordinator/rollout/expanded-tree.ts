// A rollout tree as the coordinator grows it: every completion with the prompt it was sampled
// from, its execution score, and its children. The algorithm later sees only ids and rewards.
import type { Attempt } from '../../algorithm/feedback.js';
import type { ChatMessage } from '../../algorithm/prompts.js';
import type { TreeInput, NodeInput } from '../../algorithm/rollout-tree.js';
import type { Problem } from '../../datasets/problem.js';
import type { Completion } from '../clients/service-clients.js';
import type { ExecutionScore } from './execution-score.js';

export interface ExpandedNode {
  readonly id: string;
  readonly turn: number;
  readonly prompt: readonly ChatMessage[];
  /** Seed of the group the node was sampled in. */
  readonly seed: number;
  readonly completion: Completion;
  readonly code: string;
  readonly score: ExecutionScore;
  /** This attempt and those of its ancestors, oldest first: the history of its children's prompt. */
  readonly history: readonly Attempt[];
  /** Children in sampling order (index), without dropped ones. */
  children: ExpandedNode[];
}

export interface ExpandedTree {
  readonly id: string;
  readonly problem: Problem;
  /** The root group in sampling order, without dropped completions. */
  readonly rootGroup: ExpandedNode[];
}

export function toTreeInput(tree: ExpandedTree): TreeInput {
  const convert = (node: ExpandedNode): NodeInput => ({ id: node.id, reward: node.score.reward, children: node.children.map(convert) });
  return { id: tree.id, children: tree.rootGroup.map(convert) };
}

/** Every node of a tree, parents before children. */
export function* treeNodes(tree: ExpandedTree): Generator<ExpandedNode> {
  const stack = [...tree.rootGroup].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    yield node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as ExpandedNode);
  }
}
