// ExecutorClient over murphy.v1.Executor. murphy's tests map onto the executor's kinds as
// datasets/executor-tests.ts says, and results are matched back by name. A batch's programs
// refused one by one (queue full, draining) are sent again, in a smaller batch, with the channels'
// retry policy and backoff: grpc-js retries whole calls, not the programs a streamed answer refused.
import { setTimeout as sleep } from 'node:timers/promises';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  TestStatus,
  type ExecuteBatchRequest as WireBatch,
  type ExecutorClient as ExecutorStub,
  type ExecuteBatchResponse,
  type TestCase as WireTest,
  type TestResult,
} from '../../../gen/murphy/v1/executor.js';
import { executorTests, requestTimeoutSeconds } from '../../../datasets/executor-tests.js';
import type { TestCase } from '../../../datasets/problem.js';
import { backoffDelay, type BackoffOptions } from '../../../grpc/backoff.js';
import { defaultRetryPolicy } from '../../../grpc/channel-config.js';
import type { ExecuteBatchRequest, ExecuteRequest, ExecutorClient, ProgramOutcome, TestOutcome, TestStatus as Status } from '../service-clients.js';
import { unaryCall } from './unary-call.js';

/** Time the executor gets beyond its own limits before the coordinator gives up on a call. */
const DEADLINE_SLACK_MS = 15_000;

const STATUS: Record<number, Status> = {
  [TestStatus.TEST_STATUS_PASSED]: 'passed',
  [TestStatus.TEST_STATUS_FAILED]: 'failed',
  [TestStatus.TEST_STATUS_ERROR]: 'error',
  [TestStatus.TEST_STATUS_TIMEOUT]: 'timeout',
  [TestStatus.TEST_STATUS_CRASHED]: 'crashed',
};

interface WireRequest {
  readonly tests: WireTest[];
  /** For each murphy test, the name of the executor result that scores it. */
  readonly resultNames: readonly string[];
}

function wireTests(tests: readonly TestCase[], setup: string): WireRequest {
  const planned = executorTests(tests, setup);
  const wire = planned.tests.map((test): WireTest => {
    if (test.kind === 'stdio') return { name: test.name, stdio: { stdin: test.stdin, stdout: test.stdout } };
    return test.kind === 'code' ? { name: test.name, code: test.source } : { name: test.name, module: test.source };
  });
  return { tests: wire, resultNames: planned.resultNames };
}

/** What the program did instead of passing: the actual value, else the error, else the status. */
export function actualOf(result: TestResult): string {
  if (result.passed) return '';
  if (result.actual !== undefined) return result.actual;
  const error = [result.errorType, result.errorMessage].filter((part) => part).join(': ');
  if (error) return error;
  return result.stdout.trim() ? `printed ${JSON.stringify(result.stdout.trim())}` : '';
}

function outcomeOf(result: TestResult | undefined): TestOutcome {
  if (result === undefined) return { status: 'crashed', actual: 'the executor returned no result for this test' };
  const status = result.passed ? 'passed' : (STATUS[result.status] ?? 'error');
  return { status: status === 'passed' && !result.passed ? 'failed' : status, actual: actualOf(result) };
}

function outcomesOf(results: readonly TestResult[], resultNames: readonly string[]): TestOutcome[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  return resultNames.map((name) => outcomeOf(byName.get(name)));
}

/** The status one program of a batch failed with, shaped like a grpc-js ServiceError. */
export class ProgramError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

function programOutcome(result: ExecuteBatchResponse, resultNames: readonly string[]): ProgramOutcome {
  if (result.response) return { outcomes: outcomesOf(result.response.results, resultNames) };
  return { error: new ProgramError(result.error?.code ?? status.UNKNOWN, result.error?.message || 'the executor sent a result without an outcome') };
}

/** Streams one ExecuteBatch call into `onResult`; resolves with the call's error (null: it ended OK) after the last result. */
function streamBatch(stub: ExecutorStub, request: WireBatch, deadline: number, onResult: (result: ExecuteBatchResponse) => void): Promise<ServiceError | null> {
  return new Promise((resolve) => {
    let error: ServiceError | null = null;
    let pending = 2; // 'end' (every result delivered) and 'status'
    const done = () => --pending === 0 && resolve(error);
    const stream = stub.executeBatch(request, new Metadata(), { deadline });
    stream.on('data', onResult);
    stream.on('error', (e: ServiceError) => void (error = e));
    stream.on('end', done);
    stream.on('status', done);
  });
}

/** Which of a batch's per-program refusals are retried, how often and after what wait. */
export interface ProgramRetry {
  readonly maxAttempts: number;
  readonly retryableCodes: readonly status[];
  readonly backoff: BackoffOptions;
}

const { maxAttempts, retryableCodes, initialBackoffMs, maxBackoffMs, backoffMultiplier } = defaultRetryPolicy;
/** The channels' retry policy, applied per program. */
export const defaultProgramRetry: ProgramRetry = {
  maxAttempts,
  retryableCodes,
  backoff: { initialMs: initialBackoffMs, maxMs: maxBackoffMs, factor: backoffMultiplier, random: Math.random },
};

export class GrpcExecutorClient implements ExecutorClient {
  constructor(
    private readonly stub: ExecutorStub,
    private readonly deadlineSlackMs = DEADLINE_SLACK_MS,
    private readonly programRetry: ProgramRetry = defaultProgramRetry,
  ) {}

  async execute(request: ExecuteRequest): Promise<readonly TestOutcome[]> {
    const { tests, resultNames } = wireTests(request.tests, request.setup);
    const limits = this.limitsOf(request);
    const response = await unaryCall(this.stub.execute.bind(this.stub), { code: request.code, tests, ...limits.wire }, limits.deadlineMs);
    return outcomesOf(response.results, resultNames);
  }

  async executeBatch(request: ExecuteBatchRequest, onProgram: (index: number, outcome: ProgramOutcome) => void): Promise<void> {
    const { tests, resultNames } = wireTests(request.tests, request.setup);
    const limits = this.limitsOf(request);
    const deadline = Date.now() + limits.deadlineMs;
    let pending = request.codes.map((_, i) => i);
    for (let attempt = 1; pending.length > 0; attempt++) {
      const delay = backoffDelay(attempt - 1, this.programRetry.backoff);
      const mayRetry = (error: unknown) => this.retryable(error) && attempt < this.programRetry.maxAttempts && Date.now() + delay < deadline;
      const again: number[] = [];
      const report = (index: number, outcome: ProgramOutcome) => ('error' in outcome && mayRetry(outcome.error) ? again.push(index) : onProgram(index, outcome));
      const sent = pending;
      const reported = new Set<number>();
      const wire = { codes: sent.map((i) => request.codes[i] as string), tests, ...limits.wire };
      const error = await streamBatch(this.stub, wire, deadline, (result) => {
        const index = sent[result.index];
        if (index === undefined || reported.has(index)) return;
        reported.add(index);
        report(index, programOutcome(result, resultNames));
      });
      const missing = error ?? new Error(`the executor ended the batch without a result for this program`);
      for (const index of sent) if (!reported.has(index)) report(index, { error: missing });
      pending = again;
      if (pending.length > 0) await sleep(delay);
    }
  }

  private retryable(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'number' && this.programRetry.retryableCodes.includes(code);
  }

  /** A request's limits on the wire (per test, and for all tests) and the call's deadline. */
  private limitsOf(request: Omit<ExecuteRequest, 'code'>) {
    const requestSeconds = requestTimeoutSeconds(request.timeoutSeconds, request.tests.length);
    return {
      wire: { timeoutSeconds: requestSeconds, testTimeoutSeconds: request.timeoutSeconds, moduleName: 'solution', requestId: '' },
      deadlineMs: requestSeconds * 1000 + this.deadlineSlackMs,
    };
  }
}
