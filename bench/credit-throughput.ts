// Credit + pruning throughput: tree nodes per second on 1,000 trees with G = [8, 8, 8].
// Target: at least 2 million nodes/s on one core.
import { scoreTrees } from '../src/algorithm/score-trees.js';
import { seededRandom, syntheticTree } from '../src/algorithm/synthetic-trees.js';
import type { AlgorithmConfig, PruningStrategy } from '../src/algorithm/config.js';

const TARGET = 2_000_000;
const random = seededRandom(42);
const rewards = [0, 0.25, 0.5, 0.75, 1];
// Mostly failing first attempts, as early in training: the trees come close to the worst case.
const trees = Array.from({ length: 1000 }, (_, i) =>
  syntheticTree(`q${i}`, [8, 8, 8], (turn) => (random() < 0.15 * turn ? 1 : (rewards[Math.floor(random() * 4)] as number))),
);
const nodes = trees.reduce((sum, t) => sum + countNodes(t.children), 0);

function countNodes(list: readonly { children?: readonly unknown[] | undefined }[]): number {
  return list.reduce((sum, n) => sum + 1 + countNodes((n.children ?? []) as typeof list), 0);
}

function config(strategy: PruningStrategy, budgets: (number | null)[]): AlgorithmConfig {
  return { turns: 3, maxReward: 1, credit: { strategy: 'MARS', gamma: 1 }, pruning: { strategy, budgets, alpha: [0, 1] } };
}

function nodesPerSecond(cfg: AlgorithmConfig): number {
  scoreTrees(trees, cfg); // warm-up
  const runs = 5;
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) scoreTrees(trees, cfg);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (nodes * runs) / seconds;
}

console.log(`credit+pruning on 1,000 trees, G = [8, 8, 8], ${nodes} nodes`);
for (const [name, cfg] of [
  ['none', config('none', [null, null, null])],
  ['intra [4,4,4]', config('intra', [4, 4, 4])],
  ['inter [null,4,4]', config('inter', [null, 4, 4])],
] as const) {
  const rate = nodesPerSecond(cfg);
  console.log(`  ${name.padEnd(18)} ${(rate / 1e6).toFixed(2)} M nodes/s   ratio to target ${(rate / TARGET).toFixed(2)}x`);
}
