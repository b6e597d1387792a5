// A restarted coordinator continues where it stopped, reconciled with the trainer's policy version.
import { status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateStore } from '../../src/coordinator/persistence/run-state.js';
import { program, ScriptedServices } from './scripted-services.js';
import { runCoordinator, specOf } from './harness.js';

const started: ScriptedServices[] = [];
const start = async (trainerVersion = 0) => {
  const s = await new ScriptedServices({ policy: ({ index }) => program(index ? '0000' : '1100'), trainerVersion }).start();
  started.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

const spec = (maxSteps: number, training: Record<string, unknown> = {}) =>
  specOf({ algorithm: { turns: 2, generations: [2, 2] }, training: { maxSteps, promptsPerStep: 3, checkpointInterval: 1, ...training }, dataset: { source: 'builtin:mini', seed: 5 } });

const problemsOf = (trees: { step: number; problem: string }[]) => trees.map((t) => `${t.step}:${t.problem}`);

describe('coordinator resume', () => {
  it('continues at the next step with the problems a straight run would draw, training each step once', async () => {
    const straight = await runCoordinator((await start()).address, spec(3));

    const stateDir = mkdtempSync(join(tmpdir(), 'murphy-resume-'));
    const services = await start();
    await runCoordinator(services.address, spec(1), { stateDir });
    services.inferenceVersion = 0; // inference restarted meanwhile, with the model's own weights
    const resumed = await runCoordinator(services.address, spec(3), { stateDir });

    expect(problemsOf(resumed.trees)).toEqual(problemsOf(straight.trees));
    expect(services.trainCalls.map((c) => c.policyVersion)).toEqual([0, 1, 2]);
    expect(resumed.steps.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(resumed.state).toMatchObject({ step: 3, cursor: 9, policyVersion: 3 });
    // The resumed coordinator first makes inference serve the trainer's weights (a replica already at them is left alone).
    expect(services.loadCalls.map((c) => c.policyVersion)).toEqual([1, 1, 2, 3]);
  });

  it('does nothing when the run is already complete', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'murphy-resume-'));
    const services = await start();
    await runCoordinator(services.address, spec(2), { stateDir });
    const again = await runCoordinator(services.address, spec(2), { stateDir });
    expect(again.state.step).toBe(2);
    expect(services.trainCalls).toHaveLength(2);
  });

  it('counts a step the trainer applied before the coordinator could save it as done', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'murphy-resume-'));
    await runCoordinator((await start()).address, spec(1), { stateDir });
    const ahead = await start(2); // the trainer trained step 2, then the coordinator died
    const resumed = await runCoordinator(ahead.address, spec(3), { stateDir });
    expect(ahead.trainCalls.map((c) => c.policyVersion)).toEqual([2]);
    expect(resumed.state).toMatchObject({ step: 3, cursor: 9, policyVersion: 3 });
  });

  it('records an applied step from the records it saved before training it, when the coordinator failed before recording it', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'murphy-resume-'));
    // Step 2 trains, then loading its weights fails (as when inference goes away): the coordinator stops unrecorded.
    const services = new ScriptedServices({ policy: ({ index }) => program(index ? '0000' : '1100'), loadFault: (call) => (call === 2 ? { code: status.INTERNAL } : undefined) });
    started.push(await services.start());
    await expect(runCoordinator(services.address, spec(3), { stateDir })).rejects.toThrow();
    expect(services.trainerVersion).toBe(2);
    await expect(new StateStore(stateDir).load()).resolves.toMatchObject({ step: 1 });

    const resumed = await runCoordinator(services.address, spec(3), { stateDir });
    expect(services.trainCalls.map((c) => c.policyVersion)).toEqual([0, 1, 2]);
    expect(resumed.steps.map((s) => [s.step, s.policyVersion, s.recovered === undefined])).toEqual([[1, 1, true], [2, 2, false], [3, 3, true]]);
    const recovered = resumed.steps[1]!;
    const trained = services.trainCalls[1]!.samples.length;
    expect(recovered).toMatchObject({ samples: trained, dropped: { generate: 0, execute: 0, stale: 0 }, sampledBy: 1, policyLag: { 0: trained }, train: {} });
    expect(recovered.passRates).toEqual(resumed.steps[0]!.passRates);
    expect(resumed.trees.filter((t) => t.step === 2)).toHaveLength(3);
    expect(resumed.state).toMatchObject({ step: 3, cursor: 9, policyVersion: 3 });
  });

  it('goes back to the last checkpoint when the trainer restarted from it', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'murphy-resume-'));
    await runCoordinator((await start()).address, spec(3, { checkpointInterval: 2 }), { stateDir });
    const store = new StateStore(stateDir);
    const saved = (await store.load())!;
    await store.save({ ...saved, lastCheckpoint: { ...saved.lastCheckpoint!, step: 2, cursor: 6, policyVersion: 2 } });
    const restarted = await start(2);
    const resumed = await runCoordinator(restarted.address, spec(3), { stateDir });
    expect(restarted.trainCalls.map((c) => c.policyVersion)).toEqual([2]);
    expect(resumed.trees.filter((t) => t.step === 3)).toHaveLength(6); // step 3 logged twice: the last lines win
    expect(resumed.state).toMatchObject({ step: 3, cursor: 9 });
  });

  it('refuses a trainer that does not fit the saved state, and changed seeds, saying what to do', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'murphy-resume-'));
    await runCoordinator((await start()).address, spec(1), { stateDir });
    await expect(runCoordinator((await start(7)).address, spec(2), { stateDir })).rejects.toThrow(
      /trainer is at policy version 7, but the saved state is at step 1 .*start the trainer from this run's checkpoint directory/,
    );
    await expect(runCoordinator((await start(1)).address, specOf({ ...spec(2), training: { maxSteps: 2, promptsPerStep: 3, seed: 9 } }), { stateDir })).rejects.toThrow(
      /started with seeds training=0, dataset=5, but the spec now says training=9/,
    );
    await expect(runCoordinator((await start(4)).address, spec(1))).rejects.toThrow(/trainer is at policy version 4 but this run has no saved state/);
  });
});
