// Group-relative advantages, as GRPO: each kept group is normalised on its own.
import type { RolloutNode, RolloutTree } from './rollout-tree.js';
import { mean, sampleStd } from './statistics.js';

/** TRL's epsilon in the denominator, so that a group of equal rewards gets zero advantages. */
export const ADVANTAGE_EPSILON = 1e-4;

export function groupAdvantages(rewards: readonly number[]): number[] {
  if (rewards.length < 2) return rewards.map(() => 0);
  const m = mean(rewards);
  const denominator = sampleStd(rewards) + ADVANTAGE_EPSILON;
  return rewards.map((r) => (r - m) / denominator);
}

/** Normalises the kept members of one group in place (the hot path: no intermediate arrays). */
function normaliseGroup(members: readonly RolloutNode[]): void {
  let count = 0;
  let sum = 0;
  for (const m of members) if (m.kept) { count++; sum += m.credited; }
  if (count === 0) return;
  const m = sum / count;
  let squares = 0;
  for (const n of members) if (n.kept) squares += (n.credited - m) * (n.credited - m);
  const denominator = count < 2 ? Infinity : Math.sqrt(squares / (count - 1)) + ADVANTAGE_EPSILON;
  for (const n of members) if (n.kept) n.advantage = count < 2 ? 0 : (n.credited - m) / denominator;
}

/** Writes the advantage of every kept node of the tree. */
export function assignAdvantages(tree: RolloutTree): void {
  normaliseGroup(tree.rootGroup);
  for (const level of tree.levels) {
    for (const node of level) if (node.kept && node.children.length > 0) normaliseGroup(node.children);
  }
}
