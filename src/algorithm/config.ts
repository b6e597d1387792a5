// The settings the pure MURPHY algorithm needs: a subset of a resolved MurphyRun spec.
export type CreditStrategy = 'MARS' | 'MERS';
export type PruningStrategy = 'none' | 'intra' | 'inter';

export interface AlgorithmConfig {
  readonly turns: number;
  readonly maxReward: number;
  readonly credit: { readonly strategy: CreditStrategy; readonly gamma: number };
  readonly pruning: {
    readonly strategy: PruningStrategy;
    /** budgets[k] applies to the groups whose members are at turn k+1; null: no pruning there. */
    readonly budgets: readonly (number | null)[];
    readonly alpha: readonly [number, number];
  };
}

/** The budget for groups at `turn` (1-based), or null when that turn is not pruned. */
export function budgetAt(config: AlgorithmConfig, turn: number): number | null {
  return config.pruning.budgets[turn - 1] ?? null;
}
