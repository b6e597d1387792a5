// The gRPC face of the engine: murphy.v1.Executor (Execute, Health). Requests are checked like
// `murphy exec` input; deadlines and cancellation abort the run (its slot is replaced).
import { status, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import {
  ServingStatus,
  TestStatus,
  type ExecuteRequest,
  type ExecuteResponse,
  type ExecutorServer,
  type HealthResponse,
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

export function executorService(engine: Engine, metrics: ExecutorMetrics): ExecutorServer {
  return {
    execute(call: ServerUnaryCall<ExecuteRequest, ExecuteResponse>, callback: sendUnaryData<ExecuteResponse>) {
      const abort = new AbortController();
      call.on('cancelled', () => abort.abort());
      const run = async (): Promise<ExecutionResult> => engine.execute(requestToJob(call.request, secondsUntil(call.getDeadline())), abort.signal);
      run().then(
        (result) => {
          if (abort.signal.aborted) {
            metrics.refused('cancelled');
            return;
          }
          metrics.executed(result);
          callback(null, toResponse(result));
        },
        (error: unknown) => {
          const mapped = errorStatus(error);
          metrics.refused(abort.signal.aborted ? 'cancelled' : mapped.outcome);
          callback({ code: mapped.code, details: mapped.details });
        },
      );
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
