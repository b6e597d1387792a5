// The executor over real gRPC sockets: Execute, ExecuteBatch, Health, bounded queue, deadlines, bad requests,
// grpc-js's retry policy (the channels' service config) against a busy server, metrics and health over HTTP, graceful drain.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Metadata, credentials, status, type ServiceError } from '@grpc/grpc-js';
import {
  ExecutorClient,
  ServingStatus,
  TestStatus,
  type ExecuteBatchRequest,
  type ExecuteRequest,
  type ExecuteResponse,
  type HealthResponse,
  type ExecuteBatchResponse,
} from '../../src/gen/murphy/v1/executor.js';
import { channelOptions, defaultRetryPolicy } from '../../src/grpc/channel-config.js';
import { startExecutor, type RunningExecutor } from '../../src/executor/server.js';
import { slotProcessesAfter } from './slot-processes.js';
import { engineOccupied } from './engine-waits.js';

const honest: ExecuteRequest = {
  code: 'def add(a, b):\n    return a + b\n',
  tests: [{ name: 't1', code: 'assert add(1, 2) == 3' }, { name: 't2', code: 'assert add(1, 2) == 4' }],
  timeoutSeconds: 10, testTimeoutSeconds: 0, moduleName: '', requestId: 'r1',
};
const slow = (seconds: number): ExecuteRequest => ({ ...honest, code: `import time\ntime.sleep(${seconds})\ndef add(a, b):\n    return a + b\n`, tests: [{ name: 't1', code: 'assert add(1, 2) == 3' }] });

function execute(client: ExecutorClient, request: ExecuteRequest, deadlineMs = 20_000): Promise<ExecuteResponse> {
  return new Promise((resolve, reject) => client.execute(request, new Metadata(), { deadline: Date.now() + deadlineMs }, (error, response) => (error ? reject(error) : resolve(response))));
}

/** The results an ExecuteBatch call streamed, in arrival order, and how the call ended. */
function executeBatch(client: ExecutorClient, request: ExecuteBatchRequest, deadlineMs = 20_000): Promise<{ results: ExecuteBatchResponse[]; code: status }> {
  return new Promise((resolve) => {
    const results: ExecuteBatchResponse[] = [];
    const stream = client.executeBatch(request, new Metadata(), { deadline: Date.now() + deadlineMs });
    stream.on('data', (result: ExecuteBatchResponse) => results.push(result));
    stream.on('error', () => {});
    stream.on('status', ({ code }: { code: status }) => resolve({ results, code }));
  });
}

function health(client: ExecutorClient): Promise<HealthResponse> {
  return new Promise((resolve, reject) => client.health({}, (error, response) => (error ? reject(error) : resolve(response))));
}

/** Waits until the executor holds `running` runs and `queued` waiting ones. */
const occupied = (executor: RunningExecutor, running: number, queued: number): Promise<void> => engineOccupied(executor.engine, running, queued);

function codeOf(promise: Promise<unknown>): Promise<status | 'ok'> {
  return promise.then(() => 'ok' as const, (error: ServiceError) => error.code);
}

describe('murphy.v1.Executor over gRPC', () => {
  let executor: RunningExecutor;
  let client: ExecutorClient;
  beforeAll(async () => {
    executor = await startExecutor({ port: 0, metricsPort: 0, host: '127.0.0.1', sandbox: 'process', concurrency: 1, queueCapacity: 1 });
    client = new ExecutorClient(`127.0.0.1:${executor.port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await executor.stop(1_000);
  });

  it('executes and scores a program', async () => {
    const response = await execute(client, honest);
    expect(response).toMatchObject({ passed: 1, total: 2, reward: 0.5, sandbox: 'process' });
    expect(response.results.map((r) => r.status)).toEqual([TestStatus.TEST_STATUS_PASSED, TestStatus.TEST_STATUS_FAILED]);
    expect(response.results[1]).toMatchObject({ actual: '3', expected: '4', errorType: 'AssertionError' });
  });

  it('reports health', async () => {
    expect(await health(client)).toMatchObject({ status: ServingStatus.SERVING_STATUS_SERVING, sandbox: 'process', concurrency: 1, queueCapacity: 1 });
  });

  it('rejects a test without a kind as INVALID_ARGUMENT, naming it', async () => {
    const error = await execute(client, { ...honest, tests: [{ name: 'empty' }] }).catch((e: ServiceError) => e);
    expect((error as ServiceError).code).toBe(status.INVALID_ARGUMENT);
    expect((error as ServiceError).details).toContain('test "empty" has no code, module or stdio');
  });

  it('answers RESOURCE_EXHAUSTED beyond the slot and the queue', async () => {
    const calls = [execute(client, slow(1.5)), execute(client, slow(0.1))];
    await occupied(executor, 1, 1);
    const refused = await codeOf(execute(client, honest));
    expect(refused).toBe(status.RESOURCE_EXHAUSTED);
    expect(await Promise.all(calls.map(codeOf))).toEqual(['ok', 'ok']);
  });

  it('retries RESOURCE_EXHAUSTED with backoff from the service config until a slot frees', async () => {
    const retrying = new ExecutorClient(
      `127.0.0.1:${executor.port}`,
      credentials.createInsecure(),
      channelOptions({ ...defaultRetryPolicy, maxAttempts: 20, initialBackoffMs: 100, maxBackoffMs: 400 }),
    );
    const calls = [execute(client, slow(1)), execute(client, slow(0.1))];
    await occupied(executor, 1, 1);
    const response = await execute(retrying, honest);
    expect(response.passed).toBe(1);
    await Promise.all(calls);
    retrying.close();
  });

  it('kills a run whose deadline passes, leaves nothing running, and keeps serving', async () => {
    const endless = { ...honest, code: 'import os\nos.fork()\nwhile True:\n    pass\n' };
    expect(await codeOf(execute(client, endless, 700))).toBe(status.DEADLINE_EXCEEDED);
    expect(await slotProcessesAfter(5_000)).toEqual([]);
    expect((await execute(client, honest)).passed).toBe(1);
  });

  it('runs a batch program by program, streaming each result with its index', async () => {
    const { code: _code, ...shared } = honest;
    const { results, code } = await executeBatch(client, { ...shared, codes: [honest.code, 'def add(a, b):\n    return 3\n'] });
    expect(code).toBe(status.OK);
    expect(results.map((r) => [r.index, r.response?.passed, r.response?.total])).toEqual([[0, 1, 2], [1, 1, 2]]);
    expect(results[0]!.response!.results[1]).toMatchObject({ actual: '3', expected: '4' });
  });

  it('refuses the programs of a batch beyond the slot and the queue one by one, running the others', async () => {
    const { code: _code, ...shared } = slow(0.5);
    const { results, code } = await executeBatch(client, { ...shared, codes: [slow(0.5).code, slow(0.1).code, honest.code] });
    expect(code).toBe(status.OK);
    const byIndex = [...results].sort((a, b) => a.index - b.index);
    expect(byIndex.map((r) => r.response?.passed ?? r.error?.code)).toEqual([1, 1, status.RESOURCE_EXHAUSTED]);
    expect(byIndex[2]!.error!.message).toContain('slots are busy');
  });

  it('rejects a batch without programs or with a bad test as INVALID_ARGUMENT', async () => {
    const { code: _code, ...shared } = honest;
    expect((await executeBatch(client, { ...shared, codes: [] })).code).toBe(status.INVALID_ARGUMENT);
    expect((await executeBatch(client, { ...shared, codes: ['x = 1'], tests: [{ name: 'empty' }] })).code).toBe(status.INVALID_ARGUMENT);
  });

  it('kills a batch whose deadline passes, keeping the results already streamed', async () => {
    const { code: _code, ...shared } = honest;
    const { results, code } = await executeBatch(client, { ...shared, codes: [honest.code, 'while True:\n    pass\n'] }, 1_500);
    expect(code).toBe(status.DEADLINE_EXCEEDED);
    expect(results.map((r) => [r.index, r.response?.passed])).toEqual([[0, 1]]);
    expect(await slotProcessesAfter(5_000)).toEqual([]);
  });

  it('exports murphy_ metrics and /healthz over HTTP', async () => {
    const text = await (await fetch(`http://127.0.0.1:${executor.metricsPort}/metrics`)).text();
    expect(text).toMatch(/murphy_executor_requests_total\{outcome="ok"\} [1-9]/);
    expect(text).toMatch(/murphy_executor_requests_total\{outcome="rejected"\} [1-9]/);
    expect(text).toMatch(/murphy_executor_tests_total\{status="passed"\} [1-9]/);
    expect(text).toContain('murphy_executor_slots 1');
    const healthz = await fetch(`http://127.0.0.1:${executor.metricsPort}/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.text()).toContain('sandbox=process');
  });
});

describe('draining', () => {
  it('finishes admitted work, reports NOT_SERVING and refuses new work (each program of a batch too)', async () => {
    const executor = await startExecutor({ port: 0, metricsPort: 0, host: '127.0.0.1', sandbox: 'process', concurrency: 1, queueCapacity: 2 });
    const client = new ExecutorClient(`127.0.0.1:${executor.port}`, credentials.createInsecure());
    const running = execute(client, slow(1));
    const queued = execute(client, slow(0.1));
    await occupied(executor, 1, 1);
    const stopped = executor.stop(10_000);
    expect((await health(client)).status).toBe(ServingStatus.SERVING_STATUS_NOT_SERVING);
    expect((await fetch(`http://127.0.0.1:${executor.metricsPort}/healthz`)).status).toBe(503);
    expect(await codeOf(execute(client, honest))).toBe(status.UNAVAILABLE);
    const { code: _code, ...shared } = honest;
    const batch = await executeBatch(client, { ...shared, codes: [honest.code, honest.code] });
    expect([batch.code, ...[...batch.results].sort((a, b) => a.index - b.index).map((r) => r.error?.code)]).toEqual([status.OK, status.UNAVAILABLE, status.UNAVAILABLE]);
    expect((await running).passed).toBe(1);
    expect((await queued).passed).toBe(1);
    await stopped;
    client.close();
  });
});
