// What evaluation keeps about one problem in one run: every attempt with its prompt, completion,
// the visible-test feedback the model was given, the model's self-reflection when the step is on,
// and the outcome on the full test suite that decides pass@1.
import type { ExecutionFeedback } from '../algorithm/feedback.js';
import type { ChatMessage } from '../algorithm/prompts.js';

/** Passed / total over the problem's full test suite, visible and hidden tests. */
export interface SuiteOutcome {
  readonly passed: number;
  readonly total: number;
}

/** The self-reflection step after a failed attempt (evaluation.selfReflection). */
export interface ReflectionRecord {
  readonly seed: number;
  readonly prompt: readonly ChatMessage[];
  readonly completion: string;
  /** What the next attempt's prompt shows: the completion without thinking. */
  readonly reflection: string;
}

export interface AttemptRecord {
  /** 1-based Reflexion iteration. */
  readonly iteration: number;
  /** The sampling seed of this generation (replays it). */
  readonly seed: number;
  readonly prompt: readonly ChatMessage[];
  readonly completion: string;
  readonly finishReason: string;
  readonly code: string;
  /** Visible tests only: what the next prompt, if any, shows the model. */
  readonly feedback: ExecutionFeedback;
  /** The full suite (visible and hidden tests): what pass@1 scores. Its counts never reach a prompt. */
  readonly suite: SuiteOutcome;
  /** Present when the self-reflection step ran after this attempt. */
  readonly reflection?: ReflectionRecord;
}

export type StopReason = 'visible-passed' | 'iteration-limit';

export interface ProblemRecord {
  readonly dataset: string;
  /** 0-based run index. */
  readonly run: number;
  readonly problem: string;
  readonly visibleTests: readonly string[];
  readonly hiddenTests: readonly string[];
  readonly attempts: readonly AttemptRecord[];
  readonly stopped: StopReason;
}

export const solved = (outcome: SuiteOutcome): boolean => outcome.total > 0 && outcome.passed === outcome.total;

/**
 * Whether the program a k-iteration loop ends with passes the full suite. A loop that stopped
 * earlier (its visible tests passed) ends with its last attempt for every larger k; with the
 * per-attempt seeds fixed, a shorter loop is exactly a prefix of a longer one.
 */
export function passedAt(record: Pick<ProblemRecord, 'attempts'>, iterations: number): boolean {
  const last = record.attempts[Math.min(iterations, record.attempts.length) - 1];
  return last !== undefined && solved(last.suite);
}
