// The coordinator against scripted gRPC services on a real socket: tree shape, what the trainer
// receives, weight sync, hidden tests, metrics and logs.
import { afterEach, describe, expect, it } from '@jest/globals';
import { algorithmConfigOf } from '../../src/api/algorithm-config.js';
import type { NodeInput, TreeInput } from '../../src/algorithm/rollout-tree.js';
import { scoreTrees } from '../../src/algorithm/score-trees.js';
import { program, ScriptedServices, type PolicyInput } from './scripted-services.js';
import { runCoordinator, specOf, type TreeRecord } from './harness.js';

let services: ScriptedServices | null = null;
const start = async (script: ConstructorParameters<typeof ScriptedServices>[0]) => (services = await new ScriptedServices(script).start());
afterEach(async () => services?.stop());

/** Turn 1: one success, one half right, one failure; turn 2: one success, one failure. */
const policy = ({ turn, index }: PolicyInput): string => program(turn === 1 ? (['1111', '1100', '0000'][index] ?? '0000') : index === 0 ? '1111' : '0000');

const twoTurns = (pruning: Record<string, unknown>) =>
  specOf({
    algorithm: { turns: 2, generations: [3, 2], pruning, credit: { strategy: 'MARS' } },
    training: { maxSteps: 2, promptsPerStep: 2, checkpointInterval: 2 },
  });

/** Rebuilds the algorithm's input from a logged tree. */
function treeInput(tree: TreeRecord): TreeInput {
  const childrenOf = (parent: string | null): NodeInput[] =>
    tree.nodes.filter((n) => n.parent === parent).map((n) => ({ id: n.id, reward: n.reward, children: childrenOf(n.id) }));
  return { id: tree.tree, children: childrenOf(null) };
}

describe('coordinator', () => {
  it('grows trees of the configured shape and trains on exactly the kept nodes with the algorithm\'s advantages', async () => {
    const s = await start({ policy });
    const spec = twoTurns({ strategy: 'inter', budgets: [null, 1] });
    const out = await runCoordinator(s.address, spec);

    expect(out.trees).toHaveLength(4);
    for (const tree of out.trees) {
      const roots = tree.nodes.filter((n) => n.turn === 1);
      expect(roots.map((n) => n.reward)).toEqual([1, 0.5, 0]);
      expect(tree.nodes.filter((n) => n.parent === `${tree.tree}.0`)).toHaveLength(0); // a success gets no retry
      expect(tree.nodes.filter((n) => n.parent === `${tree.tree}.1`)).toHaveLength(2);
      expect(tree.nodes.filter((n) => n.parent === `${tree.tree}.2`)).toHaveLength(2);
    }
    expect(s.trainCalls).toHaveLength(2);
    for (const step of [1, 2]) {
      const trees = out.trees.filter((t) => t.step === step);
      const expected = scoreTrees(trees.map(treeInput), algorithmConfigOf(spec)).nodes.filter((n) => n.kept);
      const sent = s.trainCalls[step - 1]!.samples;
      expect(sent.map((x) => [x.groupId, x.treeId, x.turn])).toEqual(expected.map((n) => [n.groupId, n.treeId, n.turn]));
      sent.forEach((x, i) => expect(x.advantage).toBeCloseTo(expected[i]!.advantage!, 6));
      expect(sent).toHaveLength(10); // 2 trees x (3 root members + 1 kept group of 2)
      expect(sent.every((x) => x.completionTokenIds.length === 3 && x.samplingLogprobs.length === 3 && x.promptTokenIds.length === 2)).toBe(true);
      expect(s.trainCalls[step - 1]!.policyVersion).toBe(step - 1);
      expect(s.trainCalls[step - 1]!.totalSteps).toBe(2); // the run's length, for the learning-rate schedule
    }
    expect(out.state).toMatchObject({ step: 2, cursor: 4, policyVersion: 2, lastCheckpoint: { step: 2, path: '/checkpoints/step-2' } });
    expect(s.checkpoints).toEqual([2]);
  });

  it('samples each step with the weights of the previous one', async () => {
    const s = await start({ policy });
    const out = await runCoordinator(s.address, twoTurns({ strategy: 'none' }));
    expect(s.loadCalls).toEqual([{ directory: '/exports/policy-1', policyVersion: 1 }, { directory: '/exports/policy-2', policyVersion: 2 }]);
    for (const tree of out.trees) expect(new Set(tree.nodes.map((n) => n.policyVersion))).toEqual(new Set([tree.step - 1]));
    expect(out.steps.map((r) => r.policyVersion)).toEqual([1, 2]);
  });

  // Turn 1 fails visible_a and HIDDEN_c, passes visible_b and HIDDEN_d.
  const halfRight = (turn: number): string => `<think>plan of turn ${turn}</think>\n${program(turn === 1 ? '0101' : '0000')}`;
  const retryPrompts = (s: ScriptedServices) =>
    s.generateCalls.flatMap((c) => c.request.prompts.flatMap((p) => p.messages.map((m) => m.content))).filter((p) => p.includes('## Attempt 1'));

  it('shows the whole earlier completion and feedback over all tests in retry prompts, as the reward counts them', async () => {
    const s = await start({ policy: ({ turn }) => halfRight(turn) });
    const out = await runCoordinator(s.address, twoTurns({ strategy: 'none' }));
    const retries = retryPrompts(s);
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((p) => p.includes('Passed: 2/4 tests') && p.includes('Failed: 2/4 tests'))).toBe(true);
    expect(retries.every((p) => /assert visible_a_\d\(\) {2}# None/.test(p) && /assert HIDDEN_c_\d\(\) {2}# None/.test(p))).toBe(true);
    expect(retries.some((p) => p.includes('visible_b_') || p.includes('HIDDEN_d_'))).toBe(false); // passing tests are counted, not listed
    expect(retries.every((p) => p.includes(halfRight(1)))).toBe(true); // reasoning and program, verbatim
    const root = out.trees[0]!.nodes[0]!;
    expect(root.reward).toBe(0.5);
    expect(root.feedback).toMatchObject({ passed: 2, total: 4 });
  });

  it('with dataset.feedbackTests visible shows the visible tests only, never a hidden one', async () => {
    const s = await start({ policy: ({ turn }) => halfRight(turn) });
    const spec = twoTurns({ strategy: 'none' });
    const out = await runCoordinator(s.address, { ...spec, dataset: { ...spec.dataset, feedbackTests: 'visible' } });
    const retries = retryPrompts(s);
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((p) => p.includes('assert visible_a_') && p.includes('Passed: 1/2 tests'))).toBe(true);
    expect(s.generateCalls.some((c) => JSON.stringify(c.request).includes('HIDDEN'))).toBe(false);
    const root = out.trees[0]!.nodes[0]!;
    expect(root.reward).toBe(0.5); // the reward still counts every test
    expect(root.feedback.failures.map((f) => f.actual)).toEqual(['None']);
  });

  it('runs turns: 1 as plain GRPO on the same path: root groups only', async () => {
    const s = await start({ policy: ({ index }) => program(index % 2 ? '1111' : '0000') });
    const out = await runCoordinator(s.address, specOf({ algorithm: { turns: 1, generations: [4] }, training: { maxSteps: 1, promptsPerStep: 3 } }));
    expect(out.trees).toHaveLength(3);
    expect(out.trees.every((t) => t.nodes.length === 4 && t.nodes.every((n) => n.turn === 1))).toBe(true);
    expect(s.generateCalls).toHaveLength(3);
    expect(s.trainCalls[0]!.samples.map((x) => Math.sign(x.advantage))).toEqual([-1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1]);
  });

  it('executes the completions of a group together in one ExecuteBatch call', async () => {
    const s = await start({ policy: () => program('0000') });
    const out = await runCoordinator(s.address, specOf({ algorithm: { turns: 2, generations: [4, 2] }, training: { maxSteps: 1, promptsPerStep: 3 } }));
    expect(out.steps[0]).toMatchObject({ rollouts: 36 });
    expect(s.executeCalls).toHaveLength(36);
    expect(s.batchCalls.slice(0, 3).map((b) => b.codes.length)).toEqual([4, 4, 4]);
    expect(s.batchCalls.length).toBeLessThanOrEqual(3 + 12); // at most one call per child group
  });

  it('exports metrics and writes one summary line per step', async () => {
    const s = await start({ policy });
    const out = await runCoordinator(s.address, twoTurns({ strategy: 'inter', budgets: [null, 1] }));
    const text = out.metricsText;
    expect(text).toMatch(/^murphy_coordinator_step 2$/m);
    expect(text).toMatch(/^murphy_coordinator_policy_version 2$/m);
    expect(text).toMatch(/^murphy_coordinator_pass_rate\{turn="1"\} 0\.333/m);
    expect(text).toMatch(/^murphy_coordinator_pass_rate\{turn="2"\} 0\.5$/m);
    expect(text).toMatch(/^murphy_coordinator_tree_nodes_total\{state="generated",strategy="inter"\} 28$/m);
    expect(text).toMatch(/^murphy_coordinator_tree_nodes_total\{state="kept",strategy="inter"\} 20$/m);
    expect(text).toMatch(/^murphy_coordinator_tree_nodes_total\{state="pruned",strategy="inter"\} 8$/m);
    expect(text).toMatch(/^murphy_coordinator_rollouts_total 28$/m);
    expect(s.batchCalls.length).toBeLessThan(28); // one ExecuteBatch call per group (or more groups) of completions
    expect(text).toMatch(new RegExp(`^murphy_coordinator_phase_seconds_count\\{phase="execute"\\} ${s.batchCalls.length}$`, 'm'));
    expect(text).toMatch(/^murphy_coordinator_phase_seconds_count\{phase="train"\} 2$/m);
    expect(out.steps).toHaveLength(2);
    expect(out.steps[1]).toMatchObject({ step: 2, totalSteps: 2, samples: 10, rollouts: 14, nodes: { generated: 14, kept: 10, pruned: 4 }, dropped: { generate: 0, execute: 0 } });
    expect(out.steps[1]!['train']).toEqual({ loss: 0.5, kl: 0.01, clipFraction: 0, gradNorm: 1, tokens: 30, samples: 10, seconds: 0, learningRate: 1e-6 });
  });

  it('records the importance-sampling weights the trainer reports under train.importanceWeights', async () => {
    const importanceWeights = { mean: 0.98, min: 0.25, max: 3 };
    const s = await start({ policy, importanceWeights });
    const out = await runCoordinator(s.address, twoTurns({ strategy: 'none' }));
    expect(out.steps.map((r) => (r['train'] as Record<string, unknown>)['importanceWeights'])).toEqual([importanceWeights, importanceWeights]);
  });
});
