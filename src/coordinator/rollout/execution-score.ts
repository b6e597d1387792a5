// Turns the executor's per-test outcomes into a reward and the feedback the model sees.
// Reward: the fraction of ALL the problem's tests (visible and hidden) that passed, as ALGORITHM.md
// says. Feedback: counts and failures over the tests it reports: in training by default the whole
// suite the reward is computed on (the paper's feedback, dataset.feedbackTests: all); in evaluation,
// and in training with feedbackTests: visible, the VISIBLE tests only, so hidden tests never reach
// a prompt.
import type { ExecutionFeedback, FailedTest } from '../../algorithm/feedback.js';
import { allTests, testDisplay, type Problem } from '../../datasets/problem.js';
import type { TestOutcome, TestStatus } from '../clients/service-clients.js';

/** Which tests a feedback reports (spec.dataset.feedbackTests; evaluation always uses visible). */
export type FeedbackTests = 'all' | 'visible';

export interface ExecutionScore {
  readonly reward: number;
  /** Passed / total over all tests (for the trees log; the feedback says what the model is shown). */
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
export function scoreExecution(problem: Problem, outcomes: readonly TestOutcome[], feedbackTests: FeedbackTests): ExecutionScore {
  const tests = allTests(problem);
  const total = tests.length;
  if (outcomes.length !== total) throw new Error(`executor returned ${outcomes.length} outcomes for ${total} tests of ${problem.id}`);
  const statuses: Partial<Record<TestStatus, number>> = {};
  for (const outcome of outcomes) statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
  const passed = statuses.passed ?? 0;
  const reported = feedbackTests === 'all' ? total : problem.visibleTests.length;
  const failures: FailedTest[] = [];
  tests.slice(0, reported).forEach((test, i) => {
    const outcome = outcomes[i] as TestOutcome;
    if (outcome.status !== 'passed') failures.push({ test: testDisplay(test), actual: actualText(outcome) });
  });
  return {
    reward: total === 0 ? 0 : passed / total,
    passed,
    total,
    feedback: { passed: reported - failures.length, total: reported, failures },
    statuses,
  };
}

/** A score of 0 for an execution that never produced outcomes (it timed out as a whole). */
export function failedExecution(problem: Problem, status: TestStatus, actual: string, feedbackTests: FeedbackTests): ExecutionScore {
  const outcomes = allTests(problem).map((): TestOutcome => ({ status, actual }));
  return scoreExecution(problem, outcomes, feedbackTests);
}
