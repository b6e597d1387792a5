// Two real `murphy executor` processes behind one target (an `ipv4:` list; in a cluster, the A
// records of the executors' headless Service): the coordinator's ExecuteBatch calls reach both,
// and every program is scored by one of them.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { program, ScriptedServices } from './scripted-services.js';
import { runCoordinator, specOf } from './harness.js';

const CLI = 'dist/src/cli/main.js';

interface Executor {
  readonly process: ChildProcess;
  readonly port: number;
  readonly metricsPort: number;
}

function startExecutor(): Promise<Executor> {
  const child = spawn('node', [CLI, 'executor', '--port', '0', '--metrics-port', '0', '--sandbox', 'process', '--concurrency', '2', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      const match = /gRPC on :(\d+), metrics on :(\d+)/.exec(log);
      if (match) resolve({ process: child, port: Number(match[1]), metricsPort: Number(match[2]) });
    });
    child.once('exit', () => reject(new Error(`executor exited: ${log}`)));
  });
}

/** Programs an executor ran to the end, from its own /metrics. */
async function programsRun(executor: Executor): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${executor.metricsPort}/metrics`)).text();
  return Number(/^murphy_executor_requests_total\{outcome="ok"\} (\d+)$/m.exec(text)?.[1] ?? 0);
}

describe('coordinator with two real executor processes', () => {
  let executors: Executor[] = [];
  let services: ScriptedServices;
  beforeAll(async () => {
    executors = await Promise.all([startExecutor(), startExecutor()]);
    services = await new ScriptedServices({ policy: () => program('0000') }).start();
  }, 60_000);
  afterAll(async () => {
    await services.stop();
    await Promise.all(executors.map((e) => new Promise((resolve) => (e.process.once('exit', resolve), e.process.kill('SIGTERM')))));
  });

  it('sends ExecuteBatch calls to both and gets every program scored', async () => {
    const target = `ipv4:${executors.map((e) => `127.0.0.1:${e.port}`).join(',')}`;
    const spec = specOf({ algorithm: { turns: 2, generations: [2, 2] }, training: { maxSteps: 1, promptsPerStep: 4 }, executor: { replicas: 2, concurrency: 2 } });
    const out = await runCoordinator({ inference: services.address, executor: target, trainer: services.address }, spec);
    expect(out.steps[0]).toMatchObject({ rollouts: 24, dropped: { generate: 0, execute: 0, stale: 0 } });
    const counts = await Promise.all(executors.map(programsRun));
    expect(counts.every((count) => count > 0)).toBe(true);
    expect(counts[0]! + counts[1]!).toBe(24);
  }, 120_000);
});
