// Reflexion's self-reflection step (Shinn et al., 2023), which the paper's App. C describes so:
//   "Self-reflection step: If the score is insufficient, the self-reflection module M_sr diagnoses
//   the issue, proposes a fix, and appends both the failed output and the suggested correction to
//   the input context. The updated input is then fed back to the actor, and the cycle repeats until
//   either the task succeeds or a maximum number of iterations is reached."
// with "the actor and the self-reflection module ... instantiated by the same underlying language
// model". App. C gives no prompt text, so the wording here is murphy's: the same model is shown the
// task and its failed attempt with the visible tests' feedback (the retry prompt's attempt block)
// and asked for a diagnosis and a fix in prose. The next attempt's prompt shows that reflection
// after the attempt's block (templates.reflection), so the failed output and the suggested
// correction are both in the actor's context.
import type { Attempt } from '../algorithm/feedback.js';
import { withoutThinking } from '../algorithm/extract-code.js';
import { renderAttempt, type ChatMessage } from '../algorithm/prompts.js';
import { fillTemplate, type PromptTemplates } from '../algorithm/templates.js';

export const REFLECTION_SYSTEM = [
  'You are an expert Python programmer reviewing a failed attempt at a programming task.',
  'Diagnose why the program fails the tests shown, and propose how to fix it, in a few sentences.',
  'Do not write the corrected program: it is written in the next attempt, with your reflection as its guide.',
].join('\n');

export const REFLECTION_REQUEST = 'Reflect on this attempt: what went wrong, and how should the program change?';

/** The messages that ask for a reflection on `attempt` (not yet reflected on), the `number`-th attempt at `question`. */
export function reflectionPrompt(question: string, attempt: Attempt, number: number, templates: PromptTemplates): ChatMessage[] {
  const task = fillTemplate(templates.question, { question });
  const user = [task, renderAttempt(attempt, number - 1, templates), REFLECTION_REQUEST].join('\n\n');
  return [
    { role: 'system', content: REFLECTION_SYSTEM },
    { role: 'user', content: user },
  ];
}

/** What a reflection contributes to the next prompt: its text without thinking sections. */
export function reflectionText(completion: string): string {
  return withoutThinking(completion).trim() || completion.trim();
}
