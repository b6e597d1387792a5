// Complete rollout trees with rewards from a function: for tests, benchmarks and examples.
import type { NodeInput, TreeInput } from './rollout-tree.js';

/** Reward of the node at `turn` with sibling index `index`, given its path of indices from the root. */
export type RewardOf = (turn: number, path: readonly number[]) => number;

/**
 * A tree in which every completion below `maxReward` is retried with `generations[turn]` children,
 * up to `generations.length` turns, as the coordinator would build it.
 */
export function syntheticTree(id: string, generations: readonly number[], rewardOf: RewardOf, maxReward = 1): TreeInput {
  const grow = (turn: number, path: number[]): NodeInput[] => {
    const size = generations[turn - 1] ?? 0;
    return Array.from({ length: size }, (_, i) => {
      const here = [...path, i];
      const reward = rewardOf(turn, here);
      const children = reward < maxReward && turn < generations.length ? grow(turn + 1, here) : [];
      return { id: `${id}.${here.join('.')}`, reward, children };
    });
  };
  return { id, children: grow(1, []) };
}

/** A small deterministic pseudo-random generator (mulberry32), so synthetic trees are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
