// Group-relative advantages, as GRPO: each kept group is normalised on its own.
import { groupsAtTurn, type RolloutTree } from './rollout-tree.js';
import { mean, sampleStd } from './statistics.js';

/** TRL's epsilon in the denominator, so that a group of equal rewards gets zero advantages. */
export const ADVANTAGE_EPSILON = 1e-4;

export function groupAdvantages(rewards: readonly number[]): number[] {
  if (rewards.length < 2) return rewards.map(() => 0);
  const m = mean(rewards);
  const denominator = sampleStd(rewards) + ADVANTAGE_EPSILON;
  return rewards.map((r) => (r - m) / denominator);
}

/** Writes the advantage of every kept node of the tree. */
export function assignAdvantages(tree: RolloutTree): void {
  for (let turn = 1; turn <= tree.levels.length; turn++) {
    for (const group of groupsAtTurn(tree, turn)) {
      const advantages = groupAdvantages(group.members.map((m) => m.credited));
      group.members.forEach((member, i) => {
        member.advantage = advantages[i] as number;
      });
    }
  }
}
