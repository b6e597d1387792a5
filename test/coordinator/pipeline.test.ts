// The step pipeline against scripted gRPC services: with training.maxPolicyLag 1 the next step's
// trees grow while the trainer trains, one policy per tree, lag at most 1; stops, failures and
// resumes with a step in flight train every step exactly once; lag 0 stays on-policy.
import { afterEach, describe, expect, it } from '@jest/globals';
import { status } from '@grpc/grpc-js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateStore } from '../../src/coordinator/persistence/run-state.js';
import { hashSeed } from '../../src/datasets/hash-seed.js';
import { program, ScriptedServices, type ScriptOptions } from './scripted-services.js';
import { runCoordinator, specOf, type RunOutput } from './harness.js';

const started: ScriptedServices[] = [];
const start = async (script: ScriptOptions = {}) => {
  const services = await new ScriptedServices({
    policy: () => program('0000'), // every completion fails: full trees of 2 + 2 x 2 nodes
    latencyMs: { generate: 60, execute: 10, train: 250, export: 20, load: 20 },
    ...script,
  }).start();
  started.push(services);
  return services;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

const PROMPTS = 3;
const NODES_PER_STEP = PROMPTS * (2 + 2 * 2);
const GROUPS_PER_STEP = PROMPTS * (1 + 2);
const spec = (maxPolicyLag: number, maxSteps = 4, training: Record<string, unknown> = {}) =>
  specOf({
    algorithm: { turns: 2, generations: [2, 2] },
    training: { maxSteps, promptsPerStep: PROMPTS, checkpointInterval: 2, maxPolicyLag, ...training },
    dataset: { source: 'builtin:mini', seed: 5 },
  });

/** The seeds of a step's groups (each group's seed is derived from its id). */
const seedsOf = (step: number) =>
  new Set(Array.from({ length: PROMPTS }, (_, p) => [`s${step}.p${p}`, `s${step}.p${p}.0`, `s${step}.p${p}.1`]).flat().map((id) => hashSeed(0, id)));
const generateCallsOf = (s: ScriptedServices, step: number) => s.generateCalls.filter((c) => seedsOf(step).has(c.request.sampling!.seed));

/** Per logged tree: step and the set of policy versions of its nodes. */
const treeVersions = (out: RunOutput) => out.trees.map((t) => [t.step, [...new Set(t.nodes.map((n) => n.policyVersion))]]);
const lastLinePerStep = (out: RunOutput) => [...new Map(out.steps.map((s) => [s.step as number, s])).values()];

describe('step pipeline', () => {
  it('with maxPolicyLag 1 grows step k+1 while step k trains, one policy per tree, and records each sample\'s version and lag', async () => {
    const s = await start();
    const out = await runCoordinator(s.address, spec(1));

    expect(out.steps.map((r) => [r.step, r.sampledBy, r.policyVersion])).toEqual([[1, 0, 1], [2, 0, 2], [3, 1, 3], [4, 2, 4]]);
    expect(out.steps.map((r) => r.policyLag)).toEqual([{ 0: NODES_PER_STEP }, { 1: NODES_PER_STEP }, { 1: NODES_PER_STEP }, { 1: NODES_PER_STEP }]);
    expect(treeVersions(out)).toEqual([1, 2, 3, 4].flatMap((step) => Array.from({ length: PROMPTS }, () => [step, [Math.max(0, step - 2)]])));
    expect(new Set(out.trees.flatMap((t) => t.nodes.map((n) => `${t.step}:${n.policyLag}`)))).toEqual(new Set(['1:0', '2:1', '3:1', '4:1']));

    // Every step trained once, on its own samples, at the version that follows the previous one.
    expect(s.trainCalls.map((c) => c.policyVersion)).toEqual([0, 1, 2, 3]);
    s.trainCalls.forEach((call, i) => {
      expect(call.samples).toHaveLength(NODES_PER_STEP);
      expect(call.samples.every((x) => x.groupId.startsWith(`s${i + 1}.`))).toBe(true);
    });
    // Step 2's trees grew while step 1 trained, after step 1's last Generate call had returned.
    const step1 = generateCallsOf(s, 1);
    const step2 = generateCallsOf(s, 2);
    expect(step2).toHaveLength(GROUPS_PER_STEP);
    expect(Math.min(...step2.map((c) => c.start))).toBeLessThan(s.trainSpans[0]!.end);
    expect(Math.min(...step2.map((c) => c.start))).toBeGreaterThanOrEqual(Math.max(...step1.map((c) => c.end)));
    // No weight load ever waited for a Generate call or the reverse: trees never straddle a load.
    expect(s.overlaps).toEqual({ loadWaitedForGenerate: 0, generateWaitedForLoad: 0 });
    expect(s.loadCalls.map((c) => c.policyVersion).slice(0, 2)).toEqual([1, 2]);
    expect(s.loadCalls.at(-1)!.policyVersion).toBe(4); // inference ends on the final weights

    expect(out.metricsText).toMatch(new RegExp(`^murphy_coordinator_policy_lag_bucket\\{le="0"\\} ${NODES_PER_STEP}$`, 'm'));
    expect(out.metricsText).toMatch(new RegExp(`^murphy_coordinator_policy_lag_bucket\\{le="1"\\} ${4 * NODES_PER_STEP}$`, 'm'));
    expect(out.metricsText).toMatch(/^murphy_coordinator_idle_seconds_count\{service="inference"\} 4$/m);
    expect(out.metricsText).toMatch(/^murphy_coordinator_idle_seconds_count\{service="trainer"\} 4$/m);
    const idle = out.steps.map((r) => (r.seconds as { idle: { trainer: number } }).idle.trainer);
    expect(idle[0]).toBeGreaterThan(0.1); // step 1: the trainer waits for the first rollout
    expect(out.state).toMatchObject({ step: 4, cursor: 4 * PROMPTS, policyVersion: 4 });
  });

  it('with maxPolicyLag 1 stages an export made while a rollout generates, and only swaps it in between the rollouts', async () => {
    // Rollouts (2 x 150 ms of Generate) outlast training (100 ms): every export after step 1 lands mid-rollout.
    const s = await start({ latencyMs: { generate: 150, execute: 10, train: 100, export: 20, load: 200, stage: 180, swap: 20 } });
    const out = await runCoordinator(s.address, spec(1, 4));
    expect(s.stageCalls.length).toBeGreaterThanOrEqual(2);
    // Staging ran beside Generate calls: inference kept generating.
    const overlapsGenerate = (span: { start: number; end: number }) => s.generateCalls.some((g) => g.start < span.end && g.end > span.start);
    expect(s.stageCalls.every(overlapsGenerate)).toBe(true);
    // The loads between the rollouts swapped the staged exports in (steps 2 and 3; step 4's export
    // is loaded at the end, when inference is free).
    expect(s.swaps).toEqual(s.stageCalls.map((c) => c.directory).filter((d) => s.loadCalls.some((l) => l.directory === d)));
    expect(s.swaps.length).toBeGreaterThanOrEqual(1);
    expect(s.overlaps).toEqual({ loadWaitedForGenerate: 0, generateWaitedForLoad: 0 });
    expect(treeVersions(out)).toEqual([1, 2, 3, 4].flatMap((step) => Array.from({ length: PROMPTS }, () => [step, [Math.max(0, step - 2)]])));
    expect(s.trainCalls.map((c) => c.policyVersion)).toEqual([0, 1, 2, 3]);
  });

  it('with maxPolicyLag 0 keeps the on-policy order: train, export, load, checkpoint, then the next step', async () => {
    const s = await start();
    const out = await runCoordinator(s.address, spec(0, 3, { checkpointInterval: 1 }));
    expect(s.weightCalls).toEqual([1, 2, 3].flatMap(() => ['train', 'export', 'load', 'checkpoint']));
    for (const step of [2, 3]) expect(Math.min(...generateCallsOf(s, step).map((c) => c.start))).toBeGreaterThan(s.trainSpans[step - 2]!.end);
    expect(out.steps.map((r) => [r.sampledBy, r.policyLag])).toEqual([0, 1, 2].map((v) => [v, { 0: NODES_PER_STEP }]));
    expect(s.overlaps).toEqual({ loadWaitedForGenerate: 0, generateWaitedForLoad: 0 });
  });

  it('with maxPolicyLag 2 lets inference run two versions ahead, never more', async () => {
    const s = await start();
    const out = await runCoordinator(s.address, spec(2, 5));
    const records = lastLinePerStep(out);
    records.forEach((r) => expect(r.sampledBy as number).toBeGreaterThanOrEqual((r.step as number) - 3));
    const lags = records.flatMap((r) => Object.keys(r.policyLag as object).map(Number));
    expect(Math.max(...lags)).toBe(2);
    expect(treeVersions(out).every(([, versions]) => (versions as number[]).length === 1)).toBe(true);
    expect(s.trainCalls.map((c) => c.policyVersion)).toEqual([0, 1, 2, 3, 4]);
    expect(s.overlaps).toEqual({ loadWaitedForGenerate: 0, generateWaitedForLoad: 0 });
  });

  it('stops after the step being trained, abandons the rollout ahead, and a resumed run trains every step once', async () => {
    const straight = await runCoordinator((await start()).address, spec(1, 4, { checkpointInterval: 1 }));
    const s = await start();
    const stateDir = mkdtempSync(join(tmpdir(), 'murphy-pipeline-'));
    const stop = new AbortController();
    const poll = setInterval(() => generateCallsOf(s, 3).length > 0 && stop.abort(), 2);
    const first = await runCoordinator(s.address, spec(1, 4, { checkpointInterval: 1 }), { stateDir, signal: stop.signal }).finally(() => clearInterval(poll));

    expect(first.state.step).toBe(2);
    expect(s.trainCalls).toHaveLength(2);
    const abandoned = generateCallsOf(s, 3).length;
    expect(abandoned).toBeGreaterThan(0);
    expect(abandoned).toBeLessThan(GROUPS_PER_STEP); // the abandoned rollout started no new calls
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(generateCallsOf(s, 3)).toHaveLength(abandoned); // and nothing of it outlived the run

    const resumed = await runCoordinator(s.address, spec(1, 4, { checkpointInterval: 1 }), { stateDir });
    expect(s.trainCalls.map((c) => c.policyVersion)).toEqual([0, 1, 2, 3]);
    expect(s.trainCalls.map((c) => c.samples[0]!.groupId.split('.')[0])).toEqual(['s1', 's2', 's3', 's4']);
    const problemsOf = (out: RunOutput) => [...new Map(out.trees.map((t) => [t.tree, t.problem])).entries()]; // the last lines win
    expect(problemsOf(resumed)).toEqual(problemsOf(straight));
    expect(lastLinePerStep(resumed).map((r) => [r.step, r.sampledBy])).toEqual([[1, 0], [2, 0], [3, 2], [4, 2]]);
    expect(resumed.state).toMatchObject({ step: 4, cursor: 4 * PROMPTS, policyVersion: 4 });
  });

  it('records the step being trained when the rollout ahead fails, then fails; a resumed run goes on from there', async () => {
    let failing = true;
    const s = await start({ generateFault: (call) => (failing && call > 2 * GROUPS_PER_STEP ? { code: status.INTERNAL, message: 'engine died' } : undefined) });
    const stateDir = mkdtempSync(join(tmpdir(), 'murphy-pipeline-'));
    await expect(runCoordinator(s.address, spec(1), { stateDir })).rejects.toThrow(/step 3: .*could not be generated or executed.*engine died/);
    expect(await new StateStore(stateDir).load()).toMatchObject({ step: 2, policyVersion: 2 });
    expect(s.trainCalls).toHaveLength(2);

    failing = false;
    const resumed = await runCoordinator(s.address, spec(1), { stateDir });
    expect(s.trainCalls.map((c) => c.policyVersion)).toEqual([0, 1, 2, 3]);
    expect(resumed.state).toMatchObject({ step: 4, policyVersion: 4 });
  });

  it('fails without training the rollout in flight when Train fails; a resumed run trains each step once', async () => {
    let failing = true;
    const s = await start({ trainFault: (call) => (failing && call === 2 ? { code: status.INTERNAL, message: 'out of memory' } : undefined) });
    const stateDir = mkdtempSync(join(tmpdir(), 'murphy-pipeline-'));
    await expect(runCoordinator(s.address, spec(1), { stateDir })).rejects.toThrow(/out of memory/);
    expect(await new StateStore(stateDir).load()).toMatchObject({ step: 1, policyVersion: 1 });
    expect(s.trainCalls.map((c) => c.policyVersion)).toEqual([0]);
    const calls = s.generateCalls.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(s.generateCalls).toHaveLength(calls); // the abandoned rollouts were over when the run returned

    failing = false;
    const resumed = await runCoordinator(s.address, spec(1), { stateDir });
    expect(s.trainCalls.map((c) => c.policyVersion)).toEqual([0, 1, 2, 3]);
    expect(s.trainCalls.map((c) => c.samples[0]!.groupId.split('.')[0])).toEqual(['s1', 's2', 's3', 's4']);
    expect(resumed.state).toMatchObject({ step: 4, policyVersion: 4 });
  });
});
