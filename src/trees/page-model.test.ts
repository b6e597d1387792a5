import { describe, expect, it } from '@jest/globals';
import { pageModel } from './page-model.js';
import type { RecordedNode, TreeRecord } from './tree-record.js';

const node = (id: string, parent: string | null, passed: number, kept = true): RecordedNode => ({
  id,
  parent,
  turn: id.split('.').length - 1,
  reward: passed / 2,
  passed,
  total: 2,
  credited: kept ? passed / 2 : null,
  advantage: kept ? 0 : null,
  kept,
  finishReason: 'stop',
  code: `print(${passed})`,
  feedback: { passed: Math.min(passed, 1), total: 1, failures: passed === 2 ? [] : [{ test: 'assert f() == 2', actual: 'f() returned 1' }] },
});

const record = (step: number, tree: string, nodes: RecordedNode[]): TreeRecord => ({
  step,
  tree,
  problem: `p-${tree}`,
  groups: { [tree]: { prompt: [{ role: 'system', content: 'write Python' }, { role: 'user', content: `task ${tree}` }] } },
  nodes,
});

describe('pageModel', () => {
  const records = [
    record(2, 'b', [node('b.0', null, 1), node('b.0.0', 'b.0', 2), node('b.0.1', 'b.0', 0, false)]),
    record(1, 'a', [node('a.0', null, 2), node('a.1', null, 0, false)]),
    record(1, 'c', [node('c.0', null, 0), node('c.0.0', 'c.0', 1)]),
  ];
  const model = pageModel('local-tiny', records, [{ step: 1, passRates: [0.25, 0.5], nodes: { generated: 12, kept: 8, pruned: 4 } }]);

  it('lists the trees by step, each with its outcome and task', () => {
    expect(model.trees.map((t) => [t.step, t.tree, t.outcome, t.question])).toEqual([
      [1, 'a', 'first-turn', 'task a'],
      [1, 'c', 'never', 'task c'],
      [2, 'b', 'after-feedback', 'task b'],
    ]);
    expect(model.problems).toEqual(['p-a', 'p-b', 'p-c']);
  });

  it('marks pruned nodes and shows the feedback each attempt got as text', () => {
    const b = model.trees[2]!;
    expect(b.nodes.map((n) => [n.id, n.state])).toEqual([['b.0', 'kept'], ['b.0.0', 'kept'], ['b.0.1', 'pruned']]);
    expect(b.nodes[0]!.feedback).toBe('tests shown: 1/1 passed\nfailed: assert f() == 2\n  got: f() returned 1');
  });

  it('sums up a step from metrics.jsonl, and leaves a step without figures blank', () => {
    expect(model.steps).toEqual([
      { step: 1, summary: 'pass rate per turn 25% → 50%; nodes 12 generated, 8 kept, 4 pruned' },
      { step: 2, summary: '' },
    ]);
  });

  it('keeps the last record of a tree that a redone step wrote twice', () => {
    const redone = pageModel('r', [record(1, 'a', [node('a.0', null, 0)]), record(1, 'a', [node('a.0', null, 2)])]);
    expect(redone.trees.map((t) => t.outcome)).toEqual(['first-turn']);
  });
});
