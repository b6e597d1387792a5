// IntraP and InterP: bound the number of training samples per turn. Both rank by the members'
// current rewards (credited where they had children) and drop whole subtrees.
import { budgetAt, type AlgorithmConfig } from './config.js';
import { maxVarianceSubset } from './max-variance-subset.js';
import { dropSubtree, groupsAtTurn, type Group, type RolloutTree } from './rollout-tree.js';
import { mean, populationStd } from './statistics.js';

/** Prunes the groups of one tree at `turn` according to the configured strategy and budget. */
export function pruneTurn(tree: RolloutTree, turn: number, config: AlgorithmConfig): void {
  const budget = budgetAt(config, turn);
  if (budget === null) return;
  if (config.pruning.strategy === 'intra') intraPrune(groupsAtTurn(tree, turn), budget);
  if (config.pruning.strategy === 'inter' && turn >= 2) interPrune(groupsAtTurn(tree, turn), budget, config.pruning.alpha);
}

/** IntraP: every group keeps its `budget` members of maximal reward variance. */
function intraPrune(groups: readonly Group[], budget: number): void {
  for (const group of groups) {
    if (group.members.length <= budget) continue;
    const keep = new Set(maxVarianceSubset(group.members.map((m) => m.credited), budget));
    group.members.forEach((member, i) => {
      if (!keep.has(i)) dropSubtree(member);
    });
  }
}

/** InterP: of one tree's groups at a turn, keep the `budget` best by alpha0*mean + alpha1*std. */
function interPrune(groups: readonly Group[], budget: number, alpha: readonly [number, number]): void {
  if (groups.length <= budget) return;
  const scored = groups.map((group, index) => {
    const rewards = group.members.map((m) => m.credited);
    return { group, index, score: alpha[0] * mean(rewards) + alpha[1] * populationStd(rewards) };
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  for (const { group } of scored.slice(budget)) {
    for (const member of group.members) dropSubtree(member);
  }
}
