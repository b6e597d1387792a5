// The gRPC face of the engine: murphy.v1.Executor (Execute, ExecuteBatch, Health). Requests are
// checked like `murphy exec` input; deadlines and cancellation abort the runs (their slots are
// replaced). A program of a batch is run, refused and counted exactly as an Execute call would be.
import { status, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from '@grpc/grpc-js';
import {
  ServingStatus,
  TestStatus,
  type ExecuteBatchRequest,
  type ExecuteRequest,
  type ExecuteResponse,
  type ExecutorServer,
  type HealthResponse,
  type ExecuteBatchResponse,
  type TestResult as WireResult,
} from '../gen/murphy/v1/executor.js';
import type { Engine } from './engine.js';
import { jobInputSchema, toJob } from './job-input.js';
import type { ExecutionResult, Job, TestResult } from './job.js';
import type { ExecutorMetrics } from './metrics.js';
import { DrainingError, QueueFullError } from './pool.js';

const STATUS: Record<TestResult['status'], TestStatus> = {
  passed: TestStatus.TEST_STATUS_PASSED,
  failed: TestStatus.TEST_STATUS_FAILED,
  error: TestStatus.TEST_STATUS_ERROR,
  timeout: TestStatus.TEST_STATUS_TIMEOUT,
  crashed: TestStatus.TEST_STATUS_CRASHED,
};

class InvalidRequest extends Error {}

function testInput(test: ExecuteRequest['tests'][number]): Record<string, string> {
  if (test.code !== undefined) return { name: test.name, code: test.code };
  if (test.module !== undefined) return { name: test.name, module: test.module };
  if (test.stdio !== undefined) return { name: test.name, stdin: test.stdio.stdin, stdout: test.stdio.stdout };
  throw new InvalidRequest(`tests: test "${test.name}" has no code, module or stdio: set exactly one`);
}

/** The job of a request, its time limit shortened to the call's deadline. */
export function requestToJob(request: ExecuteRequest, deadlineSeconds = Infinity): Job {
  const input = {
    code: request.code,
    tests: request.tests.map(testInput),
    ...(request.timeoutSeconds > 0 ? { timeoutSeconds: request.timeoutSeconds } : {}),
    ...(request.testTimeoutSeconds > 0 ? { testTimeoutSeconds: request.testTimeoutSeconds } : {}),
    ...(request.moduleName ? { moduleName: request.moduleName } : {}),
  };
  const parsed = jobInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidRequest(`${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`);
  }
  const job = toJob(parsed.data);
  return { ...job, timeoutSeconds: Math.max(0.001, Math.min(job.timeoutSeconds, deadlineSeconds)) };
}

function wireResult(result: TestResult): WireResult {
  return { ...result, status: STATUS[result.status] };
}

export function toResponse(result: ExecutionResult): ExecuteResponse {
  return { ...result, results: result.results.map(wireResult) };
}

function secondsUntil(deadline: ReturnType<ServerUnaryCall<unknown, unknown>['getDeadline']>): number {
  const at = deadline instanceof Date ? deadline.getTime() : Number(deadline);
  return Number.isFinite(at) ? (at - Date.now()) / 1000 : Infinity;
}

function errorStatus(error: unknown): { code: status; details: string; outcome: 'rejected' | 'cancelled' | 'error' } {
  const details = (error as Error).message;
  if (error instanceof InvalidRequest) return { code: status.INVALID_ARGUMENT, details, outcome: 'rejected' };
  if (error instanceof QueueFullError) return { code: status.RESOURCE_EXHAUSTED, details, outcome: 'rejected' };
  if (error instanceof DrainingError) return { code: status.UNAVAILABLE, details, outcome: 'rejected' };
  return { code: status.INTERNAL, details, outcome: 'error' };
}

/** How one program ended: its response, or the status its call fails with. */
type Settled = { readonly response: ExecuteResponse } | { readonly error: { code: status; details: string } };

/** A call's runs: aborted together when the call is cancelled or its deadline passes. */
class CallRuns {
  private readonly abort = new AbortController();

  constructor(
    private readonly engine: Engine,
    private readonly metrics: ExecutorMetrics,
    call: ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown>,
  ) {
    call.on('cancelled', () => this.abort.abort());
  }

  get cancelled(): boolean {
    return this.abort.signal.aborted;
  }

  /** Runs one job (a thunk, so a bad request settles as INVALID_ARGUMENT) and counts its outcome. */
  async settle(job: () => Job): Promise<Settled> {
    try {
      const result = await this.engine.execute(job(), this.abort.signal);
      if (this.abort.signal.aborted) return this.aborted();
      this.metrics.executed(result);
      return { response: toResponse(result) };
    } catch (error) {
      if (this.abort.signal.aborted) return this.aborted();
      const mapped = errorStatus(error);
      this.metrics.refused(mapped.outcome);
      return { error: { code: mapped.code, details: mapped.details } };
    }
  }

  private aborted(): Settled {
    this.metrics.refused('cancelled');
    return { error: { code: status.CANCELLED, details: 'the call was cancelled or its deadline passed' } };
  }
}

/** The job of each program of a batch; a bad batch throws InvalidRequest naming the field. */
export function batchToJobs(request: ExecuteBatchRequest, deadlineSeconds = Infinity): Job[] {
  if (request.codes.length === 0) throw new InvalidRequest('codes: give at least one program');
  const { codes, ...shared } = request;
  return codes.map((code) => requestToJob({ ...shared, code }, deadlineSeconds));
}

function programResult(index: number, settled: Settled): ExecuteBatchResponse {
  return 'response' in settled ? { index, response: settled.response } : { index, error: { code: settled.error.code, message: settled.error.details } };
}

export function executorService(engine: Engine, metrics: ExecutorMetrics): ExecutorServer {
  return {
    execute(call: ServerUnaryCall<ExecuteRequest, ExecuteResponse>, callback: sendUnaryData<ExecuteResponse>) {
      const runs = new CallRuns(engine, metrics, call);
      void runs.settle(() => requestToJob(call.request, secondsUntil(call.getDeadline()))).then((settled) => {
        if (runs.cancelled) return;
        if ('response' in settled) callback(null, settled.response);
        else callback(settled.error);
      });
    },
    executeBatch(call: ServerWritableStream<ExecuteBatchRequest, ExecuteBatchResponse>) {
      let jobs: Job[];
      try {
        jobs = batchToJobs(call.request, secondsUntil(call.getDeadline()));
      } catch (error) {
        metrics.refused('rejected');
        const { code, details } = errorStatus(error);
        call.emit('error', { code, details });
        return;
      }
      const runs = new CallRuns(engine, metrics, call);
      const streamed = jobs.map((job, index) =>
        runs.settle(() => job).then((settled) => {
          if (!runs.cancelled) call.write(programResult(index, settled));
        }),
      );
      void Promise.all(streamed).then(() => runs.cancelled || call.end());
    },
    health(_call, callback) {
      callback(null, healthOf(engine));
    },
  };
}

export function healthOf(engine: Engine): HealthResponse {
  const stats = engine.stats();
  return {
    status: stats.draining ? ServingStatus.SERVING_STATUS_NOT_SERVING : ServingStatus.SERVING_STATUS_SERVING,
    sandbox: engine.sandbox,
    concurrency: stats.size,
    running: stats.running,
    queued: stats.queued,
    queueCapacity: stats.queueCapacity,
  };
}
