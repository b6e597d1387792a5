// Reading what `murphy run` left in runs/<name>/, and checking it against the algorithm module.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlgorithmConfig } from '../../src/algorithm/config.js';
import type { NodeInput, TreeInput } from '../../src/algorithm/rollout-tree.js';
import { scoreTrees, type NodeResult } from '../../src/algorithm/score-trees.js';

export interface LoggedNode {
  id: string;
  parent: string | null;
  turn: number;
  reward: number;
  credited: number | null;
  advantage: number | null;
  kept: boolean;
  policyVersion: number;
  /** The trainer's version when the node was trained minus policyVersion. */
  policyLag: number;
  completionTokens: number;
}

export interface LoggedTree {
  step: number;
  tree: string;
  problem: string;
  groups: Record<string, { seed: number; prompt: { role: string; content: string }[] }>;
  nodes: LoggedNode[];
}

export const jsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8').split('\n').filter((line) => line).map((line) => JSON.parse(line) as T);

/** Sample values of a Prometheus text file by series (name plus labels). */
export function promValues(file: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([a-zA-Z_:][^\s]*)\s+(\S+)$/.exec(line);
    if (match) values.set(match[1] as string, Number(match[2]));
  }
  return values;
}

export function treeInput(tree: LoggedTree): TreeInput {
  const childrenOf = (parent: string | null): NodeInput[] =>
    tree.nodes.filter((n) => n.parent === parent).map((n) => ({ id: n.id, reward: n.reward, children: childrenOf(n.id) }));
  return { id: tree.tree, children: childrenOf(null) };
}

/** The algorithm module's verdict on the logged trees of one step, by node id. */
export function rescore(trees: readonly LoggedTree[], config: AlgorithmConfig): Map<string, NodeResult> {
  return new Map(scoreTrees(trees.map(treeInput), config).nodes.map((n) => [n.id, n]));
}

export const runFiles = (runsDir: string, name: string) => {
  const dir = join(runsDir, name);
  return {
    dir,
    trees: () => jsonl<LoggedTree>(join(dir, 'trees.jsonl')),
    steps: () => jsonl<Record<string, unknown> & { step: number; policyVersion: number; sampledBy: number; policyLag: Record<string, number>; samples: number }>(join(dir, 'metrics.jsonl')),
    state: () => JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { step: number; cursor: number; policyVersion: number },
    prom: (service: string) => promValues(service === 'coordinator' ? join(dir, 'metrics.prom') : join(dir, 'logs', `${service}.prom`)),
  };
};
