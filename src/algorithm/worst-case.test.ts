import { describe, expect, it } from '@jest/globals';
import { worstCase } from './worst-case.js';
import type { AlgorithmConfig, PruningStrategy } from './config.js';

const config = (strategy: PruningStrategy, budgets: (number | null)[], turns = 2): AlgorithmConfig => ({
  turns,
  maxReward: 1,
  credit: { strategy: 'MARS', gamma: 1 },
  pruning: { strategy, budgets, alpha: [0, 1] },
});

describe('worstCase', () => {
  it('gives the paper\'s 72 rollouts and 72/36/40 updates for G = [8, 8]', () => {
    expect(worstCase(config('none', [null, null]), [8, 8])).toEqual({ rollouts: 72, updates: 72 });
    expect(worstCase(config('intra', [4, null]), [8, 8])).toEqual({ rollouts: 72, updates: 36 });
    expect(worstCase(config('inter', [null, 4]), [8, 8])).toEqual({ rollouts: 72, updates: 40 });
  });

  it('is plain GRPO for one turn', () => {
    expect(worstCase(config('none', [null], 1), [72])).toEqual({ rollouts: 72, updates: 72 });
  });

  it('grows as G^S without pruning', () => {
    expect(worstCase(config('none', [null, null, null], 3), [8, 8, 8])).toEqual({ rollouts: 584, updates: 584 });
  });
});
