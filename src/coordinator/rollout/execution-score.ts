// Turns the executor's per-test outcomes into a reward and the feedback the model sees.
// Reward: the fraction of ALL the problem's tests (visible and hidden) that passed, as ALGORITHM.md
// says. Feedback: counts and failures of the VISIBLE tests only, so hidden tests never reach a prompt.
import type { ExecutionFeedback, FailedTest } from '../../algorithm/feedback.js';
import { allTests, testDisplay, type Problem } from '../../datasets/problem.js';
import type { TestOutcome, TestStatus } from '../clients/service-clients.js';

export interface ExecutionScore {
  readonly reward: number;
  /** Passed / total over all tests (for the trees log; never shown to the model). */
  readonly passed: number;
  readonly total: number;
  readonly feedback: ExecutionFeedback;
  /** How many tests ended in each status (timeouts and crashes are counted in metrics). */
  readonly statuses: Readonly<Partial<Record<TestStatus, number>>>;
}

const STATUS_TEXT: Record<TestStatus, string> = {
  passed: '',
  failed: 'the assertion failed',
  error: 'the program raised an error',
  timeout: 'timed out',
  crashed: 'the program crashed',
};

function actualText(outcome: TestOutcome): string {
  if (outcome.status === 'timeout' && !/time/i.test(outcome.actual)) return `timed out${outcome.actual ? `: ${outcome.actual}` : ''}`;
  return outcome.actual.trim() || STATUS_TEXT[outcome.status];
}

/** `outcomes` are in the order of allTests(problem): visible tests, then hidden tests. */
export function scoreExecution(problem: Problem, outcomes: readonly TestOutcome[]): ExecutionScore {
  const visibleCount = problem.visibleTests.length;
  const total = visibleCount + problem.hiddenTests.length;
  if (outcomes.length !== total) throw new Error(`executor returned ${outcomes.length} outcomes for ${total} tests of ${problem.id}`);
  const statuses: Partial<Record<TestStatus, number>> = {};
  for (const outcome of outcomes) statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
  const passed = statuses.passed ?? 0;
  const failures: FailedTest[] = [];
  problem.visibleTests.forEach((test, i) => {
    const outcome = outcomes[i] as TestOutcome;
    if (outcome.status !== 'passed') failures.push({ test: testDisplay(test), actual: actualText(outcome) });
  });
  return {
    reward: total === 0 ? 0 : passed / total,
    passed,
    total,
    feedback: { passed: visibleCount - failures.length, total: visibleCount, failures },
    statuses,
  };
}

/** A score of 0 for an execution that never produced outcomes (it timed out as a whole). */
export function failedExecution(problem: Problem, status: TestStatus, actual: string): ExecutionScore {
  const outcomes = allTests(problem).map((): TestOutcome => ({ status, actual }));
  return scoreExecution(problem, outcomes);
}
