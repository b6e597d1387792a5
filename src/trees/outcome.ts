// How a tree ended, for the page's outcome filter: did a first attempt pass every test, did only a
// retry (after test feedback) get there, or did nothing? This is what MURPHY adds over GRPO: trees
// "solved after feedback" are the ones whose retries the feedback made worth growing.

export type Outcome = 'first-turn' | 'after-feedback' | 'never';

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  'first-turn': 'solved on turn 1',
  'after-feedback': 'solved after feedback',
  never: 'never solved',
};

interface Attempt {
  readonly turn: number;
  readonly passed: number;
  readonly total: number;
}

/** Every test passed (all of them, hidden ones included: the reward's own tests). */
export function solved(attempt: Attempt): boolean {
  return attempt.total > 0 && attempt.passed === attempt.total;
}

export function treeOutcome(attempts: readonly Attempt[]): Outcome {
  const solvedTurns = attempts.filter(solved).map((a) => a.turn);
  if (solvedTurns.includes(1)) return 'first-turn';
  return solvedTurns.length > 0 ? 'after-feedback' : 'never';
}
