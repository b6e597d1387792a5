// The ground-truth check: every record's own reference solution run against all its tests through
// the executor, as a run would run a model's program (same test mapping, limits and sandbox), so
// that a broken test, a library the executor's interpreter lacks or an executor incompatibility is
// found before a model is trained or judged on the record. A record whose reference fails is put
// down to one cause, in this order: a library it lists that cannot be imported where the executor
// runs, a sandbox refusal, a timeout, else a test failure.
import { executorTests, requestTimeoutSeconds } from '../datasets/executor-tests.js';
import type { ProblemRecord } from '../datasets/problem.js';
import type { ExecutionResult, Job, TestResult } from '../executor/job.js';

export const FAILURE_CAUSES = ['test failure', 'missing library', 'sandbox refusal', 'timeout'] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

export interface FailedRecord {
  readonly id: string;
  readonly cause: FailureCause;
  /** The first failing test and its error, or the libraries that cannot be imported. */
  readonly detail: string;
}

export interface GroundTruthReport {
  readonly records: number;
  readonly passed: number;
  /** Records that ship no reference solution (nothing to check). */
  readonly withoutReference: readonly string[];
  readonly failed: readonly FailedRecord[];
}

/** What runs the programs: the executor engine, or anything that executes a job the same way. */
export interface JobRunner {
  execute(job: Job): Promise<ExecutionResult>;
}

export interface GroundTruthOptions {
  /** Wall clock per test, as spec.executor.timeoutSeconds gives a run. */
  readonly testTimeoutSeconds: number;
  /** References run at once. */
  readonly concurrency: number;
  readonly onChecked?: (done: number, total: number) => void;
}

const DETAIL_LIMIT = 300;
const SANDBOX_ERRORS = new Set(['SandboxViolation', 'PermissionError']);
const IMPORT_ERRORS = new Set(['ModuleNotFoundError', 'ImportError']);

function summary(name: string, result: TestResult): string {
  const error = [result.errorType, result.errorMessage].filter((part) => part).join(': ') || result.status;
  const text = `${name}: ${error}`;
  return text.length > DETAIL_LIMIT ? `${text.slice(0, DETAIL_LIMIT - 3)}...` : text;
}

/** The cause of a failed reference from its failing tests' results. */
export function causeOf(failing: readonly TestResult[]): FailureCause {
  if (failing.some((r) => SANDBOX_ERRORS.has(r.errorType) || (r.status === 'crashed' && /SIGSYS/.test(r.errorMessage)))) return 'sandbox refusal';
  if (failing.some((r) => IMPORT_ERRORS.has(r.errorType))) return 'missing library';
  if (failing.some((r) => r.status === 'timeout')) return 'timeout';
  return 'test failure';
}

/** The libraries among `libs` that cannot be imported where the executor runs, each with why. */
async function unimportable(runner: JobRunner, libs: readonly string[], timeoutSeconds: number): Promise<Map<string, string>> {
  const missing = new Map<string, string>();
  if (libs.length === 0) return missing;
  const tests = libs.map((lib) => ({ name: lib, kind: 'code' as const, source: `import ${lib}` }));
  const result = await runner.execute({ code: '', tests, moduleName: 'solution', timeoutSeconds: requestTimeoutSeconds(timeoutSeconds, tests.length), testTimeoutSeconds: timeoutSeconds });
  for (const test of result.results) if (test.status !== 'passed') missing.set(test.name, summary(`import ${test.name}`, test));
  return missing;
}

async function checkRecord(runner: JobRunner, record: ProblemRecord & { reference: string }, missing: ReadonlyMap<string, string>, timeoutSeconds: number): Promise<FailedRecord | null> {
  const absent = (record.libs ?? []).filter((lib) => missing.has(lib));
  if (absent.length > 0) return { id: record.id, cause: 'missing library', detail: absent.map((lib) => missing.get(lib)).join('; ') };
  const { tests, resultNames } = executorTests(record.tests, record.setup);
  const job: Job = { code: record.reference, tests, moduleName: 'solution', timeoutSeconds: requestTimeoutSeconds(timeoutSeconds, record.tests.length), testTimeoutSeconds: timeoutSeconds };
  const byName = new Map((await runner.execute(job)).results.map((r) => [r.name, r]));
  const failing = resultNames.flatMap((name, i) => {
    const result = byName.get(name);
    const test = record.tests[i]?.name ?? name;
    if (result === undefined) return [{ test, result: { name, passed: false, status: 'crashed', errorType: 'Missing', errorMessage: 'the executor returned no result for this test', traceback: '', stdout: '', stderr: '', durationSeconds: 0 } satisfies TestResult }];
    return result.passed && result.status === 'passed' ? [] : [{ test, result }];
  });
  const first = failing[0];
  if (first === undefined) return null;
  return { id: record.id, cause: causeOf(failing.map((f) => f.result)), detail: summary(first.test, first.result) };
}

export async function checkGroundTruth(runner: JobRunner, records: readonly ProblemRecord[], options: GroundTruthOptions): Promise<GroundTruthReport> {
  const checkable = records.filter((r): r is ProblemRecord & { reference: string } => r.reference !== undefined);
  const libs = [...new Set(checkable.flatMap((r) => r.libs ?? []))].sort();
  const missing = await unimportable(runner, libs, options.testTimeoutSeconds);
  const failed: (FailedRecord | null)[] = new Array<FailedRecord | null>(checkable.length).fill(null);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let index = next++; index < checkable.length; index = next++) {
      failed[index] = await checkRecord(runner, checkable[index] as ProblemRecord & { reference: string }, missing, options.testTimeoutSeconds);
      options.onChecked?.(++done, checkable.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  const failures = failed.filter((f): f is FailedRecord => f !== null);
  return {
    records: records.length,
    passed: checkable.length - failures.length,
    withoutReference: records.filter((r) => r.reference === undefined).map((r) => r.id),
    failed: failures,
  };
}

/** The report as text: totals, then each cause with its records. */
export function groundTruthText(report: GroundTruthReport, source: string): string {
  const checked = report.records - report.withoutReference.length;
  const lines = [`${source}: ${report.records} records, ${checked} with a reference solution: ${report.passed} pass, ${report.failed.length} fail`];
  if (report.withoutReference.length > 0) lines.push(`no reference solution (not checked): ${report.withoutReference.length}`);
  for (const cause of FAILURE_CAUSES) {
    const records = report.failed.filter((f) => f.cause === cause);
    lines.push(`${cause}: ${records.length}`);
    for (const record of records) lines.push(`  ${record.id}  ${record.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A skip list for spec.dataset.skipProblems: the failing records' ids, each with its cause. */
export function skipListText(report: GroundTruthReport, source: string): string {
  const header = `# problems of ${source} whose reference solution fails (murphy check-dataset)`;
  return `${[header, ...report.failed.map((f) => `${f.id}  # ${f.cause}`)].join('\n')}\n`;
}
