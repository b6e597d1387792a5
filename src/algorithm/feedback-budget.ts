// The length budget of one attempt's failing tests in a retry prompt. Feedback over a whole test
// suite can be long: many tests, long test sources (stdio inputs, pytest functions) and long program
// output (a traceback, a printed list). The budget never drops a failing test, which is what a retry
// learns from; it cuts the least informative text first:
//   1. program output longer than OUTPUT_CHARS, keeping its head and its tail (where a traceback
//      names the error);
//   2. then every case that is longer than an even share of the budget (water-filling, so short
//      cases stay whole), the output before the test, never below MIN_CASE_CHARS per case.
// A case's length is its test plus its output; characters stand in for tokens (about four per
// token) because this code does not know the tokenizer. Earlier completions are not cut: each is
// bounded by the sampling's maxNewTokens already.
import type { FailedTest } from './feedback.js';

export const FEEDBACK_BUDGET_CHARS = 12_000;
export const OUTPUT_CHARS = 1_000;
export const MIN_CASE_CHARS = 200;

const marker = (cut: number): string => ` …[${cut} characters cut]… `;

/** `text` within `limit` characters: its head and tail around a marker that says how much was cut. */
export function cutMiddle(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const keep = Math.max(0, limit - marker(text.length).length);
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}${marker(text.length - keep)}${text.slice(text.length - (keep - head))}`;
}

const caseLength = (failure: FailedTest): number => failure.test.length + failure.actual.length;

/** The largest per-case length that fits `budget` when cases shorter than it keep their length. */
function waterLevel(lengths: readonly number[], budget: number): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  let remaining = budget;
  for (let i = 0; i < sorted.length; i++) {
    const share = Math.floor(remaining / (sorted.length - i));
    if ((sorted[i] as number) > share) return share;
    remaining -= sorted[i] as number;
  }
  return Number.POSITIVE_INFINITY;
}

function fitCase(failure: FailedTest, limit: number): FailedTest {
  if (caseLength(failure) <= limit) return failure;
  const actual = cutMiddle(failure.actual, Math.max(Math.floor(limit / 2), limit - failure.test.length));
  return { test: cutMiddle(failure.test, limit - actual.length), actual };
}

/** Every failing test, its text cut as little as needed to fit `budget` characters (see above). */
export function withinBudget(failures: readonly FailedTest[], budget = FEEDBACK_BUDGET_CHARS): FailedTest[] {
  const total = (cases: readonly FailedTest[]) => cases.reduce((sum, f) => sum + caseLength(f), 0);
  if (total(failures) <= budget) return [...failures];
  const shortOutputs = failures.map((f) => ({ test: f.test, actual: cutMiddle(f.actual, OUTPUT_CHARS) }));
  if (total(shortOutputs) <= budget) return shortOutputs;
  const limit = Math.max(MIN_CASE_CHARS, waterLevel(shortOutputs.map(caseLength), budget));
  return shortOutputs.map((f) => fitCase(f, limit));
}
