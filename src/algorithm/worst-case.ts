// The cost of a configuration when every completion fails until the last turn: how many
// completions are generated (rollouts) and how many are trained on (updates), per prompt.
import { budgetAt, type AlgorithmConfig } from './config.js';

export interface WorstCase {
  readonly rollouts: number;
  readonly updates: number;
}

export function worstCase(config: AlgorithmConfig, generations: readonly number[]): WorstCase {
  let rollouts = 0;
  let updates = 0;
  let groups = 1; // groups at the current turn (generated)
  let keptGroups = 1; // of those, groups still in the tree after pruning above them
  for (let turn = 1; turn <= config.turns; turn++) {
    const size = generations[turn - 1] ?? 0;
    const budget = budgetAt(config, turn);
    rollouts += groups * size;
    let keptHere = keptGroups;
    let keptPerGroup = size;
    if (budget !== null && config.pruning.strategy === 'inter' && turn >= 2) keptHere = Math.min(keptGroups, budget);
    if (budget !== null && config.pruning.strategy === 'intra') keptPerGroup = Math.min(size, budget);
    updates += keptHere * keptPerGroup;
    groups *= size;
    keptGroups = keptHere * keptPerGroup;
  }
  return { rollouts, updates };
}
