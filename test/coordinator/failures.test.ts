// Failure handling against scripted gRPC services: retries, timeouts, drops that are counted.
import { afterEach, describe, expect, it } from '@jest/globals';
import { status } from '@grpc/grpc-js';
import { TestStatus } from '../../src/gen/murphy/v1/executor.js';
import { StateStore } from '../../src/coordinator/persistence/run-state.js';
import { program, ScriptedServices, type ScriptOptions } from './scripted-services.js';
import { runCoordinator, specOf } from './harness.js';

let services: ScriptedServices | null = null;
const start = async (script: ScriptOptions) => (services = await new ScriptedServices(script).start());
afterEach(async () => services?.stop());

const oneStep = (executor: Record<string, unknown> = {}) =>
  specOf({ algorithm: { turns: 2, generations: [2, 2] }, training: { maxSteps: 1, promptsPerStep: 2 }, executor });

describe('coordinator failure handling', () => {
  it('retries transient errors (UNAVAILABLE, RESOURCE_EXHAUSTED) of calls and of single programs and loses nothing', async () => {
    const s = await start({
      policy: () => program('0000'),
      generateFault: (call) => (call === 1 ? { code: status.UNAVAILABLE } : undefined),
      batchFault: (call) => (call === 1 ? { code: status.UNAVAILABLE } : undefined),
      executeFault: (n) => (n <= 3 ? { code: n % 2 ? status.UNAVAILABLE : status.RESOURCE_EXHAUSTED } : undefined),
    });
    const out = await runCoordinator(s.address, oneStep());
    expect(out.trees.map((t) => t.nodes.length)).toEqual([6, 6]);
    expect(out.steps[0]).toMatchObject({ dropped: { generate: 0, execute: 0 }, rollouts: 12 });
    expect(s.executeCalls).toHaveLength(15); // 12 programs, 3 of them refused once and sent again
    const resent = s.batchCalls.filter((b) => b.codes.length === 1);
    expect(resent.length).toBeGreaterThanOrEqual(1); // only the refused programs of a batch go again
  });

  it('scores every program of a batch whose call never answers as timed out, and counts each', async () => {
    const s = await start({ policy: () => program('0000'), batchFault: (call) => (call === 1 ? 'hang' : undefined) });
    const out = await runCoordinator(s.address, oneStep({ timeoutSeconds: 0.05 }), { executorSlackMs: 200 });
    const first = s.batchCalls[0]!.codes.length;
    expect(first).toBe(2);
    expect(out.steps[0]).toMatchObject({ executionTimeouts: first, dropped: { generate: 0, execute: 0 }, rollouts: 12 });
  });

  it('scores a test that timed out in the executor as failed, saying so in the feedback', async () => {
    const s = await start({ policy: () => program('1100'), failStatus: TestStatus.TEST_STATUS_TIMEOUT });
    const out = await runCoordinator(s.address, oneStep());
    const root = out.trees[0]!.nodes[0]!;
    expect(root.reward).toBe(0.5);
    expect(root.feedback.failures).toEqual([
      { test: 'assert HIDDEN_c_0()', actual: 'timed out: AssertionError' },
      { test: 'assert HIDDEN_d_0()', actual: 'timed out: AssertionError' },
    ]);
  });

  it('scores an execution that never returns as 0 with feedback saying it timed out, and counts it', async () => {
    const s = await start({ policy: ({ turn, index }) => program('1111', turn === 1 && index === 0 ? 'hang = 1' : ''), executeFault: (_call, code) => (code.includes('hang = 1') ? 'hang' : undefined) });
    const out = await runCoordinator(s.address, oneStep({ timeoutSeconds: 0.05 }), { executorSlackMs: 200 });
    const hung = out.trees[0]!.nodes.find((n) => n.id.endsWith('.p0.0'))!;
    expect(hung.reward).toBe(0);
    expect(hung.feedback.failures[0]!.actual).toMatch(/did not finish within the time limit/);
    expect(out.trees[0]!.nodes.filter((n) => n.parent === hung.id)).toHaveLength(2); // it is retried like any failure
    expect(out.metricsText).toMatch(/^murphy_coordinator_errors_total\{kind="execute_timeout"\} 2$/m);
    expect(out.steps[0]).toMatchObject({ executionTimeouts: 2, dropped: { generate: 0, execute: 0 } });
    expect(out.trees[0]!.nodes.find((n) => n.id.endsWith('.p0.1'))!.reward).toBe(1); // its batch sibling kept its result
  });

  it('drops a completion the executor cannot run (its siblings in the batch go on), and counts and reports it', async () => {
    const s = await start({
      policy: ({ turn, index }) => program('0000', turn === 1 && index === 1 ? 'broken = 1' : ''),
      executeFault: (_call, code) => (code.includes('broken = 1') ? { code: status.INTERNAL, message: 'sandbox failed' } : undefined),
    });
    const out = await runCoordinator(s.address, oneStep());
    expect(out.trees.map((t) => t.nodes.map((n) => n.id))).toEqual([
      ['s1.p0.0', 's1.p0.0.0', 's1.p0.0.1'],
      ['s1.p1.0', 's1.p1.0.0', 's1.p1.0.1'],
    ]);
    expect(s.trainCalls[0]!.samples).toHaveLength(6);
    expect(out.steps[0]).toMatchObject({ dropped: { generate: 0, execute: 2 } });
    expect(String((out.steps[0]!.errors as string[])[0])).toMatch(/execute: .*sandbox failed/);
    expect(out.metricsText).toMatch(/^murphy_coordinator_dropped_samples_total\{reason="execute"\} 2$/m);
  });

  it('drops a group inference cannot generate, counting every missing sample', async () => {
    const s = await start({ policy: () => program('0000'), generateFault: (call) => (call === 3 ? { code: status.INVALID_ARGUMENT, message: 'prompt too long' } : undefined) });
    const out = await runCoordinator(s.address, oneStep());
    expect(out.steps[0]).toMatchObject({ dropped: { generate: 2, execute: 0 }, rollouts: 10 });
    expect(out.metricsText).toMatch(/^murphy_coordinator_dropped_samples_total\{reason="generate"\} 2$/m);
  });

  it('fails the step, without training or saving, when most samples are lost', async () => {
    const s = await start({ policy: () => program('0000'), executeFault: () => ({ code: status.INTERNAL, message: 'no python' }) });
    const spec = oneStep();
    await expect(runCoordinator(s.address, spec, { stateDir: '/tmp/murphy-failing-step' })).rejects.toThrow(
      /step 1: 4 of 4 samples could not be generated or executed: execute: .*no python.*check that the inference and executor services are healthy/,
    );
    expect(s.trainCalls).toHaveLength(0);
    expect(await new StateStore('/tmp/murphy-failing-step').load()).toBeNull();
  });
});
