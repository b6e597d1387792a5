// The coordinator process's exit code is what its Job reads: 0 only after the run's last step,
// COORDINATOR_EXIT.interrupted for every stop before it (so the pod is replaced and resumes), and
// a finished coordinator exits at once instead of lingering on open handles.
import { status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COORDINATOR_EXIT } from '../../src/coordinator/exit-codes.js';
import { StateStore } from '../../src/coordinator/persistence/run-state.js';
import { program, ScriptedServices, type ScriptOptions } from './scripted-services.js';
import { runFile, startCoordinator, stopAll, type CoordinatorProcess } from './coordinator-process.js';

let services: ScriptedServices | null = null;
let running: CoordinatorProcess | null = null;
const start = async (script: ScriptOptions) => (services = await new ScriptedServices({ policy: () => program('0101'), ...script }).start());
afterEach(async () => {
  await stopAll(running, services);
  running = null;
  services = null;
});

const config = (steps: number) => runFile(`  algorithm: {turns: 2, generations: [2, 2]}\n  training: {maxSteps: ${steps}, promptsPerStep: 2, checkpointInterval: 100}\n`);
const stateDir = () => mkdtempSync(join(tmpdir(), 'murphy-exit-'));
const coordinator = (address: string, file: string, dir: string, extra: string[] = []) => (running = startCoordinator(address, file, dir, { args: extra }));

describe('coordinator exit code (real process)', () => {
  it('exits 0 right after the last step, with the final checkpoint saved', async () => {
    const s = await start({});
    const dir = stateDir();
    // A host name, as a Service's, goes through gRPC's DNS resolver.
    const c = coordinator(s.address.replace('127.0.0.1', 'localhost'), config(3), dir);
    const finished = await c.waitForLine(/finished at step 3\/3/);
    const exit = await c.exited;
    expect(exit.code).toBe(COORDINATOR_EXIT.finished);
    // Nothing (gRPC channels, the metrics server, timers) holds a finished process.
    expect(exit.at - finished).toBeLessThan(1_500);
    expect(s.checkpoints).toEqual([3]);
    expect((await new StateStore(dir).load())?.lastCheckpoint?.step).toBe(3);
  }, 60_000);

  it('stopped mid-step, finishes the step, exits "interrupted", and the next process resumes after it', async () => {
    const s = await start({ latencyMs: { train: 800 } });
    const dir = stateDir();
    const file = config(4);
    const c = coordinator(s.address, file, dir);
    await c.waitForLine(/step 1\/4/);
    await new Promise((resolve) => setTimeout(resolve, 300)); // inside step 2
    c.child.kill('SIGTERM');
    expect((await c.exited).code).toBe(COORDINATOR_EXIT.interrupted);
    expect(c.lines.join('\n')).toMatch(/SIGTERM: stopping after the current step[^]*stopped at step 2\/4/);
    expect(s.trainCalls).toHaveLength(2);
    const next = coordinator(s.address, file, dir);
    await next.waitForLine(/resuming after step 2/);
    expect((await next.exited).code).toBe(COORDINATOR_EXIT.finished);
    expect(s.trainCalls.map((t) => t.policyVersion)).toEqual([0, 1, 2, 3]);
  }, 60_000);

  it('stopped between steps, exits "interrupted" without starting another', async () => {
    // A slow progress of steps: each one long in rollout, so the signal lands right after a step's end.
    const s = await start({ latencyMs: { generate: 400 } });
    const dir = stateDir();
    const c = coordinator(s.address, config(5), dir);
    await c.waitForLine(/step 1\/5/);
    c.child.kill('SIGTERM');
    expect((await c.exited).code).toBe(COORDINATOR_EXIT.interrupted);
    const state = await new StateStore(dir).load();
    expect(state?.step).toBeLessThanOrEqual(2);
    expect(state?.step).toBeGreaterThanOrEqual(1);
    expect(s.trainCalls).toHaveLength(state?.step ?? -1);
  }, 60_000);

  it('abandons a step that outlasts --stop-timeout and still exits "interrupted"', async () => {
    const s = await start({ latencyMs: { train: 30_000 } });
    const c = coordinator(s.address, config(2), stateDir(), ['--stop-timeout', '1']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await waitUntil(() => s.trainCalls.length === 1);
    const sent = Date.now();
    c.child.kill('SIGTERM');
    const exit = await c.exited;
    expect(exit.code).toBe(COORDINATOR_EXIT.interrupted);
    expect(exit.at - sent).toBeLessThan(5_000);
    expect(c.lines.join('\n')).toMatch(/did not finish in time/);
  }, 60_000);

  it('exits "interrupted" when a service goes away mid-run (UNAVAILABLE after the retries), and the next process resumes', async () => {
    let trainerGone = true;
    // Every attempt of the second Train call (gRPC retries UNAVAILABLE itself) finds no trainer.
    const s = await start({ trainFault: (call) => (trainerGone && call >= 2 ? { code: status.UNAVAILABLE, message: 'connection refused' } : undefined) });
    const dir = stateDir();
    const first = coordinator(s.address, config(3), dir);
    expect((await first.exited).code).toBe(COORDINATOR_EXIT.interrupted);
    expect(first.lines.join('\n')).toMatch(/a service went away mid-run .*connection refused.*the next coordinator waits for it and resumes/);
    expect((await new StateStore(dir).load())?.step).toBe(1);
    trainerGone = false;
    const second = coordinator(s.address, config(3), dir);
    await second.waitForLine(/resuming after step 1/);
    expect((await second.exited).code).toBe(COORDINATOR_EXIT.finished);
    expect(s.trainCalls.map((t) => t.policyVersion)).toEqual([0, 1, 2]);
  }, 90_000);

  it('fails (neither 0 nor "interrupted") when a service answers with an error', async () => {
    const s = await start({ trainFault: (call) => (call === 2 ? { code: status.INTERNAL, message: 'out of memory' } : undefined) });
    const c = coordinator(s.address, config(3), stateDir());
    const exit = await c.exited;
    expect([COORDINATOR_EXIT.finished, COORDINATOR_EXIT.interrupted]).not.toContain(exit.code);
  }, 60_000);

  it('stopped while waiting for its services, exits "interrupted"', async () => {
    const c = coordinator('127.0.0.1:1', config(2), stateDir());
    await c.waitForLine(/waiting for/);
    c.child.kill('SIGTERM');
    expect((await c.exited).code).toBe(COORDINATOR_EXIT.interrupted);
  }, 60_000);
});

async function waitUntil(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
