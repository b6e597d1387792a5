// Credit assignment: a completion that failed but whose retries succeeded is credited with what
// its retries achieved. Applied to the nodes of one turn after the turn below was pruned.
import type { AlgorithmConfig } from './config.js';
import type { RolloutNode } from './rollout-tree.js';

/** Sets `credited` of a node from its kept children (which are already credited). */
export function creditNode(node: RolloutNode, config: AlgorithmConfig): void {
  const kept = node.children.filter((c) => c.kept);
  if (kept.length === 0) {
    node.credited = node.reward;
    return;
  }
  const childRewards = kept.map((c) => c.credited);
  if (config.credit.strategy === 'MARS') {
    node.credited = Math.max(node.reward, ...childRewards);
    return;
  }
  // MERS: discounted mean of the children, normalised by the number of turns from here on.
  const childMean = childRewards.reduce((a, b) => a + b, 0) / childRewards.length;
  node.credited = (node.reward + config.credit.gamma * childMean) / (config.turns - node.turn + 1);
}
