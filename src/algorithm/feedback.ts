// What the executor tells the model about one attempt: counts, and for each failing test the
// test itself with what the program actually produced, over the tests the feedback reports (the
// whole suite in training by default, the visible tests in evaluation).

export interface FailedTest {
  /** The test as the model may see it (source of a visible test, or its name). */
  readonly test: string;
  /** What the program produced instead: the actual value, the exception, or "timed out". */
  readonly actual: string;
}

export interface ExecutionFeedback {
  readonly passed: number;
  readonly total: number;
  readonly failures: readonly FailedTest[];
}

/** One earlier attempt in a feedback prompt: the model's full completion and how it did. */
export interface Attempt {
  readonly completion: string;
  readonly code: string;
  readonly feedback: ExecutionFeedback;
  /** The model's diagnosis of this attempt (evaluation's self-reflection step only). */
  readonly reflection?: string;
}

export function rewardOf(feedback: ExecutionFeedback): number {
  return feedback.total === 0 ? 0 : feedback.passed / feedback.total;
}
