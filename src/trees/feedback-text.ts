// The test feedback of an attempt as plain text: what its retries were told (over the tests the
// feedback reports: all of them by default, the visible ones with dataset.feedbackTests: visible;
// the feedback prompt wraps the same facts in its template, docs/prompts.md).
import type { RecordedFeedback } from './tree-record.js';

export function feedbackText(feedback: RecordedFeedback): string {
  const head = `tests shown: ${feedback.passed}/${feedback.total} passed`;
  const failures = feedback.failures.map((f) => `failed: ${f.test}\n  got: ${f.actual}`);
  return [head, ...failures].join('\n');
}
