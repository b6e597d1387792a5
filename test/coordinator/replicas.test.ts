// Several replicas behind one target, over real sockets: the coordinator balances Generate and
// ExecuteBatch calls over all of them (round_robin over an `ipv4:` list, as over the A records of a
// headless Service), loads every new policy into every inference replica, publishes it for
// replicas that start later, and refuses, counts and regenerates completions of a stale version.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { status } from '@grpc/grpc-js';
import { POLICY_FILE } from '../../src/coordinator/persistence/published-policy.js';
import { MAX_GENERATIONS_PER_GROUP } from '../../src/coordinator/rollout/tree-expander.js';
import { program, ScriptedServices, type ScriptOptions } from './scripted-services.js';
import { runCoordinator, specOf } from './harness.js';

let running: ScriptedServices[] = [];
const start = async (count: number, script: ScriptOptions = {}) => {
  const started = await Promise.all(Array.from({ length: count }, () => new ScriptedServices({ policy: () => program('0000'), ...script }).start()));
  running.push(...started);
  return started;
};
afterEach(async () => {
  await Promise.all(running.map((s) => s.stop()));
  running = [];
});

/** One target for several servers, the way grpc-js names a static list of addresses. */
const targetOf = (replicas: readonly ScriptedServices[]) => `ipv4:${replicas.map((r) => r.address).join(',')}`;

const steps = (maxSteps: number) =>
  specOf({ algorithm: { turns: 2, generations: [2, 2] }, training: { maxSteps, promptsPerStep: 4 }, inference: { replicas: 3 }, executor: { replicas: 2 } });

describe('coordinator with several inference and executor replicas', () => {
  it('spreads calls over every replica and loads every new policy into each inference replica', async () => {
    const inference = await start(3);
    const executors = await start(2);
    const [trainer] = await start(1);
    const out = await runCoordinator({ inference: targetOf(inference), executor: targetOf(executors), trainer: trainer!.address }, steps(2));
    expect(out.state.step).toBe(2);
    for (const replica of inference) {
      expect(replica.generateCalls.length).toBeGreaterThan(0);
      expect(replica.loadCalls.map((l) => l.policyVersion)).toEqual([1, 2]);
    }
    for (const executor of executors) expect(executor.batchCalls.length).toBeGreaterThan(0);
    const generateCalls = inference.map((r) => r.generateCalls.length);
    expect(Math.max(...generateCalls) - Math.min(...generateCalls)).toBeLessThanOrEqual(Math.ceil(0.5 * Math.max(...generateCalls)));
    expect(out.metricsText).toMatch(/^murphy_coordinator_weight_loads_total\{result="loaded"\} 6$/m);
    expect(out.steps.map((s) => s['staleCompletions'])).toEqual([0, 0]);
    const published = JSON.parse(readFileSync(join(out.stateDir, POLICY_FILE), 'utf8')) as unknown;
    expect(published).toEqual({ directory: '/exports/policy-2', policyVersion: 2 });
  });

  it('refuses the completions of a replica that missed a load, loads it, regenerates them and counts them', async () => {
    const healthy = await start(1);
    // Its first LoadWeights fails (not retryable): it stays at version 0 while step 2 expects 1.
    const [lagging] = await start(1, { loadFault: (call) => (call === 1 ? { code: status.INTERNAL, message: 'disk full' } : undefined) });
    const [trainer] = await start(1);
    const inference = [healthy[0]!, lagging!];
    const out = await runCoordinator({ inference: targetOf(inference), executor: trainer!.address, trainer: trainer!.address }, steps(2));
    expect(out.state.step).toBe(2);
    const stale = out.steps[1]!['staleCompletions'] as number;
    expect(stale).toBeGreaterThan(0);
    expect(out.metricsText).toMatch(new RegExp(`^murphy_coordinator_stale_completions_total ${stale}$`, 'm'));
    expect(out.metricsText).toMatch(/^murphy_coordinator_weight_loads_total\{result="failed"\} 1$/m);
    expect(lagging!.loadCalls.map((l) => l.policyVersion)).toEqual([1, 2]);
    expect(out.steps[1]).toMatchObject({ dropped: { generate: 0, execute: 0, stale: 0 }, rollouts: 24 });
    // Every node of every tree was sampled by its step's policy, and the trainer saw no other.
    for (const tree of out.trees) for (const node of tree.nodes) expect(node.policyVersion).toBe(tree.step - 1);
  });

  it('regenerates a group a replica refused for its version (FAILED_PRECONDITION), after a restart that lost the weights', async () => {
    const replicas = await start(2, { checkExpectedVersion: true, latencyMs: { generate: 30 } });
    const [trainer] = await start(1);
    const spec = steps(3);
    // Replica 2 "restarts" once it loaded step 2's weights: it comes back serving the model's own (version 0).
    const restart = setInterval(() => {
      if (replicas[1]!.loadCalls.length === 2) {
        replicas[1]!.inferenceVersion = 0;
        clearInterval(restart);
      }
    }, 5);
    try {
      const out = await runCoordinator({ inference: targetOf(replicas), executor: trainer!.address, trainer: trainer!.address }, spec);
      expect(out.state.step).toBe(3);
      expect(out.steps.map((s) => s['staleCompletions'] as number).reduce((a, b) => a + b)).toBeGreaterThan(0);
      for (const tree of out.trees) for (const node of tree.nodes) expect(node.policyVersion).toBe(tree.step - 1);
      expect(replicas.map((r) => r.inferenceVersion)).toEqual([3, 3]);
    } finally {
      clearInterval(restart);
    }
  });

  it('never trains on a stale policy: a step whose only replica restarted and cannot load fails, counted', async () => {
    let restarted = false;
    const [replica] = await start(1, {
      // The replica restarts as step 2's first call arrives (call 5: step 1 has 4 groups) and can load nothing after.
      generateFault: (call) => void (call === 5 && ((restarted = true), (replica!.inferenceVersion = 0))),
      loadFault: () => (restarted ? { code: status.INTERNAL, message: 'the disk is gone' } : undefined),
    });
    const [trainer] = await start(1);
    const spec = specOf({ algorithm: { turns: 1, generations: [2] }, training: { maxSteps: 2, promptsPerStep: 4 } });
    const stateDir = mkdtempSync(join(tmpdir(), 'murphy-stale-'));
    const run = runCoordinator({ inference: replica!.address, executor: trainer!.address, trainer: trainer!.address }, spec, { stateDir });
    await expect(run).rejects.toThrow(/step 2: 8 of 8 samples .*stale: a replica sampled with policy version 0, the step's is 1/);
    expect(trainer!.trainCalls).toHaveLength(1);
    expect(replica!.generateCalls).toHaveLength(4 + 4 * MAX_GENERATIONS_PER_GROUP);
  });
});
