// Credit assignment: a completion that failed but whose retries succeeded is credited with what
// its retries achieved. Applied to the nodes of one turn after the turn below was pruned.
import type { AlgorithmConfig } from './config.js';
import type { RolloutNode } from './rollout-tree.js';

/** Sets `credited` of a node from its kept children (which are already credited). */
export function creditNode(node: RolloutNode, config: AlgorithmConfig): void {
  let count = 0;
  let best = -Infinity;
  let sum = 0;
  for (const child of node.children) {
    if (!child.kept) continue;
    count++;
    sum += child.credited;
    if (child.credited > best) best = child.credited;
  }
  if (count === 0) node.credited = node.reward;
  else if (config.credit.strategy === 'MARS') node.credited = Math.max(node.reward, best);
  // MERS: discounted mean of the children, normalised by the number of turns from here on.
  else node.credited = (node.reward + config.credit.gamma * (sum / count)) / (config.turns - node.turn + 1);
}
