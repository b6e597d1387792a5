// What evaluation keeps about one problem in one run: every attempt with its prompt, completion,
// the visible-test feedback the model was given, and the hidden-test outcome that decides pass@1.
import type { ExecutionFeedback } from '../algorithm/feedback.js';
import type { ChatMessage } from '../algorithm/prompts.js';

export interface HiddenOutcome {
  readonly passed: number;
  readonly total: number;
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
  /** The scored tests (hidden ones; all tests when a problem has no hidden test). Never shown. */
  readonly hidden: HiddenOutcome;
}

export type StopReason = 'visible-passed' | 'iteration-limit';

export interface ProblemRecord {
  readonly dataset: string;
  /** 0-based run index. */
  readonly run: number;
  readonly problem: string;
  readonly visibleTests: readonly string[];
  readonly hiddenTests: readonly string[];
  /** "hidden", or "all" for a problem whose tests are all visible. */
  readonly scoredOn: 'hidden' | 'all';
  readonly attempts: readonly AttemptRecord[];
  readonly stopped: StopReason;
}

export const solved = (outcome: HiddenOutcome): boolean => outcome.total > 0 && outcome.passed === outcome.total;

/**
 * Whether the program a k-iteration loop ends with passes the scored tests. A loop that stopped
 * earlier (its visible tests passed) ends with its last attempt for every larger k; with the
 * per-attempt seeds fixed, a shorter loop is exactly a prefix of a longer one.
 */
export function passedAt(record: Pick<ProblemRecord, 'attempts'>, iterations: number): boolean {
  const last = record.attempts[Math.min(iterations, record.attempts.length) - 1];
  return last !== undefined && solved(last.hidden);
}
