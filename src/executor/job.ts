// What one execution is: a program, its tests and its limits; and what comes back.

export type TestKind = 'code' | 'module' | 'stdio';

/** One test as the harness receives it. */
export type TestSpec =
  | { readonly name: string; readonly kind: 'code' | 'module'; readonly source: string }
  | { readonly name: string; readonly kind: 'stdio'; readonly stdin: string; readonly stdout: string };

/** Resource limits of each test process (rlimits) and of the captured output. */
export interface Limits {
  /** RLIMIT_AS, bytes. */
  readonly memoryBytes: number;
  /** RLIMIT_NPROC (enforced when the executor runs as root and gives each slot its own user). */
  readonly processes: number;
  /** RLIMIT_FSIZE, bytes. */
  readonly fileBytes: number;
  /** RLIMIT_NOFILE. */
  readonly openFiles: number;
  /** stdout + stderr bytes per test before the test is ended. */
  readonly outputBytes: number;
  /** Bytes (allocated) the test directory may hold before the test is ended. */
  readonly directoryBytes: number;
  /** Files and directories the test directory may hold before the test is ended. */
  readonly directoryFiles: number;
}

export const defaultLimits: Limits = {
  memoryBytes: 1024 * 1024 * 1024,
  processes: 64,
  fileBytes: 16 * 1024 * 1024,
  openFiles: 64,
  outputBytes: 1024 * 1024,
  directoryBytes: 64 * 1024 * 1024,
  directoryFiles: 1000,
};

export const DEFAULT_TIMEOUT_SECONDS = 10;
export const MAX_TIMEOUT_SECONDS = 300;

export interface Job {
  readonly code: string;
  readonly tests: readonly TestSpec[];
  readonly moduleName: string;
  /** Wall clock for the whole request. */
  readonly timeoutSeconds: number;
  /** Wall clock per test; 0 means the request limit. */
  readonly testTimeoutSeconds: number;
}

export type TestStatus = 'passed' | 'failed' | 'error' | 'timeout' | 'crashed';

export interface TestResult {
  readonly name: string;
  readonly passed: boolean;
  readonly status: TestStatus;
  readonly errorType: string;
  readonly errorMessage: string;
  readonly traceback: string;
  readonly actual?: string;
  readonly expected?: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationSeconds: number;
}

export interface ExecutionResult {
  readonly passed: number;
  readonly total: number;
  readonly reward: number;
  readonly results: readonly TestResult[];
  readonly sandbox: string;
  readonly durationSeconds: number;
}

/** Totals and reward from per-test results: a test counts only when the harness saw it pass. */
export function score(results: readonly TestResult[], sandbox: string, durationSeconds: number): ExecutionResult {
  const passed = results.filter((r) => r.passed && r.status === 'passed').length;
  const total = results.length;
  return { passed, total, reward: total === 0 ? 0 : passed / total, results, sandbox, durationSeconds };
}

/** Every test failed for one reason (the run as a whole timed out or its runner died). */
export function failedResults(job: Job, status: 'timeout' | 'crashed', message: string): TestResult[] {
  return job.tests.map((test) => ({
    name: test.name,
    passed: false,
    status,
    errorType: status === 'timeout' ? 'Timeout' : 'Crashed',
    errorMessage: message,
    traceback: '',
    stdout: '',
    stderr: '',
    durationSeconds: 0,
  }));
}
