// IntraP and InterP: bound the number of training samples per turn. Both rank by the members'
// current rewards (credited where they had children) and drop whole subtrees.
import { budgetAt, type AlgorithmConfig } from './config.js';
import { maxVarianceSubset } from './max-variance-subset.js';
import { dropSubtree, groupsAtTurn, type Group, type RolloutTree } from './rollout-tree.js';

/** Prunes the groups of one tree at `turn` according to the configured strategy and budget. */
export function pruneTurn(tree: RolloutTree, turn: number, config: AlgorithmConfig): void {
  const budget = budgetAt(config, turn);
  if (budget === null) return;
  if (config.pruning.strategy === 'intra') intraPrune(groupsAtTurn(tree, turn), budget);
  if (config.pruning.strategy === 'inter' && turn >= 2) interPrune(groupsAtTurn(tree, turn), budget, config.pruning.alpha);
}

/** IntraP: every group keeps its `budget` members of maximal reward variance. */
function intraPrune(groups: readonly Group[], budget: number): void {
  for (const { members } of groups) {
    if (members.length <= budget) continue;
    const keep = maxVarianceSubset(members.map((m) => m.credited), budget); // ascending indices
    let next = 0;
    members.forEach((member, i) => {
      if (keep[next] === i) next++;
      else dropSubtree(member);
    });
  }
}

/** Population mean and standard deviation of the members' current rewards, in one pass. */
function groupScore(members: readonly { credited: number }[], alpha: readonly [number, number]): number {
  let sum = 0;
  let squares = 0;
  for (const m of members) {
    sum += m.credited;
    squares += m.credited * m.credited;
  }
  const mean = sum / members.length;
  const variance = Math.max(0, squares / members.length - mean * mean);
  return alpha[0] * mean + alpha[1] * Math.sqrt(variance);
}

/** InterP: of one tree's groups at a turn, keep the `budget` best by alpha0*mean + alpha1*std. */
function interPrune(groups: readonly Group[], budget: number, alpha: readonly [number, number]): void {
  if (groups.length <= budget) return;
  const scored = groups.map((group, index) => ({ group, index, score: groupScore(group.members, alpha) }));
  // Scores within 1e-12 are equal: summation order must not decide what generation order should.
  scored.sort((a, b) => (Math.abs(b.score - a.score) > 1e-12 ? b.score - a.score : a.index - b.index));
  for (const { group } of scored.slice(budget)) {
    for (const member of group.members) dropSubtree(member);
  }
}
