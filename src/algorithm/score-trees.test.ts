import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { AlgorithmConfig } from './config.js';
import { scoreTrees, type NodeResult } from './score-trees.js';
import { seededRandom, syntheticTree } from './synthetic-trees.js';
import type { TreeInput } from './rollout-tree.js';
import { groupAdvantages } from './advantages.js';

function config(overrides: Partial<AlgorithmConfig> & { budgets?: (number | null)[] } = {}): AlgorithmConfig {
  const turns = overrides.turns ?? 2;
  return {
    turns,
    maxReward: 1,
    credit: overrides.credit ?? { strategy: 'MARS', gamma: 1 },
    pruning: overrides.pruning ?? { strategy: 'none', budgets: overrides.budgets ?? Array(turns).fill(null), alpha: [0, 1] },
  };
}

const allFailFirst = (id: string) => syntheticTree(id, [8, 8], (turn, path) => (turn === 1 ? 0 : ((path[1] ?? 0) % 3) / 2));

describe('scoreTrees: the paper\'s update counts (G = [8, 8], all first-turn completions fail)', () => {
  it('keeps all 72 nodes without pruning', () => {
    expect(scoreTrees([allFailFirst('q')], config()).updates).toBe(72);
  });
  it('keeps 36 with IntraP budgets [4, null]', () => {
    const result = scoreTrees([allFailFirst('q')], config({ pruning: { strategy: 'intra', budgets: [4, null], alpha: [0, 1] } }));
    expect(result.updates).toBe(36);
    expect(result.nodes.filter((n) => n.turn === 1 && n.kept)).toHaveLength(4);
  });
  it('keeps 40 with InterP budgets [null, 4]', () => {
    const result = scoreTrees([allFailFirst('q')], config({ pruning: { strategy: 'inter', budgets: [null, 4], alpha: [0, 1] } }));
    expect(result.updates).toBe(40);
    expect(new Set(result.nodes.filter((n) => n.turn === 2 && n.kept).map((n) => n.groupId)).size).toBe(4);
  });
});

describe('scoreTrees: credit', () => {
  const tree: TreeInput = {
    id: 'q',
    children: [
      { id: 'a', reward: 0, children: [{ id: 'a0', reward: 1 }, { id: 'a1', reward: 0.5 }] },
      { id: 'b', reward: 0.5, children: [{ id: 'b0', reward: 0 }, { id: 'b1', reward: 0 }] },
      { id: 'c', reward: 1 },
    ],
  };
  const byId = (nodes: NodeResult[]) => new Map(nodes.map((n) => [n.id, n]));

  it('MARS credits the best kept descendant and never lowers a reward', () => {
    const nodes = byId(scoreTrees([tree], config()).nodes);
    expect(nodes.get('a')?.credited).toBe(1);
    expect(nodes.get('b')?.credited).toBe(0.5);
    expect(nodes.get('c')?.credited).toBe(1);
  });

  it('MERS divides reward plus discounted children mean by the turns remaining', () => {
    const nodes = byId(scoreTrees([tree], config({ credit: { strategy: 'MERS', gamma: 0.5 } })).nodes);
    expect(nodes.get('a')?.credited).toBeCloseTo((0 + 0.5 * 0.75) / 2, 12);
    expect(nodes.get('b')?.credited).toBeCloseTo((0.5 + 0.5 * 0) / 2, 12);
    expect(nodes.get('c')?.credited).toBe(1);
    expect(nodes.get('a0')?.credited).toBe(1);
  });

  it('credits only from kept children after pruning', () => {
    const cfg = config({ pruning: { strategy: 'inter', budgets: [null, 1], alpha: [0, 1] } });
    const nodes = byId(scoreTrees([tree], cfg).nodes);
    // Group a (rewards 1, 0.5) has the larger std and survives; group b is dropped.
    expect(nodes.get('b0')?.kept).toBe(false);
    expect(nodes.get('b0')?.credited).toBeNull();
    expect(nodes.get('b0')?.advantage).toBeNull();
    expect(nodes.get('b')?.credited).toBe(0.5);
    expect(nodes.get('a')?.credited).toBe(1);
  });

  it('rejects a tree deeper than the configured turns', () => {
    expect(() => scoreTrees([tree], config({ turns: 1 }))).toThrow(/2 turns/);
  });
});

describe('scoreTrees: properties', () => {
  const treeArbitrary = fc
    .record({ seed: fc.integer(), g1: fc.integer({ min: 1, max: 6 }), g2: fc.integer({ min: 1, max: 6 }), levels: fc.integer({ min: 1, max: 4 }) })
    .map(({ seed, g1, g2, levels }) => {
      const random = seededRandom(seed);
      const rewards = Array.from({ length: levels + 1 }, (_, i) => i / levels);
      return syntheticTree('t', [g1, g2], () => rewards[Math.floor(random() * rewards.length)] as number);
    });
  const strategies = fc.constantFrom('MARS' as const, 'MERS' as const);
  const pruningArbitrary = fc.oneof(
    fc.constant({ strategy: 'none' as const, budgets: [null, null], alpha: [0, 1] as [number, number] }),
    fc.tuple(fc.option(fc.integer({ min: 1, max: 6 })), fc.option(fc.integer({ min: 1, max: 6 }))).map(([a, b]) => ({ strategy: 'intra' as const, budgets: [a, b], alpha: [0, 1] as [number, number] })),
    fc.option(fc.integer({ min: 1, max: 6 })).map((b) => ({ strategy: 'inter' as const, budgets: [null, b], alpha: [0, 1] as [number, number] })),
  );

  it('MARS never lowers a reward', () => {
    fc.assert(fc.property(treeArbitrary, pruningArbitrary, (tree, pruning) => {
      for (const node of scoreTrees([tree], config({ pruning })).nodes) {
        if (node.kept) expect(node.credited).toBeGreaterThanOrEqual(node.reward);
      }
    }));
  });

  it('the advantages of every kept group sum to ~0', () => {
    fc.assert(fc.property(treeArbitrary, strategies, pruningArbitrary, (tree, strategy, pruning) => {
      const sums = new Map<string, number>();
      for (const node of scoreTrees([tree], config({ credit: { strategy, gamma: 1 }, pruning })).nodes) {
        if (node.kept) sums.set(node.groupId, (sums.get(node.groupId) ?? 0) + (node.advantage as number));
      }
      for (const sum of sums.values()) expect(Math.abs(sum)).toBeLessThan(1e-9);
    }));
  });

  it('budgets at or above the group size change nothing', () => {
    fc.assert(fc.property(treeArbitrary, strategies, (tree, strategy) => {
      const credit = { strategy, gamma: 1 };
      const unpruned = scoreTrees([tree], config({ credit }));
      const intra = scoreTrees([tree], config({ credit, pruning: { strategy: 'intra', budgets: [6, 6], alpha: [0, 1] } }));
      const inter = scoreTrees([tree], config({ credit, pruning: { strategy: 'inter', budgets: [null, 6], alpha: [0, 1] } }));
      expect(intra).toEqual(unpruned);
      expect(inter).toEqual(unpruned);
    }));
  });

  it('turns: 1 is GRPO: group-normalised raw rewards', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 16 }), (rewards) => {
      const tree: TreeInput = { id: 'q', children: rewards.map((reward, i) => ({ id: `q.${i}`, reward })) };
      const nodes = scoreTrees([tree], config({ turns: 1 })).nodes;
      expect(nodes.map((n) => n.credited)).toEqual(rewards);
      const expected = groupAdvantages(rewards);
      nodes.forEach((n, i) => expect(n.advantage).toBeCloseTo(expected[i] as number, 9));
    }));
  });

  it('same input, same output', () => {
    fc.assert(fc.property(treeArbitrary, pruningArbitrary, (tree, pruning) => {
      const copy = JSON.parse(JSON.stringify(tree)) as TreeInput;
      expect(scoreTrees([copy], config({ pruning }))).toEqual(scoreTrees([tree], config({ pruning })));
    }));
  });
});
