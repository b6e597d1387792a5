// Builds the chat messages of a turn: the task alone at turn 1, and at turn s+1 the task followed by
// the feedback of every ancestor attempt (oldest first), as q(s+1) = [q, o, f] in the paper.
import type { Attempt } from './feedback.js';
import { withinBudget } from './feedback-budget.js';
import { fillTemplate, type PromptTemplates } from './templates.js';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/**
 * One attempt's block: every failing test is shown, its text cut to the feedback budget
 * (feedback-budget.ts), and the model's reflection on it when it wrote one.
 */
export function renderAttempt(attempt: Attempt, index: number, templates: PromptTemplates): string {
  const block = attemptBlock(attempt, index, templates);
  return attempt.reflection === undefined ? block : `${block}\n\n${fillTemplate(templates.reflection, { reflection: attempt.reflection })}`;
}

function attemptBlock(attempt: Attempt, index: number, templates: PromptTemplates): string {
  const { feedback } = attempt;
  const shown = withinBudget(feedback.failures).map((f) => fillTemplate(templates.failure, { test: f.test, actual: f.actual }));
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
