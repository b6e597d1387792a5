// The coordinator learns the executors' sandbox from their Health answer and adds it to every
// progress report (the operator shows a weaker sandbox than asked on the run). A real executor.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectServices } from '../../src/coordinator/clients/grpc/connect.js';
import { withExecutorSandbox } from '../../src/coordinator/serve-coordinator.js';
import type { ProgressSink } from '../../src/coordinator/coordinator.js';
import { startExecutor, type RunningExecutor } from '../../src/executor/server.js';

let executor: RunningExecutor;

beforeAll(async () => {
  executor = await startExecutor({ port: 0, metricsPort: 0, host: '127.0.0.1', sandbox: 'process', concurrency: 1 });
});

afterAll(async () => {
  await executor.stop(0);
});

describe('the executors\' sandbox in progress reports', () => {
  it('asks an executor which sandbox it runs programs in', async () => {
    const address = `127.0.0.1:${executor.port}`;
    const clients = connectServices({ inference: address, executor: address, trainer: address });
    expect(await clients.executorSandbox()).toBe('process');
    clients.close();
    const unreachable = connectServices({ inference: '127.0.0.1:1', executor: '127.0.0.1:1', trainer: '127.0.0.1:1' });
    expect(await unreachable.executorSandbox()).toBeUndefined();
    unreachable.close();
  });

  it('adds it to every report, and leaves reports alone when it is unknown', async () => {
    const reports: unknown[] = [];
    const sink: ProgressSink = { report: (progress) => Promise.resolve(void reports.push(progress)) };
    await withExecutorSandbox(sink, 'process')?.report({ step: 3, totalSteps: 10, passRates: [0.5] });
    await withExecutorSandbox(sink, undefined)?.report({ step: 4, totalSteps: 10, passRates: [0.5] });
    expect(reports).toEqual([{ step: 3, totalSteps: 10, passRates: [0.5], executorSandbox: 'process' }, { step: 4, totalSteps: 10, passRates: [0.5] }]);
  });
});
