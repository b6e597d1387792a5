// Builds the chat messages of a turn: the task alone at turn 1, and at turn s+1 the task followed by
// the feedback of every ancestor attempt (oldest first), as q(s+1) = [q, o, f] in the paper.
import type { Attempt } from './feedback.js';
import { fillTemplate, type PromptTemplates } from './templates.js';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** Failures shown per attempt; the rest are summarised so prompts stay bounded. */
export const MAX_FAILURES_SHOWN = 5;

function renderAttempt(attempt: Attempt, index: number, templates: PromptTemplates): string {
  const { feedback } = attempt;
  const shown = feedback.failures.slice(0, MAX_FAILURES_SHOWN).map((f) => fillTemplate(templates.failure, { test: f.test, actual: f.actual }));
  const hidden = feedback.failures.length - shown.length;
  if (hidden > 0) shown.push(`(${hidden} more failing test(s) not shown)`);
  return fillTemplate(templates.attempt, {
    number: index + 1,
    completion: attempt.completion,
    code: attempt.code,
    passed: feedback.passed,
    failed: feedback.total - feedback.passed,
    total: feedback.total,
    failures: shown.join('\n'),
  });
}

export function buildPrompt(question: string, history: readonly Attempt[], templates: PromptTemplates): ChatMessage[] {
  const task = fillTemplate(templates.question, { question });
  const parts = [task];
  if (history.length > 0) {
    parts.push(fillTemplate(templates.header, { attempts: history.length }));
    history.forEach((attempt, i) => parts.push(renderAttempt(attempt, i, templates)));
    parts.push(fillTemplate(templates.footer, { attempts: history.length }));
  }
  return [
    { role: 'system', content: templates.system },
    { role: 'user', content: parts.join('\n\n') },
  ];
}
