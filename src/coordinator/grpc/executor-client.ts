// ExecutorClient over murphy.v1.Executor. murphy's tests map onto the executor's kinds: an assert
// test is a code test (with the problem's setup in front), a stdio test a stdio test, and the
// pytest tests of one module are sent once as a module test whose per-function results
// ("<name>::<function>") are matched back by function name.
import { TestStatus, type ExecutorClient as ExecutorStub, type TestCase as WireTest, type TestResult } from '../../gen/murphy/v1/executor.js';
import type { TestCase } from '../../datasets/problem.js';
import type { ExecuteRequest, ExecutorClient, TestOutcome, TestStatus as Status } from '../clients.js';
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
  readonly resultNames: string[];
}

function wireTests(tests: readonly TestCase[], setup: string): WireRequest {
  const wire: WireTest[] = [];
  const modules = new Map<string, string>();
  const resultNames = tests.map((test, i) => {
    if (test.kind === 'pytest') {
      let name = modules.get(test.source);
      if (name === undefined) {
        name = `module${modules.size}`;
        modules.set(test.source, name);
        wire.push({ name, module: test.source });
      }
      return `${name}::${test.function}`;
    }
    const name = `t${i}`;
    if (test.kind === 'assert') wire.push({ name, code: setup ? `${setup}\n${test.source}` : test.source });
    else wire.push({ name, stdio: { stdin: test.input, stdout: test.expected } });
    return name;
  });
  return { tests: wire, resultNames };
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

export class GrpcExecutorClient implements ExecutorClient {
  constructor(
    private readonly stub: ExecutorStub,
    private readonly deadlineSlackMs = DEADLINE_SLACK_MS,
  ) {}

  async execute(request: ExecuteRequest): Promise<readonly TestOutcome[]> {
    const { tests, resultNames } = wireTests(request.tests, request.setup);
    const requestSeconds = request.timeoutSeconds * Math.max(1, request.tests.length);
    const response = await unaryCall(
      this.stub.execute.bind(this.stub),
      { code: request.code, tests, timeoutSeconds: requestSeconds, testTimeoutSeconds: request.timeoutSeconds, moduleName: 'solution', requestId: '' },
      requestSeconds * 1000 + this.deadlineSlackMs,
    );
    const byName = new Map(response.results.map((r) => [r.name, r]));
    return resultNames.map((name) => outcomeOf(byName.get(name)));
  }
}
